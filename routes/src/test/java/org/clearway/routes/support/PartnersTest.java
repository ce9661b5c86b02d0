package org.clearway.routes.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.clearway.routes.support.GatewayProperties.Edifact;
import org.clearway.routes.support.GatewayProperties.Partner;
import org.clearway.routes.support.GatewayProperties.Role;
import org.junit.jupiter.api.Test;

/**
 * The postal side of the carrier-code table of PARTNER-APIS §7.1 ("carrierCode -> partnerId"):
 * UPU operator codes per postal partner, unique and distinct from express carrier codes, and no
 * postal hold window (postal items are declared at once; docs/SPEC-NOTES.md §7.2).
 */
class PartnersTest {

    private static Partner post(String sender, Duration hold, String... codes) {
        return new Partner(Role.POSTAL, List.of("key-of-" + sender + "-0123"), new Edifact(sender, "ZZZ", false), hold,
                false, null, null, List.of(), List.of(), null, null,
                codes.length == 0 ? null : new GatewayProperties.Postal(List.of(codes)));
    }

    private static Partner express(String code) {
        return new Partner(Role.EXPRESS, List.of("key-of-express-" + code), null, Duration.ZERO, false, null,
                new GatewayProperties.Express(List.of(code), false, null), List.of(), List.of(), null, null, null);
    }

    private static Partners partners(Map<String, Partner> all) {
        return new Partners(new GatewayProperties(Path.of("data"), new GatewayProperties.Gateway("DECUSTGW", "ZZZ", ""),
                new GatewayProperties.Limits(1000, Duration.ofDays(30), Duration.ofDays(90)),
                new GatewayProperties.Signing(null, "", "a", "", List.of()),
                new GatewayProperties.Pipeline(1, 1, Duration.ZERO, Duration.ZERO, Duration.ZERO),
                new GatewayProperties.Routing("X", Map.of(), BigDecimal.ONE, BigDecimal.ONE, BigDecimal.ONE),
                GatewayProperties.Api.defaults(), all, List.of(), Map.of()));
    }

    @Test
    void operatorCodesMapToTheirPostalPartner() {
        Partners p = partners(Map.of("DEMO-POST", post("DEPOSTGW", Duration.ZERO, "CNPOST", "HKPOST"),
                "OTHER-POST", post("OTHERPOST", Duration.ZERO), "DEMO-EXPRESS", express("ACME")));
        assertThat(p.postalPartnerForOperatorCode("CNPOST")).contains("DEMO-POST");
        assertThat(p.postalPartnerForOperatorCode("ACME")).as("an express code").isEmpty();
        assertThat(p.operatorCodes("DEMO-POST")).containsExactly("CNPOST", "HKPOST");
        assertThat(p.operatorCodes("OTHER-POST")).isEmpty();
        assertThat(p.operatorCodes("DEMO-EXPRESS")).isEmpty();
        assertThat(p.allOperatorCodes()).containsExactlyInAnyOrder("CNPOST", "HKPOST");
    }

    @Test
    void anOperatorCodeOfTwoPostsOrOfAnExpressCarrierIsRefusedAtStartup() {
        assertThatThrownBy(() -> partners(Map.of("A", post("APOST", Duration.ZERO, "CNPOST"),
                "B", post("BPOST", Duration.ZERO, "CNPOST"))))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("CNPOST");
        assertThatThrownBy(() -> partners(Map.of("A", post("APOST", Duration.ZERO, "ACME"), "E", express("ACME"))))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("ACME");
    }

    @Test
    void aPostalHoldWindowIsRefusedAtStartup() {
        assertThatThrownBy(() -> partners(Map.of("A", post("APOST", Duration.ofMinutes(10), "CNPOST"))))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("hold-window");
        assertThat(partners(Map.of("A", post("APOST", Duration.ZERO, "CNPOST"))).operatorCodes("A")).hasSize(1);
    }
}
