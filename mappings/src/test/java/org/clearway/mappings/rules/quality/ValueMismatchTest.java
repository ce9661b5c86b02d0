package org.clearway.mappings.rules.quality;

import static org.assertj.core.api.Assertions.assertThat;

import org.clearway.mappings.canonical.Money;
import org.junit.jupiter.api.Test;

/** VALUE_MISMATCH tolerance: more than 5 % of the larger value and more than 1 unit, both needed. */
class ValueMismatchTest {

    private static boolean exceeds(String transport, String platform) {
        return ValueMismatch.exceeds(Money.of(transport, "EUR"), Money.of(platform, "EUR"));
    }

    @Test
    void bothConditionsAreStrict() {
        assertThat(exceeds("100.00", "95.00")).as("5.00 = exactly 5 % of 100").isFalse();
        assertThat(exceeds("100.00", "94.99")).as("5.01 > 5 % and > 1").isTrue();
        assertThat(exceeds("20.00", "19.00")).as("1.00: not more than one unit").isFalse();
        assertThat(exceeds("20.00", "18.99")).as("1.01 and 5.05 %").isTrue();
        assertThat(exceeds("1000.00", "960.00")).as("40 but only 4 %").isFalse();
        assertThat(exceeds("18.00", "160.00")).as("either direction").isTrue();
    }

    @Test
    void differentCurrenciesOrAMissingValueAreNotCompared() {
        assertThat(ValueMismatch.exceeds(Money.of("100.00", "EUR"), Money.of("10.00", "USD"))).isFalse();
        assertThat(ValueMismatch.exceeds(null, Money.of("10.00", "EUR"))).isFalse();
        assertThat(ValueMismatch.check("/items/0/value", Money.of("160.00", "EUR"), Money.of("18.00", "EUR"),
                "carrier")).get().satisfies(f -> {
                    assertThat(f.path()).isEqualTo("/items/0/value");
                    assertThat(f.detail()).isEqualTo("carrier 160.00 EUR, platform 18.00 EUR");
                });
    }
}
