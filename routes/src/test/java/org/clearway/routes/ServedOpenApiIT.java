package org.clearway.routes;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import org.clearway.routes.OpenApiContract.Answer;
import org.clearway.routes.OpenApiContract.Call;
import org.junit.jupiter.api.Test;

/**
 * The postal, customs, platform and operator APIs keep to the OpenAPI documents the gateway serves at
 * {@code /openapi/*.yaml}: real requests and answers, good and bad, are checked against them.
 */
class ServedOpenApiIT extends GatewayIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ADMIN = "it-admin-key-0123";
    private static final String CUSTOMS = "pull-customs-key-123";
    private static final String PLATFORM = PlatformFixtures.PLATFORM_KEY;

    @Test
    void operatorApiAnswersAsDocumented() {
        OpenApiContract contract = served("clearway-admin-v1");
        String controlRef = TestInterchanges.reference("OAD");
        TestInterchanges.Item item = TestInterchanges.Item.valid();
        HttpResponse<String> sent = ExpressFixtures.post(port, "/v1/postal/interchanges", "demo-post-key", null,
                "application/EDIFACT", TestInterchanges.single(controlRef, item));
        assertThat(sent.statusCode()).isEqualTo(202);
        String ingressId = json(sent.body()).get("ingressId").asText();

        Answer byIngress = check(contract, get("/v1/admin/trace?ingressId=" + ingressId, ADMIN));
        assertThat(byIngress.status()).isEqualTo(200);
        Answer byS10 = check(contract, get("/v1/admin/trace?s10ItemId=" + item.s10() + "&limit=50", ADMIN));
        assertThat(byS10.status()).isEqualTo(200);
        assertThat(json(byS10.body()).get("declarationIds")).hasSize(1);
        assertThat(check(contract, get("/v1/admin/trace?partner=DEMO-POST&stage=ingress&from=2020-01-01T00:00:00Z", ADMIN))
                .status()).isEqualTo(200);
        assertThat(check(contract, get("/v1/admin/trace?orderId=NO-SUCH-ORDER", ADMIN)).status()).isEqualTo(404);
        assertThat(check(contract, get("/v1/admin/trace?to=not-a-time", ADMIN)).status()).isEqualTo(400);
        Answer closed = check(contract, get("/v1/admin/trace?ingressId=" + ingressId, null));
        assertThat(closed.status()).isEqualTo(401);

        Answer all = check(contract, get("/v1/admin/dead-letters", ADMIN));
        assertThat(all.status()).isEqualTo(200);
        Answer one = check(contract, get("/v1/admin/dead-letters/gw.enrich", ADMIN));
        assertThat(one.status()).isEqualTo(200);
        assertThat(check(contract, get("/v1/admin/dead-letters/gw.nothing", ADMIN)).status()).isEqualTo(404);
        Call replay = new Call("POST", "/v1/admin/dead-letters/gw.respond/replay?limit=10",
                Map.of("Authorization", "Bearer " + ADMIN), null);
        Answer replayed = check(contract, replay, send(replay));
        assertThat(replayed.status()).isEqualTo(200);
    }

    @Test
    void customsApiAnswersAsDocumented() throws Exception {
        OpenApiContract contract = served("clearway-customs-v1");
        // a parcel for the Dutch pull backend, pulled and decided on
        TestInterchanges.Item item = new TestInterchanges.Item(TestInterchanges.s10("CP", "GB"), "NL", "42.50");
        HttpResponse<String> sent = ExpressFixtures.post(port, "/v1/postal/interchanges", "demo-post-key", null,
                "application/EDIFACT", TestInterchanges.single(TestInterchanges.reference("OCU"), item));
        assertThat(sent.statusCode()).isEqualTo(202);
        String declarationId = json(sent.body()).at("/messages/0/items/0/declarationId").asText();

        JsonNode found = null;
        String cursor = "";
        long deadline = System.currentTimeMillis() + 30_000;
        while (found == null && System.currentTimeMillis() < deadline) {
            Answer page = check(contract, get("/v1/customs/declarations?limit=1000" + cursor, CUSTOMS));
            assertThat(page.status()).isEqualTo(200);
            JsonNode body = json(page.body());
            for (JsonNode i : body.get("items")) {
                if (declarationId.equals(i.get("declarationId").asText())) {
                    found = i;
                }
            }
            cursor = "&after=" + body.get("nextCursor").asText();
            if (found == null) {
                Thread.sleep(200);
            }
        }
        assertThat(found).as("pulled " + declarationId).isNotNull();
        assertThat(check(contract, get("/v1/customs/certificates", CUSTOMS)).status()).isEqualTo(200);
        assertThat(check(contract, get("/v1/customs/declarations?limit=0", CUSTOMS)).status()).isEqualTo(400);
        assertThat(check(contract, get("/v1/customs/declarations", "demo-post-key")).status()).isEqualTo(403);

        String decision = """
                {"schema":"urn:clearway:customs-decision-submission:1","specVersion":"1.0",
                 "declarationId":"%s","kind":"DECISION","status":"RELEASED","track":"CLEARANCE","final":true,
                 "customsAuthority":{"country":"NL"},"decidedAt":"2026-11-24T10:02:00.000Z"}""".formatted(declarationId);
        Call submit = new Call("POST", "/v1/customs/decisions", Map.of("Authorization", "Bearer " + CUSTOMS,
                "Content-Type", "application/json"), decision);
        contract.assertRequestConforms(submit);
        Answer accepted = check(contract, submit, send(submit));
        assertThat(accepted.status()).isEqualTo(202);
        assertThat(json(accepted.body()).get("declarationId").asText()).isEqualTo(declarationId);

        Call bad = new Call("POST", "/v1/customs/decisions", Map.of("Authorization", "Bearer " + CUSTOMS,
                "Content-Type", "application/json"), "{\"schema\":\"urn:clearway:customs-decision-submission:1\"}");
        contract.assertRequestBreaks(bad, "validation.request.body");
        Answer refused = check(contract, bad, send(bad));
        assertThat(refused.status()).isEqualTo(422);
        Call wrongType = new Call("POST", "/v1/customs/decisions", Map.of("Authorization", "Bearer " + CUSTOMS,
                "Content-Type", "text/plain"), "RELEASED");
        assertThat(check(contract, wrongType, send(wrongType)).status()).isEqualTo(415);
    }

    @Test
    void postalApiAnswersAsDocumented() {
        OpenApiContract contract = served("clearway-postal-v1");
        TestInterchanges.Item item = TestInterchanges.Item.valid();
        Call submit = new Call("POST", "/v1/postal/interchanges", Map.of("Authorization", "Bearer demo-post-key",
                "Content-Type", "application/EDIFACT"), TestInterchanges.text(TestInterchanges.single(
                TestInterchanges.reference("OPO"), item)));
        Answer accepted = check(contract, submit, send(submit));
        assertThat(accepted.status()).isEqualTo(202);
        Answer replayed = check(contract, submit, send(submit));
        assertThat(replayed.headers().get("idempotent-replayed")).containsExactly("true");

        Answer found = check(contract, get("/v1/postal/items/" + item.s10(), "demo-post-key"));
        assertThat(found.status()).isEqualTo(200);
        assertThat(json(found.body()).at("/declarations/0/declarationId").asText())
                .isEqualTo(json(accepted.body()).at("/messages/0/items/0/declarationId").asText());
        assertThat(check(contract, get("/v1/postal/items/" + item.s10(), "other-post-key-123")).status()).isEqualTo(404);
        assertThat(check(contract, get("/v1/postal/items/" + item.s10(), "demo-customs-key")).status()).isEqualTo(403);

        // OTHER-POST sends DEMO-POST's UNB sender: rejected as a whole with a negative CONTRL (also in its outbox)
        Call foreign = new Call("POST", "/v1/postal/interchanges", Map.of("Authorization", "Bearer other-post-key-123",
                "Content-Type", "application/EDIFACT"), submit.body().replace("+261124:0830+", "+261124:0831+"));
        Answer rejected = check(contract, foreign, send(foreign));
        assertThat(rejected.status()).isEqualTo(400);
        Answer outbox = check(contract, get("/v1/postal/outbox", "other-post-key-123"));
        assertThat(outbox.status()).isEqualTo(200);
        String entry = null;
        for (JsonNode e : json(outbox.body()).get("items")) {
            if (rejected.headers().get("x-clearway-ingress-id").get(0).equals(e.path("ingressId").asText())) {
                entry = e.get("id").asText();
            }
        }
        assertThat(entry).as("the CONTRL of the rejected interchange in the outbox").isNotNull();
        Answer bytes = check(contract, get("/v1/postal/outbox/" + entry, "other-post-key-123"));
        assertThat(bytes.status()).isEqualTo(200);
        assertThat(bytes.body()).contains("UCI+");
        Call ack = new Call("POST", "/v1/postal/outbox/" + entry + "/ack", Map.of("Authorization",
                "Bearer other-post-key-123"), null);
        assertThat(check(contract, ack, send(ack)).status()).isEqualTo(204);
        // acknowledging again is harmless; an entry that does not exist is 404
        assertThat(check(contract, ack, send(ack)).status()).isEqualTo(204);
        Call unknown = new Call("POST", "/v1/postal/outbox/no-such-entry/ack", Map.of("Authorization",
                "Bearer other-post-key-123"), null);
        assertThat(check(contract, unknown, send(unknown)).status()).isEqualTo(404);
        assertThat(json(check(contract, get("/v1/postal/outbox", "other-post-key-123")).body()).get("items")
                .findValuesAsText("id")).doesNotContain(entry);

        Call notEdifact = new Call("POST", "/v1/postal/interchanges", Map.of("Authorization", "Bearer demo-post-key",
                "Content-Type", "application/EDIFACT"), "hello");
        assertThat(check(contract, notEdifact, send(notEdifact)).status()).isEqualTo(400);
        Call wrongType = new Call("POST", "/v1/postal/interchanges", Map.of("Authorization", "Bearer demo-post-key",
                "Content-Type", "text/plain"), submit.body());
        assertThat(check(contract, wrongType, send(wrongType)).status()).isEqualTo(415);
        Call noKey = new Call("POST", "/v1/postal/interchanges", Map.of("Content-Type", "application/EDIFACT"),
                submit.body());
        assertThat(check(contract, noKey, send(noKey)).status()).isEqualTo(401);
    }

    @Test
    void platformApiAnswersAsDocumented() throws Exception {
        OpenApiContract contract = served("clearway-platform-v1");
        String run = Long.toString(System.nanoTime(), 36).toUpperCase(java.util.Locale.ROOT);
        String orderId = "OAP-" + run;
        Map<String, String> jsonHeaders = Map.of("Authorization", "Bearer " + PLATFORM, "Content-Type",
                "application/json", "Idempotency-Key", "oap-put-" + run);

        // a good order, with the product identifiers of canonical model 1.1 on its first line
        ObjectNode order = PlatformFixtures.order(orderId);
        ((ObjectNode) order.get("lines").get(0)).put("gtin", "4006381333931").put("manufacturerProductId", "TS100-M-BLU");
        Call put = new Call("PUT", "/v1/platform/orders/" + orderId, jsonHeaders, JSON.writeValueAsString(order));
        contract.assertRequestConforms(put);
        Answer created = check(contract, put, send(put));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(json(created.body()).get("outcome").asText()).isEqualTo("ACCEPTED");
        Answer replayed = check(contract, put, send(put));
        assertThat(replayed.status()).isEqualTo(201);
        assertThat(replayed.headers().get("idempotent-replayed")).containsExactly("true");
        order.put("orderVersion", 2);
        Call update = new Call("PUT", put.path(), Map.of("Authorization", "Bearer " + PLATFORM, "Content-Type",
                "application/json", "Idempotency-Key", "oap-put2-" + run), JSON.writeValueAsString(order));
        Answer updated = check(contract, update, send(update));
        assertThat(updated.status()).isEqualTo(200);
        assertThat(json(updated.body()).get("outcome").asText()).isEqualTo("UPDATED");

        Answer status = check(contract, get("/v1/platform/orders/" + orderId, PLATFORM));
        assertThat(status.status()).isEqualTo(200);
        assertThat(json(status.body()).get("orderVersion").asInt()).isEqualTo(2);
        assertThat(json(status.body()).at("/order/lines/0/gtin").asText()).isEqualTo("4006381333931");

        // a bad order: the document and the gateway both refuse it
        ObjectNode bad = order.deepCopy();
        bad.put("orderVersion", 0);
        bad.remove("lines");
        Call refusedCall = new Call("PUT", put.path(), Map.of("Authorization", "Bearer " + PLATFORM, "Content-Type",
                "application/json", "Idempotency-Key", "oap-bad-" + run), JSON.writeValueAsString(bad));
        contract.assertRequestBreaks(refusedCall, "validation.request.body");
        Answer refused = check(contract, refusedCall, send(refusedCall));
        assertThat(refused.status()).isEqualTo(422);
        assertThat(json(refused.body()).get("errors").findValuesAsText("pointer")).contains("/lines", "/orderVersion");
        Call wrongType = new Call("PUT", put.path(), Map.of("Authorization", "Bearer " + PLATFORM, "Content-Type",
                "text/plain", "Idempotency-Key", "oap-txt-" + run), put.body());
        assertThat(check(contract, wrongType, send(wrongType)).status()).isEqualTo(415);
        Call noKey = new Call("PUT", put.path(), Map.of("Content-Type", "application/json", "Idempotency-Key",
                "oap-nokey-" + run), put.body());
        assertThat(check(contract, noKey, send(noKey)).status()).isEqualTo(401);
        assertThat(check(contract, get("/v1/platform/orders/" + orderId, "demo-express-key")).status()).isEqualTo(403);
        assertThat(check(contract, get("/v1/platform/orders/OAP-NONE-" + run, PLATFORM)).status()).isEqualTo(404);

        // a tracking link, an allocation beyond the ordered quantity, the cancellation
        Call link = new Call("POST", "/v1/platform/orders/" + orderId + "/shipments", Map.of("Authorization",
                "Bearer " + PLATFORM, "Content-Type", "application/json", "Idempotency-Key", "oap-link-" + run),
                "{\"carrierCode\":\"ACME\",\"trackingNumber\":\"OAP" + run + "\",\"lines\":[{\"lineId\":\""
                        + order.at("/lines/0/lineId").asText() + "\",\"quantity\":1}]}");
        contract.assertRequestConforms(link);
        assertThat(check(contract, link, send(link)).status()).isEqualTo(202);
        Call tooMany = new Call("POST", link.path(), Map.of("Authorization", "Bearer " + PLATFORM, "Content-Type",
                "application/json", "Idempotency-Key", "oap-link2-" + run),
                "{\"carrierCode\":\"ACME\",\"trackingNumber\":\"OAQ" + run + "\",\"lines\":[{\"lineId\":\""
                        + order.at("/lines/0/lineId").asText() + "\",\"quantity\":99}]}");
        Answer exceeded = check(contract, tooMany, send(tooMany));
        assertThat(exceeded.status()).isEqualTo(422);
        assertThat(json(exceeded.body()).at("/errors/0/code").asText()).isEqualTo("ALLOCATION_EXCEEDS_QUANTITY");
        Call cancel = new Call("DELETE", put.path(), Map.of("Authorization", "Bearer " + PLATFORM,
                "Idempotency-Key", "oap-cancel-" + run), null);
        Answer cancelled = check(contract, cancel, send(cancel));
        assertThat(cancelled.status()).isEqualTo(202);
        assertThat(json(cancelled.body()).get("status").asText()).isEqualTo("CANCELLED");
        Call afterCancel = new Call("PUT", put.path(), Map.of("Authorization", "Bearer " + PLATFORM, "Content-Type",
                "application/json", "Idempotency-Key", "oap-put3-" + run), JSON.writeValueAsString(order.put("orderVersion", 3)));
        assertThat(check(contract, afterCancel, send(afterCancel)).status()).isEqualTo(409);

        // NDJSON upload: a good line and a line that is not JSON
        ObjectNode first = PlatformFixtures.order(orderId + "-N1");
        String ndjson = JSON.writeValueAsString(first) + "\n{\"orderId\": \"" + orderId + "-N2\", \n";
        Call ndjsonUpload = new Call("POST", "/v1/platform/orders:bulk", Map.of("Authorization", "Bearer " + PLATFORM,
                "Content-Type", "application/x-ndjson", "Idempotency-Key", "oap-ndjson-" + run), ndjson);
        contract.assertRequestConforms(ndjsonUpload);
        Answer ndjsonAccepted = check(contract, ndjsonUpload, send(ndjsonUpload));
        assertThat(ndjsonAccepted.status()).as(ndjsonAccepted.body()).isEqualTo(202);
        String ndjsonId = json(ndjsonAccepted.body()).get("uploadId").asText();
        assertThat(ndjsonAccepted.headers().get("location")).containsExactly("/v1/platform/uploads/" + ndjsonId);
        JsonNode ndjsonDone = completed(contract, ndjsonId);
        assertThat(ndjsonDone.get("ordersAccepted").asInt()).isEqualTo(1);
        assertThat(ndjsonDone.get("results").findValuesAsText("outcome")).containsExactly("ACCEPTED", "REJECTED");
        assertThat(ndjsonDone.at("/results/1/problem/type").asText()).endsWith("/malformed-json");
        Answer page = check(contract, get("/v1/platform/uploads/" + ndjsonId + "?fromLine=0&limit=1", PLATFORM));
        assertThat(json(page.body()).get("results")).hasSize(1);
        assertThat(json(page.body()).get("nextFromLine").asInt()).isEqualTo(2);
        assertThat(check(contract, get("/v1/platform/uploads/" + ndjsonId + "?limit=0", PLATFORM)).status()).isEqualTo(400);

        // CSV upload: the sample's two orders under new ids and tracking numbers
        String digits = Long.toString(Math.abs(System.nanoTime() % 1_000_000_000L));
        String csv = JsonSamples.text("platform-orders.csv").replace("KB-778", "OAC-" + run + "-")
                .replace(",555000111", "," + digits);
        Call csvUpload = new Call("POST", "/v1/platform/orders:bulk", Map.of("Authorization", "Bearer " + PLATFORM,
                "Content-Type", "text/csv; charset=utf-8", "Idempotency-Key", "oap-csv-" + run), csv);
        contract.assertRequestConforms(csvUpload);
        Answer csvAccepted = check(contract, csvUpload, send(csvUpload));
        assertThat(csvAccepted.status()).as(csvAccepted.body()).isEqualTo(202);
        JsonNode csvDone = completed(contract, json(csvAccepted.body()).get("uploadId").asText());
        assertThat(csvDone.get("format").asText()).isEqualTo("CSV");
        assertThat(csvDone.get("results").findValuesAsText("orderId"))
                .containsExactly("OAC-" + run + "-10", "OAC-" + run + "-11");
        assertThat(csvDone.get("results").findValuesAsText("outcome")).containsOnly("ACCEPTED");
        Call noHeader = new Call("POST", "/v1/platform/orders:bulk", Map.of("Authorization", "Bearer " + PLATFORM,
                "Content-Type", "text/csv", "Idempotency-Key", "oap-csvbad-" + run), csv.replace("order_id,", "order,"));
        Answer badHeader = check(contract, noHeader, send(noHeader));
        assertThat(badHeader.status()).isEqualTo(422);
        assertThat(json(badHeader.body()).get("errors").findValuesAsText("column")).contains("order_id");
        Call jsonUpload = new Call("POST", "/v1/platform/orders:bulk", Map.of("Authorization", "Bearer " + PLATFORM,
                "Content-Type", "application/json", "Idempotency-Key", "oap-bulkjson-" + run), ndjson);
        assertThat(check(contract, jsonUpload, send(jsonUpload)).status()).isEqualTo(415);
        Call noIdempotency = new Call("POST", "/v1/platform/orders:bulk", Map.of("Authorization", "Bearer " + PLATFORM,
                "Content-Type", "application/x-ndjson"), ndjson);
        assertThat(check(contract, noIdempotency, send(noIdempotency)).status()).isEqualTo(400);
        assertThat(check(contract, get("/v1/platform/uploads/upl_000000000000ffff", PLATFORM)).status()).isEqualTo(404);
        assertThat(check(contract, get("/v1/platform/uploads/" + ndjsonId, null)).status()).isEqualTo(401);
    }

    /** Polls an upload until COMPLETED, checking every answer against the document. */
    private JsonNode completed(OpenApiContract contract, String uploadId) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 30_000;
        while (true) {
            Answer a = check(contract, get("/v1/platform/uploads/" + uploadId, PLATFORM));
            assertThat(a.status()).as(a.body()).isEqualTo(200);
            JsonNode body = json(a.body());
            if ("COMPLETED".equals(body.get("status").asText())) {
                return body;
            }
            assertThat(System.currentTimeMillis()).as("upload " + uploadId + " completes").isLessThan(deadline);
            Thread.sleep(100);
        }
    }

    private OpenApiContract served(String name) {
        Call call = new Call("GET", "/openapi/" + name + ".yaml", Map.of(), null);
        Answer answer = send(call);
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.headers().get("content-type").get(0)).startsWith("application/yaml");
        assertThat(answer.body()).isEqualTo(OpenApiContract.document("openapi/" + name + ".yaml"));
        assertThat(send(new Call("GET", "/openapi/nothing.yaml", Map.of(), null)).status()).isEqualTo(404);
        return OpenApiContract.of(answer.body(), "openapi/" + name + ".yaml");
    }

    private static Call get(String path, String key) {
        return new Call("GET", path, key == null ? Map.of() : Map.of("Authorization", "Bearer " + key), null);
    }

    private Answer check(OpenApiContract contract, Call call) {
        return check(contract, call, send(call));
    }

    private static Answer check(OpenApiContract contract, Call call, Answer answer) {
        contract.assertAnswerConforms(call, answer);
        return answer;
    }

    private Answer send(Call call) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + call.path()))
                .method(call.method(), call.body() == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(call.body()));
        call.headers().forEach(b::header);
        HttpResponse<String> r = Http.send(b.build());
        Map<String, java.util.List<String>> headers = new LinkedHashMap<>();
        r.headers().map().forEach((k, v) -> headers.put(k.toLowerCase(java.util.Locale.ROOT), v));
        return new Answer(r.statusCode(), headers, r.body());
    }

    private static JsonNode json(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
