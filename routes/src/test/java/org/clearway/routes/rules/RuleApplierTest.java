package org.clearway.routes.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.clearway.mappings.canonical.CanonicalJson;
import org.clearway.mappings.canonical.DataQuality;
import org.clearway.mappings.canonical.Declaration;
import org.clearway.mappings.canonical.FlagCode;
import org.clearway.mappings.canonical.Money;
import org.clearway.mappings.rules.RuleEvaluation;
import org.clearway.routes.parse.DeclarationRouting;
import org.clearway.routes.support.GatewayProperties;
import org.clearway.routes.support.Partners;
import org.junit.jupiter.api.Test;

/**
 * What the sign stage does to each revision: the CANONICAL-MODEL example declaration (DE, two
 * goods lines with SKUs) evaluated on both sides of 1 November 2026, and what a re-evaluation
 * after the boundary amends.
 */
class RuleApplierTest {

    private static GatewayProperties properties() {
        return new GatewayProperties(Path.of("data"), new GatewayProperties.Gateway("DECUSTGW", "ZZZ", ""),
                new GatewayProperties.Limits(1000, Duration.ofDays(30), Duration.ofDays(90)),
                new GatewayProperties.Signing(null, "", "a", "", List.of()),
                new GatewayProperties.Pipeline(1, 1, Duration.ZERO, Duration.ZERO, Duration.ZERO),
                new GatewayProperties.Routing("DEMO-CUSTOMS", Map.of(), new BigDecimal("150.00"),
                        new BigDecimal("150.00"), new BigDecimal("800.00")), GatewayProperties.Api.defaults(),
                Map.of(), List.of(), Map.of("USD-EUR", new BigDecimal("0.924000")));
    }

    private static RuleApplier applier(boolean apply) {
        RulePackRegistry registry = new RulePackRegistry(new RulePackProperties(
                RulePackRegistryTest.shipped().toString(), Duration.ofSeconds(30), apply));
        Clock clock = Clock.fixed(Instant.parse("2026-10-30T10:00:00Z"), ZoneOffset.UTC);
        DeclarationRouting routing = new DeclarationRouting(mock(Partners.class), properties(), org.clearway.routes.support.RatesProperties.none(), registry, clock);
        return new RuleApplier(registry, routing, clock, properties());
    }

    private static Declaration example() throws IOException {
        try (InputStream in = RuleApplierTest.class.getResourceAsStream("/rules/declaration-example.json")) {
            return CanonicalJson.readDeclaration(in.readAllBytes());
        }
    }

    private static List<String> flags(Declaration d, FlagCode code) {
        return d.dataQuality().flags().stream().filter(f -> f.code() == code).map(DataQuality.Flag::path).toList();
    }

    @Test
    void theExampleBeforeAndAfterFirstNovember2026() throws IOException {
        RuleApplier rules = applier(true);
        Declaration oct31 = rules.apply(example(), Instant.parse("2026-10-31T12:00:00Z"));
        Declaration nov1 = rules.apply(example(), Instant.parse("2026-11-01T12:00:00Z"));

        assertThat(oct31.rulePack().id()).isEqualTo("EU-2026-07");
        assertThat(oct31.dutyEstimate().items()).isEqualTo(2);  // a T-shirt and a phone case
        assertThat(oct31.dutyEstimate().total()).isEqualTo(Money.of("6.00", "EUR"));
        assertThat(flags(oct31, FlagCode.PRODUCT_ID_MISSING)).isEmpty();
        assertThat(flags(oct31, FlagCode.DESCRIPTION_FROM_PLATFORM)).hasSize(2); // the mapper's flags stay

        assertThat(nov1.rulePack().id()).isEqualTo("EU-2026-11");
        assertThat(nov1.dutyEstimate().total()).isEqualTo(Money.of("10.00", "EUR")); // + EUR 2 handling fee per item
        assertThat(flags(nov1, FlagCode.PRODUCT_ID_MISSING)).containsExactly("/items/0/gtin",
                "/items/0/manufacturerProductId", "/items/1/gtin", "/items/1/manufacturerProductId");

        // what the signed bytes carry reads back the same
        Declaration back = CanonicalJson.readDeclaration(CanonicalJson.write(nov1));
        assertThat(back).isEqualTo(nov1);
        assertThat(back.specVersion()).isEqualTo("1.1");
    }

    @Test
    void preLodgedOnThirtyOctoberPresentedAfterTheBoundaryIsAmended() throws IOException {
        RuleApplier rules = applier(true);
        Declaration signed = rules.apply(example()); // the clock: 30 October 2026
        assertThat(signed.rulePack().date()).hasToString("2026-10-30");
        Declaration again = rules.apply(signed, Instant.parse("2026-11-02T08:00:00Z"));
        assertThat(RuleEvaluation.resultChanged(signed, again)).isTrue();
        Declaration amendment = RuleEvaluation.flagChange(again, signed.rulePack());
        assertThat(amendment.dataQuality().flags()).filteredOn(f -> f.code() == FlagCode.RULE_PACK_CHANGED)
                .singleElement().satisfies(f -> assertThat(f.detail())
                        .isEqualTo("EU-2026-07 v1 -> EU-2026-11 v1 (presentation date 2026-11-02)"));
        // a second look under the same pack changes nothing
        assertThat(RuleEvaluation.resultChanged(amendment, rules.apply(amendment, Instant.parse("2026-11-03T08:00:00Z"))))
                .isFalse();
    }

    @Test
    void packsOffLeaveTheDeclarationAsItIs() throws IOException {
        Declaration d = example();
        assertThat(applier(false).apply(d, Instant.parse("2026-11-01T12:00:00Z"))).isEqualTo(d);
    }
}
