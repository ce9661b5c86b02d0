package org.clearway.mappings.edifact;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Loads the shared sample interchanges (specs/samples), falling back to the module's own copies. */
final class Samples {

    private Samples() {}

    static byte[] bytes(String name) {
        Path shared = sharedSamples();
        try {
            if (shared != null && Files.exists(shared.resolve(name))) {
                return Files.readAllBytes(shared.resolve(name));
            }
            try (InputStream in = Samples.class.getResourceAsStream("/edifact/samples/" + name)) {
                if (in == null) {
                    throw new IllegalArgumentException("no sample " + name);
                }
                return in.readAllBytes();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Test data of this module under src/test/resources/edifact/. */
    static byte[] resource(String path) {
        try (InputStream in = Samples.class.getResourceAsStream("/edifact/" + path)) {
            if (in == null) {
                throw new IllegalArgumentException("no resource " + path);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A module resource under src/test/resources/edifact/ as ISO-8859-1 text. */
    static String resourceText(String path) {
        return new String(resource(path), java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    private static Path sharedSamples() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null) {
            Path candidate = dir.resolve("shared/specs/samples");
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
            dir = dir.getParent();
        }
        return null;
    }
}
