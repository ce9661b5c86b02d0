package org.clearway.mappings.rules.quality;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.clearway.mappings.canonical.DataQuality;
import org.clearway.mappings.canonical.Declaration;
import org.clearway.mappings.canonical.FlagCode;
import org.clearway.mappings.canonical.Money;
import org.clearway.mappings.canonical.NatureOfTransaction;
import org.clearway.mappings.canonical.Payment;
import org.clearway.mappings.canonical.PaymentMethod;
import org.clearway.mappings.canonical.Severity;
import org.clearway.mappings.canonical.VatScheme;
import org.junit.jupiter.api.Test;

/** IOSS_FORMAT, IOSS_OVER_THRESHOLD (with and without an IOSS claim) and the IOSS_MISMATCH comparison. */
class IossTest {

    private static final QualityContext CTX = new QualityContext(null, null, null);

    private static Payment payment(VatScheme scheme, String ioss) {
        return new Payment(PaymentMethod.CARD, Money.of("200.00", "EUR"), Instant.parse("2026-11-20T14:02:00Z"),
                "ch_1", null, new Payment.Vat(scheme, ioss, null, null));
    }

    private static Declaration d(String value, String consignmentIoss, Payment payment) {
        return QualityFixtures.declaration("DE", NatureOfTransaction.SALE_OF_GOODS, "1.000",
                List.of(QualityFixtures.item(1, "Cotton T-shirt", null, "0.200", Money.of(value, "EUR"))),
                consignmentIoss, payment, LocalDate.of(2026, 11, 20), null);
    }

    private static List<DataQuality.Flag> flags(Declaration d, FlagCode code) {
        return d.dataQuality() == null ? List.of() : d.dataQuality().flags().stream()
                .filter(f -> f.code() == code).toList();
    }

    @Test
    void overThresholdOnlyWhenThePaymentClaimsIossAndTheValueIsAbove150Eur() {
        assertThat(flags(DataQualityRules.evaluate(d("150.00", null, payment(VatScheme.IOSS, "IM5280001234")), CTX),
                FlagCode.IOSS_OVER_THRESHOLD)).isEmpty();
        assertThat(flags(DataQualityRules.evaluate(d("150.01", null, payment(VatScheme.IOSS, "IM5280001234")), CTX),
                FlagCode.IOSS_OVER_THRESHOLD)).singleElement().satisfies(f -> {
                    assertThat(f.severity()).isEqualTo(Severity.WARNING);
                    assertThat(f.path()).isEqualTo("/consignment/intrinsicValue");
                    assertThat(f.detail()).isEqualTo("IOSS claimed, intrinsic value 150.01 EUR above 150.00 EUR");
                });
        // no IOSS claimed: the value alone raises DE_MINIMIS_EXCEEDED, not IOSS_OVER_THRESHOLD
        Declaration noClaim = DataQualityRules.evaluate(d("500.00", null, payment(VatScheme.NONE, null)), CTX);
        assertThat(flags(noClaim, FlagCode.IOSS_OVER_THRESHOLD)).isEmpty();
        assertThat(flags(noClaim, FlagCode.DE_MINIMIS_EXCEEDED)).hasSize(1);
        // no payment at all (transport data alone): nothing claims IOSS at checkout
        assertThat(flags(DataQualityRules.evaluate(d("500.00", "IM5280001234", null), CTX),
                FlagCode.IOSS_OVER_THRESHOLD)).isEmpty();
    }

    @Test
    void malformedTransportNumberIsFlaggedAndKept() {
        Declaration bad = DataQualityRules.evaluate(d("10.00", "IM12345", null), CTX);
        assertThat(flags(bad, FlagCode.IOSS_FORMAT)).singleElement().satisfies(f -> {
            assertThat(f.path()).isEqualTo("/consignment/iossNumber");
            assertThat(f.detail()).isEqualTo("IOSS number 'IM12345' is not IM + 10 digits");
        });
        assertThat(bad.consignment().iossNumber()).isEqualTo("IM12345");
        assertThat(flags(DataQualityRules.evaluate(d("10.00", "IM5280001234", null), CTX), FlagCode.IOSS_FORMAT))
                .isEmpty();
        assertThat(flags(DataQualityRules.evaluate(d("10.00", null, null), CTX), FlagCode.IOSS_FORMAT)).isEmpty();
        assertThat(Ioss.wellFormed("IM52800012345")).as("11 digits").isFalse();
        assertThat(Ioss.wellFormed("im5280001234")).as("lower case").isFalse();
    }

    @Test
    void mismatchNeedsTwoDifferentNumbers() {
        assertThat(Ioss.checkMismatch("IM5280000001", "IM5280001234", "postal")).get()
                .extracting(DataQuality.Flag::path, DataQuality.Flag::detail)
                .containsExactly("/payment/vat/iossNumber", "postal IM5280000001, platform IM5280001234");
        assertThat(Ioss.checkMismatch("IM5280001234", "IM5280001234", "carrier")).isEmpty();
        assertThat(Ioss.checkMismatch(null, "IM5280001234", "carrier")).isEmpty();
        assertThat(Ioss.checkMismatch("IM5280001234", null, "carrier")).isEmpty();
    }
}
