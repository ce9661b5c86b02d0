package org.clearway.mappings.rules;

import java.nio.file.Files;
import java.nio.file.Path;

/** The rule packs the project ships ({@code config/rules}), found by walking up from the working directory. */
final class ShippedPacks {
    private ShippedPacks() {
    }

    static Path directory() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("config/rules");
            if (Files.isRegularFile(candidate.resolve("eu.yml"))) {
                return candidate;
            }
        }
        throw new IllegalStateException("config/rules not found above " + Path.of("").toAbsolutePath());
    }

    static RulePacks load() {
        return RulePackLoader.load(directory());
    }
}
