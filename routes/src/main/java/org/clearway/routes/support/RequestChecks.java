package org.clearway.routes.support;

import java.util.List;
import java.util.regex.Pattern;
import org.springframework.http.HttpStatus;

/**
 * Validation of what a request carries outside its body: path ids and query parameters. Each
 * refusal is a 400 {@code invalid-parameter} problem with a field error whose pointer names the
 * parameter ({@code /limit}, {@code /orderId}), so nothing reaches a store with a value its column
 * cannot hold (lengths below are the Flyway column sizes) or a number it cannot parse.
 */
public final class RequestChecks {
    /** Printable, no spaces or controls: what any id the gateway issues or stores consists of. */
    private static final Pattern ID = Pattern.compile("^[\\x21-\\x7E\\u00A0-\\uD7FF\\uE000-\\uFFFD]+$");

    private RequestChecks() {
    }

    /** A path id of at most {@code max} characters (its column size) without controls or spaces. */
    public static String id(String name, String value, int max) {
        if (value == null || value.isEmpty()) {
            throw invalid(name, "REQUIRED", name + " is required");
        }
        int length = value.codePointCount(0, value.length());
        if (length > max) {
            throw invalid(name, "MAX_LENGTH", name + " has at most " + max + " characters, got " + length);
        }
        if (!ID.matcher(value).matches()) {
            throw invalid(name, "FORMAT", name + " must not contain spaces or control characters");
        }
        return value;
    }

    /** An optional integer query parameter within {@code min..max}; {@code fallback} when absent. */
    public static int intParam(String name, String raw, int fallback, int min, int max) {
        if (raw == null || raw.isEmpty()) {
            return fallback;
        }
        int value;
        try {
            value = Integer.parseInt(raw.strip());
        } catch (NumberFormatException e) {
            throw invalid(name, "TYPE", name + " must be an integer " + min + ".." + max);
        }
        if (value < min || value > max) {
            throw invalid(name, "RANGE", name + " must be between " + min + " and " + max);
        }
        return value;
    }

    /** An optional text query parameter of at most {@code max} characters. */
    public static String text(String name, String raw, int max) {
        if (raw != null && raw.codePointCount(0, raw.length()) > max) {
            throw invalid(name, "MAX_LENGTH", name + " has at most " + max + " characters");
        }
        return raw;
    }

    public static ProblemException invalid(String name, String code, String detail) {
        return new ProblemException(HttpStatus.BAD_REQUEST, "invalid-parameter", detail,
                List.of(ApiProblem.fieldError("/" + name.replace("~", "~0").replace("/", "~1"), code, detail)), java.util.Map.of());
    }
}
