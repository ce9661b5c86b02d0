package org.clearway.mappings.platform;

import java.util.Objects;

/**
 * One field-level error or warning of a bulk upload line (PARTNER-APIS §2 {@code errors[]}):
 * {@code pointer} is an RFC 6901 JSON Pointer into the order's JSON form ({@code ""} for the whole
 * line), {@code code} a §2 field code, {@code line} the 1-based physical line of the upload (for
 * CSV the header is line 1) and {@code column} the CSV header name (null for NDJSON and JSON).
 */
public record LineProblem(String pointer, String code, String detail, Integer line, String column) {
    public LineProblem {
        Objects.requireNonNull(pointer, "pointer");
        Objects.requireNonNull(code, "code");
    }
}
