package org.clearway.mappings.gw10;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * Business rules of MIG §9: the valid samples raise nothing, and each broken variant of sample 02
 * raises exactly the code of its rule (no collateral codes, all problems collected).
 */
class CusitmValidatorTest {

    private static final String BASE = new String(Samples.bytes("02-two-items-three-pieces.edi"),
            StandardCharsets.ISO_8859_1);

    @ParameterizedTest
    @ValueSource(strings = {"01-minimal-item.edi", "02-two-items-three-pieces.edi", "03-many-content-pieces.edi",
            "04-multi-message-crlf.edi", "05-una-custom-separators.edi", "06-release-characters.edi",
            "07-unoc-latin1.edi", "08-unoy-utf8-v4.edi", "09-decimal-comma-crlf.edi"})
    void validSamplesRaiseNoErrorsAndNoWarnings(String sample) {
        List<CusitmMessage> messages = CusitmReader.readAll(Samples.bytes(sample));
        assertThat(messages).isNotEmpty();
        for (CusitmMessage m : messages) {
            CusitmValidation v = CusitmValidator.validate(m, ValidationSettings.defaults());
            assertThat(v.items()).hasSameSizeAs(m.items());
            assertThat(v.allProblems()).as(sample).isEmpty();
        }
    }

    static Stream<Arguments> brokenVariants() {
        return Stream.of(
                // V2: accept but flag
                Arguments.of("bad check digit", "CNI+1+CP473124829GB", "CNI+1+CP473124828GB", List.of("W102"), "2:1", "CNI"),
                Arguments.of("malformed S10", "CNI+1+CP473124829GB", "CNI+1+CP47312482GB", List.of("E101"), "2:1", "CNI"),
                Arguments.of("UK is not ISO 3166", "BERLIN++10435+DE'", "BERLIN++10435+UK'", List.of("E110"), "2:1", "NAD"),
                Arguments.of("EU origin", "LOC+27+IN'", "LOC+27+EU'", List.of("E110"), "2:1:1", "LOC"),
                Arguments.of("test currency XTS", "MOA+ZPO:9.80:GBP", "MOA+ZPO:9.80:XTS", List.of("E111"), "2:1", "MOA"),
                Arguments.of("historic currency DEM", "MOA+ZPO:9.80:GBP", "MOA+ZPO:9.80:DEM", List.of("E111"), "2:1", "MOA"),
                Arguments.of("HS with a letter", "LIN+1++090240:HS", "LIN+1++09024A:HS", List.of("E112"), "2:1:1", "LIN"),
                Arguments.of("5-digit HS", "LIN+1++090240:HS", "LIN+1++09024:HS", List.of("E112"), "2:1:1", "LIN"),
                Arguments.of("category 11 without HS", "LIN+2++691200:HS'", "LIN+2'", List.of("E113"), "2:1:2", "LIN"),
                Arguments.of("origin missing for category 11", "LOC+27+CN'\n", "", List.of("W115"), "2:1:2", "LIN"),
                Arguments.of("bad IOSS", "RFF+ZIO:IM3720001234", "RFF+ZIO:IM372000123", List.of("W116"), "2:1", "RFF"),
                Arguments.of("addressee without street", "KLAUS WEBER+RINGSTRASSE 5+", "KLAUS WEBER++", List.of("W117"), "2:2", "NAD"),
                Arguments.of("QTY unit other than pieces", "QTY+1:2'", "QTY+1:2:KGM'", List.of("W118"), "2:1:1", "QTY"),
                Arguments.of("two senders, no addressee", "NAD+CN+++KLAUS", "NAD+CZ+++KLAUS", List.of("E119", "E119"), "2:2", "NAD"),
                Arguments.of("QTY 1.5", "QTY+1:2'", "QTY+1:1.5'", List.of("E120"), "2:1:1", "QTY"),
                Arguments.of("QTY 0", "QTY+1:2'", "QTY+1:0'", List.of("E120"), "2:1:1", "QTY"),
                Arguments.of("negative postage", "MOA+ZPO:9.80:GBP", "MOA+ZPO:-9.80:GBP", List.of("E121"), "2:1", "MOA"),
                Arguments.of("zero net weight", "MEA+WT+AAA+KGM:0.700", "MEA+WT+AAA+KGM:0", List.of("E121"), "2:1:2", "MEA"),
                Arguments.of("net above gross", "MEA+WT+AAB+KGM:1.350", "MEA+WT+AAB+KGM:1.100", List.of("E122"), "2:1", "MEA"),
                Arguments.of("sum mismatch", "MOA+ZDV:42.50:GBP", "MOA+ZDV:43.50:GBP", List.of("E123"), "2:1", "MOA"),
                Arguments.of("piece in another currency", "MOA+203:24.50:GBP", "MOA+203:24.50:EUR", List.of("W124"), "2:1", "MOA"),
                Arguments.of("unknown ZCI code", "GIS+11:ZCI'\nGIS+C:ZMC", "GIS+12:ZCI'\nGIS+C:ZMC", List.of("E130"), "2:1", "GIS"),
                Arguments.of("unknown ZMK code", "GIS+C:ZMC'\nGIS+A:ZMK", "GIS+C:ZMC'\nGIS+Q:ZMK", List.of("E130"), "2:1", "GIS"),
                Arguments.of("posted 2 days after the message", "DTM+11:20261120:102", "DTM+11:20261126:102", List.of("E131"), "2:1", "DTM"),
                Arguments.of("posted more than a year before", "DTM+11:20261120:102", "DTM+11:20251123:102", List.of("E131"), "2:1", "DTM"),
                Arguments.of("not a real date", "DTM+11:20261120:102", "DTM+11:20261131:102", List.of("E131"), "2:1", "DTM"),
                Arguments.of("GIFT as description", "FTX+AAA+++CERAMIC TEAPOT", "FTX+AAA+++GIFT", List.of("W151"), "2:1:2", "FTX"),
                Arguments.of("generic words only", "FTX+AAA+++CERAMIC TEAPOT", "FTX+AAA+++Gifts, goods", List.of("W151"), "2:1:2", "FTX"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("brokenVariants")
    void brokenVariantRaisesOnlyItsCode(String name, String from, String to, List<String> codes, String pointer,
                                        String segment) {
        assertThat(BASE).contains(from);
        String edi = BASE.replaceFirst(java.util.regex.Pattern.quote(from), java.util.regex.Matcher.quoteReplacement(to));
        CusitmMessage m = CusitmReader.readAll(edi.getBytes(StandardCharsets.ISO_8859_1)).get(0);
        List<BusinessProblem> problems = CusitmValidator.validate(m, ValidationSettings.defaults()).allProblems();
        assertThat(problems).extracting(BusinessProblem::code).containsExactlyElementsOf(codes);
        assertThat(problems).allSatisfy(p -> {
            assertThat(p.erpPointer()).isEqualTo(pointer);
            assertThat(p.segmentTag()).isEqualTo(segment);
            assertThat(p.text()).isNotBlank();
        });
    }

    @Test
    void sumWithinOneCentIsAccepted() {
        String edi = BASE.replace("MOA+ZDV:42.50:GBP", "MOA+ZDV:42.51:GBP");
        CusitmMessage m = CusitmReader.readAll(edi.getBytes(StandardCharsets.ISO_8859_1)).get(0);
        assertThat(CusitmValidator.validate(m, ValidationSettings.defaults()).allProblems()).isEmpty();
    }

    @Test
    void postedOneDayAfterTheMessageIsAccepted() {
        String edi = BASE.replace("DTM+11:20261120:102", "DTM+11:20261125:102");
        CusitmMessage m = CusitmReader.readAll(edi.getBytes(StandardCharsets.ISO_8859_1)).get(0);
        assertThat(CusitmValidator.validate(m, ValidationSettings.defaults()).allProblems()).isEmpty();
    }

    @Test
    void duplicateS10IsReportedOnTheSecondItemOnly() {
        String edi = BASE.replace("CNI+2+LX204812345US", "CNI+2+CP473124829GB");
        CusitmMessage m = CusitmReader.readAll(edi.getBytes(StandardCharsets.ISO_8859_1)).get(0);
        CusitmValidation v = CusitmValidator.validate(m, ValidationSettings.defaults());
        assertThat(v.items().get(0).problems()).isEmpty();
        assertThat(v.items().get(1).problems()).extracting(BusinessProblem::code).containsExactly("E103");
        assertThat(v.items().get(1).rejected()).isTrue();
    }

    @Test
    void sequenceGapKeepsTheReceivedNumberInThePointer() {
        String edi = BASE.replace("CNI+2+LX204812345US", "CNI+3+LX204812345US");
        CusitmMessage m = CusitmReader.readAll(edi.getBytes(StandardCharsets.ISO_8859_1)).get(0);
        List<BusinessProblem> problems = CusitmValidator.validate(m, ValidationSettings.defaults()).allProblems();
        assertThat(problems).singleElement().satisfies(p -> {
            assertThat(p.code()).isEqualTo("W105");
            assertThat(p.erpPointer()).isEqualTo("2:3");
            assertThat(p.itemSequence()).isEqualTo(3);
        });
    }

    @Test
    void collectsEveryProblemOfAnItemNotJustTheFirst() {
        String edi = BASE.replace("CNI+1+CP473124829GB", "CNI+1+CP473124828GB")
                .replace("BERLIN++10435+DE'", "BERLIN++10435+UK'")
                .replace("LIN+1++090240:HS", "LIN+1++09024:HS")
                .replace("QTY+1:2'", "QTY+1:1.5'")
                .replace("FTX+AAA+++CERAMIC TEAPOT", "FTX+AAA+++GOODS");
        CusitmMessage m = CusitmReader.readAll(edi.getBytes(StandardCharsets.ISO_8859_1)).get(0);
        CusitmValidation v = CusitmValidator.validate(m, ValidationSettings.defaults());
        assertThat(v.items().get(0).problems()).extracting(BusinessProblem::code)
                .containsExactlyInAnyOrder("W102", "E110", "E112", "E120", "W151");
        assertThat(v.items().get(0).rejected()).isTrue();
        assertThat(v.items().get(0).warnings()).extracting(BusinessProblem::code).containsExactlyInAnyOrder("W102", "W151");
        assertThat(v.items().get(1).problems()).isEmpty();
    }

    @Test
    void denyListIsConfigurable() {
        String edi = BASE.replace("FTX+AAA+++CERAMIC TEAPOT", "FTX+AAA+++TEAPOT");
        CusitmMessage m = CusitmReader.readAll(edi.getBytes(StandardCharsets.ISO_8859_1)).get(0);
        assertThat(CusitmValidator.validate(m, ValidationSettings.defaults()).allProblems()).isEmpty();
        assertThat(CusitmValidator.validate(m, new ValidationSettings(Set.of("teapot"))).allProblems())
                .extracting(BusinessProblem::code).containsExactly("W151");
    }

    @Test
    void descriptionWithAPreciseWordIsNotGeneric() {
        assertThat(CusitmValidator.isGeneric("PERFUME SAMPLE 2 ML, NOT FOR SALE", ValidationSettings.defaults())).isFalse();
        assertThat(CusitmValidator.isGeneric("Gift", ValidationSettings.defaults())).isTrue();
        assertThat(CusitmValidator.isGeneric("SAMPLE GOODS", ValidationSettings.defaults())).isTrue();
    }

    @Test
    void computesS10CheckDigitsOfTheWorkedExample() {
        assertThat(CusitmValidator.s10CheckDigit("CP473124829GB")).isEqualTo(9);
        assertThat(CusitmValidator.s10CheckDigit("LX204812345US")).isEqualTo(5);
        assertThat(CusitmValidator.s10CheckDigit("RR123456784GB")).isEqualTo(5);
        assertThat(CusitmValidator.s10CheckDigit("CP47312482GB")).isEqualTo(-1);
    }

    @Test
    void codeListsRejectReservedAndHistoricCodes() {
        assertThat(Gw10CodeLists.isCountry("XK")).isTrue();
        assertThat(Gw10CodeLists.isCountry("DE")).isTrue();
        assertThat(List.of("UK", "EU", "EL", "ZZ", "AN", "XA", "QM")).noneMatch(Gw10CodeLists::isCountry);
        assertThat(Gw10CodeLists.countries()).hasSize(250);
        assertThat(Gw10CodeLists.isCurrency("XDR")).isTrue();
        assertThat(List.of("EUR", "USD", "JPY", "CHF", "NOK", "RUB", "CNY", "GBP", "XCG")).allMatch(Gw10CodeLists::isCurrency);
        assertThat(List.of("XTS", "XXX", "XAU", "DEM", "FRF", "HRK", "ZWL", "SLL")).noneMatch(Gw10CodeLists::isCurrency);
    }
}
