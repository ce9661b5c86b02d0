package org.clearway.mappings.canonical;

import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * Data-quality flags, {@code dataQuality.flags[]} (CANONICAL-MODEL §5.8). The flags are kept
 * sorted by {@code path} then {@code code} (code-point order) as §9.1 requires.
 */
public record DataQuality(List<Flag> flags) {
    public DataQuality {
        flags = flags == null ? List.of() : flags.stream()
                .sorted(Comparator.comparing(Flag::path).thenComparing(f -> f.code().name()))
                .toList();
    }

    /** One flag: {@code path} is a JSON Pointer into the declaration, {@code detail} optional. */
    public record Flag(FlagCode code, Severity severity, String path, String detail) {
        public Flag {
            Objects.requireNonNull(code, "code");
            Objects.requireNonNull(severity, "severity");
            Objects.requireNonNull(path, "path");
        }
    }
}
