package org.clearway.mappings.rules.quality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.clearway.mappings.canonical.DataQuality;
import org.clearway.mappings.canonical.Declaration;
import org.clearway.mappings.canonical.DeclarationKind;
import org.clearway.mappings.canonical.FlagCode;
import org.clearway.mappings.canonical.Money;
import org.clearway.mappings.canonical.NatureOfTransaction;
import org.clearway.mappings.canonical.RateSource;
import org.clearway.mappings.canonical.Severity;
import org.clearway.mappings.rates.ExchangeRateTable;
import org.clearway.mappings.rates.MissingExchangeRateException;
import org.clearway.mappings.rules.RoutingThresholds;
import org.junit.jupiter.api.Test;

/** §5.1 routing and DE_MINIMIS_EXCEEDED at the threshold edges, in and across currencies. */
class DeMinimisTest {

    private static final QualityContext DEFAULTS = new QualityContext(null, null, null);

    private static Declaration to(String dest, Money value) {
        return QualityFixtures.declaration(dest, NatureOfTransaction.SALE_OF_GOODS, "1.000",
                List.of(QualityFixtures.item(1, "Cotton T-shirt", null, "0.200", value)), null, null,
                LocalDate.of(2026, 11, 20), null);
    }

    private static List<DataQuality.Flag> deMinimis(Declaration d) {
        return d.dataQuality() == null ? List.of() : d.dataQuality().flags().stream()
                .filter(f -> f.code() == FlagCode.DE_MINIMIS_EXCEEDED).toList();
    }

    @Test
    void exactlyAtTheEuThresholdIsH7WithoutFlagOneCentAboveIsEnsWithFlag() {
        Declaration at = DataQualityRules.evaluate(to("DE", Money.of("150.00", "EUR")), DEFAULTS);
        assertThat(at.declarationKind()).isEqualTo(DeclarationKind.EU_H7);
        assertThat(deMinimis(at)).isEmpty();

        Declaration above = DataQualityRules.evaluate(to("DE", Money.of("150.01", "EUR")), DEFAULTS);
        assertThat(above.declarationKind()).isEqualTo(DeclarationKind.EU_ENS_HOUSE);
        assertThat(deMinimis(above)).singleElement().satisfies(f -> {
            assertThat(f.severity()).isEqualTo(Severity.WARNING);
            assertThat(f.path()).isEqualTo("/consignment/intrinsicValue");
            assertThat(f.detail()).isEqualTo("intrinsic value 150.01 EUR above DE de minimis 150.00 EUR (EU_ENS_HOUSE)");
        });
    }

    @Test
    void usAndOtherDestinationsUseTheirOwnThresholdOrNone() {
        assertThat(deMinimis(DataQualityRules.evaluate(to("US", Money.of("800.00", "USD")), DEFAULTS))).isEmpty();
        Declaration us = DataQualityRules.evaluate(to("US", Money.of("800.01", "USD")), DEFAULTS);
        assertThat(us.declarationKind()).isEqualTo(DeclarationKind.US_T86);
        assertThat(deMinimis(us)).hasSize(1);

        // no threshold configured for CH: never flagged, GENERIC_LVC
        Declaration ch = DataQualityRules.evaluate(to("CH", Money.of("99999.00", "CHF")), DEFAULTS);
        assertThat(ch.declarationKind()).isEqualTo(DeclarationKind.GENERIC_LVC);
        assertThat(deMinimis(ch)).isEmpty();

        // a yen threshold (no minor unit): one yen above is flagged
        RoutingThresholds jp = new RoutingThresholds(Money.of("150.00", "EUR"), Money.of("150.00", "EUR"),
                Money.of("800.00", "USD"), Map.of("JP", Money.of("10000", "JPY")));
        QualityContext jpCtx = new QualityContext(null, jp, null);
        assertThat(deMinimis(DataQualityRules.evaluate(to("JP", Money.of("10000", "JPY")), jpCtx))).isEmpty();
        assertThat(deMinimis(DataQualityRules.evaluate(to("JP", Money.of("10001", "JPY")), jpCtx))).hasSize(1);
    }

    @Test
    void aRulePackWithoutDeMinimisGivesZeroSoEveryValueIsFlagged() {
        // DeclarationRouting passes 0 for a pack without de minimis (EU from 1 July 2026)
        RoutingThresholds none = new RoutingThresholds(Money.of("150.00", "EUR"), Money.of("0.00", "EUR"),
                Money.of("0.00", "USD"), Map.of());
        QualityContext ctx = new QualityContext(null, none, null);
        Declaration d = DataQualityRules.evaluate(to("FR", Money.of("0.01", "EUR")), ctx);
        assertThat(d.declarationKind()).as("routing keeps the h7 maximum").isEqualTo(DeclarationKind.EU_H7);
        assertThat(deMinimis(d)).hasSize(1);
        assertThat(deMinimis(DataQualityRules.evaluate(to("FR", Money.of("0.00", "EUR")), ctx))).isEmpty();
    }

    @Test
    void aThresholdInAnotherCurrencyIsComparedWithTheRateOfTheRateDate() {
        // GBP declaration to an EU backend: 130.00 GBP x 1.15 = 149.50 EUR (H7); 130.44 x 1.15 = 150.006 (ENS)
        ExchangeRateTable rates = (from, to, date) -> "GBP".equals(from) && "EUR".equals(to)
                && !date.isBefore(LocalDate.of(2026, 11, 20))
                ? java.util.Optional.of(new ExchangeRateTable.Rate(new BigDecimal("1.15"), RateSource.ECB, null))
                : java.util.Optional.empty();
        QualityContext ctx = new QualityContext(rates, null, null);
        assertThat(DataQualityRules.evaluate(to("DE", Money.of("130.00", "GBP")), ctx).declarationKind())
                .isEqualTo(DeclarationKind.EU_H7);
        Declaration above = DataQualityRules.evaluate(to("DE", Money.of("130.44", "GBP")), ctx);
        assertThat(above.declarationKind()).isEqualTo(DeclarationKind.EU_ENS_HOUSE);
        assertThat(deMinimis(above)).hasSize(1);
        assertThat(above.exchangeRates()).as("a routing comparison changes no value, lists no rate").isEmpty();

        // without a rate the declaration cannot be routed: PENDING, not a guess
        assertThatThrownBy(() -> DataQualityRules.evaluate(to("DE", Money.of("130.00", "GBP")), DEFAULTS))
                .isInstanceOf(MissingExchangeRateException.class)
                .satisfies(e -> {
                    assertThat(((MissingExchangeRateException) e).from()).isEqualTo("GBP");
                    assertThat(((MissingExchangeRateException) e).to()).isEqualTo("EUR");
                });
    }

    @Test
    void thresholdLookupFollowsTheDestination() {
        RoutingThresholds t = RoutingThresholds.defaults();
        assertThat(DeMinimis.threshold("AT", t)).contains(Money.of("150.00", "EUR"));
        assertThat(DeMinimis.threshold("US", t)).contains(Money.of("800.00", "USD"));
        assertThat(DeMinimis.threshold("GB", t)).isEmpty();
        assertThat(DeMinimis.EU_MEMBER_STATES).hasSize(27).contains("HR", "CY").doesNotContain("GB", "CH", "NO");
    }
}
