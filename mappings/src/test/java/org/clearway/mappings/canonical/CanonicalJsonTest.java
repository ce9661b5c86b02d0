package org.clearway.mappings.canonical;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The JCS bytes are what gets signed (CANONICAL-MODEL §10.1): escaping, member order, omission
 * and decimal scale must be exact, and reading the bytes back must give the same record.
 */
class CanonicalJsonTest {

    @Test
    void escapesOnlyQuoteBackslashAndControlCharacters() {
        String nasty = "a\"b\\c\u0000\u0001\u001f\b\f\n\r\t/\u007f\u2028\u00e9\u20ac\uD83D\uDE00";
        String json = new String(CanonicalJson.write(Examples.postal(nasty)), StandardCharsets.UTF_8);
        assertThat(json).contains("\"description\":\"a\\\"b\\\\c\\u0000\\u0001\\u001f\\b\\f\\n\\r\\t/\u007f\u2028\u00e9\u20ac\uD83D\uDE00\"");
    }

    @Test
    void nonBmpCharactersAreWrittenAsFourByteUtf8() {
        byte[] bytes = CanonicalJson.write(Examples.postal("x\uD83D\uDE00y"));
        String hex = TestFiles.hex(bytes);
        assertThat(hex).contains("78f09f988079"); // x U+1F600 y, no \\ud83d escape
    }

    @Test
    void textIsNotNormalisedByTheSerializer() {
        // NFC is applied at the partner edge (§4 Text); JCS itself must not change the string
        String nfd = "Jo\u0308rg";
        Declaration d = Examples.postal(nfd);
        Declaration back = CanonicalJson.readDeclaration(CanonicalJson.write(d));
        assertThat(back.items().get(0).description()).isEqualTo(nfd).isNotEqualTo("J\u00f6rg");
    }

    @Test
    void loneSurrogateIsRefused() {
        assertThatThrownBy(() -> CanonicalJson.write(Examples.postal("bad\uD83D")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("surrogate");
    }

    @Test
    void roundTripKeepsRecordAndBytes() {
        Declaration d = Examples.postal("Cotton \"T-shirt\" <size M> & socks\u00a0\uD83E\uDDE6");
        byte[] first = CanonicalJson.write(d);
        Declaration back = CanonicalJson.readDeclaration(first);
        assertThat(back).isEqualTo(d);
        assertThat(CanonicalJson.write(back)).isEqualTo(first);
    }

    @Test
    void decimalScaleIsKeptAndZeroAmountsAreWritten() {
        String json = new String(CanonicalJson.write(Examples.postal("x")), StandardCharsets.UTF_8);
        assertThat(json).contains("\"totalGrossMassKg\":\"1.000\"")
                .contains("\"postage\":{\"amount\":\"0.00\",\"currency\":\"EUR\"}")
                .contains("\"quantity\":{\"unit\":\"H87\",\"value\":\"1\"}");
    }

    @Test
    void absentOptionalMembersAreOmitted() {
        String json = new String(CanonicalJson.write(Examples.postal("x")), StandardCharsets.UTF_8);
        assertThat(json).doesNotContain("null").doesNotContain("[]").doesNotContain("{}").doesNotContain("\"\"")
                .doesNotContain("\"provenance\"").doesNotContain("\"payment\"").doesNotContain("\"houseWaybill\"")
                .doesNotContain("\n").doesNotContain("\": ").doesNotContain(", \"").startsWith("{\"consignment\":{\"intrinsicValue\"");
    }

    @Test
    void membersAreSortedByUtf16CodeUnits() {
        // RFC 8785 §3.2.3: U+1F600 (surrogates D83D DE00) sorts before U+E000, unlike code-point order
        Map<String, Object> tree = new TreeMap<>(Map.of("\uE000", 1L, "\uD83D\uDE00", 2L, "b", List.of(true), "a", "x"));
        assertThat(new String(Jcs.write(tree), StandardCharsets.UTF_8))
                .isEqualTo("{\"a\":\"x\",\"b\":[true],\"\uD83D\uDE00\":2,\"\uE000\":1}");
    }

    @Test
    void decimalOutsideTheSpecPatternIsRefused() {
        assertThatThrownBy(() -> Formats.decimal(new BigDecimal("0.1234567")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(Formats.decimal(new BigDecimal("1E+3"))).isEqualTo("1000");
    }

    @Test
    void itemsOutOfSequenceOrderAreRefused() {
        Declaration d = Examples.postal("x");
        Item first = d.items().get(0);
        Item second = new Item(2, "y", null, first.quantity(), null, null, first.value(), null, null, "CN",
                null, null, null, null, null, null);
        Declaration swapped = new Declaration(d.specVersion(), d.declarationId(), d.revision(), d.functionCode(),
                d.declarationKind(), d.gatewayMessageId(), d.createdAt(), d.destinationCustoms(), d.sources(),
                d.provenance(), d.correlation(), d.parties(), d.consignment(), List.of(second, first), d.payment(),
                d.exchangeRates(), d.dataQuality());
        assertThatThrownBy(() -> CanonicalJson.write(swapped)).hasMessageContaining("items must be ordered");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "unknown member | \"schema\": | \"surprise\": 1, \"schema\": | /surprise",
        "null member | \"ucr\": null, \"lrn\" | - | /correlation/ucr",
        "amount as number | \"amount\": \"35.13\" | \"amount\": 35.13 | /consignment/intrinsicValue/amount",
        "revision as string | \"revision\": 1 | \"revision\": \"1\" | /revision",
        "bad enum | \"EU_H7\" | \"EU_H8\" | /declarationKind",
        "timestamp with offset | 2026-11-24T06:20:15.482Z | 2026-11-24T07:20:15.482+01:00 | /createdAt",
        "empty string | \"sku\": \"TS-100-BLU-M\" | \"sku\": \"\" | /items/0/sku",
        "decimal with exponent | \"0.850\" | \"8.5E-1\" | /consignment/totalGrossMassKg",
    })
    void readerRejectsNonConformingDocuments(String name, String find, String replace, String pointer) {
        String json = new String(TestFiles.resource("declaration-example.json"), StandardCharsets.UTF_8);
        String changed = "-".equals(replace)
                ? json.replace("\"lrn\"", "\"ucr\": null, \"lrn\"")
                : json.replaceFirst(java.util.regex.Pattern.quote(find), java.util.regex.Matcher.quoteReplacement(replace));
        assertThat(changed).isNotEqualTo(json);
        assertThatThrownBy(() -> CanonicalJson.readDeclaration(changed.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOfSatisfying(CanonicalFormatException.class, e -> assertThat(e.pointer()).isEqualTo(pointer));
    }

    @Test
    void duplicateMembersAreRejected() {
        String json = new String(TestFiles.resource("decision-example.json"), StandardCharsets.UTF_8)
                .replace("\"sequence\": 2,", "\"sequence\": 2, \"sequence\": 3,");
        assertThatThrownBy(() -> CanonicalJson.readDecision(json.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(CanonicalFormatException.class).hasMessageContaining("sequence");
    }

    @Test
    void listsWithoutPositionalReferencesAreKeptInSpecOrder() {
        var flags = new DataQuality(List.of(
                new DataQuality.Flag(FlagCode.MASS_ROUNDED, Severity.INFO, "/items/1/netMassKg", null),
                new DataQuality.Flag(FlagCode.HS_MISSING, Severity.WARNING, "/items/0", null),
                new DataQuality.Flag(FlagCode.HS_CONFLICT, Severity.WARNING, "/items/0", null)));
        assertThat(flags.flags()).extracting(DataQuality.Flag::code)
                .containsExactly(FlagCode.HS_CONFLICT, FlagCode.HS_MISSING, FlagCode.MASS_ROUNDED);
        Decision d = CanonicalJson.readDecision(TestFiles.resource("decision-example.json"));
        var taxes = List.of(
                new Decision.Tax(2, TaxType.VAT, null, null, null, Money.of("1.00", "EUR")),
                new Decision.Tax(1, TaxType.VAT, null, null, null, Money.of("1.00", "EUR")),
                new Decision.Tax(1, TaxType.DUTY, null, null, null, Money.of("1.00", "EUR")),
                new Decision.Tax(null, TaxType.FEE, null, null, null, Money.of("1.00", "EUR")));
        Decision sorted = new Decision(d.specVersion(), d.decisionId(), d.kind(), d.status(), d.track(), d.isFinal(),
                d.sequence(), d.supersedes(), d.declarationId(), d.declarationRevision(), d.gatewayMessageId(),
                d.backendDecisionRef(), d.correlation(), d.customsAuthority(), d.customsReference(), d.decidedAt(),
                d.receivedAt(), d.reason(), d.requests(), d.screeningMethods(), taxes, d.totalPayable(), d.payBy(),
                d.paymentReference());
        assertThat(sorted.taxes()).extracting(t -> t.itemSequence() + "/" + t.type())
                .containsExactly("null/FEE", "1/DUTY", "1/VAT", "2/VAT");
    }

    @Test
    void decisionRoundTripsThroughJcs() {
        Decision d = CanonicalJson.readDecision(TestFiles.resource("decision-example.json"));
        assertThat(d.isFinal()).isTrue();
        assertThat(d.taxes()).extracting(Decision.Tax::amount).containsExactly(Money.of("4.14", "EUR"), Money.of("3.80", "EUR"));
        assertThat(CanonicalJson.readDecision(CanonicalJson.write(d))).isEqualTo(d);
    }
}
