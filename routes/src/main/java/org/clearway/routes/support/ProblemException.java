package org.clearway.routes.support;

import java.net.URI;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;

/**
 * An error answered to an HTTP caller as RFC 9457 problem+json. {@code type} is a stable URN the
 * partner can switch on; {@code errors} carries field-level details (pointer, code, message).
 */
public class ProblemException extends RuntimeException {
    private final HttpStatus status;
    private final String type;
    private final List<Map<String, Object>> errors;
    private final Map<String, String> headers;

    public ProblemException(HttpStatus status, String type, String detail) {
        this(status, type, detail, List.of(), Map.of());
    }

    public ProblemException(HttpStatus status, String type, String detail, List<Map<String, Object>> errors,
                            Map<String, String> headers) {
        super(detail);
        this.status = status;
        this.type = type;
        this.errors = List.copyOf(errors);
        this.headers = Map.copyOf(headers);
    }

    public HttpStatus status() {
        return status;
    }

    public URI type() {
        return URI.create("urn:clearway:problem:" + type);
    }

    public List<Map<String, Object>> errors() {
        return errors;
    }

    public Map<String, String> headers() {
        return headers;
    }

    public static ProblemException notFound(String what) {
        return new ProblemException(HttpStatus.NOT_FOUND, "not-found", what + " not found");
    }
}
