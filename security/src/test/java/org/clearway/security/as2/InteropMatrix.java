package org.clearway.security.as2;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Prints an interop test class as a matrix: every test invocation is one row with PASS, FAIL,
 * ABORTED or DISABLED and the notes the test attached ({@link #note}), e.g. a known interop
 * difference and its reason. After the class it writes {@code target/as2-matrix/<class>.md},
 * rebuilds {@code target/<combined>} from all class files of the module and logs the table. A
 * failing cell still fails the build; the table only reports it. The routes module's station
 * matrix uses it too, from this module's test jar.
 */
public final class InteropMatrix implements BeforeEachCallback, TestWatcher, AfterAllCallback {
    private static final Logger LOG = LoggerFactory.getLogger(InteropMatrix.class);
    private static final ThreadLocal<List<String>> NOTES = ThreadLocal.withInitial(ArrayList::new);

    private final String combinedFile;
    private final String title;
    private final List<String[]> rows = new ArrayList<>();

    /**
     * @param combinedFile the module-wide table under {@code target/}, e.g. {@code as2-interop-matrix.md}
     * @param title        the heading of this class's section
     */
    public InteropMatrix(String combinedFile, String title) {
        this.combinedFile = combinedFile;
        this.title = title;
    }

    /** Attaches a note to the running cell (printed in the Note column). */
    public static void note(String text) {
        NOTES.get().add(text);
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        NOTES.get().clear();
    }

    @Override
    public void testSuccessful(ExtensionContext context) {
        add(context, "PASS", null);
    }

    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
        add(context, "**FAIL**", firstLine(cause));
    }

    @Override
    public void testAborted(ExtensionContext context, Throwable cause) {
        add(context, "**ABORTED**", firstLine(cause));
    }

    @Override
    public void testDisabled(ExtensionContext context, Optional<String> reason) {
        add(context, "**DISABLED**", reason.orElse(""));
    }

    private synchronized void add(ExtensionContext context, String result, String failure) {
        List<String> notes = new ArrayList<>(NOTES.get());
        if (failure != null) {
            notes.add(0, failure);
        }
        NOTES.get().clear();
        String group = context.getParent().filter(parent -> parent.getTestMethod().isPresent())
                .map(ExtensionContext::getDisplayName).orElse(context.getDisplayName());
        String cell = group.equals(context.getDisplayName()) ? "" : context.getDisplayName();
        rows.add(new String[] {group, cell, result, String.join("; ", notes)});
    }

    @Override
    public synchronized void afterAll(ExtensionContext context) throws IOException {
        StringBuilder table = new StringBuilder("## ").append(title).append("\n\n");
        long passed = rows.stream().filter(row -> row[2].equals("PASS")).count();
        table.append(passed).append(" of ").append(rows.size()).append(" cells pass (")
                .append(context.getRequiredTestClass().getSimpleName()).append(").\n\n");
        table.append("| Test | Cell | Result | Note |\n|---|---|---|---|\n");
        for (String[] row : rows) {
            table.append('|');
            for (String column : row) {
                table.append(' ').append(column.replace("|", "\\|").replace("\n", " ")).append(" |");
            }
            table.append('\n');
        }
        Path dir = Path.of("target", "as2-matrix");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve(context.getRequiredTestClass().getSimpleName() + ".md"), table,
                StandardCharsets.UTF_8);
        StringBuilder combined = new StringBuilder("# AS2 interoperability matrix\n\n");
        try (Stream<Path> files = Files.list(dir)) {
            files.filter(file -> file.toString().endsWith(".md")).sorted().forEach(file -> {
                try {
                    combined.append(Files.readString(file, StandardCharsets.UTF_8)).append('\n');
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
        Files.writeString(Path.of("target", combinedFile), combined, StandardCharsets.UTF_8);
        LOG.info("AS2 interop matrix ({} of {} cells pass), also in target/{}:\n{}", passed, rows.size(), combinedFile,
                table);
    }

    private static String firstLine(Throwable cause) {
        String message = String.valueOf(cause.getMessage()).strip();
        int end = message.indexOf('\n');
        String line = end < 0 ? message : message.substring(0, end);
        return cause.getClass().getSimpleName() + ": " + (line.length() > 200 ? line.substring(0, 200) + "..." : line);
    }
}
