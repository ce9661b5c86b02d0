package org.clearway.mappings.gw10;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Locates the shared GW10 sample interchanges, falling back to the copies in test resources. */
final class Samples {

    private Samples() {
    }

    static byte[] bytes(String name) {
        Path shared = sharedSamples();
        try {
            if (shared != null && Files.isRegularFile(shared.resolve(name))) {
                return Files.readAllBytes(shared.resolve(name));
            }
            try (InputStream in = Samples.class.getResourceAsStream("/gw10/samples/" + name)) {
                if (in == null) {
                    throw new IllegalStateException("sample not found: " + name);
                }
                return in.readAllBytes();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Walks up from the working directory until a {@code shared/specs/samples} sibling appears. */
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
