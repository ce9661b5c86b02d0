package org.clearway.mappings;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The shared spec samples ({@code shared/specs/samples}, found by walking up from the working
 * directory) with a fallback to the module's own copies in test resources, so the module's tests
 * also run where {@code shared/} is absent.
 */
public final class SampleFiles {
    private SampleFiles() {
    }

    /** Sample {@code name}, from {@code shared/specs/samples} or else the classpath folder {@code fallback}. */
    public static byte[] bytes(String name, String fallback) {
        Path shared = sharedSamples();
        try {
            if (shared != null && Files.isRegularFile(shared.resolve(name))) {
                return Files.readAllBytes(shared.resolve(name));
            }
            try (InputStream in = SampleFiles.class.getResourceAsStream(fallback + name)) {
                if (in == null) {
                    throw new IllegalArgumentException("sample not found: " + name);
                }
                return in.readAllBytes();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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
