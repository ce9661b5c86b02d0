package org.clearway.mappings.canonical;

import java.util.Objects;

/**
 * A field whose value came from a non-transport source, {@code provenance[]} (CANONICAL-MODEL §5.1):
 * {@code path} is a JSON Pointer into the declaration, {@code source} a 0-based index into {@code sources}.
 */
public record ProvenanceEntry(String path, int source) {
    public ProvenanceEntry {
        Objects.requireNonNull(path, "path");
    }
}
