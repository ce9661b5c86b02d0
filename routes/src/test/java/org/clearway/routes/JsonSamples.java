package org.clearway.routes;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The partner JSON samples of {@code shared/specs/samples-json} (found by walking up from the
 * working directory), falling back to the copies under {@code src/test/resources/express/} where
 * {@code shared/} is absent.
 */
public final class JsonSamples {
    private JsonSamples() {
    }

    public static String text(String name) {
        try {
            Path dir = Path.of("").toAbsolutePath();
            while (dir != null) {
                Path candidate = dir.resolve("shared/specs/samples-json").resolve(name);
                if (Files.isRegularFile(candidate)) {
                    return Files.readString(candidate, StandardCharsets.UTF_8);
                }
                dir = dir.getParent();
            }
            try (InputStream in = JsonSamples.class.getResourceAsStream("/express/" + name)) {
                if (in == null) {
                    throw new IllegalArgumentException("sample not found: " + name);
                }
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
