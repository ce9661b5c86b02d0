package org.clearway.routes.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;

class RequestChecksTest {

    @Test
    void idsAreBoundedByTheirColumnAndFreeOfControls() {
        assertThat(RequestChecks.id("orderId", "SV-2026-000981", 70)).isEqualTo("SV-2026-000981");
        assertThat(RequestChecks.id("orderId", "ä".repeat(70), 70)).hasSize(70);
        assertRefused(() -> RequestChecks.id("orderId", "x".repeat(71), 70), "/orderId", "MAX_LENGTH");
        assertRefused(() -> RequestChecks.id("orderId", "a b", 70), "/orderId", "FORMAT");
        assertRefused(() -> RequestChecks.id("orderId", "a\u0000b", 70), "/orderId", "FORMAT");
        assertRefused(() -> RequestChecks.id("orderId", "", 70), "/orderId", "REQUIRED");
    }

    @Test
    void integerParametersAreParsedAndRanged() {
        assertThat(RequestChecks.intParam("limit", null, 100, 1, 1000)).isEqualTo(100);
        assertThat(RequestChecks.intParam("limit", "1000", 100, 1, 1000)).isEqualTo(1000);
        assertRefused(() -> RequestChecks.intParam("limit", "ten", 100, 1, 1000), "/limit", "TYPE");
        assertRefused(() -> RequestChecks.intParam("limit", "99999999999", 100, 1, 1000), "/limit", "TYPE");
        assertRefused(() -> RequestChecks.intParam("limit", "0", 100, 1, 1000), "/limit", "RANGE");
        assertRefused(() -> RequestChecks.intParam("fromLine", "1.5", 0, 0, 10), "/fromLine", "TYPE");
    }

    private static void assertRefused(Runnable call, String pointer, String code) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(ProblemException.class, e -> {
            assertThat(e.status()).isEqualTo(HttpStatus.BAD_REQUEST);
            assertThat(e.type().toString()).endsWith("invalid-parameter");
            assertThat(e.errors()).singleElement().satisfies(f -> {
                assertThat(f.get("pointer")).isEqualTo(pointer);
                assertThat(f.get("code")).isEqualTo(code);
            });
        });
    }
}
