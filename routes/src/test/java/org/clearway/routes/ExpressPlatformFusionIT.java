package org.clearway.routes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.clearway.routes.ExpressFixtures.JSON;
import static org.clearway.routes.ExpressFixtures.json;
import static org.clearway.routes.ExpressFixtures.post;
import static org.clearway.routes.ExpressFixtures.shipment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.jms.Connection;
import jakarta.jms.Message;
import jakarta.jms.Session;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.clearway.mappings.canonical.CanonicalJson;
import org.clearway.mappings.canonical.DataQuality;
import org.clearway.mappings.canonical.Declaration;
import org.clearway.mappings.canonical.FlagCode;
import org.clearway.mappings.canonical.FunctionCode;
import org.clearway.mappings.canonical.PartnerKind;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Correlation of platform orders with express shipments end to end (PARTNER-APIS §7.2,
 * CANONICAL-MODEL §7): an order that arrives first is in revision 1 of the declaration; an order
 * that arrives after the declaration went out makes an AMENDMENT with LATE_ENRICHMENT; after a
 * final decision the order is linked but the declaration is not amended.
 */
class ExpressPlatformFusionIT extends GatewayIT {
    private static final String PLATFORM_KEY = "demo-platform-key";

    @Test
    void orderFirstThenShipmentGivesOneFusedRevision() throws Exception {
        ObjectNode s = shipment("express-shipment-eu-ioss.json");
        String hwb = s.get("houseWaybill").asText();
        putOrder(order(hwb));
        JsonNode accepted = json(post(port, "/v1/express/shipments", "it-fuse-1-" + hwb, s));
        Declaration d = receive(accepted.get("declarationId").asText(), 1);
        assertThat(d.sources()).extracting(src -> src.partnerKind())
                .containsExactly(PartnerKind.PLATFORM, PartnerKind.EXPRESS);
        assertThat(d.items().get(0).description()).isEqualTo("Women's T-shirt, knitted cotton, short sleeves");
        assertThat(d.payment()).isNotNull();
        assertThat(d.payment().amount().amount()).isEqualByComparingTo("41.79");
        assertThat(flags(d)).contains(FlagCode.DESCRIPTION_FROM_PLATFORM).doesNotContain(FlagCode.LATE_ENRICHMENT);
        assertThat(d.correlation().platformOrderIds()).anySatisfy(o -> assertThat(o.platformId()).isEqualTo("DEMO-PLATFORM"));

        // the decision reaches the platform too, with its orderId and lineId (PARTNER-APIS §5.1);
        // an ASSESSMENT_COMPLETE does not (CANONICAL-MODEL §6.3)
        String declarationId = accepted.get("declarationId").asText();
        decide(declarationId, "ASSESSMENT_COMPLETE", "SECURITY", "false", "");
        decide(declarationId, "DUTIES_PAYABLE", "CLEARANCE", "true", """
                ,"taxes":[{"itemSequence":1,"type":"VAT","rate":"19","base":{"amount":"21.78","currency":"EUR"},
                           "amount":{"amount":"4.14","currency":"EUR"}}],
                 "totalPayable":{"amount":"4.14","currency":"EUR"}""");
        JsonNode event = null;
        for (int i = 0; i < 100 && event == null; i++) {
            event = platformEvent(declarationId);
            if (event == null) {
                Thread.sleep(100);
            }
        }
        assertThat(event).as("the platform's event for " + declarationId).isNotNull();
        assertThat(event.at("/partnerId").asText()).isEqualTo("DEMO-PLATFORM");
        assertThat(event.at("/decision/status").asText()).isEqualTo("DUTIES_PAYABLE");
        assertThat(event.at("/decision/orderId").asText()).isEqualTo("IT-" + hwb);
        assertThat(event.at("/decision/taxes/0/lineId").asText()).isEqualTo("SV-2026-000981-1");
        assertThat(event.at("/decision/taxes/0").has("lineNumber")).isFalse();

        // the order status names the consignment it was fused into and the decisions on it (issue 14)
        JsonNode status = json(Http.get(port, "/v1/platform/orders/IT-" + hwb, PLATFORM_KEY));
        assertThat(status.get("consignments")).hasSize(1);
        JsonNode c = status.get("consignments").get(0);
        assertThat(c.get("declarationId").asText()).isEqualTo(declarationId);
        assertThat(c.get("kind").asText()).isEqualTo("EXPRESS");
        assertThat(c.get("carrierPartnerId").asText()).isEqualTo("DEMO-EXPRESS");
        assertThat(c.get("houseWaybill").asText()).isEqualTo(hwb);
        assertThat(c.get("revision").asInt()).isEqualTo(1);
        assertThat(c.get("state").asText()).isNotBlank();
        assertThat(status.get("decisions").findValuesAsText("status"))
                .containsExactly("ASSESSMENT_COMPLETE", "DUTIES_PAYABLE");
        assertThat(status.get("decisions").get(1).get("final").asBoolean()).isTrue();
        assertThat(status.get("decisions").findValuesAsText("declarationId")).containsOnly(declarationId);
    }

    private void decide(String declarationId, String status, String track, String fin, String extra) {
        HttpResponse<String> r = Http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/customs/decisions"))
                .header("Authorization", "Bearer demo-customs-key").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("""
                        {"schema":"urn:clearway:customs-decision-submission:1","specVersion":"1.0",
                         "declarationId":"%s","kind":"DECISION","status":"%s","track":"%s","final":%s,
                         "customsAuthority":{"country":"DE"},"decidedAt":"2026-11-24T10:02:00.000Z"%s}"""
                        .formatted(declarationId, status, track, fin, extra))).build());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
    }

    /** The platform's events for this declaration (pull, from the start); only one may exist. */
    private JsonNode platformEvent(String declarationId) throws Exception {
        JsonNode found = null;
        String after = "";
        while (true) {
            JsonNode page = json(Http.get(port, "/v1/decisions?limit=500" + after, PLATFORM_KEY));
            for (JsonNode e : page.path("events")) {
                if (declarationId.equals(e.at("/decision/declarationId").asText())) {
                    assertThat(found).as("one platform event per delivered decision").isNull();
                    found = e;
                }
            }
            if (!page.path("hasMore").asBoolean()) {
                return found;
            }
            after = "&after=" + page.get("nextCursor").asText();
        }
    }

    @Test
    void shipmentFirstThenOrderAmendsWithLateEnrichment() throws Exception {
        ObjectNode s = shipment("express-shipment-eu-ioss.json");
        String hwb = s.get("houseWaybill").asText();
        JsonNode accepted = json(post(port, "/v1/express/shipments", "it-fuse-2-" + hwb, s));
        String declarationId = accepted.get("declarationId").asText();
        Declaration first = receive(declarationId, 1);
        assertThat(first.sources()).singleElement().satisfies(src -> assertThat(src.partnerKind()).isEqualTo(PartnerKind.EXPRESS));
        assertThat(first.items().get(0).description()).isEqualTo("clothes");

        putOrder(order(hwb));
        Declaration second = receive(declarationId, 2);
        assertThat(second.functionCode()).isEqualTo(FunctionCode.AMENDMENT);
        assertThat(second.sources()).hasSize(2);
        assertThat(second.items().get(0).description()).isEqualTo("Women's T-shirt, knitted cotton, short sleeves");
        assertThat(flags(second)).contains(FlagCode.LATE_ENRICHMENT);
        JsonNode status = json(Http.get(port, "/v1/express/shipments/" + accepted.get("shipmentRef").asText(), ExpressFixtures.KEY));
        assertThat(status.get("revision").asInt()).isEqualTo(2);
    }

    @Test
    void orderAfterAFinalDecisionIsLinkedWithoutAmendment() throws Exception {
        ObjectNode s = shipment("express-shipment-eu-ioss.json");
        String hwb = s.get("houseWaybill").asText();
        JsonNode accepted = json(post(port, "/v1/express/shipments", "it-fuse-3-" + hwb, s));
        String declarationId = accepted.get("declarationId").asText();
        receive(declarationId, 1);
        HttpResponse<String> decided = Http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/customs/decisions"))
                .header("Authorization", "Bearer demo-customs-key").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("""
                        {"schema":"urn:clearway:customs-decision-submission:1","specVersion":"1.0",
                         "declarationId":"%s","kind":"DECISION","status":"RELEASED","track":"CLEARANCE","final":true,
                         "customsAuthority":{"country":"DE"},"decidedAt":"2026-11-24T10:02:00.000Z"}""".formatted(declarationId)))
                .build());
        assertThat(decided.statusCode()).as(decided.body()).isEqualTo(202);
        putOrder(order(hwb));
        try (Connection c = connectionFactory.createConnection()) {
            c.start();
            Session session = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            Message m = session.createConsumer(session.createQueue("customs.declarations"),
                    "clearway_declaration_id = '" + declarationId + "'").receive(3000);
            assertThat(m).as("no amendment after a final decision").isNull();
        }
    }

    @Autowired
    org.clearway.routes.pipeline.StageRunners stages;

    @Autowired
    org.clearway.routes.ingress.express.ExpressService express;

    /**
     * Concurrent arrival (issue 6: no lost or doubled merge): the order commits while the shipment's
     * revision 1 still waits in {@code gw.enrich}. Revision 1 carries the order and no amendment
     * follows; a late re-link of the same order content changes nothing; a new order version does.
     */
    @Test
    void anOrderArrivingWhileTheShipmentWaitsForEnrichIsMergedOnce() throws Exception {
        ObjectNode s = shipment("express-shipment-eu-ioss.json");
        String hwb = s.get("houseWaybill").asText();
        ObjectNode order = order(hwb);
        JsonNode accepted;
        stages.stop("enrich");
        try {
            accepted = json(post(port, "/v1/express/shipments", "it-fuse-4-" + hwb, s));
            putOrder(order);
        } finally {
            stages.start("enrich");
        }
        String declarationId = accepted.get("declarationId").asText();
        Declaration first = receive(declarationId, 1);
        // sources[] in order of receipt: the shipment came first here
        assertThat(first.sources()).extracting(src -> src.partnerKind())
                .containsExactly(PartnerKind.EXPRESS, PartnerKind.PLATFORM);
        assertThat(flags(first)).doesNotContain(FlagCode.LATE_ENRICHMENT);

        // the platform side looks again (as a second instance would after the order's commit): nothing to amend
        assertThat(express.restageForOrderData("ACME", hwb, "test re-link")).isZero();
        assertNoRevision(declarationId, 2);

        // a new version with other content is late order data: one amendment
        ObjectNode v2 = order.deepCopy();
        v2.put("orderVersion", 2);
        ((ObjectNode) v2.at("/lines/0")).put("title", "Women's T-shirt, organic knitted cotton, short sleeves");
        putOrder(v2, "it-order-v2-" + hwb);
        Declaration second = receive(declarationId, 2);
        assertThat(second.functionCode()).isEqualTo(FunctionCode.AMENDMENT);
        assertThat(second.items().get(0).description()).isEqualTo("Women's T-shirt, organic knitted cotton, short sleeves");
        assertThat(flags(second)).contains(FlagCode.LATE_ENRICHMENT);
        assertNoRevision(declarationId, 3);
    }

    /**
     * PARTNER-APIS §7.1 row 3: the carrier's {@code platform.orderIds[]} with its {@code platformId}
     * links an order that has no tracking link; order first (revision 1 fused) and order later
     * (AMENDMENT with LATE_ENRICHMENT); never when the order's links point at another parcel.
     */
    @Test
    void theCarriersOrderIdHintLinksAnOrderWithoutTrackingLinks() throws Exception {
        // order first, no shipments[]: the hint alone links it
        ObjectNode s1 = shipment("express-shipment-eu-ioss.json");
        String hwb1 = s1.get("houseWaybill").asText();
        ObjectNode o1 = order(hwb1);
        o1.putArray("shipments");
        o1.put("orderId", "IT-HINT-" + hwb1);
        putOrder(o1);
        ((ObjectNode) s1.get("platform")).putArray("orderIds").add("IT-HINT-" + hwb1);
        String d1 = json(post(port, "/v1/express/shipments", "it-hint-1-" + hwb1, s1)).get("declarationId").asText();
        Declaration first = receive(d1, 1);
        assertThat(first.sources()).extracting(src -> src.partnerKind()).contains(PartnerKind.PLATFORM);
        assertThat(first.correlation().platformOrderIds()).extracting(o -> o.value()).contains("IT-HINT-" + hwb1);
        assertThat(first.payment()).isNotNull();

        // shipment first with the hint, the order later: an amendment
        ObjectNode s2 = shipment("express-shipment-eu-ioss.json");
        String hwb2 = s2.get("houseWaybill").asText();
        ((ObjectNode) s2.get("platform")).putArray("orderIds").add("IT-HINT-" + hwb2);
        String d2 = json(post(port, "/v1/express/shipments", "it-hint-2-" + hwb2, s2)).get("declarationId").asText();
        assertThat(receive(d2, 1).sources()).hasSize(1);
        ObjectNode o2 = order(hwb2);
        o2.putArray("shipments");
        o2.put("orderId", "IT-HINT-" + hwb2);
        putOrder(o2);
        Declaration amended = receive(d2, 2);
        assertThat(amended.functionCode()).isEqualTo(FunctionCode.AMENDMENT);
        assertThat(amended.sources()).extracting(src -> src.partnerKind()).contains(PartnerKind.PLATFORM);
        assertThat(flags(amended)).contains(FlagCode.LATE_ENRICHMENT);

        // the order's own link names another parcel: the hint is not enough, nothing is fused
        ObjectNode s3 = shipment("express-shipment-eu-ioss.json");
        String hwb3 = s3.get("houseWaybill").asText();
        ObjectNode o3 = order("ELSEWHERE" + hwb3.substring(Math.max(0, hwb3.length() - 6)));
        o3.put("orderId", "IT-HINT-" + hwb3);
        putOrder(o3);
        ((ObjectNode) s3.get("platform")).putArray("orderIds").add("IT-HINT-" + hwb3);
        String d3 = json(post(port, "/v1/express/shipments", "it-hint-3-" + hwb3, s3)).get("declarationId").asText();
        assertThat(receive(d3, 1).sources()).singleElement()
                .satisfies(src -> assertThat(src.partnerKind()).isEqualTo(PartnerKind.EXPRESS));
        assertNoRevision(d3, 2);
    }

    private void assertNoRevision(String declarationId, int revision) throws Exception {
        try (Connection c = connectionFactory.createConnection()) {
            c.start();
            Session session = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            Message m = session.createConsumer(session.createQueue("customs.declarations"),
                    "clearway_declaration_id = '" + declarationId + "' and clearway_revision = " + revision).receive(3000);
            assertThat(m).as("no revision " + revision + " of " + declarationId).isNull();
        }
    }

    private ObjectNode order(String hwb) throws Exception {
        String line1 = JsonSamples.text("platform-orders.ndjson").lines().findFirst().orElseThrow();
        ObjectNode order = (ObjectNode) JSON.readTree(line1);
        order.put("orderId", "IT-" + hwb);
        ObjectNode parcel = JSON.createObjectNode().put("carrierCode", "ACME").put("trackingNumber", hwb);
        order.putArray("shipments").add(parcel);
        return order;
    }

    private void putOrder(ObjectNode order) throws Exception {
        putOrder(order, "it-order-" + order.get("orderId").asText());
    }

    private void putOrder(ObjectNode order, String idempotencyKey) throws Exception {
        HttpResponse<String> r = Http.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/v1/platform/orders/" + order.get("orderId").asText()))
                .header("Authorization", "Bearer " + PLATFORM_KEY).header("Content-Type", "application/json")
                .header("Idempotency-Key", idempotencyKey)
                .PUT(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(order), StandardCharsets.UTF_8)).build());
        assertThat(r.statusCode()).as(r.body()).isIn(200, 201);
    }

    private Declaration receive(String declarationId, int revision) throws Exception {
        try (Connection c = connectionFactory.createConnection()) {
            c.start();
            Session session = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            Message m = session.createConsumer(session.createQueue("customs.declarations"),
                    "clearway_declaration_id = '" + declarationId + "' and clearway_revision = " + revision).receive(20_000);
            assertThat(m).as("revision " + revision + " of " + declarationId + " at customs").isNotNull();
            return CanonicalJson.readDeclaration(m.getBody(byte[].class));
        }
    }

    private static java.util.List<FlagCode> flags(Declaration d) {
        return d.dataQuality() == null ? java.util.List.of()
                : d.dataQuality().flags().stream().map(DataQuality.Flag::code).toList();
    }
}
