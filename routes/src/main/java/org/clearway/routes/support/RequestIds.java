package org.clearway.routes.support;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.clearway.mappings.canonical.Ids;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Every response carries {@code X-Request-Id} (a UUIDv7, PARTNER-APIS §1.1); problem documents
 * repeat it as {@code traceId} and {@code instance}.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
public class RequestIds extends OncePerRequestFilter {
    public static final String HEADER = "X-Request-Id";
    public static final String ATTRIBUTE = "clearway.requestId";

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String id = Ids.uuidV7().toString();
        request.setAttribute(ATTRIBUTE, id);
        response.setHeader(HEADER, id);
        chain.doFilter(request, response);
    }

    /** The id of the current request, or null outside one. */
    public static String of(HttpServletRequest request) {
        return request == null ? null : (String) request.getAttribute(ATTRIBUTE);
    }

    /** Whether this path belongs to the express / platform partner APIs (PARTNER-APIS §2 problem style). */
    public static boolean isPartnerApi(HttpServletRequest request) {
        return isPartnerPath(EdgePaths.normalised(request));
    }

    /** The same for a normalised path ({@link EdgePaths#normalised}). */
    public static boolean isPartnerPath(String uri) {
        return uri.startsWith("/v1/express") || uri.startsWith("/v1/decisions") || uri.startsWith("/v1/webhooks")
                || uri.startsWith("/v1/platform") || uri.startsWith("/soap/");
    }
}
