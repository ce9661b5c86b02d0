package org.clearway.mappings.rules.quality;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;
import org.clearway.mappings.canonical.DataQuality;
import org.clearway.mappings.canonical.Declaration;
import org.clearway.mappings.canonical.DeclarationKind;
import org.clearway.mappings.canonical.FlagCode;
import org.clearway.mappings.canonical.Money;
import org.clearway.mappings.canonical.NatureOfTransaction;
import org.clearway.mappings.canonical.Severity;
import org.junit.jupiter.api.Test;

/** The entry point: recomputes its own flags from scratch, keeps the mapping's, never doubles a flag. */
class DataQualityRulesTest {

    private static final QualityContext CTX = new QualityContext(null, null, null);

    /** In the §9.1 order: path, then code. */
    private static List<String> flags(Declaration d) {
        return d.dataQuality() == null ? List.of() : d.dataQuality().flags().stream()
                .map(f -> f.code() + " " + f.severity() + " " + f.path()).toList();
    }

    @Test
    void staleRuleFlagsGoMappingFlagsStayAndEverythingIsComputedFromTheDeclaration() {
        DataQuality earlier = new DataQuality(List.of(
                // left over from an earlier state of the declaration: no longer true
                new DataQuality.Flag(FlagCode.DE_MINIMIS_EXCEEDED, Severity.WARNING, "/consignment/intrinsicValue",
                        "intrinsic value 400.00 EUR above DE de minimis 150.00 EUR (EU_ENS_HOUSE)"),
                new DataQuality.Flag(FlagCode.VAGUE_DESCRIPTION, Severity.WARNING, "/items/0/description", "goods"),
                new DataQuality.Flag(FlagCode.HS_MISSING, Severity.ERROR, "/items/0/hsCode", null),
                // only the mapping knows these
                new DataQuality.Flag(FlagCode.TEXT_NORMALISED, Severity.INFO, "/items/0/description",
                        "control characters removed or NFC applied"),
                new DataQuality.Flag(FlagCode.UNIT_CONVERTED, Severity.INFO, "/consignment/totalGrossMassKg",
                        "1.2 LB converted to kg"),
                new DataQuality.Flag(FlagCode.CURRENCY_CONVERTED, Severity.INFO, "/items/1/value",
                        "19.90 USD converted at ECB 2026-11-20 rate")));
        Declaration d = QualityFixtures.declaration("DE", NatureOfTransaction.SALE_OF_GOODS, "0.544",
                List.of(QualityFixtures.item(1, "Cotton T-shirt", HsCodes.classify("610910", "DE"), "0.300",
                                Money.of("18.00", "EUR")),
                        QualityFixtures.item(2, "Parts", null, "0.300", Money.of("17.13", "EUR"))),
                null, null, LocalDate.of(2026, 11, 20), earlier);

        Declaration out = DataQualityRules.evaluate(d, CTX);

        assertThat(out.declarationKind()).isEqualTo(DeclarationKind.EU_H7);
        assertThat(flags(out)).containsExactly(
                "MASS_INCONSISTENT WARNING /consignment/totalGrossMassKg",
                "UNIT_CONVERTED INFO /consignment/totalGrossMassKg",
                "TEXT_NORMALISED INFO /items/0/description",
                "VAGUE_DESCRIPTION WARNING /items/1/description",
                "HS_MISSING WARNING /items/1/hsCode",
                "CURRENCY_CONVERTED INFO /items/1/value");
    }

    @Test
    void runningTwiceIsRunningOnceAndExactDuplicatesAreDropped() {
        DataQuality doubled = new DataQuality(List.of(
                new DataQuality.Flag(FlagCode.ORIGIN_ASSUMED, Severity.WARNING, "/items/0/countryOfOrigin", "CN"),
                new DataQuality.Flag(FlagCode.ORIGIN_ASSUMED, Severity.WARNING, "/items/0/countryOfOrigin", "CN")));
        Declaration d = QualityFixtures.declaration("DE", NatureOfTransaction.SALE_OF_GOODS, "0.100",
                List.of(QualityFixtures.item(1, "gift", null, "0.300", Money.of("400.00", "EUR"))),
                "IM123", null, null, doubled);
        Declaration once = DataQualityRules.evaluate(d, CTX);
        Declaration twice = DataQualityRules.evaluate(once, CTX);

        assertThat(twice).isEqualTo(once);
        assertThat(once.declarationKind()).isEqualTo(DeclarationKind.EU_ENS_HOUSE);
        assertThat(flags(once)).containsExactly(
                "DE_MINIMIS_EXCEEDED WARNING /consignment/intrinsicValue",
                "IOSS_FORMAT WARNING /consignment/iossNumber",
                "MASS_INCONSISTENT WARNING /consignment/totalGrossMassKg",
                "ORIGIN_ASSUMED WARNING /items/0/countryOfOrigin",
                "VAGUE_DESCRIPTION WARNING /items/0/description",
                "HS_MISSING ERROR /items/0/hsCode");
    }

    @Test
    void aDeclarationWithoutAnyFindingHasNoDataQuality() {
        Declaration d = QualityFixtures.declaration("US", NatureOfTransaction.SALE_OF_GOODS, "1.000",
                List.of(QualityFixtures.item(1, "Cotton T-shirt", HsCodes.classify("610910", "US"), "0.300",
                        Money.of("18.00", "USD"))), null, null, null, null);
        Declaration out = DataQualityRules.evaluate(d, CTX);
        assertThat(out.dataQuality()).isNull();
        assertThat(out.declarationKind()).isEqualTo(DeclarationKind.US_T86);
    }
}
