package org.clearway.routes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.clearway.routes.ExpressFixtures.JSON;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.Message;
import jakarta.jms.Session;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.clearway.mappings.canonical.CanonicalJson;
import org.clearway.mappings.canonical.DataQuality;
import org.clearway.mappings.canonical.Declaration;
import org.clearway.mappings.canonical.FlagCode;

/**
 * Platform-side helpers of the fusion ITs (PARTNER-APIS §6, §7): orders built from
 * {@code samples-json/platform-orders.ndjson} line 1, PUT / link / DELETE as {@code DEMO-PLATFORM},
 * postal interchanges posted over HTTP, declarations read from {@code customs.declarations},
 * decisions posted as {@code DEMO-CUSTOMS} and the platform's decision events pulled.
 */
final class PlatformFixtures {
    static final String PLATFORM_KEY = "demo-platform-key";
    private static final java.util.concurrent.atomic.AtomicLong LINKS = new java.util.concurrent.atomic.AtomicLong(System.nanoTime());

    private PlatformFixtures() {
    }

    /** Order line 1 of the NDJSON sample with a new orderId and the given tracking links ({carrierCode|null, trackingNumber}). */
    static ObjectNode order(String orderId, String[]... parcels) throws Exception {
        String line1 = JsonSamples.text("platform-orders.ndjson").lines().findFirst().orElseThrow();
        ObjectNode order = (ObjectNode) JSON.readTree(line1);
        order.put("orderId", orderId);
        var shipments = order.putArray("shipments");
        for (String[] p : parcels) {
            ObjectNode parcel = shipments.addObject();
            if (p[0] != null) {
                parcel.put("carrierCode", p[0]);
            }
            parcel.put("trackingNumber", p[1]);
        }
        return order;
    }

    static HttpResponse<String> putOrder(int port, ObjectNode order) throws Exception {
        return Http.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/v1/platform/orders/" + order.get("orderId").asText()))
                .header("Authorization", "Bearer " + PLATFORM_KEY).header("Content-Type", "application/json")
                .header("Idempotency-Key", "it-order-" + order.get("orderId").asText() + "-" + order.get("orderVersion").asText())
                .PUT(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(order), StandardCharsets.UTF_8)).build());
    }

    static void putOrderOk(int port, ObjectNode order) throws Exception {
        HttpResponse<String> r = putOrder(port, order);
        assertThat(r.statusCode()).as(r.body()).isIn(200, 201);
    }

    /** {@code POST /v1/platform/orders/{orderId}/shipments} (§6.5); {@code carrierCode} null = none given. */
    static HttpResponse<String> link(int port, String orderId, String carrierCode, String trackingNumber) throws Exception {
        ObjectNode body = JSON.createObjectNode();
        if (carrierCode != null) {
            body.put("carrierCode", carrierCode);
        }
        body.put("trackingNumber", trackingNumber);
        return Http.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/v1/platform/orders/" + orderId + "/shipments"))
                .header("Authorization", "Bearer " + PLATFORM_KEY).header("Content-Type", "application/json")
                .header("Idempotency-Key", "it-link-" + LINKS.incrementAndGet())
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body), StandardCharsets.UTF_8)).build());
    }

    static HttpResponse<String> cancelOrder(int port, String orderId) {
        return Http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/platform/orders/" + orderId))
                .header("Authorization", "Bearer " + PLATFORM_KEY).header("Idempotency-Key", "it-cancel-" + orderId)
                .DELETE().build());
    }

    /** Posts a CUSITM interchange as a postal partner; the 202 body. */
    static JsonNode submitPostal(int port, String apiKey, byte[] interchange) {
        HttpResponse<String> r = Http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/postal/interchanges"))
                .header("Authorization", "Bearer " + apiKey).header("Content-Type", "application/EDIFACT")
                .POST(HttpRequest.BodyPublishers.ofByteArray(interchange)).build());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        JsonNode body = Http.json(r.body());
        assertThat(body.at("/messages/0/status").asText()).as(r.body()).isEqualTo("accepted");
        return body;
    }

    /** Revision {@code revision} of a declaration as it reached {@code customs.declarations}. */
    static Declaration receive(ConnectionFactory connectionFactory, String declarationId, int revision) throws Exception {
        try (Connection c = connectionFactory.createConnection()) {
            c.start();
            Session session = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            Message m = session.createConsumer(session.createQueue("customs.declarations"),
                    "clearway_declaration_id = '" + declarationId + "' and clearway_revision = " + revision).receive(20_000);
            assertThat(m).as("revision " + revision + " of " + declarationId + " at customs").isNotNull();
            return CanonicalJson.readDeclaration(m.getBody(byte[].class));
        }
    }

    /** Asserts that no further revision of the declaration reaches customs within {@code millis}. */
    static void assertNothingMore(ConnectionFactory connectionFactory, String declarationId, long millis) throws Exception {
        try (Connection c = connectionFactory.createConnection()) {
            c.start();
            Session session = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            Message m = session.createConsumer(session.createQueue("customs.declarations"),
                    "clearway_declaration_id = '" + declarationId + "'").receive(millis);
            assertThat(m).as("no further revision of " + declarationId).isNull();
        }
    }

    static void decide(int port, String declarationId, String status, String track, boolean fin) {
        HttpResponse<String> r = Http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/customs/decisions"))
                .header("Authorization", "Bearer demo-customs-key").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("""
                        {"schema":"urn:clearway:customs-decision-submission:1","specVersion":"1.0",
                         "declarationId":"%s","kind":"DECISION","status":"%s","track":"%s","final":%s,
                         "customsAuthority":{"country":"DE"},"decidedAt":"2026-11-24T10:02:00.000Z"}"""
                        .formatted(declarationId, status, track, fin))).build());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
    }

    /** The platform's decision event for this declaration, waiting up to 10 s; null when none came. */
    static JsonNode awaitPlatformEvent(int port, String declarationId) throws Exception {
        for (int i = 0; i < 100; i++) {
            String after = "";
            while (true) {
                JsonNode page = Http.json(Http.get(port, "/v1/decisions?limit=500" + after, PLATFORM_KEY).body());
                for (JsonNode e : page.path("events")) {
                    if (declarationId.equals(e.at("/decision/declarationId").asText())) {
                        return e;
                    }
                }
                if (!page.path("hasMore").asBoolean()) {
                    break;
                }
                after = "&after=" + page.get("nextCursor").asText();
            }
            Thread.sleep(100);
        }
        return null;
    }

    /** The trace events of a declaration (admin API). */
    static List<JsonNode> trace(int port, String declarationId) {
        JsonNode t = Http.json(Http.get(port, "/v1/admin/trace?declarationId=" + declarationId, "it-admin-key-0123").body());
        List<JsonNode> events = new java.util.ArrayList<>();
        t.path("events").forEach(events::add);
        return events;
    }

    static List<FlagCode> flags(Declaration d) {
        return d.dataQuality() == null ? List.of() : d.dataQuality().flags().stream().map(DataQuality.Flag::code).toList();
    }

    static List<DataQuality.Flag> flagsOf(Declaration d, FlagCode code) {
        return d.dataQuality() == null ? List.of()
                : d.dataQuality().flags().stream().filter(f -> f.code() == code).toList();
    }
}
