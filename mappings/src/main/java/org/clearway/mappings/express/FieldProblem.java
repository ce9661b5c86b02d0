package org.clearway.mappings.express;

import java.util.Objects;

/**
 * One field-level error or warning of PARTNER-APIS §2 ({@code errors[]} / {@code warnings[]}):
 * {@code pointer} is an RFC 6901 JSON Pointer into the request body (prefixed with
 * {@code /shipments/<i>} for a batch), {@code code} one of the §2 field error codes
 * ({@code REQUIRED}, {@code TYPE}, {@code RANGE}, ...) or, for a body that cannot be used at all,
 * the §2 problem slug ({@code malformed-json}, {@code nesting-too-deep}, {@code batch-too-large}).
 * {@code line} and {@code column} (1-based) locate a JSON syntax error ({@code malformed-json}, §2).
 */
public record FieldProblem(String pointer, String code, String detail, Integer line, Integer column) {
    public FieldProblem {
        Objects.requireNonNull(pointer, "pointer");
        Objects.requireNonNull(code, "code");
    }

    /** A field problem without a source position. */
    public FieldProblem(String pointer, String code, String detail) {
        this(pointer, code, detail, null, null);
    }
}
