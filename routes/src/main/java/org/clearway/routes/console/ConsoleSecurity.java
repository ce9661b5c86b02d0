package org.clearway.routes.console;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.SessionTrackingMode;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import org.springframework.boot.web.servlet.server.CookieSameSiteSupplier;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.web.servlet.ServletContextInitializer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The console's own session login, a servlet filter on {@code /console/*} alone: every other path
 * (the partner APIs with their bearer keys, SOAP, AS2) never passes it, so their behaviour is
 * unchanged; this is why the console does not bring Spring Security's filter chain. A page needs a
 * logged-in operator (an {@code Authorization} header is ignored: partner API keys never open the
 * console); every POST needs the session's CSRF token ({@code _csrf} form field).
 */
@Configuration(proxyBeanMethods = false)
public class ConsoleSecurity {
    static final String USER = "clearway.console.user";
    static final String CSRF = "clearway.console.csrf";
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(ConsoleSecurity.class);

    /** The operator of a console session. */
    public record Operator(String name, ConsoleRole role) implements java.io.Serializable {
    }

    /** A console request the operator's role does not allow (rendered as a 403 page). */
    public static class Forbidden extends RuntimeException {
        public Forbidden(String message) {
            super(message);
        }
    }

    @Bean
    FilterRegistrationBean<OncePerRequestFilter> consoleFilter(ConsoleProperties properties) {
        properties.users().forEach((name, user) -> {
            if (user.developmentOnly()) {
                log.warn("console login '{}' ({}) is a DEVELOPMENT-ONLY login from the demo configuration; "
                        + "replace clearway.console.users before production", name, user.role());
            }
        });
        FilterRegistrationBean<OncePerRequestFilter> registration = new FilterRegistrationBean<>(new Gate(properties));
        registration.addUrlPatterns("/console", "/console/*");
        registration.setName("consoleLogin");
        return registration;
    }

    /**
     * Sessions are tracked by cookie only: no session id in URLs (Tomcat would otherwise rewrite
     * the first page's links to {@code ;jsessionid=...}, which leaks into logs and referrers).
     */
    @Bean
    ServletContextInitializer cookieOnlySessions() {
        return servletContext -> servletContext.setSessionTrackingModes(java.util.Set.of(SessionTrackingMode.COOKIE));
    }

    /** The console's session cookie is not sent on cross-site requests (with the CSRF token, defence in depth). */
    @Bean
    CookieSameSiteSupplier consoleSessionCookieSameSite() {
        return CookieSameSiteSupplier.ofStrict().whenHasName("JSESSIONID");
    }

    public static Optional<Operator> operator(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        return session == null ? Optional.empty() : Optional.ofNullable((Operator) session.getAttribute(USER));
    }

    /** The operator, who must hold {@code role}; otherwise {@link Forbidden}. */
    public static Operator require(HttpServletRequest request, ConsoleRole role) {
        Operator operator = operator(request).orElseThrow(() -> new Forbidden("not logged in"));
        if (!operator.role().includes(role)) {
            throw new Forbidden(operator.name() + " (" + operator.role() + ") may not do this; it needs " + role);
        }
        return operator;
    }

    /** The session's CSRF token, created with the session (the login form is the first page). */
    public static String csrfToken(HttpServletRequest request) {
        HttpSession session = request.getSession(true);
        String token = (String) session.getAttribute(CSRF);
        if (token == null) {
            token = newToken();
            session.setAttribute(CSRF, token);
        }
        return token;
    }

    static String newToken() {
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static final class Gate extends OncePerRequestFilter {
        private final ConsoleProperties properties;

        Gate(ConsoleProperties properties) {
            this.properties = properties;
        }

        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            if (!properties.enabled()) {
                response.sendError(HttpServletResponse.SC_NOT_FOUND);
                return;
            }
            // servlet path + path info: decoded, without ;parameters
            String path = request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo());
            response.setHeader("Cache-Control", "no-store");
            response.setHeader("X-Frame-Options", "DENY");
            response.setHeader("X-Content-Type-Options", "nosniff");
            response.setHeader("Referrer-Policy", "same-origin");
            response.setHeader("Content-Security-Policy",
                    "default-src 'self'; img-src 'self' data:; object-src 'none'; frame-ancestors 'none'; form-action 'self'");
            if (path.startsWith("/console/assets/")) {
                chain.doFilter(request, response);
                return;
            }
            if ("POST".equals(request.getMethod()) && !csrfMatches(request)) {
                response.sendError(HttpServletResponse.SC_FORBIDDEN, "missing or wrong CSRF token; reload the page");
                return;
            }
            if (path.equals("/console/login")) {
                chain.doFilter(request, response);
                return;
            }
            if (operator(request).isEmpty()) {
                if ("GET".equals(request.getMethod()) && !path.startsWith("/console/api/")) {
                    response.sendRedirect(request.getContextPath() + "/console/login");
                } else {
                    response.sendError(HttpServletResponse.SC_UNAUTHORIZED, "log in to the console first");
                }
                return;
            }
            chain.doFilter(request, response);
        }

        private static boolean csrfMatches(HttpServletRequest request) {
            HttpSession session = request.getSession(false);
            String expected = session == null ? null : (String) session.getAttribute(CSRF);
            String given = request.getParameter("_csrf");
            return expected != null && given != null && MessageDigest.isEqual(
                    expected.getBytes(StandardCharsets.UTF_8), given.getBytes(StandardCharsets.UTF_8));
        }
    }
}
