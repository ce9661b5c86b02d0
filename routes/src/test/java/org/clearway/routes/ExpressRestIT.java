package org.clearway.routes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.citrusframework.actions.ReceiveMessageAction.Builder.receive;
import static org.citrusframework.actions.ReceiveTimeoutAction.Builder.expectTimeout;
import static org.citrusframework.dsl.JsonPathSupport.jsonPath;
import static org.citrusframework.dsl.MessageSupport.MessageHeaderSupport.fromHeaders;
import static org.citrusframework.http.actions.HttpActionBuilder.http;
import static org.clearway.routes.ExpressFixtures.JSON;
import static org.clearway.routes.ExpressFixtures.json;
import static org.clearway.routes.ExpressFixtures.post;
import static org.clearway.routes.ExpressFixtures.shipment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpResponse;
import java.util.Base64;
import org.citrusframework.TestCaseRunner;
import org.citrusframework.annotations.CitrusResource;
import org.citrusframework.annotations.CitrusTest;
import org.citrusframework.context.TestContext;
import org.citrusframework.junit.jupiter.CitrusSupport;
import org.citrusframework.message.MessageType;
import org.clearway.mappings.canonical.CanonicalJson;
import org.clearway.mappings.canonical.Declaration;
import org.clearway.mappings.canonical.FunctionCode;
import org.clearway.mappings.canonical.PartyRole;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;

/**
 * The express REST channel end to end (PARTNER-APIS §3, §1.2): a carrier's shipment becomes a
 * signed canonical declaration at customs; the same key replays, the same content with a new key
 * is a duplicate, changed content an amendment, a cancellation a CANCELLATION revision; after a
 * final decision the consignment is closed. Citrus plays the carrier and the customs backend.
 */
@CitrusSupport
class ExpressRestIT extends GatewayIT {

    @Test
    @CitrusTest
    void shipmentBecomesSignedDeclarationThenDuplicateAmendmentAndClosedAfterFinalDecision(
            @CitrusResource TestCaseRunner runner, @CitrusResource TestContext context) throws Exception {
        ObjectNode shipment = shipment("express-shipment-eu-ioss.json");
        String hwb = shipment.get("houseWaybill").asText();
        String body = JSON.writeValueAsString(shipment);
        runner.variable("hwb", hwb);

        runner.$(http().client(gateway).send().post("/v1/express/shipments").message()
                .header("Authorization", "Bearer demo-express-key")
                .header("Idempotency-Key", "it-" + hwb + "-1")
                .contentType("application/json").body(body));
        runner.$(http().client(gateway).receive().response(HttpStatus.ACCEPTED).message().type(MessageType.JSON)
                .validate(jsonPath().expression("$.outcome", "ACCEPTED").expression("$.revision", 1)
                        .expression("$.status", "RECEIVED"))
                .extract(jsonPath().expression("$.shipmentRef", "ref").expression("$.declarationId", "declId"))
                .extract(fromHeaders().header("X-Request-Id", "requestId")));

        runner.$(receive(customsQueue).selector("clearway_declaration_id = '${declId}'").message()
                .name("original").header("clearway_revision", 1)
                .extract(fromHeaders().header("clearway_sig", "sig")));
        runner.$(ctx -> {
            byte[] wire = ctx.getMessageStore().getMessage("original").getPayload(byte[].class);
            Declaration d = CanonicalJson.readDeclaration(wire);
            assertThat(d.correlation().houseWaybill()).isEqualTo(hwb);
            assertThat(d.correlation().masterAirWaybill()).isEqualTo("176-12345675");
            assertThat(d.functionCode()).isEqualTo(FunctionCode.ORIGINAL);
            assertThat(d.sources()).singleElement().satisfies(s -> {
                assertThat(s.partnerId()).isEqualTo("DEMO-EXPRESS");
                assertThat(s.dialect()).isEqualTo("CLEARWAY-EXPRESS-REST-1");
            });
            assertThat(d.parties()).filteredOn(p -> p.role() == PartyRole.CARRIER).singleElement()
                    .satisfies(p -> assertThat(p.name()).isEqualTo("Acme Express GmbH"));
            assertThat(d.destinationCustoms().country()).isEqualTo("DE");
            assertThat(d.items()).hasSize(2);
            String pem = Http.get(port, "/v1/customs/certificates", "demo-customs-key").body();
            assertThat(Openssl.verifyDetached(wire, Base64.getDecoder().decode(ctx.getVariable("sig")), pem))
                    .as("openssl cms -verify of the express declaration").isZero();
            assertThat(ctx.getVariable("requestId")).matches("[0-9a-f-]{36}");
        });

        // the same key and body: the original answer, replayed, nothing new queued
        HttpResponse<String> replay = post(port, "/v1/express/shipments", "it-" + hwb + "-1", shipment);
        assertThat(replay.statusCode()).isEqualTo(202);
        assertThat(replay.headers().firstValue("Idempotent-Replayed")).hasValue("true");
        assertThat(json(replay).get("shipmentRef").asText()).isEqualTo(context.getVariable("ref"));

        // the same content under a new key (members reordered, 18.0 for 18.00): business duplicate
        ObjectNode reordered = JSON.createObjectNode();
        reordered.set("lineItems", shipment.get("lineItems"));
        shipment.fieldNames().forEachRemaining(f -> reordered.set(f, shipment.get(f)));
        ((ObjectNode) reordered.get("lineItems").get(0).get("value")).put("amount", new java.math.BigDecimal("18.0"));
        HttpResponse<String> duplicate = post(port, "/v1/express/shipments", "it-" + hwb + "-2", reordered);
        assertThat(duplicate.statusCode()).as(duplicate.body()).isEqualTo(200);
        assertThat(json(duplicate).get("outcome").asText()).isEqualTo("DUPLICATE_IGNORED");
        runner.$(expectTimeout(customsQueue).selector("clearway_declaration_id = '${declId}'").timeout(2000));

        // the same key with another body: 422 idempotency-key-reused
        ObjectNode changed = shipment.deepCopy();
        ((ObjectNode) changed.get("lineItems").get(0)).put("description", "Women's T-shirts of knitted cotton");
        HttpResponse<String> reused = post(port, "/v1/express/shipments", "it-" + hwb + "-1", changed);
        assertThat(reused.statusCode()).isEqualTo(422);
        assertThat(json(reused).get("type").asText()).isEqualTo("https://api.clearway.example/problems/idempotency-key-reused");

        // changed content under a new key: AMENDED, revision 2, AMENDMENT at customs
        HttpResponse<String> amended = post(port, "/v1/express/shipments", "it-" + hwb + "-3", changed);
        assertThat(amended.statusCode()).as(amended.body()).isEqualTo(202);
        assertThat(json(amended).get("outcome").asText()).isEqualTo("AMENDED");
        assertThat(json(amended).get("revision").asInt()).isEqualTo(2);
        runner.$(receive(customsQueue).selector("clearway_declaration_id = '${declId}'").message()
                .name("amendment").header("clearway_revision", 2));
        runner.$(ctx -> {
            Declaration d = CanonicalJson.readDeclaration(
                    ctx.getMessageStore().getMessage("amendment").getPayload(byte[].class));
            assertThat(d.functionCode()).isEqualTo(FunctionCode.AMENDMENT);
            assertThat(d.items().get(0).description()).isEqualTo("Women's T-shirts of knitted cotton");
        });

        // status follows the declaration
        String ref = context.getVariable("ref");
        JsonNode status = awaitStatus(ref, "DECLARED");
        assertThat(status.get("houseWaybill").asText()).isEqualTo(hwb);
        assertThat(json(Http.get(port, "/v1/express/shipments?houseWaybill=" + hwb, ExpressFixtures.KEY))
                .get("shipmentRef").asText()).isEqualTo(ref);

        // customs decides finally, correlating by house waybill
        runner.$(http().client(gateway).send().post("/v1/customs/decisions").message()
                .header("Authorization", "Bearer demo-customs-key").contentType("application/json")
                .body("""
                        {"schema":"urn:clearway:customs-decision-submission:1","specVersion":"1.0",
                         "backendDecisionRef":"EXP-${hwb}","correlation":{"houseWaybill":"${hwb}"},
                         "kind":"DECISION","status":"RELEASED","track":"CLEARANCE","final":true,
                         "customsAuthority":{"country":"DE"},"decidedAt":"2026-11-24T10:02:00.000Z"}"""));
        runner.$(http().client(gateway).receive().response(HttpStatus.ACCEPTED).message().type(MessageType.JSON)
                .validate(jsonPath().expression("$.declarationId", "${declId}")));
        JsonNode decided = awaitStatus(ref, "DECIDED");
        assertThat(decided.at("/lastDecision/status").asText()).isEqualTo("RELEASED");
        assertThat(decided.at("/lastDecision/final").asBoolean()).isTrue();

        // a change after the final decision: 409 consignment-closed; cancel likewise
        ObjectNode late = changed.deepCopy();
        late.put("pieces", 2);
        HttpResponse<String> closed = post(port, "/v1/express/shipments", "it-" + hwb + "-4", late);
        assertThat(closed.statusCode()).isEqualTo(409);
        assertThat(json(closed).get("type").asText()).endsWith("/consignment-closed");
        HttpResponse<String> cancel = ExpressFixtures.delete(port, "/v1/express/shipments/" + ref, "it-" + hwb + "-5");
        assertThat(cancel.statusCode()).isEqualTo(409);
        runner.$(expectTimeout(customsQueue).selector("clearway_declaration_id = '${declId}'").timeout(2000));
    }

    @Test
    @CitrusTest
    void cancellationBecomesACancellationRevisionAndClosesTheHouseWaybill(@CitrusResource TestCaseRunner runner)
            throws Exception {
        ObjectNode shipment = shipment("express-shipment-us-t86.json");
        HttpResponse<String> accepted = post(port, "/v1/express/shipments", "it-cancel-" + shipment.get("houseWaybill").asText(), shipment);
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        String ref = json(accepted).get("shipmentRef").asText();
        runner.variable("declId", json(accepted).get("declarationId").asText());
        runner.$(receive(customsQueue).selector("clearway_declaration_id = '${declId}'").message()
                .header("clearway_revision", 1));

        HttpResponse<String> cancel = ExpressFixtures.delete(port, "/v1/express/shipments/" + ref, "it-cancel-del-" + ref);
        assertThat(cancel.statusCode()).as(cancel.body()).isEqualTo(202);
        assertThat(json(cancel).get("revision").asInt()).isEqualTo(2);
        runner.$(receive(customsQueue).selector("clearway_declaration_id = '${declId}'").message()
                .name("cancellation").header("clearway_revision", 2));
        runner.$(ctx -> assertThat(CanonicalJson.readDeclaration(ctx.getMessageStore()
                .getMessage("cancellation").getPayload(byte[].class)).functionCode()).isEqualTo(FunctionCode.CANCELLATION));
        assertThat(awaitStatus(ref, "CANCELLED").get("revision").asInt()).isEqualTo(2);

        // the cancelled house waybill cannot come back under a new key
        ObjectNode again = shipment.deepCopy();
        again.put("pieces", 3);
        assertThat(post(port, "/v1/express/shipments", "it-cancel-again-" + ref, again).statusCode()).isEqualTo(409);
        // DELETE without an Idempotency-Key is refused
        HttpResponse<String> noKey = Http.send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create("http://127.0.0.1:" + port + "/v1/express/shipments/" + ref))
                .header("Authorization", "Bearer demo-express-key").DELETE().build());
        assertThat(noKey.statusCode()).isEqualTo(400);
        assertThat(json(noKey).get("type").asText()).endsWith("/idempotency-key-missing");
        // another partner's view: 404
        assertThat(Http.get(port, "/v1/express/shipments/" + ref, "demo-post-key").statusCode()).isEqualTo(403);
        assertThat(Http.get(port, "/v1/express/shipments/shp_00000000000000", ExpressFixtures.KEY).statusCode())
                .isEqualTo(404);
    }

    @Test
    @CitrusTest
    void batchAnswersEachShipmentOnItsOwn(@CitrusResource TestCaseRunner runner) throws Exception {
        ObjectNode batch = ExpressFixtures.sample("express-batch.json");
        for (JsonNode s : batch.get("shipments")) {
            ((ObjectNode) s).put("houseWaybill", ExpressFixtures.uniqueHouseWaybill());
        }
        HttpResponse<String> ok = post(port, "/v1/express/shipments:batch", "it-batch-" + System.nanoTime(), batch);
        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(207);
        JsonNode results = json(ok);
        assertThat(results.get("accepted").asInt()).isEqualTo(2);
        assertThat(results.get("rejected").asInt()).isZero();
        for (int i = 0; i < 2; i++) {
            assertThat(results.at("/results/" + i + "/index").asInt()).isEqualTo(i);
            assertThat(results.at("/results/" + i + "/status").asInt()).isEqualTo(202);
            assertThat(results.at("/results/" + i + "/outcome").asText()).isEqualTo("ACCEPTED");
            runner.variable("decl" + i, results.at("/results/" + i + "/declarationId").asText());
        }
        runner.$(receive(customsQueue).selector("clearway_declaration_id = '${decl0}'").message().name("gift"));
        runner.$(ctx -> {
            Declaration gift = CanonicalJson.readDeclaration(ctx.getMessageStore().getMessage("gift")
                    .getPayload(byte[].class));
            assertThat(gift.destinationCustoms().country()).isEqualTo("FR");
            assertThat(gift.consignment().totalGrossMassKg()).isEqualTo("0.350");
        });

        // one bad shipment among good ones: 207, the bad one 422 with pointers under /shipments/1
        ObjectNode mixed = ExpressFixtures.sample("express-batch.json");
        ((ObjectNode) mixed.get("shipments").get(0)).put("houseWaybill", ExpressFixtures.uniqueHouseWaybill());
        ObjectNode bad = (ObjectNode) mixed.get("shipments").get(1);
        bad.put("houseWaybill", ExpressFixtures.uniqueHouseWaybill());
        ((ObjectNode) bad.get("lineItems").get(0)).put("hsCode", "33A499");
        HttpResponse<String> partly = post(port, "/v1/express/shipments:batch", "it-batch-" + System.nanoTime(), mixed);
        assertThat(partly.statusCode()).isEqualTo(207);
        JsonNode r = json(partly);
        assertThat(r.get("accepted").asInt()).isEqualTo(1);
        assertThat(r.at("/results/1/status").asInt()).isEqualTo(422);
        assertThat(r.at("/results/1/problem/type").asText()).endsWith("/validation-error");
        assertThat(r.at("/results/1/problem/errors/0/pointer").asText()).isEqualTo("/shipments/1/lineItems/0/hsCode");
        assertThat(r.at("/results/1/problem/errors/0/code").asText()).isEqualTo("HS_FORMAT");
        assertThat(r.at("/results/1/problem/errors/0/index").asInt()).isEqualTo(1);
        // nothing of the rejected shipment exists
        assertThat(Http.get(port, "/v1/express/shipments?houseWaybill=" + bad.get("houseWaybill").asText(),
                ExpressFixtures.KEY).statusCode()).isEqualTo(404);

        // the batch as a whole unusable: 501 shipments -> 422 batch-too-large; no array -> 422
        ObjectNode big = JSON.createObjectNode();
        var array = big.putArray("shipments");
        for (int i = 0; i < 501; i++) {
            array.add(JSON.createObjectNode());
        }
        HttpResponse<String> tooMany = post(port, "/v1/express/shipments:batch", "it-batch-big", big);
        assertThat(tooMany.statusCode()).isEqualTo(422);
        assertThat(json(tooMany).get("type").asText()).endsWith("/batch-too-large");
        HttpResponse<String> noArray = post(port, "/v1/express/shipments:batch", "it-batch-none", JSON.createObjectNode());
        assertThat(noArray.statusCode()).isEqualTo(422);
        assertThat(json(noArray).at("/errors/0/pointer").asText()).isEqualTo("/shipments");
    }

    @Test
    void manifestLinksKnownHousesNowAndUnknownOnesWhenTheyArrive() throws Exception {
        ObjectNode known = shipment("express-shipment-eu-ioss.json");
        known.remove("masterAirWaybill");
        HttpResponse<String> first = post(port, "/v1/express/shipments", "it-mf-" + known.get("houseWaybill").asText(), known);
        assertThat(first.statusCode()).isEqualTo(202);
        String later = ExpressFixtures.uniqueHouseWaybill();
        ObjectNode manifest = JSON.createObjectNode();
        manifest.put("masterAirWaybill", "176-12345675");
        manifest.putObject("flight").put("carrier", "ZZ").put("number", "ZZ1234").put("departureAirport", "PVG")
                .put("arrivalAirport", "LEJ");
        manifest.putArray("houseWaybills").add(known.get("houseWaybill").asText()).add(later);
        HttpResponse<String> response = post(port, "/v1/express/manifests", "it-mf-" + later, manifest);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        JsonNode m = json(response);
        assertThat(m.at("/houses/0/outcome").asText()).isEqualTo("AMENDED");
        assertThat(m.at("/houses/1/outcome").asText()).isEqualTo("PENDING");
        assertThat(m.at("/warnings/0/pointer").asText()).isEqualTo("/houseWaybills/1");

        ObjectNode arriving = shipment("express-shipment-us-t86.json");
        arriving.put("houseWaybill", later);
        arriving.remove("masterAirWaybill");
        HttpResponse<String> arrived = post(port, "/v1/express/shipments", "it-mf-arrive-" + later, arriving);
        assertThat(arrived.statusCode()).isEqualTo(202);
        JsonNode status = json(Http.get(port, "/v1/express/shipments/" + json(arrived).get("shipmentRef").asText(),
                ExpressFixtures.KEY));
        assertThat(status.get("masterAirWaybill").asText()).isEqualTo("176-12345675");

        ObjectNode badManifest = manifest.deepCopy();
        badManifest.put("masterAirWaybill", "176-12345674");
        HttpResponse<String> bad = post(port, "/v1/express/manifests", "it-mf-bad-" + later, badManifest);
        assertThat(bad.statusCode()).isEqualTo(422);
        assertThat(json(bad).at("/errors/0/code").asText()).isEqualTo("AWB_FORMAT");
    }

    @Test
    void informationResponseAmendsTheShipmentThatCustomsAskedAbout() throws Exception {
        ObjectNode shipment = shipment("express-shipment-eu-ioss.json");
        String hwb = shipment.get("houseWaybill").asText();
        JsonNode accepted = json(post(port, "/v1/express/shipments", "it-rfi-" + hwb, shipment));
        String ref = accepted.get("shipmentRef").asText();
        awaitStatus(ref, "DECLARED");
        HttpResponse<String> rfi = Http.send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create("http://127.0.0.1:" + port + "/v1/customs/decisions"))
                .header("Authorization", "Bearer demo-customs-key").header("Content-Type", "application/json")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("""
                        {"schema":"urn:clearway:customs-decision-submission:1","specVersion":"1.0",
                         "correlation":{"houseWaybill":"%s"},"kind":"DECISION","status":"REQUEST_FOR_INFORMATION",
                         "track":"SECURITY","final":false,"customsAuthority":{"country":"DE"},
                         "decidedAt":"2026-11-24T07:02:40.000Z",
                         "requests":[{"type":"INFORMATION","fields":["/items/0/description"],
                                      "text":"Describe goods precisely"}]}""".formatted(hwb))).build());
        assertThat(rfi.statusCode()).as(rfi.body()).isEqualTo(202);
        String decisionId = json(rfi).get("decisionId").asText();

        ObjectNode answer = JSON.createObjectNode();
        answer.put("decisionId", decisionId);
        answer.putObject("shipment").putArray("lineItems")
                .add(((ObjectNode) shipment.at("/lineItems/0").deepCopy()).put("description",
                        "Women's T-shirt, knitted cotton, short sleeves"))
                .add(shipment.at("/lineItems/1"));
        String path = "/v1/express/shipments/" + ref + "/information-responses";
        HttpResponse<String> amended = post(port, path, "it-rfi-answer-" + hwb, answer);
        assertThat(amended.statusCode()).as(amended.body()).isEqualTo(202);
        assertThat(json(amended).get("outcome").asText()).isEqualTo("AMENDED");
        assertThat(json(amended).get("revision").asInt()).isEqualTo(2);
        String declId = accepted.get("declarationId").asText();
        jakarta.jms.Message m = receiveDeclaration(declId, 2);
        Declaration d = CanonicalJson.readDeclaration(m.getBody(byte[].class));
        assertThat(d.functionCode()).isEqualTo(FunctionCode.AMENDMENT);
        assertThat(d.items().get(0).description()).isEqualTo("Women's T-shirt, knitted cotton, short sleeves");

        // an answer that names no RFI, or tries to change the house waybill, or breaks a field: 422
        ObjectNode wrongDecision = answer.deepCopy().put("decisionId", "0193f2e5-9f00-7abc-8d12-44556677aabb");
        HttpResponse<String> r1 = post(port, path, "it-rfi-bad1-" + hwb, wrongDecision);
        assertThat(r1.statusCode()).isEqualTo(422);
        assertThat(json(r1).at("/errors/0/pointer").asText()).isEqualTo("/decisionId");
        ObjectNode newHwb = answer.deepCopy();
        ((ObjectNode) newHwb.get("shipment")).put("houseWaybill", "OTHER123");
        assertThat(post(port, path, "it-rfi-bad2-" + hwb, newHwb).statusCode()).isEqualTo(422);
        ObjectNode badField = JSON.createObjectNode().put("decisionId", decisionId);
        badField.putObject("shipment").put("pieces", 0);
        HttpResponse<String> r3 = post(port, path, "it-rfi-bad3-" + hwb, badField);
        assertThat(r3.statusCode()).isEqualTo(422);
        assertThat(json(r3).at("/errors/0/pointer").asText()).isEqualTo("/shipment/pieces");
    }

    private jakarta.jms.Message receiveDeclaration(String declarationId, int revision) throws Exception {
        try (jakarta.jms.Connection c = connectionFactory.createConnection()) {
            c.start();
            jakarta.jms.Session session = c.createSession(false, jakarta.jms.Session.AUTO_ACKNOWLEDGE);
            jakarta.jms.MessageConsumer consumer = session.createConsumer(session.createQueue("customs.declarations"),
                    "clearway_declaration_id = '" + declarationId + "' and clearway_revision = " + revision);
            jakarta.jms.Message m = consumer.receive(20_000);
            assertThat(m).as("revision " + revision + " of " + declarationId + " at customs").isNotNull();
            return m;
        }
    }

    private JsonNode awaitStatus(String ref, String expected) throws InterruptedException {
        JsonNode status = null;
        for (int i = 0; i < 100; i++) {
            status = json(Http.get(port, "/v1/express/shipments/" + ref, ExpressFixtures.KEY));
            if (expected.equals(status.path("status").asText())) {
                return status;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("shipment " + ref + " never reached " + expected + ": " + status);
    }
}
