package org.clearway.routes.support;

import java.net.URI;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;

/**
 * A problem of the express and platform APIs (PARTNER-APIS §2): the type is
 * {@code https://api.clearway.example/problems/<slug>}, the title is stable per slug, and
 * {@link ProblemAdvice} adds {@code instance} and {@code traceId} from the request's
 * {@code X-Request-Id}. {@code errors} are §2 field errors ({@code pointer}, {@code code},
 * {@code detail}, optional {@code line}, {@code column}, {@code index}).
 */
public class ApiProblem extends ProblemException {
    /** Base of every partner-API problem type (PARTNER-APIS §2). */
    public static final String TYPE_BASE = "https://api.clearway.example/problems/";

    private static final Map<String, String> TITLES = Map.ofEntries(
            Map.entry("malformed-json", "Request body is not valid JSON"),
            Map.entry("invalid-encoding", "Request body is not valid UTF-8"),
            Map.entry("nesting-too-deep", "Request body is nested too deeply"),
            Map.entry("idempotency-key-missing", "Idempotency-Key header is required"),
            Map.entry("unauthorized", "Authentication required"),
            Map.entry("forbidden-scope", "Operation not allowed for this partner"),
            Map.entry("not-found", "Resource not found"),
            Map.entry("method-not-allowed", "Method not allowed"),
            Map.entry("idempotency-in-flight", "A request with this Idempotency-Key is still in flight"),
            Map.entry("consignment-closed", "Consignment has a final customs decision"),
            Map.entry("order-version-conflict", "Order version conflict"),
            Map.entry("payload-too-large", "Request body too large"),
            Map.entry("unsupported-media-type", "Unsupported media type"),
            Map.entry("validation-error", "Request content is invalid"),
            Map.entry("idempotency-key-reused", "Idempotency-Key reused with a different body"),
            Map.entry("batch-too-large", "Batch holds too many shipments"),
            Map.entry("rate-limited", "Too many requests"),
            Map.entry("internal-error", "Internal error"),
            Map.entry("unavailable", "Service unavailable"),
            Map.entry("xml-forbidden-construct", "XML construct not allowed"),
            Map.entry("malformed-xml", "Request body is not well-formed XML"),
            Map.entry("soap-version-mismatch", "Not a SOAP 1.1 or 1.2 envelope"),
            Map.entry("line-too-long", "Line too long"),
            Map.entry("invalid-parameter", "Request parameter is invalid"),
            Map.entry("not-acceptable", "Not acceptable"),
            Map.entry("bad-request", "Request is not valid HTTP"));

    private final String slug;
    private final List<Map<String, Object>> warnings = new java.util.ArrayList<>();

    public ApiProblem(HttpStatus status, String slug, String detail) {
        this(status, slug, detail, List.of(), Map.of());
    }

    public ApiProblem(HttpStatus status, String slug, String detail, List<Map<String, Object>> errors) {
        this(status, slug, detail, errors, Map.of());
    }

    public ApiProblem(HttpStatus status, String slug, String detail, List<Map<String, Object>> errors,
                      Map<String, String> headers) {
        super(status, slug, detail, errors, headers);
        this.slug = slug;
    }

    /** Non-blocking §2 field warnings ({@code warnings[]}) that accompany the errors. */
    public List<Map<String, Object>> warnings() {
        return warnings;
    }

    public String slug() {
        return slug;
    }

    @Override
    public URI type() {
        return URI.create(TYPE_BASE + slug);
    }

    public String title() {
        return title(slug);
    }

    public static String title(String slug) {
        return TITLES.getOrDefault(slug, "Request failed");
    }

    /** A §2 field error. */
    public static Map<String, Object> fieldError(String pointer, String code, String detail) {
        Map<String, Object> e = new java.util.LinkedHashMap<>();
        e.put("pointer", pointer);
        e.put("code", code);
        if (detail != null) {
            e.put("detail", detail);
        }
        return e;
    }
}
