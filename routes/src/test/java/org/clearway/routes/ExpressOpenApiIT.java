package org.clearway.routes;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.clearway.routes.OpenApiContract.Answer;
import org.clearway.routes.OpenApiContract.Call;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The running gateway keeps to the OpenAPI document it serves (PARTNER-APIS §2, §3, §5, §8): every
 * request sent here and every answer is checked against that document, and the deliberately bad
 * requests must break it, so partners can rely on the document in both directions.
 */
class ExpressOpenApiIT extends GatewayIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String KEY = "demo-express-key";
    private static final String PROBLEMS = "https://api.clearway.example/problems/";
    private static final AtomicInteger SEQ = new AtomicInteger();
    private static final String RUN = Long.toString(System.currentTimeMillis() % 1_000_000_000L, 36).toUpperCase();

    private OpenApiContract contract;

    @BeforeEach
    void servedDocument() {
        Call call = new Call("GET", "/v1/express/openapi.yaml", Map.of(), null);
        Answer answer = send(call);
        assertThat(answer.status()).isEqualTo(200);
        assertThat(header(answer, "Content-Type")).startsWith("application/yaml");
        assertThat(answer.body()).isEqualTo(OpenApiContract.document());
        contract = OpenApiContract.of(answer.body());
        contract.assertConforms(call, answer);
    }

    @Test
    void singleShipmentLifecycleKeepsToTheDocument() {
        for (String sample : List.of("express-shipment-eu-ioss.json", "express-shipment-us-t86.json")) {
            ObjectNode shipment = withNewHouseWaybill(read(JsonSamples.text(sample)));
            String hwb = shipment.get("houseWaybill").asText();
            String key = idempotencyKey();

            Answer accepted = exchange(post("/v1/express/shipments", key, shipment.toString()));
            assertThat(accepted.status()).as(sample).isEqualTo(202);
            JsonNode body = read(accepted.body());
            assertThat(body.get("outcome").asText()).isEqualTo("ACCEPTED");
            String ref = body.get("shipmentRef").asText();

            Answer replay = exchange(post("/v1/express/shipments", key, shipment.toString()));
            assertThat(replay.status()).isEqualTo(202);
            assertThat(header(replay, "Idempotent-Replayed")).isEqualTo("true");
            assertThat(read(replay.body())).isEqualTo(body);

            Answer duplicate = exchange(post("/v1/express/shipments", idempotencyKey(), shipment.toString()));
            assertThat(duplicate.status()).isEqualTo(200);
            assertThat(read(duplicate.body()).get("outcome").asText()).isEqualTo("DUPLICATE_IGNORED");
            assertThat(read(duplicate.body()).get("shipmentRef").asText()).isEqualTo(ref);

            Answer reused = exchange(post("/v1/express/shipments", key, shipment.put("pieces", 2).toString()));
            assertProblem(reused, 422, "idempotency-key-reused");

            Answer amended = exchange(post("/v1/express/shipments", idempotencyKey(), shipment.toString()));
            assertThat(amended.status()).isEqualTo(202);
            assertThat(read(amended.body()).get("outcome").asText()).isEqualTo("AMENDED");
            assertThat(read(amended.body()).get("revision").asInt()).isEqualTo(2);

            Answer status = exchange(get("/v1/express/shipments/" + ref));
            assertThat(status.status()).isEqualTo(200);
            assertThat(read(status.body()).get("houseWaybill").asText()).isEqualTo(hwb);

            Answer lookup = exchange(get("/v1/express/shipments?houseWaybill=" + hwb));
            assertThat(lookup.status()).isEqualTo(200);
            assertThat(read(lookup.body()).get("shipmentRef").asText()).isEqualTo(ref);

            Answer cancelled = exchange(new Call("DELETE", "/v1/express/shipments/" + ref,
                    Map.of("Authorization", "Bearer " + KEY, "Idempotency-Key", idempotencyKey()), null));
            assertThat(cancelled.status()).isEqualTo(202);
            assertThat(read(cancelled.body()).get("status").asText()).isEqualTo("CANCELLED");
        }
    }

    @Test
    void batchSamplesAnswer207WithOneResultPerShipment() {
        for (String sample : List.of("express-batch.json", "express-batch-split-order.json")) {
            ObjectNode batch = (ObjectNode) read(JsonSamples.text(sample));
            batch.get("shipments").forEach(s -> withNewHouseWaybill((ObjectNode) s));
            Answer answer = exchange(post("/v1/express/shipments:batch", idempotencyKey(), batch.toString()));
            assertThat(answer.status()).as(sample).isEqualTo(207);
            JsonNode body = read(answer.body());
            assertThat(body.get("accepted").asInt()).isEqualTo(2);
            assertThat(body.get("rejected").asInt()).isZero();
            assertThat(body.get("results")).extracting(r -> r.get("index").asInt()).containsExactly(0, 1);
            assertThat(body.get("results")).allSatisfy(r -> assertThat(r.get("status").asInt()).isEqualTo(202));
        }
    }

    @Test
    void batchWithOneInvalidShipmentReportsItByIndex() {
        ObjectNode batch = (ObjectNode) read(JsonSamples.text("express-batch.json"));
        batch.get("shipments").forEach(s -> withNewHouseWaybill((ObjectNode) s));
        ((ObjectNode) batch.get("shipments").get(1).get("lineItems").get(0)).put("hsCode", "33049X");
        Call call = post("/v1/express/shipments:batch", idempotencyKey(), batch.toString());
        contract.assertRequestBreaks(call, "validation.request.body");
        Answer answer = send(call);
        contract.assertAnswerConforms(call, answer);
        assertThat(answer.status()).isEqualTo(207);
        JsonNode failed = read(answer.body()).get("results").get(1);
        assertThat(failed.get("status").asInt()).isEqualTo(422);
        assertThat(failed.at("/problem/type").asText()).isEqualTo(PROBLEMS + "validation-error");
        assertThat(failed.at("/problem/errors/0/pointer").asText()).isEqualTo("/shipments/1/lineItems/0/hsCode");
        assertThat(failed.at("/problem/errors/0/code").asText()).isEqualTo("HS_FORMAT");
        assertThat(failed.at("/problem/errors/0/index").asInt()).isEqualTo(1);
    }

    @Test
    void manifestLinksKnownHousesAndListsUnknownOnesAsWarnings() {
        ObjectNode shipment = withNewHouseWaybill(read(JsonSamples.text("express-shipment-eu-ioss.json")));
        assertThat(exchange(post("/v1/express/shipments", idempotencyKey(), shipment.toString())).status())
                .isEqualTo(202);
        String unknown = newHouseWaybill();
        String manifest = """
                { "masterAirWaybill": "176-12345675",
                  "flight": { "carrier": "ZZ", "number": "ZZ1234", "departureAirport": "PVG",
                              "scheduledDeparture": "2026-11-24T16:05:00Z", "arrivalAirport": "LEJ",
                              "estimatedArrival": "2026-11-25T03:40:00Z" },
                  "houseWaybills": ["%s", "%s"] }""".formatted(shipment.get("houseWaybill").asText(), unknown);
        Answer answer = exchange(post("/v1/express/manifests", idempotencyKey(), manifest));
        assertThat(answer.status()).isEqualTo(202);
        assertThat(read(answer.body()).get("warnings").toString()).contains("/houseWaybills/1");
    }

    static Stream<Arguments> rejected() {
        String sample = JsonSamples.text("express-shipment-eu-ioss.json");
        return Stream.of(
                rejected("malformed JSON", 400, "malformed-json", "validation.request.body", null,
                        h -> h, sample.substring(0, sample.length() / 2)),
                rejected("missing Idempotency-Key", 400, "idempotency-key-missing",
                        "validation.request.parameter.header.missing", null,
                        h -> without(h, "Idempotency-Key"), sample),
                rejected("wrong content type", 415, "unsupported-media-type", "validation.request.contentType", null,
                        h -> with(h, "Content-Type", "text/plain"), sample),
                rejected("no API key", 401, "unauthorized", "validation.request.security", null,
                        h -> without(h, "Authorization"), sample),
                rejected("a postal partner's key", 403, "forbidden-scope", null, null,
                        h -> with(h, "Authorization", "Bearer demo-post-key"), sample),
                rejected("unknown API key", 401, "unauthorized", null, null,
                        h -> with(h, "Authorization", "Bearer not-a-configured-key"), sample),
                rejected("missing houseWaybill", 422, "validation-error", "validation.request.body", "/houseWaybill",
                        h -> h, sample.replace("\"houseWaybill\": \"1234567890\",", "")),
                rejected("lower-case country", 422, "validation-error", "validation.request.body",
                        "/receiver/address/country", h -> h, sample.replace("\"country\": \"DE\"", "\"country\": \"de\"")),
                rejected("negative amount", 422, "validation-error", "validation.request.body",
                        "/lineItems/0/value/amount", h -> h, sample.replace("\"amount\": 18.00", "\"amount\": -18.00")),
                rejected("unknown shipmentType", 422, "validation-error", "validation.request.body", "/shipmentType",
                        h -> h, sample.replace("\"COMMERCIAL\"", "\"PARCEL\"")),
                // the document cannot see exponent notation, nesting depth or body size (§1.3): only the gateway can
                rejected("amount in exponent notation", 422, "validation-error", null, "/lineItems/0/value/amount",
                        h -> h, sample.replace("\"amount\": 18.00", "\"amount\": 1.8e1")),
                rejected("17 nested arrays", 400, "nesting-too-deep", null, null, h -> h,
                        sample.replace("\"shipmentType\"", "\"deep\": " + "[".repeat(17) + "]".repeat(17)
                                + ", \"shipmentType\"")),
                rejected("body over 2 MiB", 413, "payload-too-large", null, null, h -> h,
                        sample.replace("\"shipmentType\"", "\"padding\": ["
                                + String.join(",", java.util.Collections.nCopies(200_000, "\"0123456789\""))
                                + "], \"shipmentType\"")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rejected")
    void rejectedRequestsGetProblemDocumentsTheContractDescribes(String why, int status, String slug,
            String contractBreak, String pointer, UnaryOperator<Map<String, String>> headers, String body) {
        String unique = body.replace("1234567890", newHouseWaybill());
        Call call = new Call("POST", "/v1/express/shipments", headers.apply(Map.of("Authorization", "Bearer " + KEY,
                "Content-Type", "application/json", "Idempotency-Key", idempotencyKey())), unique);
        if (contractBreak == null) {
            contract.assertRequestConforms(call);
        } else {
            contract.assertRequestBreaks(call, contractBreak);
        }
        Answer answer = send(call);
        contract.assertAnswerConforms(call, answer);
        JsonNode problem = assertProblem(answer, status, slug);
        if (pointer != null) {
            assertThat(problem.get("errors")).as(answer.body())
                    .anySatisfy(e -> assertThat(e.get("pointer").asText()).isEqualTo(pointer));
        }
    }

    @Test
    void lookupWithoutHouseWaybillIsAValidationError() {
        Call call = get("/v1/express/shipments");
        contract.assertRequestBreaks(call, "validation.request.parameter.query.missing");
        Answer answer = send(call);
        contract.assertAnswerConforms(call, answer);
        assertProblem(answer, 422, "validation-error");
    }

    @Test
    void informationResponseNamingNoRequestForInformationIsAFieldError() {
        ObjectNode shipment = withNewHouseWaybill(read(JsonSamples.text("express-shipment-eu-ioss.json")));
        Answer accepted = exchange(post("/v1/express/shipments", idempotencyKey(), shipment.toString()));
        String ref = read(accepted.body()).get("shipmentRef").asText();
        String answer = """
                { "decisionId": "%s",
                  "shipment": { "lineItems": [ { "lineNumber": 1, "description": "Women's T-shirt, knitted cotton",
                    "quantity": { "value": 2, "unit": "PCS" }, "value": { "amount": 18.00, "currency": "EUR" },
                    "hsCode": "6109.10", "originCountry": "CN" } ] } }""".formatted(java.util.UUID.randomUUID());
        Call call = post("/v1/express/shipments/" + ref + "/information-responses", idempotencyKey(), answer);
        contract.assertRequestConforms(call);
        Answer rejected = send(call);
        contract.assertAnswerConforms(call, rejected);
        JsonNode problem = assertProblem(rejected, 422, "validation-error");
        assertThat(problem.get("errors")).anySatisfy(e -> assertThat(e.get("pointer").asText()).isEqualTo("/decisionId"));
    }

    @Test
    void decidedShipmentShowsItsLastDecisionAndIsClosed() {
        ObjectNode shipment = withNewHouseWaybill(read(JsonSamples.text("express-shipment-eu-ioss.json")));
        String hwb = shipment.get("houseWaybill").asText();
        String ref = read(exchange(post("/v1/express/shipments", idempotencyKey(), shipment.toString())).body())
                .get("shipmentRef").asText();
        awaitStatus(ref, "DECLARED");
        HttpResponse<String> decision = Http.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/v1/customs/decisions"))
                .header("Authorization", "Bearer demo-customs-key").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("""
                        {"schema":"urn:clearway:customs-decision-submission:1","specVersion":"1.0",
                         "backendDecisionRef":"OA-%1$s","correlation":{"houseWaybill":"%1$s"},
                         "kind":"DECISION","status":"RELEASED","track":"CLEARANCE","final":true,
                         "customsAuthority":{"country":"DE"},"decidedAt":"2026-11-24T10:02:00.000Z"}"""
                        .formatted(hwb))).build());
        assertThat(decision.statusCode()).as(decision.body()).isEqualTo(202);

        JsonNode decided = awaitStatus(ref, "DECIDED");
        assertThat(decided.at("/lastDecision/status").asText()).isEqualTo("RELEASED");

        Answer closed = exchange(post("/v1/express/shipments", idempotencyKey(), shipment.put("pieces", 2).toString()));
        assertProblem(closed, 409, "consignment-closed");
        Answer cancel = exchange(new Call("DELETE", "/v1/express/shipments/" + ref,
                Map.of("Authorization", "Bearer " + KEY, "Idempotency-Key", idempotencyKey()), null));
        assertProblem(cancel, 409, "consignment-closed");
    }

    /** Polls the shipment status (each answer checked against the document) until it reaches {@code expected}. */
    private JsonNode awaitStatus(String ref, String expected) {
        long deadline = System.currentTimeMillis() + 30_000;
        JsonNode status = null;
        while (System.currentTimeMillis() < deadline) {
            status = read(exchange(get("/v1/express/shipments/" + ref)).body());
            if (expected.equals(status.get("status").asText())) {
                return status;
            }
            Http.pause(200);
        }
        throw new AssertionError("shipment " + ref + " did not reach " + expected + " within 30 s: " + status);
    }

    @Test
    void unknownShipmentIsNotFound() {
        Answer answer = exchange(get("/v1/express/shipments/shp_0000000000000000"));
        assertProblem(answer, 404, "not-found");
    }

    @Test
    void decisionPullAndWebhookConfigKeepToTheDocument() {
        Call pull = get("/v1/decisions?limit=10");
        Answer page = send(pull);
        Assumptions.assumeFalse(page.status() == 404,
                "GET /v1/decisions is not served by this build yet (" + page.body() + ")");
        contract.assertConforms(pull, page);
        assertThat(page.status()).isEqualTo(200);

        Call put = new Call("PUT", "/v1/webhooks/config", Map.of("Authorization", "Bearer " + KEY,
                "Content-Type", "application/json", "Idempotency-Key", idempotencyKey()),
                "{\"url\": \"https://127.0.0.1:1/clearway\", \"events\": [\"customs.decision\"], \"enabled\": true}");
        Answer stored = send(put);
        Assumptions.assumeFalse(stored.status() == 404 || stored.status() == 405,
                "PUT /v1/webhooks/config is not served by this build yet (" + stored.body() + ")");
        contract.assertConforms(put, stored);
        assertThat(stored.status()).isEqualTo(200);
        assertThat(read(stored.body()).get("signingSecret").asText()).startsWith("whsec_");

        Answer shown = exchange(get("/v1/webhooks/config"));
        assertThat(shown.status()).isEqualTo(200);
        assertThat(read(shown.body()).has("signingSecret")).isFalse();

        Answer rotated = exchange(new Call("POST", "/v1/webhooks/config:rotate-secret",
                Map.of("Authorization", "Bearer " + KEY, "Idempotency-Key", idempotencyKey()), null));
        assertThat(rotated.status()).isEqualTo(200);
        assertThat(read(rotated.body()).get("signingSecret").asText())
                .isNotEqualTo(read(stored.body()).get("signingSecret").asText());

        // leave no live webhook behind for the other tests of this shared gateway
        Answer off = exchange(new Call("PUT", "/v1/webhooks/config", Map.of("Authorization", "Bearer " + KEY,
                "Content-Type", "application/json", "Idempotency-Key", idempotencyKey()),
                "{\"url\": \"https://127.0.0.1:1/clearway\", \"events\": [\"customs.decision\"], \"enabled\": false}"));
        assertThat(off.status()).isEqualTo(200);
    }

    /** Sends a request that must conform, and checks the answer against the document too. */
    private Answer exchange(Call call) {
        Answer answer = send(call);
        contract.assertConforms(call, answer);
        return answer;
    }

    private static JsonNode assertProblem(Answer answer, int status, String slug) {
        assertThat(answer.status()).as(answer.body()).isEqualTo(status);
        assertThat(header(answer, "Content-Type")).startsWith("application/problem+json");
        JsonNode problem = read(answer.body());
        assertThat(problem.get("type").asText()).isEqualTo(PROBLEMS + slug);
        assertThat(problem.get("status").asInt()).isEqualTo(status);
        String requestId = header(answer, "X-Request-Id");
        assertThat(problem.get("traceId").asText()).isEqualTo(requestId);
        assertThat(problem.get("instance").asText()).isEqualTo("urn:clearway:request:" + requestId);
        return problem;
    }

    private Answer send(Call call) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + call.path()));
        call.headers().forEach(request::header);
        request.method(call.method(), call.body() == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(call.body(), StandardCharsets.UTF_8));
        HttpResponse<String> response = Http.send(request.build());
        return new Answer(response.statusCode(), response.headers().map(), response.body());
    }

    private static String header(Answer answer, String name) {
        return answer.headers().entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                .map(e -> e.getValue().get(0)).findFirst().orElse(null);
    }

    private static Call get(String path) {
        return new Call("GET", path, Map.of("Authorization", "Bearer " + KEY), null);
    }

    private static Call post(String path, String key, String body) {
        return new Call("POST", path, Map.of("Authorization", "Bearer " + KEY, "Content-Type", "application/json",
                "Idempotency-Key", key), body);
    }

    private static Arguments rejected(String why, int status, String slug, String contractBreak, String pointer,
                                      UnaryOperator<Map<String, String>> headers, String body) {
        return Arguments.of(why, status, slug, contractBreak, pointer, headers, body);
    }

    private static Map<String, String> with(Map<String, String> headers, String name, String value) {
        Map<String, String> copy = new LinkedHashMap<>(headers);
        copy.put(name, value);
        return copy;
    }

    private static Map<String, String> without(Map<String, String> headers, String name) {
        Map<String, String> copy = new LinkedHashMap<>(headers);
        copy.remove(name);
        return copy;
    }

    private static ObjectNode withNewHouseWaybill(JsonNode shipment) {
        return ((ObjectNode) shipment).put("houseWaybill", newHouseWaybill());
    }

    private static String newHouseWaybill() {
        return "OA" + RUN + "-" + SEQ.incrementAndGet();
    }

    private static String idempotencyKey() {
        return "openapi-it-" + RUN + "-" + SEQ.incrementAndGet();
    }

    private static JsonNode read(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
