package org.clearway.routes.ingress;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/**
 * The answer of one express or platform operation independent of its binding: the HTTP status the
 * REST API returns, the JSON body (PARTNER-APIS §3, §6) and extra headers
 * ({@code Idempotent-Replayed}). The express SOAP binding renders the same body as XML (§4). Errors are thrown as
 * {@link org.clearway.routes.support.ApiProblem}, never returned.
 */
public record ApiResult(int status, JsonNode body, Map<String, String> headers) {
    public ApiResult {
        headers = headers == null ? Map.of() : Map.copyOf(headers);
    }

    public ApiResult(int status, JsonNode body) {
        this(status, body, Map.of());
    }

    public boolean replayed() {
        return "true".equals(headers.get("Idempotent-Replayed"));
    }
}
