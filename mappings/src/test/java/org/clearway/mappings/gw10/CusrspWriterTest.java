package org.clearway.mappings.gw10;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.clearway.mappings.edifact.EdifactEnvelope;
import org.junit.jupiter.api.Test;

/**
 * CUSRSP writing (MIG §6, §3): reproduces sample 10 byte for byte, survives a round trip through
 * the reader, escapes and transliterates for the partner's syntax, and applies the §6.4 helpers.
 */
class CusrspWriterTest {

    private static final Instant AT_1015 = Instant.parse("2026-11-24T10:15:00Z");

    private static Amount eur(String qualifier, String value) {
        return new Amount(qualifier, new BigDecimal(value), "EUR");
    }

    private static CusrspMessage sample10Message() {
        CusrspItemDecision released = new CusrspItemDecision(1, "CP473124829GB", "10",
                Instant.parse("2026-11-24T10:02:00Z"), List.of(new DecisionReason("R11", "VAT PAID UNDER IOSS")),
                null, List.of(), List.of());
        CusrspItemDecision payable = new CusrspItemDecision(2, "LX204812345US", "11",
                Instant.parse("2026-11-24T10:03:00Z"), List.of(), eur("9", "55.38"),
                List.of(new TaxLine("CUD", new BigDecimal("12"), eur("124", "19.97"), eur("125", "166.40")),
                        new TaxLine("VAT", new BigDecimal("19"), eur("124", "35.41"), eur("125", "186.37"))),
                List.of());
        return new CusrspMessage("1", null, "DECUST-R-20261124-0001", "9", AT_1015, "DE004850", "DEA",
                "DEPOST-20261124-0002", Instant.parse("2026-11-24T08:30:00Z"), List.of(), List.of(released, payable));
    }

    private static CusrspInterchange interchange(EdifactEnvelope syntax, String lineBreak, List<CusrspMessage> messages) {
        return new CusrspInterchange(syntax, lineBreak, "DECUSTGW", "ZZZ", "DEPOSTGW", "ZZZ", AT_1015,
                "DC0000000001", "CUSRSP", false, messages);
    }

    private static EdifactEnvelope withUna(String id, String version, char decimal) {
        return new EdifactEnvelope(true, ':', '+', decimal, '?', "4".equals(version) ? '*' : ' ', '\'', id, version);
    }

    @Test
    void reproducesSampleTenByteForByte() {
        byte[] written = CusrspWriter.write(interchange(withUna("UNOC", "3", '.'), "\n", List.of(sample10Message())));
        assertThat(new String(written, StandardCharsets.ISO_8859_1))
                .isEqualTo(new String(Samples.bytes("10-cusrsp-release-and-taxes.edi"), StandardCharsets.ISO_8859_1));
        assertThat(written).isEqualTo(Samples.bytes("10-cusrsp-release-and-taxes.edi"));
    }

    @Test
    void writesDefaultProfileWithoutUnaOnOneLine() {
        String text = CusrspWriter.writeString(interchange(CusrspInterchange.defaultSyntax("UNOC", "3"), "",
                List.of(sample10Message())));
        assertThat(text).startsWith("UNB+UNOC:3+DECUSTGW:ZZZ+DEPOSTGW:ZZZ+261124:1015+DC0000000001++CUSRSP'UNH+1+");
        assertThat(text).doesNotContain("\n").doesNotContain("UNA");
        assertThat(text).endsWith("UNT+22+1'UNZ+1+DC0000000001'");
    }

    @Test
    void roundTripsSampleElevenThroughWriterAndReader() {
        CusrspInterchange read = CusrspReader.read(Samples.bytes("11-cusrsp-hold-rfi-dnl-reject.edi"));
        byte[] written = CusrspWriter.write(read);
        assertThat(written).isEqualTo(Samples.bytes("11-cusrsp-hold-rfi-dnl-reject.edi"));
        assertThat(CusrspReader.read(written)).isEqualTo(read);
    }

    @Test
    void roundTripsEscapesLongTextsAndMessageLevelErrors() {
        String longText = "THE INVOICE MUST SHOW: SELLER+BUYER, THE PRICE PER UNIT? AND O'NEILL'S SIGNATURE "
                + "BECAUSE THE DECLARED VALUE OF 10.00 APPEARS TOO LOW FOR THIS KIND OF GOODS";
        CusrspItemDecision rfi = new CusrspItemDecision(1, "CP473124829GB", "21", Instant.parse("2026-11-24T10:05:07Z"),
                List.of(new DecisionReason("R02", longText)), null, List.of(),
                List.of(new ResponseError("2", "1", "2", "MOA", "W124", "MIXED: CURRENCIES")));
        CusrspMessage items = new CusrspMessage("A+1", null, "GW-01JFSD04DAFCP8W09Z99DPRZCE", "9", AT_1015,
                "DE004850", "DEA", "DEPOST?'1", Instant.parse("2026-11-24T08:30:00Z"), List.of(), List.of(rfi));
        CusrspMessage duplicate = new CusrspMessage("2", null, "GW-01JFSD04DAFCP8W09Z99DPRZCF", "9", AT_1015,
                "DE004850", "DEA", "DEPOST-1", null,
                List.of(new ResponseError("1", "", "", "BGM", "E141", "MESSAGE NUMBER ALREADY USED")), List.of());
        CusrspInterchange ic = interchange(CusrspInterchange.defaultSyntax("UNOC", "3"), "", List.of(items, duplicate));

        String text = CusrspWriter.writeString(ic);
        assertThat(text).contains("UNH+A?+1+CUSRSP:1:1:AD:GW10'")
                .contains("RFF+ACW:DEPOST???'1'")
                .contains("DTM+ZCL:20261124100507:204'")
                .contains("ERP+2:1:2+MOA'ERC+W124:ZGW'FTX+AAO+++MIXED?: CURRENCIES'")
                .contains("BGM+961+GW-01JFSD04DAFCP8W09Z99DPRZCE+9'")
                .contains("BGM+963+GW-01JFSD04DAFCP8W09Z99DPRZCF+9'")
                .contains("ERP+1+BGM'ERC+E141:ZGW'")
                .contains("UNZ+2+DC0000000001'");
        // FTX AAI text split at word boundaries into lines of at most 70 characters
        String ftx = text.substring(text.indexOf("FTX+AAI"), text.indexOf("'", text.indexOf("FTX+AAI") + 50));
        assertThat(ftx).startsWith("FTX+AAI++R02:ZRS+THE INVOICE MUST SHOW?: SELLER?+BUYER,");

        CusrspInterchange back = CusrspReader.read(CusrspWriter.write(ic));
        CusrspMessage m1 = back.messages().get(0);
        assertThat(m1.messageRef()).isEqualTo("A+1");
        assertThat(m1.documentCode()).isEqualTo("961");
        assertThat(m1.cusitmMessageNumber()).isEqualTo("DEPOST?'1");
        assertThat(m1.items().get(0).reasons()).containsExactly(new DecisionReason("R02", longText));
        assertThat(m1.items().get(0).decidedAt()).isEqualTo(Instant.parse("2026-11-24T10:05:07Z"));
        assertThat(m1.items().get(0).problems()).isEqualTo(rfi.problems());
        CusrspMessage m2 = back.messages().get(1);
        assertThat(m2.documentCode()).isEqualTo("963");
        assertThat(m2.errors()).isEqualTo(duplicate.errors());
        assertThat(m2.items()).isEmpty();
    }

    @Test
    void unoaUpperCasesAndTransliterates() {
        CusrspItemDecision d = new CusrspItemDecision(1, "CP473124829GB", "20", AT_1015,
                List.of(new DecisionReason("R99", "Prüfung: Straße & Café, contact zoë@zoll.example")), null, List.of(), List.of());
        CusrspMessage m = new CusrspMessage("1", null, "R-1", "9", AT_1015, "DE004850", "DEA", "n-1", AT_1015,
                List.of(), List.of(d));
        CusrspInterchange ic = interchange(CusrspInterchange.defaultSyntax("UNOA", "3"), "", List.of(m));
        byte[] bytes = CusrspWriter.write(ic);
        String text = new String(bytes, StandardCharsets.US_ASCII);
        assertThat(text).contains("FTX+AAI++R99:ZRS+PRUFUNG?: STRASSE & CAFE, CONTACT ZOE??ZOLL.EXAMPLE'")
                .contains("RFF+ACW:N-1'");
        for (byte b : bytes) {
            assertThat(b & 0xFF).isBetween(0x20, 0x7E);
            assertThat((char) b).isNotIn('a', 'z', '@');
        }
    }

    @Test
    void unocTransliteratesNonLatinScriptButKeepsLatin1() {
        CusrspItemDecision d = new CusrspItemDecision(1, "CJ121314152RU", "20", AT_1015,
                List.of(new DecisionReason("R99", "Москва – Genève “Œuvre” Łódź 東")), null, List.of(), List.of());
        CusrspMessage m = new CusrspMessage("1", null, "R-1", "9", AT_1015, "DE004850", "DEA", "N-1", AT_1015,
                List.of(), List.of(d));
        byte[] bytes = CusrspWriter.write(interchange(CusrspInterchange.defaultSyntax("UNOC", "3"), "", List.of(m)));
        String text = new String(bytes, StandardCharsets.ISO_8859_1);
        assertThat(text).contains("+Moskva - Genève \"OEuvre\" Lódz ??'");
    }

    @Test
    void unoyKeepsUnicodeAndAlwaysWritesUna() {
        CusrspItemDecision d = new CusrspItemDecision(1, "CJ121314152RU", "20", AT_1015,
                List.of(new DecisionReason("R99", "Москва 5*3")), null, List.of(), List.of());
        CusrspMessage m = new CusrspMessage("1", null, "R-1", "9", AT_1015, "DE004850", "DEA", "N-1", AT_1015,
                List.of(), List.of(d));
        byte[] bytes = CusrspWriter.write(interchange(CusrspInterchange.defaultSyntax("UNOY", "4"), "", List.of(m)));
        String text = new String(bytes, StandardCharsets.UTF_8);
        assertThat(text).startsWith("UNA:+.?*'UNB+UNOY:4+DECUSTGW:ZZZ+DEPOSTGW:ZZZ+20261124:1015+");
        assertThat(text).contains("+Москва 5?*3'");
        assertThat(CusrspReader.read(bytes).messages().get(0).items().get(0).reasons().get(0).text()).isEqualTo("Москва 5*3");
    }

    @Test
    void decimalCommaProfileWritesUnaAndCommas() {
        EdifactEnvelope comma = new EdifactEnvelope(false, ':', '+', ',', '?', ' ', '\'', "UNOC", "3");
        byte[] bytes = CusrspWriter.write(interchange(comma, "\r\n", List.of(sample10Message())));
        String text = new String(bytes, StandardCharsets.ISO_8859_1);
        assertThat(text).startsWith("UNA:+,? '\r\nUNB+");
        assertThat(text).contains("MOA+9:55,38:EUR'\r\n").contains("TAX+1+CUD+++:::12'\r\n");
        CusrspItemDecision back = CusrspReader.read(bytes).messages().get(0).items().get(1);
        assertThat(back.totalPayable().value()).isEqualByComparingTo("55.38");
    }

    @Test
    void customServiceCharactersEscapeOnlyTheirOwnCharacters() {
        EdifactEnvelope custom = new EdifactEnvelope(true, '|', '^', '.', '\\', ' ', '~', "UNOC", "3");
        CusrspItemDecision d = new CusrspItemDecision(1, "CE765432106HK", "20", AT_1015,
                List.of(new DecisionReason("R99", "A+B: 'X'? 10^3 | ~ \\")), null, List.of(), List.of());
        CusrspMessage m = new CusrspMessage("X1", null, "R-1", "9", AT_1015, "DE004850", "DEA", "N-1", AT_1015,
                List.of(), List.of(d));
        byte[] bytes = CusrspWriter.write(interchange(custom, "\n", List.of(m)));
        String text = new String(bytes, StandardCharsets.ISO_8859_1);
        assertThat(text).startsWith("UNA|^.\\ ~\nUNB^UNOC|3^");
        assertThat(text).contains("FTX^AAI^^R99|ZRS^A+B: 'X'? 10\\^3 \\| \\~ \\\\~");
        assertThat(CusrspReader.read(bytes).messages().get(0).items().get(0).reasons().get(0).text())
                .isEqualTo("A+B: 'X'? 10^3 | ~ \\");
    }

    @Test
    void responseNumberIsCrockfordBase32OfTheEventId() {
        assertThat(CusrspCodes.responseNumber(UUID.fromString("0193f2d0-11aa-7b2c-8e01-3f4a5b6c7d8e")))
                .isEqualTo("GW-01JFSD04DAFCP8W09Z99DPRZCE");
        assertThat(CusrspCodes.crockford(new UUID(0, 0))).isEqualTo("00000000000000000000000000");
        assertThat(CusrspCodes.crockford(new UUID(-1, -1))).isEqualTo("7ZZZZZZZZZZZZZZZZZZZZZZZZZ");
    }

    @Test
    void mapsCanonicalNamesToGatewayCodes() {
        assertThat(CusrspCodes.decisionCode("ASSESSMENT_COMPLETE")).contains("31");
        assertThat(CusrspCodes.decisionCode("DUTIES_PAYABLE")).contains("11");
        assertThat(CusrspCodes.decisionCode("REFUSED")).contains("43");
        assertThat(CusrspCodes.decisionCode("REJECTED")).contains("90");
        assertThat(CusrspCodes.decisionCode("ACCEPTED")).isEmpty();
        assertThat(CusrspCodes.decisionCode("NONSENSE")).isEmpty();

        assertThat(CusrspCodes.taxType("DUTY", false)).isEqualTo("CUD");
        assertThat(CusrspCodes.taxType("VAT", false)).isEqualTo("VAT");
        assertThat(CusrspCodes.taxType("VAT", true)).isEqualTo("GST");
        assertThat(CusrspCodes.taxType("EXCISE", false)).isEqualTo("EXC");
        assertThat(CusrspCodes.taxType("FEE", false)).isEqualTo("ZHF");
        assertThat(CusrspCodes.taxType("HANDLING", false)).isEqualTo("ZHF");
        assertThat(CusrspCodes.taxType("ANTIDUMPING", false)).isEqualTo("ZOT");

        Map<String, String> backend = Map.of("B17", "R04");
        assertThat(CusrspCodes.reason("RELEASED", "R11", "PAID", backend)).contains(new DecisionReason("R11", "PAID"));
        assertThat(CusrspCodes.reason("SEIZED", "B17", "LOW", backend)).contains(new DecisionReason("R04", "LOW"));
        assertThat(CusrspCodes.reason("SEIZED", "X9", "WHY", backend)).contains(new DecisionReason("R99", "WHY"));
        assertThat(CusrspCodes.reason("REFUSED", null, null, backend)).contains(new DecisionReason("R99", "REFUSED"));
        assertThat(CusrspCodes.reason("DO_NOT_LOAD", null, null, backend)).contains(new DecisionReason("R07", ""));
        assertThat(CusrspCodes.reason("REQUEST_FOR_SCREENING", "B17", null, backend)).contains(new DecisionReason("R07", ""));
        assertThat(CusrspCodes.reason("RELEASED", null, null, backend)).isEmpty();
    }

    @Test
    void convertsValidationProblemsIntoSg5Errors() {
        BusinessProblem p = new BusinessProblem("E113", 3, 2, "LIN", "2:3:2", "HS CODE MISSING");
        assertThat(ResponseError.of(p)).isEqualTo(new ResponseError("2", "3", "2", "LIN", "E113", "HS CODE MISSING"));
        assertThat(ResponseError.of(BusinessProblem.messageLevel("E141", "BGM", "DUP")))
                .isEqualTo(new ResponseError("1", "", "", "BGM", "E141", "DUP"));
    }

    @Test
    void outboundCheckAcceptsTheSamplesAndCatchesBrokenResponses() {
        for (String sample : List.of("10-cusrsp-release-and-taxes.edi", "11-cusrsp-hold-rfi-dnl-reject.edi")) {
            assertThat(CusrspReader.read(Samples.bytes(sample)).messages())
                    .allSatisfy(m -> assertThat(CusrspCodes.checkOutbound(m)).isEmpty());
        }
        CusrspItemDecision wrongTotal = new CusrspItemDecision(1, "LX204812345US", "11", AT_1015, List.of(),
                eur("9", "55.39"), List.of(new TaxLine("CUD", null, eur("124", "55.38"), null)), List.of());
        CusrspItemDecision noReason = new CusrspItemDecision(2, "CP473124829GB", "41", AT_1015, List.of(), null,
                List.of(), List.of());
        CusrspItemDecision rejectedWithWarningOnly = new CusrspItemDecision(3, "CP473124829GB", "90", AT_1015,
                List.of(), null, List.of(), List.of(new ResponseError("2", "1", "", "CNI", "W102", "")));
        CusrspMessage m = new CusrspMessage("1", null, "R", "9", AT_1015, "DE004850", "DEA", "N", null, List.of(),
                List.of(wrongTotal, noReason, rejectedWithWarningOnly));
        assertThat(CusrspCodes.checkOutbound(m)).extracting(BusinessProblem::code, BusinessProblem::itemSequence)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("E125", 1),
                        org.assertj.core.groups.Tuple.tuple("E150", 2),
                        org.assertj.core.groups.Tuple.tuple("E199", 3));
    }
}
