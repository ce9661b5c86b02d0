package org.clearway.mappings.fusion;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.clearway.mappings.canonical.Declaration;
import org.clearway.mappings.canonical.ProvenanceEntry;
import org.clearway.mappings.platform.CsvOrderReader;
import org.clearway.mappings.platform.NdjsonOrderReader;
import org.clearway.mappings.platform.OrderResult;
import org.clearway.mappings.platform.PlatformOrder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Product identifiers from platform orders (issue 15): NDJSON members and CSV columns, bad GTINs
 * refused for their order only, and the fused item carrying the platform's values with provenance.
 */
class PlatformProductIdsTest {

    private static final Instant ORDER_AT = Instant.parse("2026-11-20T14:05:40.003Z");

    private static String ndjsonWithIds(String gtin) {
        String first = new String(FusionSamples.bytes("platform-orders.ndjson", "fusion"), StandardCharsets.UTF_8)
                .split("\n")[0];
        // the first line of the first order gets both identifiers
        return first.replaceFirst("\"lineId\":\\s*\"([^\"]+)\"",
                "\"lineId\":\"$1\",\"manufacturerProductId\":\"MPN-TS-100\",\"gtin\":\"" + gtin + "\"") + "\n";
    }

    private static List<OrderResult> ndjson(String text) throws Exception {
        List<OrderResult> results = new ArrayList<>();
        new NdjsonOrderReader(1 << 20).read(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)),
                results::add);
        return results;
    }

    @Test
    void ndjsonIdentifiersAreFusedWithProvenance() throws Exception {
        List<OrderResult> results = ndjson(ndjsonWithIds("4006381333931"));
        assertThat(results).singleElement().matches(OrderResult::valid);
        PlatformOrder order = results.get(0).order();
        assertThat(order.lines().get(0).manufacturerProductId()).isEqualTo("MPN-TS-100");
        assertThat(order.lines().get(0).gtin()).isEqualTo("4006381333931");

        MatchedOrder matched = new MatchedOrder(PlatformOrderAdapter.toOrderData(order, "DEMO-PLATFORM"),
                FusionSamples.platformSource("CLEARWAY-PLATFORM-NDJSON-1", "u#1", ORDER_AT), FusionSamples.PLATFORM);
        Declaration carrier = FusionSamples.express("express-shipment-eu-ioss.json", "EUR",
                Instant.parse("2026-11-24T06:18:02.117Z"));
        Declaration d = OrderFusion.fuse(carrier, List.of(matched), FusionContext.original(
                UUID.fromString("0193f1c2-8b10-7d44-a1f3-2c6e9d0b7a55"), Instant.parse("2026-11-24T06:20:15.482Z"),
                "EUR", FusionSamples.rates()));
        String lineId = order.lines().get(0).lineId();
        int index = 0;
        while (!lineId.equals(d.items().get(index).platformLineId())) {
            index++;
        }
        assertThat(d.items().get(index).gtin()).isEqualTo("4006381333931");
        assertThat(d.items().get(index).manufacturerProductId()).isEqualTo("MPN-TS-100");
        assertThat(d.specVersion()).isEqualTo("1.1");
        // sources are in receivedAt order: the order (20 Nov) before the shipment (24 Nov)
        int platformSource = d.sources().indexOf(d.sources().stream()
                .filter(src -> src.partnerKind() == org.clearway.mappings.canonical.PartnerKind.PLATFORM).findFirst().orElseThrow());
        assertThat(platformSource).isZero();
        assertThat(d.provenance()).contains(new ProvenanceEntry("/items/" + index + "/gtin", platformSource),
                new ProvenanceEntry("/items/" + index + "/manufacturerProductId", platformSource));
    }

    @Test
    void aBadGtinRejectsItsOrderWithAClearProblem() throws Exception {
        List<OrderResult> results = ndjson(ndjsonWithIds("4006381333932"));
        assertThat(results).singleElement().matches(r -> !r.valid());
        assertThat(results.get(0).errors()).singleElement().satisfies(e -> {
            assertThat(e.pointer()).isEqualTo("/lines/0/gtin");
            assertThat(e.code()).isEqualTo("FORMAT");
            assertThat(e.detail()).contains("check digit 2 should be 1");
        });
    }

    @Test
    void csvColumnsAreOptionalAndRead(@TempDir Path spill) throws Exception {
        String csv = new String(FusionSamples.bytes("platform-orders.csv", "fusion"), StandardCharsets.UTF_8);
        List<String> rows = new ArrayList<>(List.of(csv.split("\r?\n")));
        rows.set(0, rows.get(0) + ",manufacturer_product_id,gtin");
        for (int i = 1; i < rows.size(); i++) {
            rows.set(i, rows.get(i) + (i == 1 ? ",MPN-1,036000291452" : ",,"));
        }
        List<OrderResult> results = new ArrayList<>();
        new CsvOrderReader(1 << 20, 1000, spill).read(new ByteArrayInputStream(
                (String.join("\n", rows) + "\n").getBytes(StandardCharsets.UTF_8)), results::add);
        assertThat(results).allMatch(OrderResult::valid);
        List<PlatformOrder.Line> lines = results.stream().flatMap(r -> r.order().lines().stream()).toList();
        assertThat(lines).filteredOn(l -> l.gtin() != null).singleElement()
                .satisfies(l -> assertThat(l.manufacturerProductId()).isEqualTo("MPN-1"));
        // the sample without the new columns still reads (backwards compatible)
        List<OrderResult> plain = new ArrayList<>();
        new CsvOrderReader(1 << 20, 1000, spill).read(new ByteArrayInputStream(csv.getBytes(StandardCharsets.UTF_8)),
                plain::add);
        assertThat(plain).isNotEmpty().allMatch(OrderResult::valid);
    }
}
