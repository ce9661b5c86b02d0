package org.clearway.mappings.rules.quality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.clearway.mappings.canonical.DataQuality;
import org.clearway.mappings.canonical.DeclarationKind;
import org.clearway.mappings.canonical.HsCode;
import org.clearway.mappings.canonical.HsSystem;
import org.clearway.mappings.canonical.Item;
import org.clearway.mappings.canonical.Money;
import org.clearway.mappings.canonical.NatureOfTransaction;
import org.clearway.mappings.canonical.Severity;
import org.junit.jupiter.api.Test;

/** §4 HsCode classification (6/8/10 digits, national, invalid) and HS_MISSING severities. */
class HsCodesTest {

    @Test
    void systemFollowsLengthAndDestination() {
        assertThat(HsCodes.classify("610910", "DE")).isEqualTo(new HsCode("610910", HsSystem.HS, null));
        assertThat(HsCodes.classify("39269097", "DE").system()).isEqualTo(HsSystem.CN);
        assertThat(HsCodes.classify("6109100010", "FR").system()).isEqualTo(HsSystem.TARIC);
        assertThat(HsCodes.classify("61091000", "US").system()).isEqualTo(HsSystem.HTSUS);
        assertThat(HsCodes.classify("6109100012", "US").system()).isEqualTo(HsSystem.HTSUS);
        assertThat(HsCodes.classify("6109100010", "CH")).isEqualTo(new HsCode("6109100010", HsSystem.NATIONAL, "CH"));
        assertThat(HsCodes.classify("6109100", "DE")).as("7 digits: national of the destination (MIG V7)")
                .isEqualTo(new HsCode("6109100", HsSystem.NATIONAL, "DE"));
    }

    @Test
    void invalidCodesAreRefused() {
        for (String bad : new String[] {"61091", "61091000101", "6109.10", "61O910", "", null}) {
            assertThat(HsCodes.valid(bad)).as(String.valueOf(bad)).isFalse();
            assertThatThrownBy(() -> HsCodes.classify(bad, "DE")).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void missingCodeOfASaleIsAnErrorForTheEnsAndAWarningOtherwise() {
        List<Item> items = List.of(
                QualityFixtures.item(1, "Cotton T-shirt", HsCodes.classify("610910", "DE"), null, Money.of("1.00", "EUR")),
                QualityFixtures.item(2, "Phone case of silicone", null, null, Money.of("1.00", "EUR")));
        assertThat(HsCodes.checkMissing(items, NatureOfTransaction.SALE_OF_GOODS, DeclarationKind.EU_ENS_HOUSE))
                .singleElement().satisfies(f -> {
                    assertThat(f.path()).isEqualTo("/items/1/hsCode");
                    assertThat(f.severity()).isEqualTo(Severity.ERROR);
                    assertThat(f.detail()).isEqualTo("sale of goods without HS code");
                });
        assertThat(HsCodes.checkMissing(items, NatureOfTransaction.SALE_OF_GOODS, DeclarationKind.EU_H7))
                .extracting(DataQuality.Flag::severity).containsExactly(Severity.WARNING);
        assertThat(HsCodes.checkMissing(items, NatureOfTransaction.GIFT, DeclarationKind.EU_ENS_HOUSE)).isEmpty();
    }
}
