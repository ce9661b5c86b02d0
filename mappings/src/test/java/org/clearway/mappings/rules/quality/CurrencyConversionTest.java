package org.clearway.mappings.rules.quality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Map;
import org.clearway.mappings.canonical.DataQuality;
import org.clearway.mappings.canonical.ExchangeRate;
import org.clearway.mappings.canonical.FlagCode;
import org.clearway.mappings.canonical.Money;
import org.clearway.mappings.canonical.RateSource;
import org.clearway.mappings.rates.ExchangeRateTable;
import org.clearway.mappings.rates.MissingExchangeRateException;
import org.junit.jupiter.api.Test;

/** CURRENCY_CONVERTED and exchangeRates[]: rounding, the rate date, one entry per pair, a missing rate. */
class CurrencyConversionTest {

    private static final LocalDate RATE_DATE = LocalDate.of(2026, 11, 20);
    private static final ExchangeRateTable TABLE = ExchangeRateTable.of(Map.of(
            "USD/EUR", new ExchangeRateTable.Rate(new BigDecimal("0.860804"), RateSource.ECB, null),
            "KRW/EUR", new ExchangeRateTable.Rate(new BigDecimal("0.000651"), RateSource.CUSTOMS,
                    LocalDate.of(2026, 11, 23))));

    @Test
    void convertsHalfUpListsTheRateOnceAndFlagsWhereAsked() {
        CurrencyConversion c = new CurrencyConversion(TABLE, "EUR", RATE_DATE);
        // 19.90 x 0.860804 = 17.1299996 -> 17.13
        assertThat(c.convert(Money.of("19.90", "USD"), "/items/1/value", true)).isEqualTo(Money.of("17.13", "EUR"));
        assertThat(c.convert(Money.of("9.95", "USD"), "/items/1/unitPrice", false)).isEqualTo(Money.of("8.56", "EUR"));
        assertThat(c.rates()).containsExactly(new ExchangeRate("USD", "EUR", new BigDecimal("0.860804"), RATE_DATE,
                RateSource.ECB));
        assertThat(c.flags()).singleElement().satisfies(f -> {
            assertThat(f.code()).isEqualTo(FlagCode.CURRENCY_CONVERTED);
            assertThat(f.path()).isEqualTo("/items/1/value");
            assertThat(f.detail()).isEqualTo("19.90 USD converted at ECB 2026-11-20 rate");
        });
    }

    @Test
    void theTablesOwnRateDateIsReportedWhenItHasOne() {
        CurrencyConversion c = new CurrencyConversion(TABLE, "EUR", RATE_DATE);
        assertThat(c.convert(Money.of("22000", "KRW"), "/items/0/value", true)).isEqualTo(Money.of("14.32", "EUR"));
        assertThat(c.rates()).extracting(ExchangeRate::rateDate).containsExactly(LocalDate.of(2026, 11, 23));
        assertThat(c.flags()).extracting(DataQuality.Flag::detail)
                .containsExactly("22000 KRW converted at CUSTOMS 2026-11-23 rate");
    }

    @Test
    void sameCurrencyIsNotConvertedAndAMissingRateKeepsTheDeclarationPending() {
        CurrencyConversion c = new CurrencyConversion(TABLE, "EUR", RATE_DATE);
        Money eur = Money.of("18.00", "EUR");
        assertThat(c.convert(eur, "/items/0/value", true)).isSameAs(eur);
        assertThat(c.convert(null, "/consignment/transportCost", true)).isNull();
        assertThatThrownBy(() -> c.convert(Money.of("10.00", "GBP"), "/items/2/value", true))
                .isInstanceOf(MissingExchangeRateException.class)
                .hasMessageContaining("GBP -> EUR").hasMessageContaining("/items/2/value");
        assertThat(c.rates()).isEmpty();
        assertThat(c.flags()).isEmpty();
    }
}
