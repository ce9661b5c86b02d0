package org.clearway.mappings.canonical;

import java.util.Objects;

/**
 * One validation problem in a received document: {@code pointer} is an RFC 6901 JSON Pointer
 * into the JSON tree (for XML input: into the equivalent tree of CANONICAL-MODEL §9.2), "" for the
 * document itself; {@code message} is human-readable.
 */
public record Problem(String pointer, String message) {
    public Problem {
        Objects.requireNonNull(pointer, "pointer");
        Objects.requireNonNull(message, "message");
    }

    @Override
    public String toString() {
        return (pointer.isEmpty() ? "(document)" : pointer) + ": " + message;
    }
}
