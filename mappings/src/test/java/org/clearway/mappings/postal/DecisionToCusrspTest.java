package org.clearway.mappings.postal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.clearway.mappings.canonical.CanonicalJson;
import org.clearway.mappings.canonical.Correlation;
import org.clearway.mappings.canonical.Decision;
import org.clearway.mappings.canonical.DecisionKind;
import org.clearway.mappings.canonical.DecisionStatus;
import org.clearway.mappings.canonical.Money;
import org.clearway.mappings.canonical.RequestType;
import org.clearway.mappings.canonical.TaxType;
import org.clearway.mappings.canonical.Track;
import org.clearway.mappings.gw10.BusinessProblem;
import org.clearway.mappings.gw10.CusitmMessage;
import org.clearway.mappings.gw10.CusrspCodes;
import org.clearway.mappings.gw10.CusrspInterchange;
import org.clearway.mappings.gw10.CusrspItemDecision;
import org.clearway.mappings.gw10.CusrspMessage;
import org.clearway.mappings.gw10.CusrspReader;
import org.clearway.mappings.gw10.CusrspWriter;
import org.clearway.mappings.gw10.DecisionReason;
import org.clearway.mappings.gw10.ProblemCodes;
import org.clearway.mappings.gw10.ResponseError;
import org.clearway.mappings.gw10.TaxLine;
import org.junit.jupiter.api.Test;

class DecisionToCusrspTest {

    private static final UUID DECISION_ID = UUID.fromString("0193f2d0-11aa-7b2c-8e01-3f4a5b6c7d8e");
    private static final Instant WRITTEN = Instant.parse("2026-11-24T10:15:00Z");
    private static final CusrspEnvelope ENVELOPE = new CusrspEnvelope("DECUSTGW", "ZZZ", "DEPOSTGW", "ZZZ",
            "DC0000000001", WRITTEN, null, "\n", false);
    private static final CusitmMessage SAMPLE_02 = PostalSamples.read("02-two-items-three-pieces.edi").get(0);
    private static final PostalSourceRefs TEA = PostalSourceRefs.of(SAMPLE_02, SAMPLE_02.items().get(0));
    private static final PostalSourceRefs SWEATER = PostalSourceRefs.of(SAMPLE_02, SAMPLE_02.items().get(1));

    private static Decision decision(DecisionStatus status, Decision.Reason reason, String officeRef,
                                     List<Decision.Tax> taxes, Money totalPayable) {
        Track track = status.allows(Track.CLEARANCE) ? Track.CLEARANCE : Track.SECURITY;
        List<Decision.Request> requests = status.requiresRequests()
                ? List.of(new Decision.Request(RequestType.DOCUMENT, null, "invoice please", null, null)) : null;
        return new Decision(Decision.SPEC_VERSION, DECISION_ID, status.kind(), status, track, false, 1, null,
                PostalSamples.DECLARATION_ID, 1, null, null,
                new Correlation("CP473124829GB", null, null, null, null, "XB9D2E5B1A0C9E4F21", null),
                new Decision.CustomsAuthority("DE", "DEMO-CUSTOMS", officeRef), null,
                Instant.parse("2026-11-24T10:02:00Z"), Instant.parse("2026-11-24T10:02:01.500Z"), reason, requests,
                null, taxes, totalPayable, null, null);
    }

    private static Decision decision(DecisionStatus status, Decision.Reason reason) {
        return decision(status, reason, "DE004850", null, null);
    }

    /** Writes, reads back and checks that the record survives the EDIFACT round trip. */
    private static CusrspMessage roundTrip(CusrspInterchange ic) {
        byte[] edi = CusrspWriter.write(ic);
        CusrspInterchange back = CusrspReader.read(edi);
        assertThat(back.messages()).hasSize(1);
        CusrspMessage m = back.messages().get(0);
        assertThat(CusrspCodes.checkOutbound(m)).isEmpty();
        assertThat(back.senderId()).isEqualTo("DECUSTGW");
        assertThat(back.recipientId()).isEqualTo("DEPOSTGW");
        assertThat(back.recipientQualifier()).isEqualTo("ZZZ");
        assertThat(back.controlRef()).isEqualTo("DC0000000001");
        assertThat(back.syntax().syntaxIdentifier()).isEqualTo("UNOC");
        assertThat(m.cusitmMessageNumber()).isEqualTo("DEPOST-20261124-0002");
        assertThat(m.cusitmMessageTime()).isEqualTo(Instant.parse("2026-11-24T08:30:00Z"));
        assertThat(m.post()).isEqualTo("DEA");
        return m;
    }

    // UNOC keeps lower case (only UNOA is upper-cased by the writer, MIG §3.3)
    private static CusrspItemDecision only(CusrspMessage m) {
        assertThat(m.items()).hasSize(1);
        return m.items().get(0);
    }

    @Test
    void releasedWithZrsReasonGivesDecision10AndFtx() {
        Decision d = decision(DecisionStatus.RELEASED, new Decision.Reason("R11", "VAT PAID UNDER IOSS"));
        CusrspMessage m = roundTrip(DecisionToCusrsp.forDecision(d, TEA, List.of(), CusrspOptions.defaults(),
                ENVELOPE).orElseThrow());
        assertThat(m.documentCode()).isEqualTo("961");
        assertThat(m.responseNumber()).isEqualTo("GW-01JFSD04DAFCP8W09Z99DPRZCE");
        assertThat(m.customsOffice()).isEqualTo("DE004850");
        assertThat(m.messageTime()).isEqualTo(WRITTEN);
        CusrspItemDecision item = only(m);
        assertThat(item.sequence()).isEqualTo(1);
        assertThat(item.s10()).isEqualTo("CP473124829GB");
        assertThat(item.decisionCode()).isEqualTo("10");
        assertThat(item.decidedAt()).isEqualTo(Instant.parse("2026-11-24T10:02:00Z"));
        assertThat(item.reasons()).containsExactly(new DecisionReason("R11", "VAT PAID UNDER IOSS"));
        assertThat(item.totalPayable()).isNull();
        String text = new String(CusrspWriter.write(DecisionToCusrsp.forDecision(d, TEA, List.of(),
                CusrspOptions.defaults(), ENVELOPE).orElseThrow()), StandardCharsets.ISO_8859_1);
        assertThat(text).contains("GIS+10:ZDC'\nDTM+ZCL:202611241002:203'\nFTX+AAI++R11:ZRS+VAT PAID UNDER IOSS'");
    }

    @Test
    void dutiesPayableMatchesTheSecondItemOfSample10() {
        List<Decision.Tax> taxes = List.of(
                new Decision.Tax(null, TaxType.DUTY, "A00", Money.of("166.40", "EUR"), new BigDecimal("12.00"),
                        Money.of("19.97", "EUR")),
                new Decision.Tax(null, TaxType.VAT, "B00", Money.of("186.37", "EUR"), new BigDecimal("19"),
                        Money.of("35.41", "EUR")));
        Decision base = decision(DecisionStatus.DUTIES_PAYABLE, null, "DE004850", taxes, Money.of("55.38", "EUR"));
        Decision d = new Decision(base.specVersion(), base.decisionId(), base.kind(), base.status(), base.track(), true,
                1, null, base.declarationId(), 1, null, null, base.correlation(), base.customsAuthority(), null,
                Instant.parse("2026-11-24T10:03:00Z"), base.receivedAt(), null, null, null, taxes,
                base.totalPayable(), null, null);
        CusrspInterchange ic = DecisionToCusrsp.forDecision(d, SWEATER, List.of(), CusrspOptions.defaults(), ENVELOPE)
                .orElseThrow();
        CusrspItemDecision ours = only(roundTrip(ic));

        CusrspItemDecision expected = CusrspReader.read(PostalSamples.bytes("10-cusrsp-release-and-taxes.edi"))
                .messages().get(0).items().get(1);
        assertThat(ours.s10()).isEqualTo(expected.s10());
        assertThat(ours.decisionCode()).isEqualTo("11").isEqualTo(expected.decisionCode());
        assertThat(ours.decidedAt()).isEqualTo(expected.decidedAt());
        assertThat(ours.reasons()).isEqualTo(expected.reasons()).isEmpty();
        assertThat(ours.totalPayable()).isEqualTo(expected.totalPayable());
        assertThat(ours.taxes()).usingRecursiveFieldByFieldElementComparator(
                        org.assertj.core.api.recursive.comparison.RecursiveComparisonConfiguration.builder()
                                .withComparatorForType(BigDecimal::compareTo, BigDecimal.class).build())
                .containsExactlyElementsOf(expected.taxes());

        // byte for byte: the SG3 body and SG1 of sample 10 (header refs differ by design; CNI echoes the CUSITM item sequence)
        String sample = new String(PostalSamples.bytes("10-cusrsp-release-and-taxes.edi"), StandardCharsets.ISO_8859_1);
        String written = new String(CusrspWriter.write(ic), StandardCharsets.ISO_8859_1);
        String sampleBody = sample.substring(sample.indexOf("GIS+11:ZDC"), sample.indexOf("UNT+"));
        String writtenBody = written.substring(written.indexOf("GIS+11:ZDC"), written.indexOf("UNT+"));
        assertThat(writtenBody).isEqualTo(sampleBody);
        assertThat(written).contains("NAD+MS+DE004850'\nNAD+MR+DEA'\nRFF+ACW:DEPOST-20261124-0002'\n"
                + "DTM+171:202611240830:203'\nCNI+2+LX204812345US'");
    }

    @Test
    void gstBackendsWriteGstAndOtherTaxTypesMapPerSection64() {
        List<Decision.Tax> taxes = List.of(
                new Decision.Tax(null, TaxType.VAT, null, null, new BigDecimal("10"), Money.of("5.00", "AUD")),
                new Decision.Tax(null, TaxType.HANDLING, null, null, null, Money.of("2.00", "AUD")),
                new Decision.Tax(null, TaxType.ANTIDUMPING, null, null, null, Money.of("1.00", "AUD")));
        Decision d = decision(DecisionStatus.DUTIES_PAYABLE, null, null, taxes, Money.of("8.00", "AUD"));
        CusrspItemDecision item = only(roundTrip(DecisionToCusrsp.forDecision(d, TEA, List.of(),
                new CusrspOptions(Map.of(), true), ENVELOPE).orElseThrow()));
        assertThat(item.taxes()).extracting(TaxLine::type).containsExactlyInAnyOrder("GST", "ZHF", "ZOT");
    }

    @Test
    void dutiesPayableWhoseTotalIsNotTheSumIsRefused() {
        List<Decision.Tax> taxes = List.of(new Decision.Tax(null, TaxType.VAT, null, null, null,
                Money.of("5.00", "EUR")));
        Decision d = decision(DecisionStatus.DUTIES_PAYABLE, null, null, taxes, Money.of("6.00", "EUR"));
        assertThatThrownBy(() -> DecisionToCusrsp.forDecision(d, TEA, List.of(), CusrspOptions.defaults(), ENVELOPE))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("E125");
    }

    @Test
    void holdUsesTheBackendReasonMapAndTheCusitmOfficeWhenCustomsGivesNone() {
        Decision d = decision(DecisionStatus.HOLD_FOR_INSPECTION, new Decision.Reason("RISK_CONTROL", "random check"),
                null, null, null);
        CusrspMessage m = roundTrip(DecisionToCusrsp.forDecision(d, TEA, List.of(),
                new CusrspOptions(Map.of("RISK_CONTROL", "R08"), false), ENVELOPE).orElseThrow());
        assertThat(m.customsOffice()).isEqualTo("DE004850"); // the CUSITM's NAD MR
        assertThat(only(m).decisionCode()).isEqualTo("20");
        assertThat(only(m).reasons()).containsExactly(new DecisionReason("R08", "random check"));

        CusrspItemDecision bare = only(roundTrip(DecisionToCusrsp.forDecision(
                decision(DecisionStatus.HOLD_FOR_INSPECTION, null), TEA, List.of(), CusrspOptions.defaults(),
                ENVELOPE).orElseThrow()));
        assertThat(bare.decisionCode()).isEqualTo("20");
        assertThat(bare.reasons()).isEmpty();
    }

    @Test
    void requestForInformationWithoutMappedReasonGivesR99() {
        CusrspItemDecision unmapped = only(roundTrip(DecisionToCusrsp.forDecision(
                decision(DecisionStatus.REQUEST_FOR_INFORMATION, new Decision.Reason("DOCS_NEEDED", "send invoice")),
                TEA, List.of(), CusrspOptions.defaults(), ENVELOPE).orElseThrow()));
        assertThat(unmapped.decisionCode()).isEqualTo("21");
        assertThat(unmapped.reasons()).containsExactly(new DecisionReason("R99", "send invoice"));

        CusrspItemDecision none = only(roundTrip(DecisionToCusrsp.forDecision(
                decision(DecisionStatus.REQUEST_FOR_INFORMATION, null), TEA, List.of(), CusrspOptions.defaults(),
                ENVELOPE).orElseThrow()));
        assertThat(none.reasons()).containsExactly(new DecisionReason("R99", "REQUEST_FOR_INFORMATION"));
    }

    @Test
    void doNotLoadAndScreeningGiveR07() {
        CusrspItemDecision dnl = only(roundTrip(DecisionToCusrsp.forDecision(decision(DecisionStatus.DO_NOT_LOAD,
                null), TEA, List.of(), CusrspOptions.defaults(), ENVELOPE).orElseThrow()));
        assertThat(dnl.decisionCode()).isEqualTo("30");
        assertThat(dnl.reasons()).extracting(DecisionReason::code).containsExactly("R07");
        CusrspItemDecision rfs = only(roundTrip(DecisionToCusrsp.forDecision(
                decision(DecisionStatus.REQUEST_FOR_SCREENING, null), TEA, List.of(), CusrspOptions.defaults(),
                ENVELOPE).orElseThrow()));
        assertThat(rfs.decisionCode()).isEqualTo("20");
        assertThat(rfs.reasons()).extracting(DecisionReason::code).containsExactly("R07");
        CusrspItemDecision ac = only(roundTrip(DecisionToCusrsp.forDecision(
                decision(DecisionStatus.ASSESSMENT_COMPLETE, null), TEA, List.of(), CusrspOptions.defaults(),
                ENVELOPE).orElseThrow()));
        assertThat(ac.decisionCode()).isEqualTo("31");
    }

    @Test
    void finalOutcomesNeedAReasonAndGet40To43() {
        Map<DecisionStatus, String> codes = Map.of(DecisionStatus.SEIZED, "40", DecisionStatus.RETURN_TO_SENDER, "41",
                DecisionStatus.DESTROYED, "42", DecisionStatus.REFUSED, "43");
        codes.forEach((status, zdc) -> {
            CusrspItemDecision item = only(roundTrip(DecisionToCusrsp.forDecision(decision(status, null), TEA,
                    List.of(), CusrspOptions.defaults(), ENVELOPE).orElseThrow()));
            assertThat(item.decisionCode()).isEqualTo(zdc);
            assertThat(item.reasons()).extracting(DecisionReason::code).containsExactly("R99");
        });
    }

    @Test
    void acceptedAcknowledgementWritesNoCusrspAndRejectedGives90WithE199() {
        assertThat(DecisionToCusrsp.forDecision(decision(DecisionStatus.ACCEPTED, null), TEA, List.of(),
                CusrspOptions.defaults(), ENVELOPE)).isEmpty();

        CusrspMessage m = roundTrip(DecisionToCusrsp.forDecision(decision(DecisionStatus.REJECTED,
                new Decision.Reason("SCHEMA", "consignee EORI unknown")), TEA, List.of(), CusrspOptions.defaults(),
                ENVELOPE).orElseThrow());
        assertThat(m.documentCode()).isEqualTo("963");
        assertThat(only(m).decisionCode()).isEqualTo("90");
        assertThat(only(m).problems()).containsExactly(new ResponseError("2", "1", "", "CNI", "E199",
                "consignee EORI unknown"));
    }

    @Test
    void storedWarningsAreAttached() {
        ResponseError w102 = ResponseError.of(new BusinessProblem(ProblemCodes.W102_S10_CHECK_DIGIT, 1, null, "CNI",
                "2:1", "CHECK DIGIT SHOULD BE 5"));
        CusrspItemDecision item = only(roundTrip(DecisionToCusrsp.forDecision(decision(DecisionStatus.RELEASED, null),
                TEA, List.of(w102), CusrspOptions.defaults(), ENVELOPE).orElseThrow()));
        assertThat(item.decisionCode()).isEqualTo("10");
        assertThat(item.problems()).containsExactly(w102);
    }

    @Test
    void theDecisionExampleOfTheCanonicalModelGivesDecision11WithR99() throws IOException {
        byte[] json;
        try (InputStream in = getClass().getResourceAsStream("/postal/decision-example.json")) {
            json = in.readAllBytes();
        }
        Decision d = CanonicalJson.readDecision(json);
        assertThat(d.kind()).isEqualTo(DecisionKind.DECISION);
        CusrspMessage m = roundTrip(DecisionToCusrsp.forDecision(d, TEA, List.of(), CusrspOptions.defaults(),
                ENVELOPE).orElseThrow());
        assertThat(m.responseNumber()).isEqualTo("GW-01JFSD04DAFCP8W09Z99DPRZCE");
        assertThat(m.customsOffice()).isEqualTo("DE004851");
        CusrspItemDecision item = only(m);
        assertThat(item.decisionCode()).isEqualTo("11");
        assertThat(item.totalPayable().value()).isEqualByComparingTo("7.94");
        assertThat(item.taxes()).hasSize(2).allSatisfy(t -> assertThat(t.type()).isEqualTo("VAT"));
        assertThat(item.reasons()).extracting(DecisionReason::code).containsExactly("R99");
        CusrspItemDecision mapped = only(roundTrip(DecisionToCusrsp.forDecision(d, TEA, List.of(),
                new CusrspOptions(Map.of("IOSS_NOT_APPLICABLE", "R10"), false), ENVELOPE).orElseThrow()));
        assertThat(mapped.reasons()).extracting(DecisionReason::code).containsExactly("R10");
    }

    @Test
    void validationRejectionAnswersOnlyRejectedItemsWithDecision90() {
        UUID rejection = UUID.fromString("019ab3c4-0000-7000-8000-000000000001");
        Instant validatedAt = Instant.parse("2026-11-24T08:31:00Z");
        List<BusinessProblem> problems = List.of(
                new BusinessProblem(ProblemCodes.E110_COUNTRY_INVALID, 1, null, "NAD", "2:1", "COUNTRY UK IS NOT ISO"),
                new BusinessProblem(ProblemCodes.E123_VALUE_SUM_MISMATCH, 1, null, "MOA", "2:1", "SUM 42.50 <> 43.00"),
                new BusinessProblem(ProblemCodes.W151_DESCRIPTION_GENERIC, 1, 2, "FTX", "2:1:2", "TOO GENERIC"),
                new BusinessProblem(ProblemCodes.W115_ORIGIN_MISSING, 2, 1, "LIN", "2:2:1", "NO ORIGIN"));
        CusrspInterchange ic = DecisionToCusrsp.forValidation(SAMPLE_02, problems, rejection, validatedAt, ENVELOPE)
                .orElseThrow();
        CusrspMessage m = roundTrip(ic);
        assertThat(m.documentCode()).isEqualTo("963");
        assertThat(m.responseNumber()).isEqualTo("GW-" + CusrspCodes.crockford(rejection));
        assertThat(m.customsOffice()).isEqualTo("DE004850");
        assertThat(m.errors()).isEmpty();
        CusrspItemDecision item = only(m); // item 2 only has a warning: not answered here
        assertThat(item.s10()).isEqualTo("CP473124829GB");
        assertThat(item.decisionCode()).isEqualTo("90");
        assertThat(item.decidedAt()).isEqualTo(validatedAt);
        assertThat(item.problems()).extracting(ResponseError::code).containsExactly("E110", "E123", "W151");
        assertThat(item.problems().get(0)).isEqualTo(new ResponseError("2", "1", "", "NAD", "E110",
                "COUNTRY UK IS NOT ISO"));
        assertThat(item.problems().get(2).subItemNumber()).isEqualTo("2");

        assertThat(DecisionToCusrsp.forValidation(SAMPLE_02, problems.subList(3, 4), rejection, validatedAt,
                ENVELOPE)).isEmpty();
    }

    @Test
    void duplicateMessageNumberIsAnsweredInSg2Only() {
        List<BusinessProblem> problems = List.of(BusinessProblem.messageLevel(ProblemCodes.E141_DUPLICATE_MESSAGE_NUMBER,
                "BGM", "BGM NUMBER DEPOST-20261124-0002 ALREADY USED"),
                new BusinessProblem(ProblemCodes.E110_COUNTRY_INVALID, 1, null, "NAD", "2:1", "COUNTRY"));
        Optional<CusrspInterchange> ic = DecisionToCusrsp.forValidation(SAMPLE_02, problems,
                UUID.fromString("019ab3c4-0000-7000-8000-000000000002"), Instant.parse("2026-11-24T08:31:00Z"),
                ENVELOPE);
        CusrspMessage m = roundTrip(ic.orElseThrow());
        assertThat(m.items()).isEmpty();
        assertThat(m.errors()).containsExactly(new ResponseError("1", "", "", "BGM", "E141",
                "BGM NUMBER DEPOST-20261124-0002 ALREADY USED"));
        assertThat(m.documentCode()).isEqualTo("963");
    }
}
