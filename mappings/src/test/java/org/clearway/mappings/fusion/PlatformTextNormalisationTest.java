package org.clearway.mappings.fusion;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.clearway.mappings.canonical.CanonicalJson;
import org.clearway.mappings.canonical.DataQuality;
import org.clearway.mappings.canonical.Declaration;
import org.clearway.mappings.canonical.FlagCode;
import org.clearway.mappings.canonical.MinorUnits;
import org.clearway.mappings.canonical.PartyRole;
import org.clearway.mappings.platform.CsvOrderReader;
import org.clearway.mappings.platform.NdjsonOrderReader;
import org.clearway.mappings.platform.OrderResult;
import org.clearway.mappings.platform.PlatformOrder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Platform text with line breaks (a quoted multi-line CSV cell, an NDJSON {@code \n}) reaches the
 * fused declaration as one line, flagged TEXT_NORMALISED at its pointer (CANONICAL-MODEL §4 Text,
 * §5.8); fused amounts keep the currency's minor digits, and an order amount with more fraction
 * digits than its currency has is a FORMAT error at the edge (§4 Money).
 */
class PlatformTextNormalisationTest {

    private static final Instant ORDER_AT = Instant.parse("2026-11-23T08:20:00Z");

    private static FusionContext ctx() {
        return FusionContext.original(UUID.fromString("0193f1c2-8b10-7d44-a1f3-2c6e9d0b7a55"),
                Instant.parse("2026-11-24T10:00:15.482Z"), "EUR", FusionSamples.rates());
    }

    private static List<String> normalised(Declaration d) {
        return d.dataQuality().flags().stream().filter(f -> f.code() == FlagCode.TEXT_NORMALISED)
                .map(DataQuality.Flag::path).toList();
    }

    private static Declaration fuseKb77810(PlatformOrder order) {
        Declaration carrier = FusionSamples.batchParcel("express-batch.json", 1, Instant.parse("2026-11-24T10:00:00Z"));
        return OrderFusion.fuse(carrier, List.of(FusionSamples.csv(PlatformOrderAdapter.toOrderData(order,
                "DEMO-PLATFORM"), ORDER_AT)), ctx());
    }

    @Test
    void multiLineCsvCellsBecomeOneLineAndAreFlagged(@TempDir Path spill) throws Exception {
        String csv = new String(FusionSamples.bytes("platform-orders.csv", "fusion"), StandardCharsets.UTF_8);
        String edited = csv.replace("\"Face cream, moisturising, 50 ml jar\"",
                        "\"Face cream,\nmoisturising, 50 ml jar,\r\nnight formula\"")
                .replace("Sanne de Vries,Prinsengracht,263", "\"Sanne de\r\nVries\",\"Prinsengracht\r\n\",263");
        assertThat(edited).isNotEqualTo(csv).contains("Face cream,\nmoisturising");
        List<OrderResult> results = new ArrayList<>();
        new CsvOrderReader(1 << 20, 1000, spill).read(new ByteArrayInputStream(
                edited.getBytes(StandardCharsets.UTF_8)), results::add);
        assertThat(results).allMatch(OrderResult::valid);
        PlatformOrder kb77810 = results.stream().map(OrderResult::order)
                .filter(o -> o.orderId().equals("KB-77810")).findFirst().orElseThrow();
        assertThat(kb77810.lines().get(0).title()).contains("\n");

        Declaration d = fuseKb77810(kb77810);

        assertThat(d.items().get(0).description()).isEqualTo("Face cream, moisturising, 50 ml jar, night formula");
        assertThat(d.parties()).filteredOn(p -> p.role() == PartyRole.CONSIGNEE).singleElement().satisfies(p -> {
            assertThat(p.name()).isEqualTo("Sanne de Vries");
            assertThat(p.address().line1()).isEqualTo("Prinsengracht");
        });
        assertThat(normalised(d)).contains("/items/0/description");
        assertThat(new String(CanonicalJson.write(d), StandardCharsets.UTF_8)).doesNotContain("\\n", "\\r");
        MinorUnits.assertEveryMoneyScaled(d);
    }

    @Test
    void theUneditedSampleRaisesNoTextFlag(@TempDir Path spill) throws Exception {
        List<OrderResult> results = new ArrayList<>();
        new CsvOrderReader(1 << 20, 1000, spill).read(new ByteArrayInputStream(
                FusionSamples.bytes("platform-orders.csv", "fusion")), results::add);
        PlatformOrder kb77810 = results.stream().map(OrderResult::order)
                .filter(o -> o.orderId().equals("KB-77810")).findFirst().orElseThrow();
        Declaration d = fuseKb77810(kb77810);
        assertThat(d.dataQuality() == null ? List.of() : normalised(d)).isEmpty();
        assertThat(MinorUnits.assertEveryMoneyScaled(d)).contains("/items/0/originalValue 45000 KRW",
                "/items/0/value 29.30 EUR");
    }

    @Test
    void ndjsonControlCharactersAreRemovedAndFlagged() throws Exception {
        String ndjson = new String(FusionSamples.bytes("platform-orders.ndjson", "fusion"), StandardCharsets.UTF_8);
        String first = ndjson.lines().findFirst().orElseThrow();
        assertThat(first).contains("\"title\":\"");
        String edited = first.replaceFirst("\"title\":\"", "\"title\":\"\\\\u0007Organic\\\\n");
        List<OrderResult> results = new ArrayList<>();
        new NdjsonOrderReader(1 << 20).read(new ByteArrayInputStream((edited + "\n").getBytes(StandardCharsets.UTF_8)),
                results::add);
        assertThat(results).singleElement().matches(OrderResult::valid);
        Declaration carrier = FusionSamples.express("express-shipment-eu-ioss.json", "EUR",
                Instant.parse("2026-11-24T06:18:02.117Z"));
        Declaration d = OrderFusion.fuse(carrier, List.of(new MatchedOrder(PlatformOrderAdapter.toOrderData(
                results.get(0).order(), "DEMO-PLATFORM"), FusionSamples.platformSource("CLEARWAY-PLATFORM-NDJSON-1",
                "u#1", ORDER_AT), FusionSamples.PLATFORM)), ctx());
        assertThat(d.items().get(0).description()).startsWith("Organic ").doesNotContain("\u0007");
        assertThat(normalised(d)).contains("/items/0/description");
    }

    @Test
    void csvAmountWithMoreDigitsThanTheCurrencyHasIsAFormatError(@TempDir Path spill) throws Exception {
        String csv = new String(FusionSamples.bytes("platform-orders.csv", "fusion"), StandardCharsets.UTF_8);
        String edited = csv.replace(",3,PCS,15000,45000,KRW,", ",3,PCS,15000.5,45000,KRW,");
        assertThat(edited).isNotEqualTo(csv);
        List<OrderResult> results = new ArrayList<>();
        new CsvOrderReader(1 << 20, 1000, spill).read(new ByteArrayInputStream(
                edited.getBytes(StandardCharsets.UTF_8)), results::add);

        OrderResult kb77810 = results.stream().filter(r -> "KB-77810".equals(r.orderId())).findFirst().orElseThrow();
        assertThat(kb77810.valid()).isFalse();
        assertThat(kb77810.errors()).anySatisfy(e -> {
            assertThat(e.code()).isEqualTo("FORMAT");
            assertThat(e.column()).isEqualTo("unit_price");
            assertThat(e.detail()).contains("KRW amounts have at most 0 fraction digits");
        });
        assertThat(results).filteredOn(r -> "KB-77811".equals(r.orderId())).allMatch(OrderResult::valid);
    }
}
