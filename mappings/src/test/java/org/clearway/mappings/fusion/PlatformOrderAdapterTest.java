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
import org.clearway.mappings.canonical.Declaration;
import org.clearway.mappings.canonical.Money;
import org.clearway.mappings.platform.CsvOrderReader;
import org.clearway.mappings.platform.NdjsonOrderReader;
import org.clearway.mappings.platform.OrderResult;
import org.clearway.mappings.platform.PlatformOrder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Orders read by the platform readers (PARTNER-APIS §6.2-§6.4) and adapted fuse to the same
 * declarations as the hand-built fixtures of {@link OrderFusionTest}: the adapter loses nothing the
 * merge needs.
 */
class PlatformOrderAdapterTest {

    private static final Instant ORDER_AT = Instant.parse("2026-11-20T14:05:40.003Z");
    private static final Instant SHIPMENT_AT = Instant.parse("2026-11-24T06:18:02.117Z");

    private static FusionContext ctx(String currency) {
        return FusionContext.original(UUID.fromString("0193f1c2-8b10-7d44-a1f3-2c6e9d0b7a55"),
                Instant.parse("2026-11-24T06:20:15.482Z"), currency, FusionSamples.rates());
    }

    private static List<PlatformOrder> read(List<OrderResult> results) {
        assertThat(results).allMatch(OrderResult::valid);
        return results.stream().map(OrderResult::order).toList();
    }

    private static String json(Declaration d) {
        return new String(CanonicalJson.write(d), StandardCharsets.UTF_8);
    }

    @Test
    void ndjsonOrdersReadByThePlatformReaderFuseLikeTheFixture() throws Exception {
        List<OrderResult> results = new ArrayList<>();
        new NdjsonOrderReader(1 << 20).read(new ByteArrayInputStream(
                FusionSamples.bytes("platform-orders.ndjson", "fusion")), results::add);
        List<PlatformOrder> orders = read(results);
        assertThat(orders).hasSize(2);

        for (int n = 1; n <= 2; n++) {
            String sample = n == 1 ? "express-shipment-eu-ioss.json" : "express-shipment-us-t86.json";
            String currency = n == 1 ? "EUR" : "USD";
            MatchedOrder viaReader = new MatchedOrder(PlatformOrderAdapter.toOrderData(orders.get(n - 1),
                    "DEMO-PLATFORM"), FusionSamples.platformSource("CLEARWAY-PLATFORM-NDJSON-1", "u#" + n, ORDER_AT),
                    FusionSamples.PLATFORM);
            MatchedOrder viaFixture = new MatchedOrder(FusionSamples.ndjsonOrder(n), viaReader.source(),
                    FusionSamples.PLATFORM);
            Declaration carrier = FusionSamples.express(sample, currency, SHIPMENT_AT);

            assertThat(json(OrderFusion.fuse(carrier, List.of(viaReader), ctx(currency))))
                    .isEqualTo(json(OrderFusion.fuse(carrier, List.of(viaFixture), ctx(currency))));
        }
    }

    @Test
    void csvSplitOrderReadByThePlatformReaderGivesTheReadmeShares(@TempDir Path spill) throws Exception {
        List<OrderResult> results = new ArrayList<>();
        new CsvOrderReader(1 << 20, 1000, spill).read(new ByteArrayInputStream(
                FusionSamples.bytes("platform-orders.csv", "fusion")), results::add);
        PlatformOrder kb77811 = read(results).stream().filter(o -> o.orderId().equals("KB-77811")).findFirst()
                .orElseThrow();
        MatchedOrder viaReader = FusionSamples.csv(PlatformOrderAdapter.toOrderData(kb77811, "DEMO-PLATFORM"),
                ORDER_AT);
        MatchedOrder viaFixture = FusionSamples.csv(FusionSamples.kb77811(FusionSamples.kb77811Links()), ORDER_AT);

        for (int parcel = 0; parcel < 2; parcel++) {
            Declaration carrier = FusionSamples.splitParcel(parcel, SHIPMENT_AT);
            Declaration d = OrderFusion.fuse(carrier, List.of(viaReader), ctx("EUR"));
            assertThat(d.payment().amount()).isEqualTo(Money.of(parcel == 0 ? "14.75" : "29.49", "EUR"));
            assertThat(d.payment().vat().collected()).isEqualTo(Money.of(parcel == 0 ? "2.56" : "5.13", "EUR"));
            assertThat(json(d)).isEqualTo(json(OrderFusion.fuse(carrier, List.of(viaFixture), ctx("EUR"))));
        }
    }
}
