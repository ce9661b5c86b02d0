package org.clearway.routes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.clearway.routes.ExpressFixtures.JSON;
import static org.clearway.routes.ExpressFixtures.json;
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

/**
 * The hold window of PARTNER-APIS §7.2 end to end, with carrier HOLD-EXPRESS (window 3 s) whose
 * code DEMO-PLATFORM may link: a COMMERCIAL shipment waits (AWAITING_ORDER_DATA, nothing at
 * customs); an order inside the window makes revision 1 carry both parties' data; no order means
 * revision 1 with carrier data and PLATFORM_DATA_MISSING when the window ends; a GIFT is not held.
 */
class ExpressHoldWindowIT extends GatewayIT {
    private static final String KEY = "hold-express-key-1";

    @Test
    void orderWithinTheWindowMakesRevisionOneCarryBoth() throws Exception {
        ObjectNode s = shipment("express-shipment-eu-ioss.json");
        String hwb = s.get("houseWaybill").asText();
        JsonNode accepted = json(submit(s, "hold-1-" + hwb));
        assertThat(accepted.get("status").asText()).isEqualTo("AWAITING_ORDER_DATA");
        String declarationId = accepted.get("declarationId").asText();
        assertThat(json(Http.get(port, "/v1/express/shipments/" + accepted.get("shipmentRef").asText(), KEY))
                .get("status").asText()).isEqualTo("AWAITING_ORDER_DATA");
        assertThat(receive(declarationId, 1, 500)).as("nothing at customs while held").isNull();

        putOrder(hwb);
        Declaration d = CanonicalJson.readDeclaration(receive(declarationId, 1, 20_000).getBody(byte[].class));
        assertThat(d.functionCode()).isEqualTo(FunctionCode.ORIGINAL);
        assertThat(d.sources()).extracting(src -> src.partnerKind()).contains(PartnerKind.PLATFORM, PartnerKind.EXPRESS);
        assertThat(flags(d)).doesNotContain(FlagCode.PLATFORM_DATA_MISSING, FlagCode.LATE_ENRICHMENT);
        Thread.sleep(3500);
        assertThat(receive(declarationId, 2, 500)).as("the window's end releases nothing more").isNull();
    }

    @Test
    void windowEndsWithoutOrderDataThenRevisionOneSaysSo() throws Exception {
        ObjectNode s = shipment("express-shipment-eu-ioss.json");
        JsonNode accepted = json(submit(s, "hold-2-" + s.get("houseWaybill").asText()));
        String declarationId = accepted.get("declarationId").asText();
        Message m = receive(declarationId, 1, 20_000);
        assertThat(m).as("released when the 3 s window ends").isNotNull();
        Declaration d = CanonicalJson.readDeclaration(m.getBody(byte[].class));
        assertThat(d.sources()).singleElement().satisfies(src -> assertThat(src.partnerKind()).isEqualTo(PartnerKind.EXPRESS));
        assertThat(flags(d)).contains(FlagCode.PLATFORM_DATA_MISSING);
    }

    @Test
    void giftsAreNotHeld() throws Exception {
        ObjectNode s = shipment("express-shipment-eu-ioss.json");
        s.put("shipmentType", "GIFT");
        JsonNode accepted = json(submit(s, "hold-3-" + s.get("houseWaybill").asText()));
        assertThat(accepted.get("status").asText()).isEqualTo("RECEIVED");
        assertThat(receive(accepted.get("declarationId").asText(), 1, 20_000)).isNotNull();
    }

    @Test
    void cancelWhileHeldSendsNothingToCustoms() throws Exception {
        ObjectNode s = shipment("express-shipment-eu-ioss.json");
        JsonNode accepted = json(submit(s, "hold-4-" + s.get("houseWaybill").asText()));
        HttpResponse<String> cancel = Http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                        + "/v1/express/shipments/" + accepted.get("shipmentRef").asText()))
                .header("Authorization", "Bearer " + KEY).header("Idempotency-Key", "hold-4-del").DELETE().build());
        assertThat(cancel.statusCode()).as(cancel.body()).isEqualTo(202);
        assertThat(receive(accepted.get("declarationId").asText(), 1, 4500)).as("never declared").isNull();
    }

    private HttpResponse<String> submit(ObjectNode shipment, String idempotencyKey) throws Exception {
        HttpResponse<String> r = ExpressFixtures.post(port, "/v1/express/shipments", KEY, idempotencyKey,
                "application/json", JSON.writeValueAsBytes(shipment));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        return r;
    }

    private void putOrder(String hwb) throws Exception {
        ObjectNode order = (ObjectNode) JSON.readTree(JsonSamples.text("platform-orders.ndjson").lines().findFirst().orElseThrow());
        order.put("orderId", "HOLD-" + hwb);
        order.putArray("shipments").add(JSON.createObjectNode().put("carrierCode", "HOLD").put("trackingNumber", hwb));
        HttpResponse<String> r = Http.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/v1/platform/orders/HOLD-" + hwb))
                .header("Authorization", "Bearer demo-platform-key").header("Content-Type", "application/json")
                .header("Idempotency-Key", "hold-order-" + hwb)
                .PUT(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(order), StandardCharsets.UTF_8)).build());
        assertThat(r.statusCode()).as(r.body()).isIn(200, 201);
    }

    private Message receive(String declarationId, int revision, long timeoutMs) throws Exception {
        try (Connection c = connectionFactory.createConnection()) {
            c.start();
            Session session = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            return session.createConsumer(session.createQueue("customs.declarations"),
                    "clearway_declaration_id = '" + declarationId + "' and clearway_revision = " + revision)
                    .receive(timeoutMs);
        }
    }

    private static java.util.List<FlagCode> flags(Declaration d) {
        return d.dataQuality() == null ? java.util.List.of()
                : d.dataQuality().flags().stream().map(DataQuality.Flag::code).toList();
    }
}
