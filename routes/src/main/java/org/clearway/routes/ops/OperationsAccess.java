package org.clearway.routes.ops;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import org.clearway.routes.support.ApiAuth;
import org.clearway.routes.support.GatewayProperties;
import org.clearway.routes.support.ProblemException;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Who may read {@code /actuator}: the liveness and readiness probes are public (statuses only, no
 * details); the Prometheus scrape is public from a loopback address; everything else (health with
 * details, {@code /actuator/metrics}) needs the admin key ({@code Authorization: Bearer}).
 */
@Component
public class OperationsAccess extends OncePerRequestFilter {
    static final Set<String> PROBES = Set.of("/actuator/health/liveness", "/actuator/health/readiness");
    static final String PROMETHEUS = "/actuator/prometheus";

    /** The demo key of config/partners.yml; never for production. */
    public static final String DEVELOPMENT_ADMIN_KEY = "dev-admin-key-NOT-FOR-PRODUCTION";

    private final ApiAuth auth;

    public OperationsAccess(ApiAuth auth, GatewayProperties properties) {
        this.auth = auth;
        if (DEVELOPMENT_ADMIN_KEY.equals(properties.gateway().adminApiKey())) {
            LoggerFactory.getLogger(OperationsAccess.class).warn("the admin API key is the DEVELOPMENT key from "
                    + "config/partners.yml; set CLEARWAY_ADMIN_API_KEY for anything but a local demo");
        }
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        return !(path.equals("/actuator") || path.startsWith("/actuator/")) || PROBES.contains(stripSlash(path))
                || (stripSlash(path).equals(PROMETHEUS) && loopback(request.getRemoteAddr()));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        try {
            auth.requireAdmin(request);
        } catch (ProblemException e) {
            response.setStatus(e.status().value());
            e.headers().forEach(response::setHeader);
            response.setContentType("application/problem+json");
            response.getOutputStream().write(("{\"type\":\"urn:clearway:problem:unauthorized\",\"title\":\"Unauthorized\","
                    + "\"status\":" + e.status().value() + ",\"detail\":\"the operations endpoints need the admin key"
                    + " (Authorization: Bearer <CLEARWAY_ADMIN_API_KEY>)\"}").getBytes(StandardCharsets.UTF_8));
            return;
        }
        chain.doFilter(request, response);
    }

    private static String stripSlash(String path) {
        return path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }

    static boolean loopback(String address) {
        try {
            return address != null && InetAddress.getByName(address).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
