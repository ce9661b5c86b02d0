package org.clearway.routes.support;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;
import java.util.Locale;
import java.util.Set;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * No response carries a credential or another request-only header back to the caller (or to
 * anything logging responses on the way): whatever layer copies request headers into the
 * response (Camel's CXF binding did, {@code Authorization: Bearer} included), these names are
 * dropped here. Runs right after {@link RequestIds}, around every request.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 1)
public class ResponseHeaderGuard extends OncePerRequestFilter {
    /** Request-only header names (lower case) that never belong in a response. */
    static final Set<String> REQUEST_ONLY = Set.of("authorization", "proxy-authorization", "cookie", "host",
            "user-agent", "soapaction", "idempotency-key", "expect", "x-clearway-signature",
            "content-encoding-request", "referer", "origin", "te", "upgrade-insecure-requests");

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        chain.doFilter(request, new Guarded(response));
    }

    @Override
    protected boolean shouldNotFilterErrorDispatch() {
        return false;
    }

    static boolean allowed(String name) {
        return name != null && !REQUEST_ONLY.contains(name.toLowerCase(Locale.ROOT));
    }

    private static final class Guarded extends HttpServletResponseWrapper {
        Guarded(HttpServletResponse response) {
            super(response);
        }

        @Override
        public void setHeader(String name, String value) {
            if (allowed(name)) {
                super.setHeader(name, value);
            }
        }

        @Override
        public void addHeader(String name, String value) {
            if (allowed(name)) {
                super.addHeader(name, value);
            }
        }

        @Override
        public void setIntHeader(String name, int value) {
            if (allowed(name)) {
                super.setIntHeader(name, value);
            }
        }

        @Override
        public void addIntHeader(String name, int value) {
            if (allowed(name)) {
                super.addIntHeader(name, value);
            }
        }

        @Override
        public void setDateHeader(String name, long date) {
            if (allowed(name)) {
                super.setDateHeader(name, date);
            }
        }

        @Override
        public void addDateHeader(String name, long date) {
            if (allowed(name)) {
                super.addDateHeader(name, date);
            }
        }
    }
}
