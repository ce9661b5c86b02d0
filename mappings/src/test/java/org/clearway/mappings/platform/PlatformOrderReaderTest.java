package org.clearway.mappings.platform;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** One §6.2 JSON order: the sample maps field by field, and each bad field gets its pointer and §2 code. */
class PlatformOrderReaderTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final PlatformOrderReader reader = new PlatformOrderReader();

    static String line(int n) {
        return new String(PlatformSamples.bytes("platform-orders.ndjson"), StandardCharsets.UTF_8).split("\n")[n - 1];
    }

    static ObjectNode order(int n) {
        try {
            return (ObjectNode) JSON.readTree(line(n));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void readsTheFirstSampleOrderFieldByField() {
        PlatformOrderReader.Result r = reader.read(line(1));
        assertThat(r.errors()).isEmpty();
        assertThat(r.warnings()).isEmpty();
        PlatformOrder o = r.order();
        assertThat(o.orderId()).isEqualTo("SV-2026-000981");
        assertThat(o.orderVersion()).isEqualTo(1);
        assertThat(o.orderedAt()).isEqualTo(OffsetDateTime.parse("2026-11-20T14:01:55Z"));
        assertThat(o.seller().id()).isEqualTo("S-778812");
        assertThat(o.seller().identifiers()).containsExactly(new PlatformOrder.Identifier("EORI", "NL823456789"));
        assertThat(o.buyer().name()).isEqualTo("Jürgen Weiß");
        assertThat(o.shippingAddress().address().street()).isEqualTo("Schönhauser Allee");
        assertThat(o.lines()).hasSize(2);
        assertThat(o.lines().get(1).unitPrice()).isEqualTo(new PlatformOrder.Money(new BigDecimal("19.9"), "USD"));
        assertThat(o.lines().get(0).unitWeightKg()).isEqualByComparingTo("0.15");
        assertThat(o.shipping()).isEqualTo(new PlatformOrder.Money(new BigDecimal("6.66"), "EUR"));
        assertThat(o.payment().method()).isEqualTo("CARD");
        assertThat(o.vat().iossNumber()).isEqualTo("IM5280001234");
        assertThat(o.shipments()).containsExactly(new PlatformOrder.Shipment("ACME", "1234567890", java.util.List.of()));
    }

    @Test
    void keepsTheOffsetOfALocalOrderTime() {
        PlatformOrder o = reader.read(line(2)).order();
        assertThat(o.orderedAt().toInstant()).isEqualTo(java.time.Instant.parse("2026-11-23T04:40:12Z"));
        assertThat(o.vat().scheme()).isEqualTo("NONE");
    }

    static Stream<Arguments> badOrders() {
        return Stream.of(
                bad("string for a number", o -> o.put("orderVersion", "1"), "/orderVersion", "TYPE"),
                bad("version 0", o -> o.put("orderVersion", 0), "/orderVersion", "RANGE"),
                bad("missing orderId", o -> o.remove("orderId"), "/orderId", "REQUIRED"),
                bad("time without offset", o -> o.put("orderedAt", "2026-11-20T14:01:55"), "/orderedAt", "FORMAT"),
                bad("lower-case country", o -> ((ObjectNode) o.at("/buyer/address")).put("country", "de"),
                        "/buyer/address/country", "FORMAT"),
                bad("UK", o -> ((ObjectNode) o.at("/shippingAddress/address")).put("country", "UK"),
                        "/shippingAddress/address/country", "UNKNOWN_COUNTRY"),
                bad("unknown currency", o -> ((ObjectNode) o.at("/orderTotal")).put("currency", "EUX"),
                        "/orderTotal/currency", "UNKNOWN_CURRENCY"),
                bad("negative total", o -> ((ObjectNode) o.at("/orderTotal")).put("amount", -1), "/orderTotal/amount",
                        "RANGE"),
                bad("zero quantity", o -> ((ObjectNode) o.at("/lines/0")).put("quantity", 0), "/lines/0/quantity",
                        "RANGE"),
                bad("short title", o -> ((ObjectNode) o.at("/lines/0")).put("title", "ab"), "/lines/0/title", "FORMAT"),
                bad("letters in HS", o -> ((ObjectNode) o.at("/lines/0")).put("hsCode", "6109A0"), "/lines/0/hsCode",
                        "HS_FORMAT"),
                bad("duplicate lineId", o -> ((ObjectNode) o.at("/lines/1")).put("lineId", "SV-2026-000981-1"),
                        "/lines/1/lineId", "INCONSISTENT"),
                bad("lineTotal in another currency", o -> ((ObjectNode) o.at("/lines/1/lineTotal")).put("currency", "EUR"),
                        "/lines/1/lineTotal/currency", "INCONSISTENT"),
                bad("IOSS without number", o -> ((ObjectNode) o.get("vat")).remove("iossNumber"), "/vat/iossNumber",
                        "REQUIRED"),
                bad("bad IOSS", o -> ((ObjectNode) o.get("vat")).put("iossNumber", "IM52800"), "/vat/iossNumber",
                        "IOSS_FORMAT"),
                bad("unknown payment method", o -> ((ObjectNode) o.get("payment")).put("method", "CHEQUE"),
                        "/payment/method", "ENUM"),
                bad("card number as reference", o -> ((ObjectNode) o.get("payment")).put("transactionRef",
                        "4111111111111111"), "/payment/transactionRef", "PAN_DETECTED"),
                bad("no lines", o -> o.putArray("lines"), "/lines", "MAX_ITEMS"),
                bad("http product URL", o -> ((ObjectNode) o.at("/lines/0")).put("productUrl", "http://x.example/p"),
                        "/lines/0/productUrl", "FORMAT"),
                bad("allocation of an unknown line", o -> ((ObjectNode) o.at("/shipments/0")).putArray("lines")
                        .addObject().put("lineId", "nope").put("quantity", 1), "/shipments/0/lines/0/lineId",
                        "INCONSISTENT"),
                bad("over-allocation", o -> {
                    ObjectNode second = ((com.fasterxml.jackson.databind.node.ArrayNode) o.get("shipments")).addObject();
                    second.put("carrierCode", "ACME").put("trackingNumber", "1234567891");
                    ((ObjectNode) o.at("/shipments/0")).putArray("lines").addObject()
                            .put("lineId", "SV-2026-000981-1").put("quantity", 2);
                    second.putArray("lines").addObject().put("lineId", "SV-2026-000981-1").put("quantity", 1);
                }, "/shipments/1/lines/0/quantity", "ALLOCATION_EXCEEDS_QUANTITY"));
    }

    private static Arguments bad(String name, Consumer<ObjectNode> change, String pointer, String code) {
        return Arguments.of(name, change, pointer, code);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badOrders")
    void reportsEachBadFieldWithItsPointerAndCode(String name, Consumer<ObjectNode> change, String pointer,
                                                   String code) throws Exception {
        ObjectNode o = order(1);
        change.accept(o);
        PlatformOrderReader.Result r = reader.read(JSON.writeValueAsString(o));
        assertThat(r.problem()).isEqualTo("validation-error");
        assertThat(r.order()).isNull();
        assertThat(r.errors()).anySatisfy(e -> {
            assertThat(e.pointer()).isEqualTo(pointer);
            assertThat(e.code()).isEqualTo(code);
        });
    }

    @Test
    void unknownMembersAreWarningsOnly() throws Exception {
        ObjectNode o = order(2);
        o.put("giftWrap", true);
        PlatformOrderReader.Result r = reader.read(JSON.writeValueAsString(o));
        assertThat(r.valid()).isTrue();
        assertThat(r.warnings()).singleElement().satisfies(w -> {
            assertThat(w.pointer()).isEqualTo("/giftWrap");
            assertThat(w.code()).isEqualTo("UNKNOWN_FIELD");
        });
    }

    @Test
    void exponentNumbersAreFormatErrors() {
        PlatformOrderReader.Result r = reader.read(line(1).replace("\"orderVersion\":1", "\"orderVersion\":1e0"));
        assertThat(r.errors()).anySatisfy(e -> {
            assertThat(e.pointer()).isEqualTo("/orderVersion");
            assertThat(e.code()).isEqualTo("FORMAT");
        });
    }

    @Test
    void syntaxErrorIsMalformedJsonWithPosition() {
        PlatformOrderReader.Result r = reader.read("{\"orderId\": \"A\",,}");
        assertThat(r.problem()).isEqualTo("malformed-json");
        assertThat(r.errors().get(0).line()).isEqualTo(1);
        assertThat(r.errors().get(0).column()).isEqualTo("17");
    }

    @Test
    void deepNestingIsRefused() {
        assertThat(reader.read("{\"a\":".repeat(20) + "1" + "}".repeat(20)).problem()).isEqualTo("nesting-too-deep");
    }
}
