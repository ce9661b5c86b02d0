package org.clearway.mappings.platform;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The platform samples of {@code shared/specs/samples-json} (found by walking up from the working
 * directory), falling back to the copies under {@code src/test/resources/platform/}.
 */
final class PlatformSamples {
    private PlatformSamples() {
    }

    static byte[] bytes(String name) {
        try {
            Path dir = Path.of("").toAbsolutePath();
            while (dir != null) {
                Path candidate = dir.resolve("shared/specs/samples-json").resolve(name);
                if (Files.isRegularFile(candidate)) {
                    return Files.readAllBytes(candidate);
                }
                dir = dir.getParent();
            }
            try (InputStream in = PlatformSamples.class.getResourceAsStream("/platform/" + name)) {
                if (in == null) {
                    throw new IllegalArgumentException("sample not found: " + name);
                }
                return in.readAllBytes();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
