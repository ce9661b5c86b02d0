package org.clearway.routes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.citrusframework.actions.ReceiveMessageAction.Builder.receive;
import static org.citrusframework.actions.ReceiveTimeoutAction.Builder.expectTimeout;
import static org.citrusframework.dsl.JsonPathSupport.jsonPath;
import static org.citrusframework.http.actions.HttpActionBuilder.http;
import static org.clearway.routes.ExpressFixtures.JSON;
import static org.clearway.routes.ExpressFixtures.json;
import static org.clearway.routes.ExpressFixtures.shipment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.citrusframework.TestCaseRunner;
import org.citrusframework.annotations.CitrusResource;
import org.citrusframework.annotations.CitrusTest;
import org.citrusframework.context.TestContext;
import org.citrusframework.http.endpoint.builder.HttpEndpoints;
import org.citrusframework.http.server.HttpServer;
import org.citrusframework.junit.jupiter.CitrusSupport;
import org.citrusframework.message.MessageType;
import org.clearway.mappings.express.WebhookSignature;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.http.HttpStatus;

/**
 * Decision delivery to an express carrier end to end (PARTNER-APIS §5): a shipment becomes a
 * declaration, customs acknowledges and then decides DUTIES_PAYABLE (correlated by house waybill),
 * and the carrier gets both as signed webhooks in sequence order, the acknowledgement retried after
 * a 500 and each event exactly once, and finds the same event ids exactly once by cursor pull.
 * Citrus plays the carrier's webhook receiver and the customs backend.
 */
@CitrusSupport
class ExpressDecisionsIT extends GatewayIT {
    private static final int RECEIVER_PORT = freeLocalPort();
    /** An express partner of GatewayIT other than DEMO-EXPRESS. */
    private static final String OTHER_EXPRESS_KEY = "other-express-key-1";
    private HttpServer receiver;

    @Autowired
    JdbcClient jdbc;

    @AfterEach
    void stopReceiver() {
        // leave DEMO-EXPRESS as found, without a webhook: later tests' decisions are pull only
        jdbc.sql("delete from webhook_endpoint where partner_id = 'DEMO-EXPRESS'").update();
        if (receiver != null) {
            receiver.stop();
        }
    }

    @Test
    @CitrusTest
    void decisionsArePushedSignedInOrderWithRetryAndPulledOnceByCursor(@CitrusResource TestCaseRunner runner,
                                                                    @CitrusResource TestContext context) {
        receiver = HttpEndpoints.http().server().port(RECEIVER_PORT).timeout(30_000).autoStart(true).build();
        receiver.initialize();

        // the carrier registers its webhook; the secret is shown once
        HttpResponse<String> put = webhookConfig("{\"url\":\"http://127.0.0.1:" + RECEIVER_PORT + "/hooks\","
                + "\"events\":[\"customs.decision\",\"customs.acknowledgement\"],\"enabled\":true}");
        assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
        String secret = json(put).path("signingSecret").asText(null);
        if (secret == null) {
            secret = json(request("POST", "/v1/webhooks/config:rotate-secret", null)).get("signingSecret").asText();
        }
        assertThat(secret).startsWith("whsec_");
        JsonNode config = json(request("GET", "/v1/webhooks/config", null));
        assertThat(config.get("enabled").asBoolean()).isTrue();
        assertThat(config.has("signingSecret")).isFalse();
        HttpResponse<String> badUrl = webhookConfig("{\"url\":\"ftp://carrier.example/hooks\",\"events\":[\"customs.decision\"],"
                + "\"enabled\":true}");
        assertThat(badUrl.statusCode()).isEqualTo(422);
        assertThat(json(badUrl).at("/errors/0/pointer").asText()).isEqualTo("/url");

        // the shipment becomes a declaration at customs
        ObjectNode shipment = shipment("express-shipment-eu-ioss.json");
        String hwb = shipment.get("houseWaybill").asText();
        runner.variable("hwb", hwb);
        runner.$(http().client(gateway).send().post("/v1/express/shipments").message()
                .header("Authorization", "Bearer demo-express-key")
                .header("Idempotency-Key", "it-events-" + hwb)
                .contentType("application/json").body(shipment.toString()));
        runner.$(http().client(gateway).receive().response(HttpStatus.ACCEPTED).message().type(MessageType.JSON)
                .extract(jsonPath().expression("$.shipmentRef", "ref").expression("$.declarationId", "declId")));
        runner.$(receive(customsQueue).selector("clearway_declaration_id = '${declId}'").message());

        // customs acknowledges, then decides; both by house waybill
        runner.$(http().client(gateway).send().post("/v1/customs/decisions").message()
                .header("Authorization", "Bearer demo-customs-key").contentType("application/json")
                .body(submission("ACK-${hwb}", "ACKNOWLEDGEMENT", "ACCEPTED", false, "")));
        runner.$(http().client(gateway).receive().response(HttpStatus.ACCEPTED).message().type(MessageType.JSON)
                .validate(jsonPath().expression("$.declarationId", "${declId}").expression("$.sequence", 1))
                .extract(jsonPath().expression("$.decisionId", "ackId")));
        runner.$(http().client(gateway).send().post("/v1/customs/decisions").message()
                .header("Authorization", "Bearer demo-customs-key").contentType("application/json")
                .body(submission("DP-${hwb}", "DECISION", "DUTIES_PAYABLE", true, """
                        ,"customsReference":"26DE004851H7000417",
                        "reason":{"code":"IOSS_NOT_APPLICABLE","text":"IOSS number not valid for this consignment; import VAT due"},
                        "taxes":[
                          {"itemSequence":1,"type":"VAT","nationalCode":"B00","base":{"amount":"21.79","currency":"EUR"},"rate":"19.00","amount":{"amount":"4.14","currency":"EUR"}},
                          {"itemSequence":2,"type":"VAT","nationalCode":"B00","base":{"amount":"20.00","currency":"EUR"},"rate":"19.00","amount":{"amount":"3.80","currency":"EUR"}}],
                        "totalPayable":{"amount":"7.94","currency":"EUR"},"payBy":"2026-12-09","paymentReference":"DEMO-CUSTOMS-0000417\"""")));
        runner.$(http().client(gateway).receive().response(HttpStatus.ACCEPTED).message().type(MessageType.JSON)
                .validate(jsonPath().expression("$.declarationId", "${declId}").expression("$.sequence", 2))
                .extract(jsonPath().expression("$.decisionId", "dutiesId")));

        // webhook 1: the acknowledgement; the carrier fails with 500
        runner.$(http().server(receiver).receive().post("/hooks").message().name("hook1"));
        runner.$(http().server(receiver).send().response(HttpStatus.INTERNAL_SERVER_ERROR));
        // webhook 2: the same event again (the decision, sequence 2, waits behind it)
        runner.$(http().server(receiver).receive().post("/hooks").message().name("hook2"));
        runner.$(http().server(receiver).send().response(HttpStatus.NO_CONTENT));
        // webhook 3: the duties-payable decision
        runner.$(http().server(receiver).receive().post("/hooks").message().name("hook3"));
        runner.$(http().server(receiver).send().response(HttpStatus.OK));
        // each delivered event once: nothing more arrives (retries would come within 1-2 s)
        runner.$(expectTimeout(receiver).timeout(4000));

        String signingSecret = secret;
        runner.$(ctx -> {
            List<JsonNode> pushed = new ArrayList<>();
            List<String> ids = new ArrayList<>();
            for (String name : List.of("hook1", "hook2", "hook3")) {
                var message = ctx.getMessageStore().getMessage(name);
                byte[] body = message.getPayload(String.class).getBytes(StandardCharsets.UTF_8);
                String id = header(message, "webhook-id");
                assertThat(header(message, "Content-Type")).startsWith("application/json");
                assertThat(WebhookSignature.verify(signingSecret, id, header(message, "webhook-timestamp"), body,
                        header(message, "webhook-signature"), Instant.now())).as("signature of %s", name).isTrue();
                ids.add(id);
                JsonNode event = read(body);
                assertThat(event.get("eventId").asText()).isEqualTo(id);
                pushed.add(event);
            }
            assertThat(ids.get(1)).as("the 500 is retried with the same event").isEqualTo(ids.get(0));
            assertThat(ids.get(2)).isNotEqualTo(ids.get(0));
            JsonNode ack = pushed.get(0);
            assertThat(ack.get("eventType").asText()).isEqualTo("customs.acknowledgement");
            assertThat(ack.at("/decision/decisionId").asText()).isEqualTo(ctx.getVariable("ackId"));
            assertThat(ack.at("/decision/sequence").asInt()).isEqualTo(1);
            JsonNode duties = pushed.get(2);
            assertThat(duties.get("eventType").asText()).isEqualTo("customs.decision");
            assertThat(duties.get("partnerId").asText()).isEqualTo("DEMO-EXPRESS");
            JsonNode d = duties.get("decision");
            assertThat(d.get("decisionId").asText()).isEqualTo(ctx.getVariable("dutiesId"));
            assertThat(d.get("sequence").asInt()).isEqualTo(2);
            assertThat(d.get("status").asText()).isEqualTo("DUTIES_PAYABLE");
            assertThat(d.get("final").asBoolean()).isTrue();
            assertThat(d.get("shipmentRef").asText()).isEqualTo(ctx.getVariable("ref"));
            assertThat(d.get("shipmentId").asText()).isEqualTo("ACME-SHP-20261124-000123");
            assertThat(d.get("houseWaybill").asText()).isEqualTo(hwb);
            assertThat(d.get("declarationId").asText()).isEqualTo(ctx.getVariable("declId"));
            assertThat(d.get("customsCountry").asText()).isEqualTo("DE");
            assertThat(d.get("taxes")).hasSize(2);
            assertThat(d.at("/taxes/0/lineNumber").asInt()).isEqualTo(1);
            assertThat(d.at("/taxes/1/lineNumber").asInt()).isEqualTo(2);
            assertThat(d.at("/taxes/1/amount/amount").isNumber()).isTrue();
            assertThat(d.at("/taxes/1/amount/amount").decimalValue()).isEqualByComparingTo("3.80");
            assertThat(d.at("/totalPayable/amount").decimalValue()).isEqualByComparingTo("7.94");

            // pull: the same two event ids, exactly once each, in sequence order
            List<String> pulled = new ArrayList<>();
            List<JsonNode> pulledEvents = new ArrayList<>();
            String cursor = null;
            for (int pages = 0; pages < 1000; pages++) {
                JsonNode page = read(Http.get(port, "/v1/decisions?limit=2" + (cursor == null ? "" : "&after=" + cursor),
                        ExpressFixtures.KEY).body().getBytes(StandardCharsets.UTF_8));
                for (JsonNode e : page.get("events")) {
                    pulled.add(e.get("eventId").asText());
                    pulledEvents.add(e);
                }
                assertThat(page.get("nextCursor").asText()).startsWith("c_");
                cursor = page.get("nextCursor").asText();
                if (!page.get("hasMore").asBoolean()) {
                    break;
                }
            }
            assertThat(pulled).doesNotHaveDuplicates();
            String ackEventId = ack.get("eventId").asText();
            String dutiesEventId = duties.get("eventId").asText();
            assertThat(pulled).containsSubsequence(ackEventId, dutiesEventId);
            assertThat(pulledEvents.get(pulled.indexOf(dutiesEventId))).isEqualTo(duties);
            JsonNode one = read(Http.get(port, "/v1/decisions/" + ctx.getVariable("dutiesId"), ExpressFixtures.KEY)
                    .body().getBytes(StandardCharsets.UTF_8));
            assertThat(one).isEqualTo(duties);

            // the status filter, and another carrier never sees this partner's decisions
            JsonNode filtered = read(Http.get(port, "/v1/decisions?limit=500&status=ACCEPTED", ExpressFixtures.KEY)
                    .body().getBytes(StandardCharsets.UTF_8));
            List<String> accepted = new ArrayList<>();
            filtered.get("events").forEach(e -> accepted.add(e.get("eventId").asText()));
            assertThat(accepted).contains(ackEventId).doesNotContain(dutiesEventId);
            HttpResponse<String> foreign = Http.get(port, "/v1/decisions/" + ctx.getVariable("dutiesId"), OTHER_EXPRESS_KEY);
            assertThat(foreign.statusCode()).isEqualTo(404);
            assertThat(foreign.headers().firstValue("Content-Type")).hasValueSatisfying(
                    t -> assertThat(t).startsWith("application/problem+json"));
            assertThat(Http.get(port, "/v1/decisions?limit=500", OTHER_EXPRESS_KEY).body()).doesNotContain(dutiesEventId);

            // a cursor the API never issued is a 400 with a pointer
            HttpResponse<String> bad = Http.get(port, "/v1/decisions?after=nonsense", ExpressFixtures.KEY);
            assertThat(bad.statusCode()).isEqualTo(400);
            assertThat(read(bad.body().getBytes(StandardCharsets.UTF_8)).at("/errors/0/pointer").asText()).isEqualTo("/after");
            assertThat(Http.get(port, "/v1/decisions", "demo-post-key").statusCode()).isIn(401, 403);
        });
    }

    /** A JSON decision submission correlated by the house waybill (CANONICAL-MODEL §6.4); {@code extra} starts with a comma. */
    private static String submission(String backendRef, String kind, String status, boolean isFinal, String extra) {
        return "{\"schema\":\"urn:clearway:customs-decision-submission:1\",\"specVersion\":\"1.0\","
                + "\"backendDecisionRef\":\"" + backendRef + "\",\"correlation\":{\"houseWaybill\":\"${hwb}\"},"
                + "\"kind\":\"" + kind + "\",\"status\":\"" + status + "\",\"track\":\"CLEARANCE\",\"final\":" + isFinal + ","
                + "\"customsAuthority\":{\"country\":\"DE\",\"officeRef\":\"DE004851\"},"
                + "\"decidedAt\":\"2026-11-25T09:41:07.000Z\"" + extra + "}";
    }

    /** A received header, whatever the case of its name; "" when absent. */
    private static String header(org.citrusframework.message.Message message, String name) {
        return message.getHeaders().entrySet().stream().filter(h -> h.getKey().equalsIgnoreCase(name))
                .map(h -> String.valueOf(h.getValue())).findFirst().orElse("");
    }

    private HttpResponse<String> webhookConfig(String body) {
        return request("PUT", "/v1/webhooks/config", body);
    }

    private HttpResponse<String> request(String method, String path, String body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", "Bearer " + ExpressFixtures.KEY)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        if (!method.equals("GET")) {
            b.header("Idempotency-Key", "it-webhook-" + System.nanoTime());
        }
        return Http.send(b.build());
    }

    private static JsonNode read(byte[] json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new IllegalStateException(new String(json, StandardCharsets.UTF_8), e);
        }
    }

    private static int freeLocalPort() {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
