package org.clearway.routes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.citrusframework.actions.ReceiveMessageAction.Builder.receive;
import static org.citrusframework.actions.ReceiveTimeoutAction.Builder.expectTimeout;
import static org.citrusframework.dsl.JsonPathSupport.jsonPath;
import static org.citrusframework.dsl.MessageSupport.MessageHeaderSupport.fromHeaders;
import static org.citrusframework.http.actions.HttpActionBuilder.http;
import static org.clearway.routes.ExpressFixtures.JSON;
import static org.clearway.routes.ExpressFixtures.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.citrusframework.TestCaseRunner;
import org.citrusframework.annotations.CitrusResource;
import org.citrusframework.annotations.CitrusTest;
import org.citrusframework.context.TestContext;
import org.citrusframework.junit.jupiter.CitrusSupport;
import org.citrusframework.message.MessageType;
import org.clearway.mappings.canonical.CanonicalJson;
import org.clearway.routes.support.GatewayProperties;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;

/**
 * The platform/fusion scenarios of PARTNER-APIS §7 and CANONICAL-MODEL §7 end to end, with Citrus
 * playing the platform (DEMO-PLATFORM), the carriers (DEMO-EXPRESS, hold 0 s; HOLD-EXPRESS, hold
 * 3 s) and the customs backend (the {@code customs.declarations} queue): order first, shipment
 * first within the hold window, order after the window, one order split over two parcels, duplicate
 * and newer order versions, bulk NDJSON and CSV uploads with bad lines, and undervaluation. Every
 * declaration at customs is checked against its detached CMS signature with openssl, and its
 * values are computed here from the data sent and the configured rate table.
 */
@CitrusSupport
class FusionScenariosIT extends GatewayIT {
    private static final String PLATFORM = "demo-platform-key";
    private static final String TYPES = "https://api.clearway.example/problems/";
    private static final AtomicLong SERIAL = new AtomicLong(System.currentTimeMillis() % 1_000_000_000L);

    @Autowired
    GatewayProperties properties;

    // ------------------------------------------------------------------------------- (a) order first

    @Test
    @CitrusTest
    void orderFirstThenShipmentGivesOneFusedOriginal(@CitrusResource TestCaseRunner runner,
                                                     @CitrusResource TestContext context) throws Exception {
        String hwb = ExpressFixtures.uniqueHouseWaybill();
        String orderId = unique("SV-A");
        putOrder(runner, order(orderId, "ACME", hwb), "a-" + orderId, HttpStatus.CREATED, "ACCEPTED");
        String declarationId = submit(runner, context, shipment(hwb, orderId), "a-" + hwb, "demo-express-key", "RECEIVED");

        JsonNode d = atCustoms(runner, context, declarationId, 1);
        BigDecimal usd = rate("USD");
        String case1 = eur(new BigDecimal("19.90").multiply(usd));
        assertThat(d.get("functionCode").asText()).isEqualTo("ORIGINAL");
        assertThat(d.get("declarationKind").asText()).isEqualTo("EU_H7");
        // sorted by receivedAt: the order came first
        assertThat(sources(d)).containsExactly("DEMO-PLATFORM PLATFORM CLEARWAY-PLATFORM-JSON-1 " + orderId + "@v1",
                "DEMO-EXPRESS EXPRESS CLEARWAY-EXPRESS-REST-1 " + d.at("/sources/1/sourceMessageRef").asText());
        assertThat(d.at("/sources/1/idempotencyKey").asText()).isEqualTo("a-" + hwb);
        assertThat(d.at("/correlation/platformOrderIds").toString())
                .isEqualTo("[{\"platformId\":\"DEMO-PLATFORM\",\"value\":\"" + orderId + "\"}]");
        assertThat(d.at("/correlation/trackingNumbers").toString())
                .isEqualTo("[{\"carrierCode\":\"ACME\",\"value\":\"" + hwb + "\"}]");
        assertSampleOneItems(d, orderId, case1);
        assertThat(money(d.at("/consignment/intrinsicValue"))).isEqualTo(eur(new BigDecimal("18.00")
                .add(new BigDecimal(case1))) + " EUR");
        assertThat(money(d.at("/consignment/transportCost"))).isEqualTo("6.66 EUR");
        assertThat(d.at("/consignment/invoice/number").asText()).isEqualTo(orderId);
        assertThat(d.at("/consignment/invoice/date").asText()).isEqualTo("2026-11-20");
        assertThat(money(d.at("/consignment/invoice/total"))).isEqualTo("41.79 EUR");
        assertThat(d.at("/consignment/totalGrossMassKg").asText()).isEqualTo("0.850");
        assertThat(d.at("/payment/method").asText()).isEqualTo("CARD");
        assertThat(money(d.at("/payment/amount"))).isEqualTo("41.79 EUR");
        assertThat(d.at("/payment/paidAt").asText()).isEqualTo("2026-11-20T14:02:11.000Z");
        assertThat(d.at("/payment/vat/scheme").asText()).isEqualTo("IOSS");
        assertThat(d.at("/payment/vat/iossNumber").asText()).isEqualTo("IM5280001234");
        assertThat(money(d.at("/payment/vat/collected"))).isEqualTo("6.67 EUR");
        assertThat(rates(d)).containsExactly("USD EUR " + usd.stripTrailingZeros().toPlainString() + " 2026-11-20 CUSTOMS");
        assertThat(flags(d)).containsExactly(
                "DESCRIPTION_FROM_PLATFORM /items/0/description carrier text 'clothes' replaced by platform listing title",
                "DESCRIPTION_FROM_PLATFORM /items/1/description carrier text 'Phone case silicone' replaced by platform listing title",
                "CURRENCY_CONVERTED /items/1/value 19.90 USD converted at CUSTOMS 2026-11-20 rate");
        // CANONICAL-MODEL §9.1: platform source 0, carrier source 1
        assertThat(provenance(d)).containsExactly("/consignment/invoice=0", "/consignment/transportCost=0",
                "/items/0/description=0", "/items/0/platformLineId=0", "/items/0/productUrl=0", "/items/0/sku=0",
                "/items/1/description=0", "/items/1/hsCode=1", "/items/1/platformLineId=0", "/items/1/productUrl=0",
                "/items/1/sku=0", "/items/1/unitPrice=0", "/parties/0=0", "/parties/2=0", "/payment=0");
        assertThat(roles(d)).containsExactly("SELLER", "CONSIGNOR", "BUYER", "CONSIGNEE", "CARRIER", "PLATFORM");
        assertThat(d.at("/parties/2/name").asText()).isEqualTo("Jürgen Weiß");
        runner.$(expectTimeout(customsQueue).selector(selector(declarationId, 2)).timeout(1000));
    }

    // ------------------------------------------------------------------- (b) shipment first, in window

    @Test
    @CitrusTest
    void shipmentFirstThenOrderWithinTheHoldWindow(@CitrusResource TestCaseRunner runner,
                                                   @CitrusResource TestContext context) throws Exception {
        String hwb = ExpressFixtures.uniqueHouseWaybill();
        String orderId = unique("SV-B");
        ObjectNode held = shipment(hwb, orderId);
        String declarationId = submit(runner, context, held, "b-" + hwb, "hold-express-key-1", "AWAITING_ORDER_DATA");
        runner.$(expectTimeout(customsQueue).selector(selector(declarationId, 1)).timeout(500));
        putOrder(runner, order(orderId, "HOLD", hwb), "b-" + orderId, HttpStatus.CREATED, "ACCEPTED");

        JsonNode d = atCustoms(runner, context, declarationId, 1);
        String case1 = eur(new BigDecimal("19.90").multiply(rate("USD")));
        assertThat(d.get("functionCode").asText()).isEqualTo("ORIGINAL");
        // sorted by receivedAt: the shipment came first, so the provenance points at source 1
        assertThat(sources(d)).containsExactly(
                "HOLD-EXPRESS EXPRESS CLEARWAY-EXPRESS-REST-1 " + d.at("/sources/0/sourceMessageRef").asText(),
                "DEMO-PLATFORM PLATFORM CLEARWAY-PLATFORM-JSON-1 " + orderId + "@v1");
        assertThat(Instant.parse(d.at("/sources/0/receivedAt").asText()))
                .isBefore(Instant.parse(d.at("/sources/1/receivedAt").asText()));
        // released by the order, revision 1 still names the carrier's own message
        assertThat(d.at("/sources/0/idempotencyKey").asText()).isEqualTo("b-" + hwb);
        assertThat(d.at("/sources/0/payloadSha256").asText()).isEqualTo(java.util.HexFormat.of().formatHex(
                java.security.MessageDigest.getInstance("SHA-256").digest(
                        JSON.writeValueAsString(held).getBytes(java.nio.charset.StandardCharsets.UTF_8))));
        assertSampleOneItems(d, orderId, case1);
        assertThat(money(d.at("/payment/amount"))).isEqualTo("41.79 EUR");
        assertThat(flags(d)).extracting(f -> f.split(" ")[0]).containsExactly("DESCRIPTION_FROM_PLATFORM",
                "DESCRIPTION_FROM_PLATFORM", "CURRENCY_CONVERTED");
        assertThat(provenance(d)).containsExactly("/consignment/invoice=1", "/consignment/transportCost=1",
                "/items/0/description=1", "/items/0/platformLineId=1", "/items/0/productUrl=1", "/items/0/sku=1",
                "/items/1/description=1", "/items/1/hsCode=0", "/items/1/platformLineId=1", "/items/1/productUrl=1",
                "/items/1/sku=1", "/items/1/unitPrice=1", "/parties/0=1", "/parties/2=1", "/payment=1");
        // the 3 s window ends without releasing anything more
        runner.$(expectTimeout(customsQueue).selector(selector(declarationId, 2)).timeout(3500));
    }

    // ---------------------------------------------------------------------- (c) order after the window

    @Test
    @CitrusTest
    void orderAfterTheWindowAmendsWithLateEnrichment(@CitrusResource TestCaseRunner runner,
                                                     @CitrusResource TestContext context) throws Exception {
        String hwb = ExpressFixtures.uniqueHouseWaybill();
        String orderId = unique("SV-C");
        String declarationId = submit(runner, context, shipment(hwb, orderId), "c-" + hwb, "demo-express-key", "RECEIVED");
        JsonNode first = atCustoms(runner, context, declarationId, 1);
        assertThat(sources(first)).singleElement().satisfies(s -> assertThat(s).startsWith("DEMO-EXPRESS EXPRESS"));
        assertThat(first.at("/items/0/description").asText()).isEqualTo("clothes");
        assertThat(first.has("payment")).isFalse();
        assertThat(flags(first)).contains("VAGUE_DESCRIPTION /items/0/description clothes");

        putOrder(runner, order(orderId, "ACME", hwb), "c-" + orderId, HttpStatus.CREATED, "ACCEPTED");
        JsonNode second = atCustoms(runner, context, declarationId, 2);
        String case1 = eur(new BigDecimal("19.90").multiply(rate("USD")));
        assertThat(second.get("functionCode").asText()).isEqualTo("AMENDMENT");
        assertThat(second.get("declarationId").asText()).isEqualTo(declarationId);
        assertThat(second.at("/correlation/lrn").asText()).isEqualTo(first.at("/correlation/lrn").asText());
        assertThat(sources(second)).containsExactly(sources(first).get(0),
                "DEMO-PLATFORM PLATFORM CLEARWAY-PLATFORM-JSON-1 " + orderId + "@v1");
        // the carrier's message is the same one: it keeps the time it was accepted
        assertThat(second.at("/sources/0/receivedAt").asText()).isEqualTo(first.at("/sources/0/receivedAt").asText());
        assertThat(second.at("/sources/0/idempotencyKey").asText()).isEqualTo("c-" + hwb);
        assertThat(second.at("/sources/0/payloadSha256").asText()).isEqualTo(first.at("/sources/0/payloadSha256").asText());
        assertThat(Instant.parse(second.at("/sources/0/receivedAt").asText()))
                .isBefore(Instant.parse(second.at("/sources/1/receivedAt").asText()));
        assertSampleOneItems(second, orderId, case1);
        assertThat(money(second.at("/payment/amount"))).isEqualTo("41.79 EUR");
        assertThat(flags(second)).containsExactly(
                "DESCRIPTION_FROM_PLATFORM /items/0/description carrier text 'clothes' replaced by platform listing title",
                "DESCRIPTION_FROM_PLATFORM /items/1/description carrier text 'Phone case silicone' replaced by platform listing title",
                "CURRENCY_CONVERTED /items/1/value 19.90 USD converted at CUSTOMS 2026-11-20 rate",
                "LATE_ENRICHMENT /sources/1 order " + orderId + " added after an earlier revision was sent");
        assertThat(provenance(second)).contains("/payment=1", "/items/1/hsCode=0");
    }

    // ---------------------------------------------------------------------- (d) one order, two parcels

    @Test
    @CitrusTest
    void orderSplitOverTwoParcelsDeclaresEachParcelsShare(@CitrusResource TestCaseRunner runner,
                                                           @CitrusResource TestContext context) throws Exception {
        String orderId = unique("KB-D");
        String parcel1 = ExpressFixtures.uniqueHouseWaybill();
        String parcel2 = ExpressFixtures.uniqueHouseWaybill();
        String[] rows = csvRows();
        // the sample's KB-77811: serum x2 (one per parcel) and toner x1 (second parcel), 66000 KRW, paid 44.24 EUR
        String csv = rows[0] + "\n" + split(rows[2], orderId, parcel1, parcel2) + "\n"
                + split(rows[3], orderId, parcel1, parcel2) + "\n" + split(rows[4], orderId, parcel1, parcel2) + "\n";
        String uploadId = upload(runner, context, "text/csv", csv, "d-" + orderId);
        JsonNode upload = completed(uploadId);
        assertThat(outcomes(upload)).containsExactly("2:" + orderId + ":ACCEPTED");

        ObjectNode batch = ExpressFixtures.sample("express-batch-split-order.json");
        ((ObjectNode) batch.at("/shipments/0")).put("houseWaybill", parcel1);
        ((ObjectNode) batch.at("/shipments/1")).put("houseWaybill", parcel2);
        runner.$(http().client(gateway).send().post("/v1/express/shipments:batch").message()
                .header("Authorization", "Bearer demo-express-key").header("Idempotency-Key", "d-" + parcel1)
                .contentType("application/json").body(JSON.writeValueAsString(batch)));
        runner.$(http().client(gateway).receive().response(HttpStatus.MULTI_STATUS).message().type(MessageType.JSON)
                .validate(jsonPath().expression("$.accepted", 2).expression("$.rejected", 0))
                .extract(jsonPath().expression("$.results[0].declarationId", "decl0")
                        .expression("$.results[1].declarationId", "decl1")));

        // by hand: each serum/toner unit is 22000 KRW; shares of 44.24 EUR and 7.69 EUR by allocated value
        String unit = eur(new BigDecimal("22000").multiply(rate("KRW")));
        BigDecimal paid = new BigDecimal("44.24");
        BigDecimal vat = new BigDecimal("7.69");
        BigDecimal orderValue = new BigDecimal("66000");
        BigDecimal paid1 = paid.multiply(new BigDecimal("22000")).divide(orderValue, 2, RoundingMode.HALF_UP);
        BigDecimal vat1 = vat.multiply(new BigDecimal("22000")).divide(orderValue, 2, RoundingMode.HALF_UP);
        assertThat(paid1).isEqualByComparingTo("14.75");
        assertThat(vat1).isEqualByComparingTo("2.56");

        JsonNode first = atCustoms(runner, context, context.getVariable("decl0"), 1);
        assertThat(first.at("/correlation/houseWaybill").asText()).isEqualTo(parcel1);
        assertThat(sources(first)).containsExactly("DEMO-PLATFORM PLATFORM CLEARWAY-PLATFORM-CSV-1 " + uploadId
                + "#order=" + orderId, "DEMO-EXPRESS EXPRESS CLEARWAY-EXPRESS-REST-1 "
                + first.at("/sources/1/sourceMessageRef").asText());
        assertThat(items(first)).containsExactly(orderId + "-1 Serum \"Glow\" with niacinamide, 30 ml x1 "
                + unit + " EUR (22000 KRW)");
        assertThat(money(first.at("/consignment/intrinsicValue"))).isEqualTo(unit + " EUR");
        assertThat(money(first.at("/consignment/transportCost"))).isEqualTo("0.00 EUR");
        assertThat(money(first.at("/consignment/invoice/total"))).isEqualTo("66000 KRW");
        assertThat(money(first.at("/payment/amount"))).isEqualTo(paid1.toPlainString() + " EUR");
        assertThat(money(first.at("/payment/vat/collected"))).isEqualTo(vat1.toPlainString() + " EUR");
        assertThat(flags(first)).containsExactly(
                "SPLIT_SHIPMENT /items order " + orderId + " spread over 2 parcels; parcel " + parcel1 + " declares "
                        + orderId + "-1 x1",
                "CURRENCY_CONVERTED /items/0/value 22000 KRW converted at CUSTOMS 2026-11-23 rate");

        JsonNode second = atCustoms(runner, context, context.getVariable("decl1"), 1);
        assertThat(second.at("/correlation/houseWaybill").asText()).isEqualTo(parcel2);
        assertThat(items(second)).containsExactly(
                orderId + "-1 Serum \"Glow\" with niacinamide, 30 ml x1 " + unit + " EUR (22000 KRW)",
                orderId + "-2 Toner, hydrating, 150 ml bottle x1 " + unit + " EUR (22000 KRW)");
        assertThat(money(second.at("/consignment/intrinsicValue")))
                .isEqualTo(new BigDecimal(unit).add(new BigDecimal(unit)).toPlainString() + " EUR");
        // the remainders go to the parcel listed last
        assertThat(money(second.at("/payment/amount"))).isEqualTo(paid.subtract(paid1).toPlainString() + " EUR");
        assertThat(money(second.at("/payment/vat/collected"))).isEqualTo(vat.subtract(vat1).toPlainString() + " EUR");
        assertThat(flags(second)).containsExactly(
                "SPLIT_SHIPMENT /items order " + orderId + " spread over 2 parcels; parcel " + parcel2 + " declares "
                        + orderId + "-1 x1 " + orderId + "-2 x1",
                "CURRENCY_CONVERTED /items/0/value 22000 KRW converted at CUSTOMS 2026-11-23 rate",
                "CURRENCY_CONVERTED /items/1/value 22000 KRW converted at CUSTOMS 2026-11-23 rate");
    }

    // ------------------------------------------------------------------ (e) duplicates and new versions

    @Test
    @CitrusTest
    void duplicateOrderChangesNothingAndANewerVersionAmends(@CitrusResource TestCaseRunner runner,
                                                            @CitrusResource TestContext context) throws Exception {
        String hwb = ExpressFixtures.uniqueHouseWaybill();
        String orderId = unique("SV-E");
        ObjectNode v1 = order(orderId, "ACME", hwb);
        putOrder(runner, v1, "e-" + orderId + "-1", HttpStatus.CREATED, "ACCEPTED");
        String declarationId = submit(runner, context, shipment(hwb, orderId), "e-" + hwb, "demo-express-key", "RECEIVED");
        JsonNode first = atCustoms(runner, context, declarationId, 1);
        assertThat(sources(first).get(0)).endsWith(orderId + "@v1");

        // the same order again, under a new key and with its members reordered: no version, no revision
        ObjectNode reordered = JSON.createObjectNode();
        reordered.set("lines", v1.get("lines"));
        v1.fieldNames().forEachRemaining(f -> reordered.set(f, v1.get(f)));
        putOrder(runner, reordered, "e-" + orderId + "-2", HttpStatus.OK, "DUPLICATE_IGNORED");
        runner.$(expectTimeout(customsQueue).selector(selector(declarationId, 2)).timeout(2000));
        assertThat(json(Http.get(port, "/v1/platform/orders/" + orderId, PLATFORM)).get("orderVersion").asInt())
                .isEqualTo(1);

        // a newer version after emission: an AMENDMENT with the new title
        ObjectNode v2 = v1.deepCopy();
        v2.put("orderVersion", 2);
        ((ObjectNode) v2.at("/lines/0")).put("title", "Women's T-shirt of knitted cotton, short sleeves, blue");
        putOrder(runner, v2, "e-" + orderId + "-3", HttpStatus.OK, "UPDATED");
        JsonNode second = atCustoms(runner, context, declarationId, 2);
        assertThat(second.get("functionCode").asText()).isEqualTo("AMENDMENT");
        assertThat(second.at("/items/0/description").asText())
                .isEqualTo("Women's T-shirt of knitted cotton, short sleeves, blue");
        assertThat(sources(second)).filteredOn(s -> s.startsWith("DEMO-PLATFORM")).singleElement()
                .satisfies(s -> assertThat(s).endsWith(orderId + "@v2"));
        assertThat(flags(second)).contains("LATE_ENRICHMENT /sources/1 order " + orderId
                + " added after an earlier revision was sent");
        // a stale version afterwards changes nothing
        putOrder(runner, v1, "e-" + orderId + "-4", HttpStatus.OK, "STALE_IGNORED");
        runner.$(expectTimeout(customsQueue).selector(selector(declarationId, 3)).timeout(2000));

        // a newer version before the shipment arrives: revision 1 already uses it
        String hwb2 = ExpressFixtures.uniqueHouseWaybill();
        String orderId2 = unique("SV-E");
        ObjectNode w1 = order(orderId2, "ACME", hwb2);
        putOrder(runner, w1, "e-" + orderId2 + "-1", HttpStatus.CREATED, "ACCEPTED");
        ObjectNode w2 = w1.deepCopy();
        w2.put("orderVersion", 2);
        ((ObjectNode) w2.at("/lines/1")).put("title", "Phone case of silicone rubber for smartphone, black");
        ((ObjectNode) w2.at("/payment")).put("transactionRef", "pi_3Q9xY2-retry");
        putOrder(runner, w2, "e-" + orderId2 + "-2", HttpStatus.OK, "UPDATED");
        String declarationId2 = submit(runner, context, shipment(hwb2, orderId2), "e-" + hwb2, "demo-express-key", "RECEIVED");
        JsonNode fresh = atCustoms(runner, context, declarationId2, 1);
        assertThat(fresh.get("functionCode").asText()).isEqualTo("ORIGINAL");
        assertThat(fresh.at("/items/1/description").asText()).isEqualTo("Phone case of silicone rubber for smartphone, black");
        assertThat(fresh.at("/payment/transactionRef").asText()).isEqualTo("pi_3Q9xY2-retry");
        assertThat(sources(fresh).get(0)).endsWith(orderId2 + "@v2");
        assertThat(flags(fresh)).noneMatch(f -> f.startsWith("LATE_ENRICHMENT"));
        runner.$(expectTimeout(customsQueue).selector(selector(declarationId2, 2)).timeout(1000));
    }

    // ---------------------------------------------------------------------------- (f) bulk uploads

    @Test
    @CitrusTest
    void bulkNdjsonWithBadLinesFusesTheGoodOrders(@CitrusResource TestCaseRunner runner,
                                                   @CitrusResource TestContext context) throws Exception {
        String hwbA = ExpressFixtures.uniqueHouseWaybill();
        String hwbB = ExpressFixtures.uniqueHouseWaybill();
        String hwbC = ExpressFixtures.uniqueHouseWaybill();
        String a = unique("SV-FA");
        String b = unique("SV-FB");
        String c = unique("SV-FC");
        ObjectNode wrongType = order(c, "ACME", hwbC);
        wrongType.put("orderVersion", "1");
        ObjectNode badCurrency = order(unique("SV-FX"), "ACME", ExpressFixtures.uniqueHouseWaybill());
        ((ObjectNode) badCurrency.at("/lines/1/lineTotal")).put("currency", "EUR");
        String body = JSON.writeValueAsString(order(a, "ACME", hwbA)) + "\n"
                + "{\"orderId\": \"" + unique("SV-FY") + "\", \"lines\": [\n"
                + JSON.writeValueAsString(wrongType) + "\n"
                + JSON.writeValueAsString(badCurrency) + "\n"
                + JSON.writeValueAsString(order(b, "ACME", hwbB)) + "\n";
        String uploadId = upload(runner, context, "application/x-ndjson", body, "f-" + a);
        JsonNode upload = completed(uploadId);
        assertThat(outcomes(upload)).containsExactly("1:" + a + ":ACCEPTED", "2:-:REJECTED", "3:" + c + ":REJECTED",
                "4:" + badCurrency.get("orderId").asText() + ":REJECTED", "5:" + b + ":ACCEPTED");
        assertThat(upload.get("ordersAccepted").asLong()).isEqualTo(2);
        assertThat(upload.get("linesRejected").asLong()).isEqualTo(3);
        assertThat(problems(upload.at("/results/1/problem"))).containsExactly("2  FORMAT");
        assertThat(upload.at("/results/1/problem/type").asText()).isEqualTo(TYPES + "malformed-json");
        assertThat(problems(upload.at("/results/2/problem"))).containsExactly("3 /orderVersion TYPE");
        assertThat(problems(upload.at("/results/3/problem"))).containsExactly("4 /lines/1/lineTotal/currency INCONSISTENT");

        String declA = submit(runner, context, shipment(hwbA, a), "f-" + hwbA, "demo-express-key", "RECEIVED");
        String declB = submit(runner, context, shipment(hwbB, b), "f-" + hwbB, "demo-express-key", "RECEIVED");
        String declC = submit(runner, context, shipment(hwbC, c), "f-" + hwbC, "demo-express-key", "RECEIVED");
        String case1 = eur(new BigDecimal("19.90").multiply(rate("USD")));
        for (String[] fused : List.of(new String[] {declA, a}, new String[] {declB, b})) {
            JsonNode d = atCustoms(runner, context, fused[0], 1);
            assertThat(sources(d).get(0)).isEqualTo("DEMO-PLATFORM PLATFORM CLEARWAY-PLATFORM-NDJSON-1 " + uploadId
                    + "#order=" + fused[1]);
            assertSampleOneItems(d, fused[1], case1);
            assertThat(money(d.at("/payment/amount"))).isEqualTo("41.79 EUR");
        }
        // the rejected order was not stored: its parcel is declared with carrier data only
        JsonNode alone = atCustoms(runner, context, declC, 1);
        assertThat(sources(alone)).singleElement().satisfies(s -> assertThat(s).startsWith("DEMO-EXPRESS"));
        assertThat(alone.at("/items/0/description").asText()).isEqualTo("clothes");
    }

    @Test
    @CitrusTest
    void bulkCsvWithBadRowsFusesTheGoodOrders(@CitrusResource TestCaseRunner runner,
                                              @CitrusResource TestContext context) throws Exception {
        String[] rows = csvRows();
        String good = unique("KB-FG");
        String bad = unique("KB-FB");
        String parcel = ExpressFixtures.uniqueHouseWaybill();
        String badParcel = ExpressFixtures.uniqueHouseWaybill();
        // KB-77811 in one parcel: serum x2 and toner x1
        String csv = rows[0] + "\n"
                + rows[2].replace("KB-77811", good).replace(",ACME,5550001114,1", ",ACME," + parcel + ",2") + "\n"
                + rows[1].replace("KB-77810", bad).replace(",330499,KR,", ",33049,KR,")
                .replace(",5550001113,", "," + badParcel + ",") + "\n"
                + rows[4].replace("KB-77811", good).replace(",5550001115,1", "," + parcel + ",1") + "\n"
                + rows[1].replace("KB-77810", unique("KB-FC")).replace(",NL,KB-", ",XX,KB-")
                .replace(",5550001113,", "," + ExpressFixtures.uniqueHouseWaybill() + ",") + "\n";
        String uploadId = upload(runner, context, "text/csv", csv, "f-" + good);
        JsonNode upload = completed(uploadId);
        List<String> outcomes = outcomes(upload);
        assertThat(outcomes).hasSize(3);
        assertThat(outcomes.get(0)).isEqualTo("2:" + good + ":ACCEPTED");
        assertThat(outcomes.get(1)).isEqualTo("3:" + bad + ":REJECTED");
        assertThat(outcomes.get(2)).endsWith(":REJECTED").startsWith("5:");
        assertThat(upload.at("/results/0/lines").toString()).isEqualTo("[2,4]");
        assertThat(upload.get("linesTotal").asLong()).isEqualTo(4);
        assertThat(upload.get("linesRejected").asLong()).isEqualTo(2);
        assertThat(csvProblems(upload.at("/results/1/problem"))).containsExactly("3 hs_code /lines/0/hsCode HS_FORMAT");
        assertThat(csvProblems(upload.at("/results/2/problem"))).containsExactly(
                "5 ship_to_country /shippingAddress/address/country UNKNOWN_COUNTRY");

        ObjectNode s = ExpressFixtures.sample("express-batch-split-order.json").at("/shipments/1").deepCopy();
        s.put("houseWaybill", parcel);
        ObjectNode serum = (ObjectNode) s.at("/lineItems/0");
        ((ObjectNode) serum.get("quantity")).put("value", 2);
        ((ObjectNode) serum.get("value")).put("amount", 44000);
        serum.put("netWeight", 0.16);
        String declarationId = submit(runner, context, s, "f-" + parcel, "demo-express-key", "RECEIVED");
        JsonNode d = atCustoms(runner, context, declarationId, 1);
        BigDecimal krw = rate("KRW");
        assertThat(sources(d).get(0)).isEqualTo("DEMO-PLATFORM PLATFORM CLEARWAY-PLATFORM-CSV-1 " + uploadId
                + "#order=" + good);
        assertThat(items(d)).containsExactly(
                good + "-1 Serum \"Glow\" with niacinamide, 30 ml x2 " + eur(new BigDecimal("44000").multiply(krw))
                        + " EUR (44000 KRW)",
                good + "-2 Toner, hydrating, 150 ml bottle x1 " + eur(new BigDecimal("22000").multiply(krw))
                        + " EUR (22000 KRW)");
        assertThat(money(d.at("/payment/amount"))).isEqualTo("44.24 EUR");
        assertThat(money(d.at("/payment/vat/collected"))).isEqualTo("7.69 EUR");
        assertThat(d.at("/parties/2/name").asText()).isEqualTo("Łukasz Wójcik");
        assertThat(flags(d)).noneMatch(f -> f.startsWith("SPLIT"));
    }

    // ------------------------------------------------------------------------------ (g) undervaluation

    @Test
    @CitrusTest
    void undervaluationIsFlaggedWithTheNumbers(@CitrusResource TestCaseRunner runner,
                                              @CitrusResource TestContext context) throws Exception {
        BigDecimal usd = rate("USD");
        // the order: 2 x 9.00 EUR + 19.90 USD, paid 41.79 EUR; the carrier declares 4.50 EUR a T-shirt
        // and 5.00 USD for the case
        String hwb = ExpressFixtures.uniqueHouseWaybill();
        String orderId = unique("SV-G");
        putOrder(runner, order(orderId, "ACME", hwb), "g-" + orderId, HttpStatus.CREATED, "ACCEPTED");
        ObjectNode low = shipment(hwb, orderId);
        carrierValues(low, "4.50", "EUR", "5.00", "USD");
        String declarationId = submit(runner, context, low, "g-" + hwb, "demo-express-key", "RECEIVED");
        JsonNode d = atCustoms(runner, context, declarationId, 1);
        String case5 = eur(new BigDecimal("5.00").multiply(usd));
        String declared = eur(new BigDecimal("9.00").add(new BigDecimal(case5)));
        String case1990 = eur(new BigDecimal("19.90").multiply(usd));
        String order = eur(new BigDecimal("18.00").add(new BigDecimal(case1990)));
        assertThat(new BigDecimal(declared)).isLessThan(new BigDecimal(order).multiply(new BigDecimal("0.8")));
        assertThat(flags(d)).contains("UNDERVALUATION_SUSPECTED /consignment/intrinsicValue declared " + declared
                        + " EUR, order " + order + " EUR, payment 41.79 EUR",
                "VALUE_MISMATCH /items/0/value carrier 9.00 EUR, platform 18.00 EUR",
                "VALUE_MISMATCH /items/1/value carrier " + case5 + " EUR, platform " + case1990 + " EUR");
        assertThat(flags(d)).filteredOn(f -> f.startsWith("UNDERVALUATION")).hasSize(1);
        assertThat(d.at("/dataQuality/flags").findValuesAsText("severity")).contains("WARNING");
        // the fused declaration carries the order's values
        assertThat(money(d.at("/consignment/intrinsicValue"))).isEqualTo(order + " EUR");

        // paid in USD: compared in EUR through the rate table, reported as paid. 45.23 USD is
        // 41.79 EUR; a carrier total of 32.00 EUR is within 20 % of the order (36.39) but not of
        // the payment; 34.00 EUR is within 20 % of both
        BigDecimal paidUsd = new BigDecimal("45.23");
        BigDecimal paidEur = paidUsd.multiply(usd);
        String[][] cases = {{"32.00", "true"}, {"34.00", "false"}};
        for (String[] k : cases) {
            String hwb2 = ExpressFixtures.uniqueHouseWaybill();
            String orderId2 = unique("SV-G");
            ObjectNode o = order(orderId2, "ACME", hwb2);
            ((ObjectNode) o.at("/payment/amount")).put("amount", paidUsd).put("currency", "USD");
            putOrder(runner, o, "g-" + orderId2, HttpStatus.CREATED, "ACCEPTED");
            ObjectNode s = shipment(hwb2, orderId2);
            BigDecimal secondLine = new BigDecimal(k[0]).subtract(new BigDecimal("18.00"));
            carrierValues(s, "9.00", "EUR", secondLine.toPlainString(), "EUR");
            String decl = submit(runner, context, s, "g-" + hwb2, "demo-express-key", "RECEIVED");
            JsonNode fused = atCustoms(runner, context, decl, 1);
            BigDecimal carrierTotal = new BigDecimal(k[0]);
            boolean expected = carrierTotal.compareTo(new BigDecimal(order).multiply(new BigDecimal("0.8"))) < 0
                    || carrierTotal.compareTo(paidEur.multiply(new BigDecimal("0.8"))) < 0;
            assertThat(expected).as("case " + k[0]).isEqualTo(Boolean.parseBoolean(k[1]));
            List<String> undervaluation = flags(fused).stream().filter(f -> f.startsWith("UNDERVALUATION")).toList();
            if (expected) {
                assertThat(undervaluation).containsExactly("UNDERVALUATION_SUSPECTED /consignment/intrinsicValue declared "
                        + k[0] + " EUR, order " + order + " EUR, payment 45.23 USD");
            } else {
                assertThat(undervaluation).as("carrier total " + k[0]).isEmpty();
            }
            assertThat(money(fused.at("/payment/amount"))).isEqualTo("45.23 USD");
        }
    }

    // ------------------------------------------------------------------------------ steps and data

    private static String unique(String prefix) {
        return prefix + "-" + SERIAL.incrementAndGet();
    }

    /** NDJSON sample line 1 as order {@code orderId}, its one parcel {@code carrierCode}/{@code hwb}. */
    private static ObjectNode order(String orderId, String carrierCode, String hwb) throws Exception {
        ObjectNode o = (ObjectNode) JSON.readTree(JsonSamples.text("platform-orders.ndjson").lines().findFirst()
                .orElseThrow());
        o.put("orderId", orderId);
        ((ObjectNode) o.at("/lines/0")).put("lineId", orderId + "-1");
        ((ObjectNode) o.at("/lines/1")).put("lineId", orderId + "-2");
        ArrayNode shipments = o.putArray("shipments");
        shipments.addObject().put("carrierCode", carrierCode).put("trackingNumber", hwb);
        return o;
    }

    /** The EU IOSS express sample for parcel {@code hwb}, its platform hint naming {@code orderId}. */
    private static ObjectNode shipment(String hwb, String orderId) {
        ObjectNode s = ExpressFixtures.sample("express-shipment-eu-ioss.json");
        s.put("houseWaybill", hwb);
        s.put("shipmentId", "ACME-SHP-" + hwb);
        ((ObjectNode) s.get("platform")).putArray("orderIds").add(orderId);
        return s;
    }

    private static void carrierValues(ObjectNode s, String shirt, String shirtCur, String caseValue, String caseCur) {
        ObjectNode l1 = (ObjectNode) s.at("/lineItems/0");
        ((ObjectNode) l1.get("value")).put("amount", new BigDecimal(shirt).multiply(new BigDecimal("2")))
                .put("currency", shirtCur);
        ((ObjectNode) l1.get("unitPrice")).put("amount", new BigDecimal(shirt)).put("currency", shirtCur);
        ((ObjectNode) s.at("/lineItems/1/value")).put("amount", new BigDecimal(caseValue)).put("currency", caseCur);
    }

    private static String[] csvRows() {
        return JsonSamples.text("platform-orders.csv").split("\r?\n");
    }

    /** A KB-77811 row of the CSV sample as order {@code orderId}, its parcels renamed. */
    private static String split(String row, String orderId, String parcel1, String parcel2) {
        return row.replace("KB-77811", orderId).replace(",5550001114,", "," + parcel1 + ",")
                .replace(",5550001115,", "," + parcel2 + ",");
    }

    private void putOrder(TestCaseRunner runner, ObjectNode order, String idempotencyKey, HttpStatus status,
                          String outcome) throws Exception {
        runner.$(http().client(gateway).send().put("/v1/platform/orders/" + order.get("orderId").asText()).message()
                .header("Authorization", "Bearer " + PLATFORM).header("Idempotency-Key", idempotencyKey)
                .contentType("application/json").body(JSON.writeValueAsString(order)));
        runner.$(http().client(gateway).receive().response(status).message().type(MessageType.JSON)
                .validate(jsonPath().expression("$.outcome", outcome)));
    }

    /** Posts one express shipment and returns its declarationId. */
    private String submit(TestCaseRunner runner, TestContext context, ObjectNode shipment, String idempotencyKey, String key,
                          String status) throws Exception {
        runner.$(http().client(gateway).send().post("/v1/express/shipments").message()
                .header("Authorization", "Bearer " + key).header("Idempotency-Key", idempotencyKey)
                .contentType("application/json").body(JSON.writeValueAsString(shipment)));
        String variable = "decl_" + idempotencyKey.replaceAll("[^A-Za-z0-9]", "_");
        runner.$(http().client(gateway).receive().response(HttpStatus.ACCEPTED).message().type(MessageType.JSON)
                .validate(jsonPath().expression("$.outcome", "ACCEPTED").expression("$.status", status))
                .extract(jsonPath().expression("$.declarationId", variable)));
        return context.getVariable(variable);
    }

    private String upload(TestCaseRunner runner, TestContext context, String contentType, String body, String idempotencyKey) {
        String variable = "upload_" + idempotencyKey.replaceAll("[^A-Za-z0-9]", "_");
        runner.$(http().client(gateway).send().post("/v1/platform/orders:bulk").message()
                .header("Authorization", "Bearer " + PLATFORM).header("Idempotency-Key", idempotencyKey)
                .contentType(contentType + "; charset=utf-8").body(body));
        runner.$(http().client(gateway).receive().response(HttpStatus.ACCEPTED).message().type(MessageType.JSON)
                .validate(jsonPath().expression("$.status", "PROCESSING"))
                .extract(jsonPath().expression("$.uploadId", variable)));
        return context.getVariable(variable);
    }

    /** Polls {@code GET /v1/platform/uploads/{id}} until COMPLETED. */
    private JsonNode completed(String uploadId) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (Instant.now().isBefore(deadline)) {
            JsonNode u = json(Http.get(port, "/v1/platform/uploads/" + uploadId, PLATFORM));
            if ("COMPLETED".equals(u.path("status").asText())) {
                return u;
            }
            Http.pause(100);
        }
        throw new AssertionError("upload " + uploadId + " not COMPLETED within 30 s");
    }

    /**
     * Receives the revision at customs, checks its detached signature with openssl against the
     * published certificates and that it reads as a canonical declaration; returns its JSON tree.
     */
    private JsonNode atCustoms(TestCaseRunner runner, TestContext context, String declarationId, int revision)
            throws Exception {
        String name = "decl-" + declarationId + "-" + revision;
        runner.$(receive(customsQueue).selector(selector(declarationId, revision)).message().name(name)
                .extract(fromHeaders().header("clearway_sig", name + "-sig")));
        byte[] wire = context.getMessageStore().getMessage(name).getPayload(byte[].class);
        String pem = Http.get(port, "/v1/customs/certificates", "demo-customs-key").body();
        assertThat(Openssl.verifyDetached(wire, Base64.getDecoder().decode(context.getVariable(name + "-sig")), pem))
                .as("openssl cms -verify of revision " + revision + " of " + declarationId).isZero();
        CanonicalJson.readDeclaration(wire);
        JsonNode d = JSON.readTree(wire);
        assertThat(d.get("declarationId").asText()).isEqualTo(declarationId);
        assertThat(d.get("revision").asInt()).isEqualTo(revision);
        return d;
    }

    private static String selector(String declarationId, int revision) {
        return "clearway_declaration_id = '" + declarationId + "' AND clearway_revision = " + revision;
    }

    /** The configured rate (units of EUR per 1 {@code from}); the test's own arithmetic uses it. */
    private BigDecimal rate(String from) {
        for (Map.Entry<String, BigDecimal> e : properties.exchangeRates().entrySet()) {
            if (e.getKey().equalsIgnoreCase(from + "-EUR")) {
                return e.getValue();
            }
        }
        throw new AssertionError("no configured rate " + from + "-EUR in " + properties.exchangeRates());
    }

    private static String eur(BigDecimal amount) {
        return amount.setScale(2, RoundingMode.HALF_UP).toPlainString();
    }

    /** Items of the NDJSON sample line 1 fused with the express sample (samples README §1). */
    private static void assertSampleOneItems(JsonNode d, String orderId, String caseValue) {
        assertThat(items(d)).containsExactly(
                orderId + "-1 Women's T-shirt, knitted cotton, short sleeves x2 18.00 EUR",
                orderId + "-2 Phone case of silicone rubber for smartphone x1 " + caseValue + " EUR (19.90 USD)");
        assertThat(d.at("/items/0/hsCode/value").asText() + " " + d.at("/items/0/hsCode/system").asText())
                .isEqualTo("610910 HS");
        assertThat(d.at("/items/1/hsCode/value").asText() + " " + d.at("/items/1/hsCode/system").asText())
                .isEqualTo("39269097 CN");
        assertThat(money(d.at("/items/0/unitPrice"))).isEqualTo("9.00 EUR");
        assertThat(money(d.at("/items/1/unitPrice"))).isEqualTo(caseValue + " EUR");
        assertThat(d.at("/items/0/netMassKg").asText()).isEqualTo("0.300");
        assertThat(d.at("/items/1/netMassKg").asText()).isEqualTo("0.060");
        assertThat(d.at("/items/0/sku").asText()).isEqualTo("TS-100-BLU-M");
        assertThat(d.at("/items/0/productUrl").asText()).isEqualTo("https://shopverse.example/p/778812-ts100");
        assertThat(d.at("/consignment/totalItems").asInt()).isEqualTo(2);
    }

    /** {@code lineId description xQty value cur (original)} per item. */
    private static List<String> items(JsonNode d) {
        List<String> out = new ArrayList<>();
        d.get("items").forEach(i -> out.add(i.get("platformLineId").asText() + " " + i.get("description").asText()
                + " x" + i.at("/quantity/value").asText() + " " + money(i.get("value"))
                + (i.has("originalValue") ? " (" + money(i.get("originalValue")) + ")" : "")));
        return out;
    }

    private static String money(JsonNode m) {
        assertThat(m.isMissingNode()).as("money present").isFalse();
        return m.get("amount").asText() + " " + m.get("currency").asText();
    }

    private static List<String> sources(JsonNode d) {
        List<String> out = new ArrayList<>();
        d.get("sources").forEach(s -> out.add(s.get("partnerId").asText() + " " + s.get("partnerKind").asText() + " "
                + s.get("dialect").asText() + " " + s.get("sourceMessageRef").asText()));
        return out;
    }

    private static List<String> provenance(JsonNode d) {
        List<String> out = new ArrayList<>();
        d.path("provenance").forEach(p -> out.add(p.get("path").asText() + "=" + p.get("source").asInt()));
        return out;
    }

    private static List<String> flags(JsonNode d) {
        List<String> out = new ArrayList<>();
        d.at("/dataQuality/flags").forEach(f -> out.add(f.get("code").asText() + " " + f.get("path").asText()
                + (f.has("detail") ? " " + f.get("detail").asText() : "")));
        return out;
    }

    private static List<String> rates(JsonNode d) {
        List<String> out = new ArrayList<>();
        d.path("exchangeRates").forEach(r -> out.add(r.get("from").asText() + " " + r.get("to").asText() + " "
                + new BigDecimal(r.get("rate").asText()).stripTrailingZeros().toPlainString() + " " + r.get("rateDate").asText() + " " + r.get("source").asText()));
        return out;
    }

    private static List<String> roles(JsonNode d) {
        List<String> out = new ArrayList<>();
        d.get("parties").forEach(p -> out.add(p.get("role").asText()));
        return out;
    }

    private static List<String> outcomes(JsonNode upload) {
        List<String> out = new ArrayList<>();
        upload.get("results").forEach(r -> out.add(r.get("line").asInt() + ":" + r.path("orderId").asText("-") + ":"
                + r.get("outcome").asText()));
        return out;
    }

    /** {@code line pointer code} per error of a line's problem. */
    private static List<String> problems(JsonNode problem) {
        List<String> out = new ArrayList<>();
        problem.path("errors").forEach(e -> out.add(e.get("line").asInt() + " " + e.path("pointer").asText("")
                + " " + e.get("code").asText()));
        return out;
    }

    /** {@code line column pointer code} per error of a CSV order's problem. */
    private static List<String> csvProblems(JsonNode problem) {
        List<String> out = new ArrayList<>();
        problem.path("errors").forEach(e -> out.add(e.get("line").asInt() + " " + e.path("column").asText("") + " "
                + e.path("pointer").asText("") + " " + e.get("code").asText()));
        return out;
    }
}
