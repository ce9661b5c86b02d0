package org.clearway.mappings.gw10;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The CUSRSP reader must give every key value of samples 10 and 11 (MIG §6, §11.2). */
class CusrspReaderTest {

    @Test
    void readsReleaseAndTaxesOfWorkedExampleTwo() {
        CusrspInterchange ic = CusrspReader.read(Samples.bytes("10-cusrsp-release-and-taxes.edi"));
        assertThat(ic.syntax().syntaxIdentifier()).isEqualTo("UNOC");
        assertThat(ic.syntax().hasUna()).isTrue();
        assertThat(ic.lineBreak()).isEqualTo("\n");
        assertThat(ic.senderId()).isEqualTo("DECUSTGW");
        assertThat(ic.recipientId()).isEqualTo("DEPOSTGW");
        assertThat(ic.preparedAt()).isEqualTo(Instant.parse("2026-11-24T10:15:00Z"));
        assertThat(ic.controlRef()).isEqualTo("DC0000000001");
        assertThat(ic.applicationRef()).isEqualTo("CUSRSP");
        assertThat(ic.messages()).hasSize(1);
        CusrspMessage m = ic.messages().get(0);
        assertThat(m.documentCode()).isEqualTo("961");
        assertThat(m.responseNumber()).isEqualTo("DECUST-R-20261124-0001");
        assertThat(m.functionCode()).isEqualTo("9");
        assertThat(m.messageTime()).isEqualTo(Instant.parse("2026-11-24T10:15:00Z"));
        assertThat(m.customsOffice()).isEqualTo("DE004850");
        assertThat(m.post()).isEqualTo("DEA");
        assertThat(m.cusitmMessageNumber()).isEqualTo("DEPOST-20261124-0002");
        assertThat(m.cusitmMessageTime()).isEqualTo(Instant.parse("2026-11-24T08:30:00Z"));
        assertThat(m.errors()).isEmpty();
        assertThat(m.items()).hasSize(2);

        CusrspItemDecision released = m.items().get(0);
        assertThat(released.sequence()).isEqualTo(1);
        assertThat(released.s10()).isEqualTo("CP473124829GB");
        assertThat(released.decisionCode()).isEqualTo("10");
        assertThat(released.decidedAt()).isEqualTo(Instant.parse("2026-11-24T10:02:00Z"));
        assertThat(released.reasons()).containsExactly(new DecisionReason("R11", "VAT PAID UNDER IOSS"));
        assertThat(released.totalPayable()).isNull();
        assertThat(released.taxes()).isEmpty();

        CusrspItemDecision payable = m.items().get(1);
        assertThat(payable.s10()).isEqualTo("LX204812345US");
        assertThat(payable.decisionCode()).isEqualTo("11");
        assertThat(payable.decidedAt()).isEqualTo(Instant.parse("2026-11-24T10:03:00Z"));
        assertThat(payable.totalPayable()).isEqualTo(new Amount("9", new BigDecimal("55.38"), "EUR"));
        assertThat(payable.taxes()).containsExactly(
                new TaxLine("CUD", new BigDecimal("12"), new Amount("124", new BigDecimal("19.97"), "EUR"),
                        new Amount("125", new BigDecimal("166.40"), "EUR")),
                new TaxLine("VAT", new BigDecimal("19"), new Amount("124", new BigDecimal("35.41"), "EUR"),
                        new Amount("125", new BigDecimal("186.37"), "EUR")));
        BigDecimal sum = payable.taxes().stream().map(t -> t.amount().value()).reduce(BigDecimal.ZERO, BigDecimal::add);
        assertThat(sum).isEqualByComparingTo(payable.totalPayable().value());
    }

    @Test
    void readsHoldRfiDoNotLoadAndRejectionMessages() {
        CusrspInterchange ic = CusrspReader.read(Samples.bytes("11-cusrsp-hold-rfi-dnl-reject.edi"));
        assertThat(ic.syntax().hasUna()).isFalse();
        assertThat(ic.lineBreak()).isEqualTo("\r\n");
        assertThat(ic.controlRef()).isEqualTo("DC0000000002");
        assertThat(ic.messages()).hasSize(3);
        assertThat(ic.messages().stream().mapToInt(m -> m.items().size()).sum()).isEqualTo(6);

        CusrspMessage first = ic.messages().get(0);
        assertThat(first.cusitmMessageNumber()).isEqualTo("DEPOST-20261124-0004");
        assertThat(first.messageTime()).isEqualTo(Instant.parse("2026-11-24T10:25:00Z"));
        assertThat(first.items()).extracting(CusrspItemDecision::s10, CusrspItemDecision::decisionCode)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("CA112233447CN", "20"),
                        org.assertj.core.groups.Tuple.tuple("UB556677887CN", "21"));
        assertThat(first.items().get(0).reasons()).containsExactly(new DecisionReason("R08", "RANDOM CONTROL"));
        assertThat(first.items().get(1).reasons())
                .containsExactly(new DecisionReason("R02", "PLEASE SEND THE INVOICE FOR THIS ITEM"));

        CusrspMessage second = ic.messages().get(1);
        assertThat(second.cusitmMessageNumber()).isEqualTo("DEPOST-20261124-0006");
        assertThat(second.items().get(0).s10()).isEqualTo("CB990011220TR");
        assertThat(second.items().get(0).decisionCode()).isEqualTo("30");
        assertThat(second.items().get(0).reasons()).containsExactly(new DecisionReason("R07", ""));
        assertThat(second.items().get(1).s10()).isEqualTo("RA314159268NO");
        assertThat(second.items().get(1).decisionCode()).isEqualTo("31");
        assertThat(second.items().get(1).reasons()).isEmpty();

        CusrspMessage third = ic.messages().get(2);
        assertThat(third.cusitmMessageNumber()).isEqualTo("DEPOST-20261123-0099");
        assertThat(third.cusitmMessageTime()).isEqualTo(Instant.parse("2026-11-23T17:00:00Z"));
        CusrspItemDecision rejected = third.items().get(0);
        assertThat(rejected.s10()).isEqualTo("CQ102030405US");
        assertThat(rejected.decisionCode()).isEqualTo("90");
        assertThat(rejected.problems()).containsExactly(
                new ResponseError("2", "1", "", "NAD", "E110", "ADDRESSEE COUNTRY UK IS NOT AN ISO 3166-1 CODE"),
                new ResponseError("2", "1", "", "MOA", "E123",
                        "SUM OF CONTENT VALUES 25.00 DIFFERS FROM DECLARED VALUE 30.00"));
        CusrspItemDecision warned = third.items().get(1);
        assertThat(warned.s10()).isEqualTo("RR123456784GB");
        assertThat(warned.decisionCode()).isEqualTo("10");
        assertThat(warned.decidedAt()).isEqualTo(Instant.parse("2026-11-24T10:25:00Z"));
        assertThat(warned.problems()).containsExactly(
                new ResponseError("2", "2", "", "CNI", "W102", "S10 CHECK DIGIT DOES NOT MATCH"));
        // the echoed id really has a wrong check digit: 5 expected
        assertThat(CusitmValidator.s10CheckDigit(warned.s10())).isEqualTo(5);
        // message date not earlier than any decision time (README note)
        assertThat(ic.messages()).allSatisfy(m -> assertThat(m.items())
                .allSatisfy(i -> assertThat(i.decidedAt()).isBeforeOrEqualTo(m.messageTime())));
    }

    @Test
    void readsMessageLevelErrorsWithoutItems() {
        String edi = "UNB+UNOC:3+DECUSTGW:ZZZ+DEPOSTGW:ZZZ+261124:1015+DC9'UNH+1+CUSRSP:1:1:AD:GW10'"
                + "BGM+963+GW-X+9'DTM+137:202611241015:203'NAD+MS+DE004850'NAD+MR+DEA'RFF+ACW:N1'"
                + "ERP+1+BGM'ERC+E141:ZGW'FTX+AAO+++DUPLICATE'UNT+10+1'UNZ+1+DC9'";
        CusrspMessage m = CusrspReader.read(edi.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1)).messages().get(0);
        assertThat(m.items()).isEmpty();
        assertThat(m.cusitmMessageTime()).isNull();
        assertThat(m.errors()).containsExactly(new ResponseError("1", "", "", "BGM", "E141", "DUPLICATE"));
        assertThat(CusrspCodes.documentCode(m)).isEqualTo("963");
        assertThat(List.of(m.documentCode())).containsExactly("963");
    }
}
