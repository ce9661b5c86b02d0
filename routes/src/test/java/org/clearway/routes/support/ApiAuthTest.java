package org.clearway.routes.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.clearway.routes.support.GatewayProperties.Edifact;
import org.clearway.routes.support.GatewayProperties.Partner;
import org.clearway.routes.support.GatewayProperties.Role;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.mock.web.MockHttpServletRequest;

/** Per-partner API keys and roles (CUSTOMS-AND-POSTAL-INTERFACES §1): who may call what, and the answers when not. */
class ApiAuthTest {
    private static final Partner POST = new Partner(Role.POSTAL, List.of("post-key-0123456"),
            new Edifact("DEPOSTGW", "ZZZ", false), java.time.Duration.ZERO, false, null, null, List.of(), List.of(), null, null, null);
    private static final Partner CUSTOMS = new Partner(Role.CUSTOMS, List.of("customs-key-0123"), null,
            java.time.Duration.ZERO, false, null, null, List.of(), List.of(), null, null, null);

    private static GatewayProperties properties(Map<String, Partner> partners, String adminKey) {
        return new GatewayProperties(Path.of("data"), new GatewayProperties.Gateway("DECUSTGW", "ZZZ", adminKey),
                new GatewayProperties.Limits(1000, java.time.Duration.ofDays(30), java.time.Duration.ofDays(90)),
                new GatewayProperties.Signing(null, "", "a", "", List.of()),
                new GatewayProperties.Pipeline(1, 1, java.time.Duration.ZERO, java.time.Duration.ZERO, java.time.Duration.ZERO),
                new GatewayProperties.Routing("X", Map.of(), java.math.BigDecimal.ONE, java.math.BigDecimal.ONE,
                        java.math.BigDecimal.ONE), GatewayProperties.Api.defaults(),
                partners, List.of(), Map.of());
    }

    private final GatewayProperties props = properties(Map.of("DEMO-POST", POST, "DEMO-CUSTOMS", CUSTOMS), "");
    private final ApiAuth auth = new ApiAuth(new Partners(props), props);

    private static MockHttpServletRequest bearer(String key) {
        MockHttpServletRequest request = new MockHttpServletRequest();
        if (key != null) {
            request.addHeader("Authorization", "Bearer " + key);
        }
        return request;
    }

    @Test
    void knownKeyOfTheRightRoleIdentifiesThePartner() {
        assertThat(auth.require(bearer("post-key-0123456"), Role.POSTAL).partnerId()).isEqualTo("DEMO-POST");
    }

    @Test
    void keysConfiguredOnlyAsSha256DigestsAuthenticateAndScopesFollowTheRole() {
        Partner express = new Partner(Role.EXPRESS, List.of(), null, java.time.Duration.ZERO, false, null, null,
                List.of(), List.of(Partners.sha256("express-secret-key-1")), null, null, null);
        GatewayProperties p = properties(Map.of("CARRIER", express, "DEMO-POST", POST), "");
        ApiAuth a = new ApiAuth(new Partners(p), p);
        assertThat(a.requireScope(bearer("express-secret-key-1"), "express:write").partnerId()).isEqualTo("CARRIER");
        assertThatThrownBy(() -> a.requireScope(bearer("express-secret-key-2"), "express:write"))
                .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.status()).isEqualTo(HttpStatus.UNAUTHORIZED));
        assertThatThrownBy(() -> a.requireScope(bearer("post-key-0123456"), "express:write"))
                .isInstanceOfSatisfying(ApiProblem.class, e -> {
                    assertThat(e.status()).isEqualTo(HttpStatus.FORBIDDEN);
                    assertThat(e.slug()).isEqualTo("forbidden-scope");
                });
    }

    @Test
    void missingOrUnknownKeyIsUnauthorizedWithAChallenge() {
        for (MockHttpServletRequest request : List.of(bearer(null), bearer("nope-nope-nope"))) {
            assertThatThrownBy(() -> auth.require(request, Role.POSTAL))
                    .isInstanceOfSatisfying(ProblemException.class, e -> {
                        assertThat(e.status()).isEqualTo(HttpStatus.UNAUTHORIZED);
                        assertThat(e.headers()).containsKey("WWW-Authenticate");
                    });
        }
    }

    @Test
    void keyOfAnotherRoleIsForbidden() {
        assertThatThrownBy(() -> auth.require(bearer("customs-key-0123"), Role.POSTAL))
                .isInstanceOfSatisfying(ProblemException.class,
                        e -> assertThat(e.status()).isEqualTo(HttpStatus.FORBIDDEN));
    }

    @Test
    void adminApiIsClosedWithoutAConfiguredKey() {
        assertThatThrownBy(() -> auth.requireAdmin(bearer("")))
                .isInstanceOf(ProblemException.class);
        GatewayProperties withAdmin = properties(Map.of("DEMO-POST", POST), "admin-key-0123456");
        ApiAuth admin = new ApiAuth(new Partners(withAdmin), withAdmin);
        admin.requireAdmin(bearer("admin-key-0123456"));
        assertThatThrownBy(() -> admin.requireAdmin(bearer("post-key-0123456"))).isInstanceOf(ProblemException.class);
    }

    @Test
    void oneApiKeyForTwoPartnersIsRefusedAtStartup() {
        Partner twin = new Partner(Role.POSTAL, List.of("post-key-0123456"), new Edifact("OTHER", "ZZZ", false),
                java.time.Duration.ZERO, false, null, null, List.of(), List.of(), null, null, null);
        GatewayProperties clash = properties(Map.of("A", POST, "B", twin), "");
        assertThatThrownBy(() -> new Partners(clash)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("also configured");
    }

    @Test
    void edifactSenderMapsToItsPartner() {
        assertThat(new Partners(props).idForEdifactSender("DEPOSTGW:ZZZ")).contains("DEMO-POST");
        assertThat(new Partners(props).idForEdifactSender("DEPOSTGW:14")).isEmpty();
    }
}
