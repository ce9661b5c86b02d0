package org.clearway.routes.support;

import jakarta.servlet.http.HttpServletRequest;
import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.clearway.routes.support.GatewayProperties.Partner;
import org.clearway.routes.support.GatewayProperties.Role;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * Per-partner API keys ({@code Authorization: Bearer}) and role checks
 * (CUSTOMS-AND-POSTAL-INTERFACES §1). No key or an unknown key is 401; a known partner calling an
 * operation of another role is 403.
 */
@Component
public class ApiAuth {
    public record Caller(String partnerId, Partner partner) {
    }

    private final Partners partners;
    private final GatewayProperties properties;

    public ApiAuth(Partners partners, GatewayProperties properties) {
        this.partners = partners;
        this.properties = properties;
    }

    public Caller require(HttpServletRequest request, Role role) {
        String key = bearer(request);
        String partnerId = partners.idForApiKey(key).orElseThrow(ApiAuth::unauthorized);
        Partner partner = partners.require(partnerId);
        if (partner.role() != role) {
            throw new ProblemException(HttpStatus.FORBIDDEN, "forbidden",
                    "partner " + partnerId + " (" + partner.role() + ") may not use this operation");
        }
        return new Caller(partnerId, partner);
    }

    /**
     * Express and platform endpoints (PARTNER-APIS §1.1): a known key whose partner holds
     * {@code scope} ({@link Partner#effectiveScopes()}); 401 {@code unauthorized} otherwise,
     * 403 {@code forbidden-scope} for a partner without the scope.
     */
    public Caller requireScope(HttpServletRequest request, String scope) {
        String key = bearer(request);
        String partnerId = partners.idForApiKey(key).orElseThrow(ApiAuth::unauthorized);
        Partner partner = partners.require(partnerId);
        if (!partner.effectiveScopes().contains(scope)) {
            throw new ApiProblem(HttpStatus.FORBIDDEN, "forbidden-scope",
                    "partner " + partnerId + " does not hold the scope " + scope);
        }
        return new Caller(partnerId, partner);
    }

    /** Operator endpoints (dead-letter replay) use the admin key from configuration. */
    public void requireAdmin(HttpServletRequest request) {
        String configured = properties.gateway().adminApiKey();
        String key = bearer(request);
        if (configured == null || configured.isBlank()
                || !MessageDigest.isEqual(configured.getBytes(StandardCharsets.UTF_8), key.getBytes(StandardCharsets.UTF_8))) {
            throw unauthorized();
        }
    }

    private static String bearer(HttpServletRequest request) {
        String header = request.getHeader("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7) || header.length() <= 7) {
            throw unauthorized();
        }
        return header.substring(7).trim();
    }

    private static ProblemException unauthorized() {
        return new ProblemException(HttpStatus.UNAUTHORIZED, "unauthorized",
                "missing or unknown API key (send Authorization: Bearer <key>)", java.util.List.of(),
                Map.of("WWW-Authenticate", "Bearer realm=\"clearway\""));
    }
}
