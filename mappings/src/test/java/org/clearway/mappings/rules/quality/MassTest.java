package org.clearway.mappings.rules.quality;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.List;
import org.clearway.mappings.canonical.Item;
import org.clearway.mappings.canonical.Money;
import org.junit.jupiter.api.Test;

/** MASS_INCONSISTENT: net masses zero, missing, equal to and just over the gross mass. */
class MassTest {

    private static List<Item> nets(String... kg) {
        Item[] out = new Item[kg.length];
        for (int i = 0; i < kg.length; i++) {
            out[i] = QualityFixtures.item(i + 1, "Cotton T-shirt", null, kg[i], Money.of("1.00", "EUR"));
        }
        return List.of(out);
    }

    @Test
    void sumAboveGrossIsFlaggedWithBothMasses() {
        assertThat(Mass.check(nets("0.300", "0.201"), new BigDecimal("0.500"))).get().satisfies(f -> {
            assertThat(f.path()).isEqualTo("/consignment/totalGrossMassKg");
            assertThat(f.detail()).isEqualTo("sum of item net masses 0.501 kg above total gross mass 0.500 kg");
        });
    }

    @Test
    void equalZeroMissingOrNoGrossIsNotFlagged() {
        assertThat(Mass.check(nets("0.300", "0.200"), new BigDecimal("0.500"))).as("equal").isEmpty();
        assertThat(Mass.check(nets("0.000", "0.000"), new BigDecimal("0.001"))).as("zero").isEmpty();
        assertThat(Mass.check(nets(null, null), new BigDecimal("0.001"))).as("missing").isEmpty();
        assertThat(Mass.check(nets(null, "0.600"), new BigDecimal("0.500"))).as("one missing, one over").isPresent();
        assertThat(Mass.check(nets("5.000"), null)).as("no gross mass").isEmpty();
    }
}
