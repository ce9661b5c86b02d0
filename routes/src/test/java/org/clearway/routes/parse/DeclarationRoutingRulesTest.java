package org.clearway.routes.parse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.clearway.mappings.canonical.Money;
import org.clearway.mappings.rules.RoutingThresholds;
import org.clearway.routes.rules.RulePackProperties;
import org.clearway.routes.rules.RulePackRegistry;
import org.clearway.routes.support.GatewayProperties;
import org.clearway.routes.support.Partners;
import org.junit.jupiter.api.Test;

/** Routing thresholds come from the pack in force: the US loses its de minimis on 29 August 2025, the EU on 1 July 2026. */
class DeclarationRoutingRulesTest {

    private static Path shipped() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("config/rules/eu.yml"))) {
                return dir.resolve("config/rules");
            }
        }
        throw new IllegalStateException("config/rules not found");
    }

    private static GatewayProperties properties() {
        return new GatewayProperties(Path.of("data"), new GatewayProperties.Gateway("DECUSTGW", "ZZZ", ""),
                new GatewayProperties.Limits(1000, Duration.ofDays(30), Duration.ofDays(90)),
                new GatewayProperties.Signing(null, "", "a", "", List.of()),
                new GatewayProperties.Pipeline(1, 1, Duration.ZERO, Duration.ZERO, Duration.ZERO),
                new GatewayProperties.Routing("DEMO-CUSTOMS", Map.of(), new BigDecimal("150.00"),
                        new BigDecimal("150.00"), new BigDecimal("800.00")), GatewayProperties.Api.defaults(),
                Map.of(), List.of(), Map.of());
    }

    private static RoutingThresholds at(boolean apply, String instant) {
        RulePackRegistry registry = new RulePackRegistry(new RulePackProperties(shipped().toString(),
                Duration.ofSeconds(30), apply));
        Instant t = Instant.parse(instant);
        return new DeclarationRouting(mock(Partners.class), properties(), org.clearway.routes.support.RatesProperties.none(), registry, Clock.fixed(t, ZoneOffset.UTC))
                .thresholds();
    }

    @Test
    void usDeMinimisEndsOn29August2025() {
        assertThat(at(true, "2025-08-29T03:59:00Z").usDeMinimis()).isEqualTo(Money.of("800.00", "USD"));
        assertThat(at(true, "2025-08-29T04:01:00Z").usDeMinimis()).isEqualTo(Money.of("0.00", "USD"));
    }

    @Test
    void euReliefEndsOnFirstJuly2026AndTheH7CeilingStays() {
        RoutingThresholds june30 = at(true, "2026-06-30T12:00:00Z");
        RoutingThresholds july1 = at(true, "2026-07-01T12:00:00Z");
        assertThat(june30.euDeMinimis()).isEqualTo(Money.of("150.00", "EUR"));
        assertThat(july1.euDeMinimis()).isEqualTo(Money.of("0.00", "EUR"));
        assertThat(june30.euH7Max()).isEqualTo(Money.of("150.00", "EUR"));
        assertThat(july1.euH7Max()).isEqualTo(Money.of("150.00", "EUR"));
    }

    @Test
    void withoutPacksTheConfiguredThresholdsApply() {
        RoutingThresholds off = at(false, "2026-12-01T12:00:00Z");
        assertThat(off.usDeMinimis()).isEqualTo(Money.of("800.00", "USD"));
        assertThat(off.euDeMinimis()).isEqualTo(Money.of("150.00", "EUR"));
        // before the first EU pack (1 July 2021) the configuration is the fallback too
        assertThat(at(true, "2021-06-30T12:00:00Z").euDeMinimis()).isEqualTo(Money.of("150.00", "EUR"));
    }
}
