package org.clearway.mappings.express;

import java.util.Objects;

/**
 * One field-level error or warning of PARTNER-APIS §2 ({@code errors[]} / {@code warnings[]}):
 * {@code pointer} is an RFC 6901 JSON Pointer into the request body (prefixed with
 * {@code /shipments/<i>} for a batch), {@code code} one of the §2 field error codes
 * ({@code REQUIRED}, {@code TYPE}, {@code RANGE}, ...) or, for a body that cannot be used at all,
 * the §2 problem slug ({@code malformed-json}, {@code nesting-too-deep}, {@code batch-too-large}).
 */
public record FieldProblem(String pointer, String code, String detail) {
    public FieldProblem {
        Objects.requireNonNull(pointer, "pointer");
        Objects.requireNonNull(code, "code");
    }
}
