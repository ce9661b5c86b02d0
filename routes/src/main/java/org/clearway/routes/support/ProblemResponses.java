package org.clearway.routes.support;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes a problem+json document straight to a servlet response, for the places that answer
 * outside Spring MVC (servlet filters, the {@code /error} dispatch, Tomcat's error report valve):
 * the same members {@link ProblemAdvice} writes, so a caller sees one error contract whichever
 * layer refused it.
 */
public final class ProblemResponses {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ProblemResponses() {
    }

    /** The problem document of {@code p} as {@link ProblemAdvice} shapes it for this path. */
    public static Map<String, Object> document(ProblemException p, String normalisedPath, String requestId) {
        boolean partner = RequestIds.isPartnerPath(normalisedPath);
        Map<String, Object> body = new LinkedHashMap<>();
        String slug = p.type().toString().substring(p.type().toString().lastIndexOf(':') + 1);
        if (p instanceof ApiProblem api) {
            slug = api.slug();
        }
        body.put("type", partner ? ApiProblem.TYPE_BASE + slug : p.type().toString());
        body.put("title", partner ? ApiProblem.title(slug) : p.status().getReasonPhrase());
        body.put("status", p.status().value());
        body.put("detail", p.getMessage());
        if (partner && requestId != null) {
            body.put("instance", "urn:clearway:request:" + requestId);
            body.put("traceId", requestId);
        }
        if (!p.errors().isEmpty()) {
            body.put("errors", p.errors());
        }
        return body;
    }

    /** Writes {@code p} unless the response is already committed. */
    public static void write(HttpServletRequest request, HttpServletResponse response, ProblemException p)
            throws IOException {
        if (response.isCommitted()) {
            return;
        }
        String id = RequestIds.of(request);
        byte[] bytes = JSON.writeValueAsBytes(document(p, EdgePaths.normalised(request), id));
        response.resetBuffer();
        response.setStatus(p.status().value());
        p.headers().forEach(response::setHeader);
        if (id != null && response.getHeader(RequestIds.HEADER) == null) {
            response.setHeader(RequestIds.HEADER, id);
        }
        response.setContentType("application/problem+json");
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
        response.flushBuffer();
    }
}
