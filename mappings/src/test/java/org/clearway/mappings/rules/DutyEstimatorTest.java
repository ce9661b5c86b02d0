package org.clearway.mappings.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.clearway.mappings.canonical.DataQuality;
import org.clearway.mappings.canonical.DutyEstimate;
import org.clearway.mappings.canonical.DutyEstimate.ChargeType;
import org.clearway.mappings.canonical.FlagCode;
import org.clearway.mappings.canonical.Money;
import org.clearway.mappings.postal.PostalMappingContext;
import org.clearway.mappings.rules.DutyEstimator.Consignment;
import org.clearway.mappings.rules.DutyEstimator.Goods;
import org.junit.jupiter.api.Test;

/** The EU item grouping, the flat duty and fees on both sides of each boundary, the US without de minimis. */
class DutyEstimatorTest {

    private static final Set<String> GENERIC = PostalMappingContext.DEFAULT_GENERIC_WORDS;
    private final RulePacks packs = ShippedPacks.load();

    private static final Goods TSHIRT = new Goods(0, "610910", "Cotton T-shirt", "CN");
    private static final Goods WATCH = new Goods(1, "910211", "Wrist watch, quartz", "CN");

    private DutyEstimator.Result estimate(String country, String value, String currency, boolean b2c, boolean postal,
                                          String date, List<Goods> goods) {
        LocalDate d = LocalDate.parse(date);
        RulePack pack = packs.regimeFor(country).orElseThrow().inForce(d).orElseThrow();
        return DutyEstimator.estimate(new Consignment(country, Money.of(value, currency), b2c, postal, goods), pack, d,
                GENERIC, (m, c) -> m.currency().equals("GBP") && c.equals("EUR")
                        ? Optional.of(Money.rounded(m.amount().multiply(new BigDecimal("1.17")), "EUR")) : Optional.empty());
    }

    private static BigDecimal line(DutyEstimate e, ChargeType type) {
        return e.lines().stream().filter(l -> l.type() == type).map(l -> l.amount().amount())
                .reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    @Test
    void fiveTShirtsAreOneItem() {
        List<Goods> five = List.of(new Goods(0, "610910", "Cotton T-shirt", "CN"),
                new Goods(1, "610910", "cotton t-shirts", "CN"), new Goods(2, "610910", "COTTON  T-SHIRT", "CN"),
                new Goods(3, "610910", "Cotton T-shirt.", "CN"), new Goods(4, "610910", "Cotton T-Shirts", "CN"));
        assertThat(DutyEstimator.itemCount(five, GENERIC)).isEqualTo(1);
        DutyEstimate e = estimate("DE", "45.00", "EUR", true, false, "2026-07-01", five).estimate();
        assertThat(e.items()).isEqualTo(1);
        assertThat(e.total()).isEqualTo(Money.of("3.00", "EUR"));
        assertThat(e.complete()).isTrue();
        assertThat(e.lines()).singleElement().satisfies(l -> {
            assertThat(l.rule()).isEqualTo("EU-2026-07/duty");
            assertThat(l.basis()).isEqualTo("PER_ITEM");
            assertThat(l.count()).isEqualTo(1);
        });
    }

    @Test
    void aTShirtAndAWatchAreTwoItems() {
        DutyEstimate e = estimate("DE", "120.00", "EUR", true, false, "2026-07-01", List.of(TSHIRT, WATCH)).estimate();
        assertThat(e.items()).isEqualTo(2);
        assertThat(e.total()).isEqualTo(Money.of("6.00", "EUR"));
    }

    @Test
    void otherOriginOrOtherCodeIsAnotherItem() {
        List<Goods> goods = List.of(TSHIRT, new Goods(1, "610910", "Cotton T-shirt", "BD"),
                new Goods(2, "610990", "Cotton T-shirt", "CN"));
        assertThat(DutyEstimator.itemCount(goods, GENERIC)).isEqualTo(3);
    }

    @Test
    void flatDutyStartsOnFirstJuly2026() {
        DutyEstimate before = estimate("DE", "120.00", "EUR", true, false, "2026-06-30", List.of(TSHIRT, WATCH)).estimate();
        DutyEstimate after = estimate("DE", "120.00", "EUR", true, false, "2026-07-01", List.of(TSHIRT, WATCH)).estimate();
        assertThat(before.dutyMethod()).isEqualTo("RELIEF_UP_TO_DE_MINIMIS");
        assertThat(before.total()).isEqualTo(Money.of("0.00", "EUR"));
        assertThat(before.complete()).isTrue();
        assertThat(after.dutyMethod()).isEqualTo("FLAT_PER_ITEM");
        assertThat(after.total()).isEqualTo(Money.of("6.00", "EUR"));
    }

    @Test
    void flatDutyOnlyUpTo150EurAndOnlyB2c() {
        DutyEstimate at150 = estimate("DE", "150.00", "EUR", true, false, "2026-08-01", List.of(TSHIRT)).estimate();
        DutyEstimate above = estimate("DE", "150.01", "EUR", true, false, "2026-08-01", List.of(TSHIRT)).estimate();
        DutyEstimate b2b = estimate("DE", "50.00", "EUR", false, false, "2026-08-01", List.of(TSHIRT)).estimate();
        assertThat(at150.total()).isEqualTo(Money.of("3.00", "EUR"));
        assertThat(above.total()).isEqualTo(Money.of("0.00", "EUR"));
        assertThat(above.complete()).isFalse();
        assertThat(above.note()).contains("above 150.00 EUR: tariff duty");
        assertThat(b2b.lines()).isEmpty();
        assertThat(b2b.note()).contains("B2B");
        // a GBP value is compared after conversion: 128.21 GBP = 150.01 EUR
        assertThat(estimate("DE", "128.21", "GBP", true, false, "2026-08-01", List.of(TSHIRT)).estimate().lines()).isEmpty();
        assertThat(estimate("DE", "128.20", "GBP", true, false, "2026-08-01", List.of(TSHIRT)).estimate().total())
                .isEqualTo(Money.of("3.00", "EUR"));
    }

    @Test
    void handlingFeeFromFirstNovember2026WhateverTheValue() {
        DutyEstimate oct31 = estimate("DE", "120.00", "EUR", true, false, "2026-10-31", List.of(TSHIRT, WATCH)).estimate();
        DutyEstimate nov1 = estimate("DE", "120.00", "EUR", true, false, "2026-11-01", List.of(TSHIRT, WATCH)).estimate();
        DutyEstimate expensive = estimate("DE", "900.00", "EUR", true, false, "2026-11-01", List.of(TSHIRT, WATCH)).estimate();
        assertThat(line(oct31, ChargeType.HANDLING_FEE)).isEqualByComparingTo("0");
        assertThat(line(nov1, ChargeType.HANDLING_FEE)).isEqualByComparingTo("4.00");
        assertThat(nov1.total()).isEqualTo(Money.of("10.00", "EUR"));
        assertThat(line(expensive, ChargeType.HANDLING_FEE)).isEqualByComparingTo("4.00");
        assertThat(line(expensive, ChargeType.DUTY)).isEqualByComparingTo("0");
    }

    @Test
    void nationalFees() {
        // France: EUR 2 per HS6 line from 1 March 2026; two T-shirt lines of one subheading are one line
        List<Goods> goods = List.of(TSHIRT, new Goods(1, "61091000", "Polo shirt", "CN"), WATCH);
        assertThat(line(estimate("FR", "80.00", "EUR", true, false, "2026-02-28", goods).estimate(),
                ChargeType.NATIONAL_FEE)).isEqualByComparingTo("0");
        DutyEstimate fr = estimate("FR", "80.00", "EUR", true, false, "2026-03-01", goods).estimate();
        assertThat(fr.total()).isEqualTo(Money.of("4.00", "EUR"));
        assertThat(fr.lines()).filteredOn(l -> l.type() == ChargeType.NATIONAL_FEE).singleElement().satisfies(l -> {
            assertThat(l.rule()).isEqualTo("EU-2021-07/FR-HS6-FEE");
            assertThat(l.count()).isEqualTo(2);
            assertThat(l.amount()).isEqualTo(Money.of("4.00", "EUR"));
        });
        // Italy per consignment, Romania per parcel
        assertThat(line(estimate("IT", "80.00", "EUR", true, false, "2026-07-01", goods).estimate(), ChargeType.NATIONAL_FEE))
                .isEqualByComparingTo("2.00");
        assertThat(line(estimate("RO", "80.00", "EUR", true, false, "2025-12-31", goods).estimate(), ChargeType.NATIONAL_FEE))
                .isEqualByComparingTo("0");
        assertThat(line(estimate("RO", "80.00", "EUR", true, false, "2026-01-01", goods).estimate(), ChargeType.NATIONAL_FEE))
                .isEqualByComparingTo("5.00");
    }

    @Test
    void ungroupableGoodsAreCountedSinglyAndFlagged() {
        List<Goods> goods = List.of(TSHIRT, new Goods(1, null, "Cotton T-shirt", "CN"),
                new Goods(2, "610910", "Gift", "CN"), new Goods(3, "610910", "Gifts", "CN"));
        DutyEstimator.Result r = estimate("DE", "60.00", "EUR", true, false, "2026-07-01", goods);
        assertThat(r.estimate().items()).isEqualTo(4);
        assertThat(r.estimate().total()).isEqualTo(Money.of("12.00", "EUR"));
        assertThat(r.estimate().complete()).isFalse();
        assertThat(r.flags()).extracting(DataQuality.Flag::code).containsOnly(FlagCode.DUTY_ESTIMATE_NOT_POSSIBLE);
        assertThat(r.flags()).extracting(DataQuality.Flag::path)
                .containsExactly("/items/1/hsCode", "/items/2/description", "/items/3/description");
        assertThat(r.flags().get(1).detail()).startsWith("vague description (gift): cannot be grouped");
    }

    @Test
    void usHasNoDeMinimisFrom29August2025() {
        DutyEstimate aug28 = estimate("US", "300.00", "USD", true, false, "2025-08-28", List.of(TSHIRT)).estimate();
        DutyEstimator.Result aug29 = estimate("US", "300.00", "USD", true, false, "2025-08-29", List.of(TSHIRT));
        assertThat(aug28.dutyMethod()).isEqualTo("RELIEF_UP_TO_DE_MINIMIS");
        assertThat(aug28.complete()).isTrue();
        assertThat(aug28.total()).isEqualTo(Money.of("0.00", "USD"));
        assertThat(aug29.estimate().dutyMethod()).isEqualTo("TARIFF");
        assertThat(aug29.estimate().complete()).isFalse();
        assertThat(aug29.estimate().note()).contains("no de minimis");
        assertThat(aug29.flags()).isEmpty();
    }

    @Test
    void usPostalItemsAreFlaggedForTheDutyMethod() {
        DutyEstimator.Result aug28 = estimate("US", "30.00", "USD", true, true, "2025-08-28", List.of(TSHIRT));
        DutyEstimator.Result aug29 = estimate("US", "30.00", "USD", true, true, "2025-08-29", List.of(TSHIRT));
        assertThat(aug28.flags()).isEmpty();
        assertThat(aug29.flags()).singleElement().satisfies(f -> {
            assertThat(f.code()).isEqualTo(FlagCode.DUTY_ESTIMATE_NOT_POSSIBLE);
            assertThat(f.path()).isEqualTo("/consignment");
            assertThat(f.detail()).contains("qualified party").contains("US-2025-08");
        });
    }

    @Test
    void noRateMeansNoDutyEstimate() {
        DutyEstimator.Result r = estimate("DE", "5000", "JPY", true, false, "2026-08-01", List.of(TSHIRT));
        assertThat(r.estimate().complete()).isFalse();
        assertThat(r.flags()).singleElement().satisfies(f -> assertThat(f.detail()).contains("no exchange rate JPY/EUR"));
    }
}
