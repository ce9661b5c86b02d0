package org.clearway.mappings.canonical;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Money carries exactly its currency's ISO 4217 minor digits (CANONICAL-MODEL §4), whoever builds
 * it: an unscaled partner amount ({@code 24.0 EUR}) can no longer reach a signed declaration.
 */
class MoneyTest {

    @Test
    void amountsArePaddedToTheCurrencysMinorUnit() {
        assertThat(new Money(new BigDecimal("24.0"), "EUR").amount().toPlainString()).isEqualTo("24.00");
        assertThat(new Money(new BigDecimal("120"), "CNY").amount().toPlainString()).isEqualTo("120.00");
        assertThat(new Money(new BigDecimal("1500.0"), "JPY").amount().toPlainString()).isEqualTo("1500");
        assertThat(new Money(new BigDecimal("45000"), "KRW").amount().toPlainString()).isEqualTo("45000");
        assertThat(new Money(new BigDecimal("3.5"), "KWD").amount().toPlainString()).isEqualTo("3.500");
        assertThat(new Money(new BigDecimal("1E+3"), "BHD").amount().toPlainString()).isEqualTo("1000.000");
        // XDR has no ISO exponent: written like a 2-digit currency
        assertThat(new Money(new BigDecimal("7"), "XDR").amount().toPlainString()).isEqualTo("7.00");
    }

    @Test
    void equalAmountsWithDifferentScalesAreEqualMoney() {
        assertThat(Money.of("18", "EUR")).isEqualTo(Money.of("18.000", "EUR"));
    }

    @Test
    void anAmountThatWouldNeedRoundingIsRefusedUnlessRoundedOnPurpose() {
        assertThatThrownBy(() -> Money.of("24.999", "EUR")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("minor unit (2)");
        assertThatThrownBy(() -> Money.of("1500.5", "JPY")).isInstanceOf(IllegalArgumentException.class);
        assertThat(Money.rounded(new BigDecimal("24.995"), "EUR").amount().toPlainString()).isEqualTo("25.00");
        assertThat(Money.rounded(new BigDecimal("1500.5"), "JPY").amount().toPlainString()).isEqualTo("1501");
        assertThat(Money.fitsMinorUnit(new BigDecimal("3.120"), "KWD")).isTrue();
        assertThat(Money.fitsMinorUnit(new BigDecimal("3.1205"), "KWD")).isFalse();
    }

    @Test
    void canonicalReaderPadsShortAmountsAndReportsExcessDigits() {
        String example = new String(TestFiles.resource("declaration-example.json"), StandardCharsets.UTF_8);
        assertThat(example).contains("\"amount\": \"18.00\"");
        Declaration padded = CanonicalJson.readDeclaration(example.replace("\"amount\": \"18.00\"", "\"amount\": \"18\"")
                .getBytes(StandardCharsets.UTF_8));
        assertThat(padded.items().get(0).value().amount().toPlainString()).isEqualTo("18.00");
        MinorUnits.assertEveryMoneyScaled(padded);

        assertThatThrownBy(() -> CanonicalJson.readDeclaration(example.replace("\"amount\": \"18.00\"",
                "\"amount\": \"18.005\"").getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(CanonicalFormatException.class)
                .hasMessageContaining("more fraction digits than EUR allows (2)");
    }
}
