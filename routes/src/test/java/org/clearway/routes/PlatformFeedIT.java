package org.clearway.routes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.citrusframework.dsl.JsonPathSupport.jsonPath;
import static org.citrusframework.http.actions.HttpActionBuilder.http;
import static org.clearway.routes.ExpressFixtures.JSON;
import static org.clearway.routes.ExpressFixtures.json;
import static org.clearway.routes.ExpressFixtures.post;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.citrusframework.TestCaseRunner;
import org.citrusframework.annotations.CitrusResource;
import org.citrusframework.annotations.CitrusTest;
import org.citrusframework.context.TestContext;
import org.citrusframework.junit.jupiter.CitrusSupport;
import org.citrusframework.message.MessageType;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;

/**
 * The platform order feed end to end (PARTNER-APIS §6): the NDJSON and CSV samples are accepted
 * order by order with exact per-line results, bad lines are rejected with their line (and CSV
 * column) while the good ones are stored, order versions follow §1.2, transport-level problems
 * get their status and problem type, and tracking links are checked against ordered quantities.
 */
@CitrusSupport
class PlatformFeedIT extends GatewayIT {
    private static final String KEY = "demo-platform-key";
    private static final String TYPES = "https://api.clearway.example/problems/";
    private static final AtomicLong SERIAL = new AtomicLong(System.currentTimeMillis() % 1_000_000_000L);

    private static String unique(String prefix) {
        return prefix + "-" + SERIAL.incrementAndGet();
    }

    private static List<String> ndjsonLines() {
        return List.of(JsonSamples.text("platform-orders.ndjson").split("\n"));
    }

    /** NDJSON sample line {@code n} as an order with a fresh orderId (line ids keep theirs). */
    private static ObjectNode order(int n, String orderId) throws Exception {
        ObjectNode o = (ObjectNode) JSON.readTree(ndjsonLines().get(n - 1));
        o.put("orderId", orderId);
        return o;
    }

    private HttpResponse<String> bulk(String idempotencyKey, String contentType, byte[] body, String... headers) {
        return post(port, "/v1/platform/orders:bulk", KEY, idempotencyKey, contentType, body, headers);
    }

    private HttpResponse<String> put(String orderId, String idempotencyKey, Object body) throws Exception {
        return Http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/platform/orders/" + orderId))
                .header("Authorization", "Bearer " + KEY).header("Idempotency-Key", idempotencyKey)
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(body instanceof byte[] b ? b : JSON.writeValueAsBytes(body)))
                .build());
    }

    /** Polls the upload until it is COMPLETED. */
    private JsonNode completed(String uploadId) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (Instant.now().isBefore(deadline)) {
            JsonNode u = json(Http.get(port, "/v1/platform/uploads/" + uploadId, KEY));
            if ("COMPLETED".equals(u.path("status").asText())) {
                return u;
            }
            Http.pause(100);
        }
        throw new AssertionError("upload " + uploadId + " not COMPLETED within 30 s");
    }

    private static List<String> outcomes(JsonNode upload) {
        List<String> out = new ArrayList<>();
        upload.get("results").forEach(r -> out.add(r.get("line").asInt() + ":" + r.path("orderId").asText("-") + ":"
                + r.get("outcome").asText()));
        return out;
    }

    @Test
    @CitrusTest
    void ndjsonSampleIsAcceptedOrderByOrder(@CitrusResource TestCaseRunner runner, @CitrusResource TestContext context) {
        runner.$(http().client(gateway).send().post("/v1/platform/orders:bulk").message()
                .header("Authorization", "Bearer " + KEY).header("Idempotency-Key", "it-ndjson-sample")
                .contentType("application/x-ndjson; charset=utf-8").body(JsonSamples.text("platform-orders.ndjson")));
        runner.$(http().client(gateway).receive().response(HttpStatus.ACCEPTED).message().type(MessageType.JSON)
                .validate(jsonPath().expression("$.status", "PROCESSING").expression("$.format", "NDJSON"))
                .extract(jsonPath().expression("$.uploadId", "uploadId")));
        JsonNode upload = completed(context.getVariable("uploadId"));
        assertThat(outcomes(upload)).containsExactly("1:SV-2026-000981:ACCEPTED", "2:SV-2026-001502:ACCEPTED");
        assertThat(upload.get("linesTotal").asLong()).isEqualTo(2);
        assertThat(upload.get("ordersAccepted").asLong()).isEqualTo(2);
        assertThat(upload.get("linesRejected").asLong()).isZero();

        JsonNode order = json(Http.get(port, "/v1/platform/orders/SV-2026-000981", KEY));
        assertThat(order.get("status").asText()).isEqualTo("AWAITING_TRANSPORT");
        assertThat(order.get("orderVersion").asInt()).isEqualTo(1);
        assertThat(order.at("/shipments/0/carrierCode").asText()).isEqualTo("ACME");
        assertThat(order.at("/shipments/0/trackingNumber").asText()).isEqualTo("1234567890");
        assertThat(order.at("/order/buyer/name").asText()).isEqualTo("Jürgen Weiß");

        // the same upload again under its key: the original 202, replayed
        HttpResponse<String> replay = bulk("it-ndjson-sample", "application/x-ndjson",
                JsonSamples.text("platform-orders.ndjson").getBytes(StandardCharsets.UTF_8));
        assertThat(replay.statusCode()).isEqualTo(202);
        assertThat(replay.headers().firstValue("Idempotent-Replayed")).hasValue("true");
        assertThat(json(replay).get("uploadId").asText()).isEqualTo(context.getVariable("uploadId"));
    }

    @Test
    @CitrusTest
    void csvSampleGivesTwoOrdersWithTheSplitAllocation(@CitrusResource TestCaseRunner runner,
                                                       @CitrusResource TestContext context) {
        runner.$(http().client(gateway).send().post("/v1/platform/orders:bulk").message()
                .header("Authorization", "Bearer " + KEY).header("Idempotency-Key", "it-csv-sample")
                .contentType("text/csv; charset=utf-8; header=present").body(JsonSamples.text("platform-orders.csv")));
        runner.$(http().client(gateway).receive().response(HttpStatus.ACCEPTED).message().type(MessageType.JSON)
                .validate(jsonPath().expression("$.format", "CSV"))
                .extract(jsonPath().expression("$.uploadId", "uploadId")));
        JsonNode upload = completed(context.getVariable("uploadId"));
        assertThat(outcomes(upload)).containsExactly("2:KB-77810:ACCEPTED", "3:KB-77811:ACCEPTED");
        assertThat(upload.get("ordersAccepted").asLong()).isEqualTo(2);
        assertThat(upload.get("linesRejected").asLong()).isZero();
        assertThat(upload.get("linesTotal").asLong()).isEqualTo(4);
        assertThat(upload.at("/results/1/lines").toString()).isEqualTo("[3,4,5]");

        JsonNode kb = json(Http.get(port, "/v1/platform/orders/KB-77811", KEY));
        assertThat(kb.at("/order/buyer/name").asText()).isEqualTo("Łukasz Wójcik");
        assertThat(kb.at("/order/lines/0/title").asText()).isEqualTo("Serum \"Glow\" with niacinamide, 30 ml");
        assertThat(kb.get("shipments").toString()).isEqualTo("[{\"carrierCode\":\"ACME\",\"trackingNumber\":\"5550001114\","
                + "\"source\":\"ORDER\",\"lines\":[{\"lineId\":\"KB-77811-1\",\"quantity\":1}]},"
                + "{\"carrierCode\":\"ACME\",\"trackingNumber\":\"5550001115\",\"source\":\"ORDER\","
                + "\"lines\":[{\"lineId\":\"KB-77811-1\",\"quantity\":1},{\"lineId\":\"KB-77811-2\",\"quantity\":1}]}]");
    }

    @Test
    void validLinesAreAcceptedAndEachBadLineIsReportedWithItsLine() throws Exception {
        String a = unique("IT-A");
        String b = unique("IT-B");
        String c = unique("IT-C");
        ObjectNode wrongType = order(2, c);
        wrongType.put("orderVersion", "3");
        ObjectNode otherCarrier = order(1, unique("IT-D"));
        ((ObjectNode) otherCarrier.at("/shipments/0")).put("carrierCode", "OTHR");
        String body = JSON.writeValueAsString(order(1, a)) + "\n"
                + "{\"orderId\": \"broken\",\n"
                + JSON.writeValueAsString(wrongType) + "\n"
                + "\n"
                + JSON.writeValueAsString(otherCarrier) + "\r\n"
                + JSON.writeValueAsString(order(2, b));
        HttpResponse<String> r = bulk("it-" + a, "application/x-ndjson", body.getBytes(StandardCharsets.UTF_8));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        JsonNode upload = completed(json(r).get("uploadId").asText());
        assertThat(outcomes(upload)).containsExactly("1:" + a + ":ACCEPTED", "2:-:REJECTED", "3:" + c + ":REJECTED",
                "5:" + otherCarrier.get("orderId").asText() + ":REJECTED", "6:" + b + ":ACCEPTED");
        assertThat(upload.get("linesTotal").asLong()).isEqualTo(5);
        assertThat(upload.get("ordersAccepted").asLong()).isEqualTo(2);
        assertThat(upload.get("linesRejected").asLong()).isEqualTo(3);
        JsonNode malformed = upload.at("/results/1/problem");
        assertThat(malformed.get("type").asText()).isEqualTo(TYPES + "malformed-json");
        assertThat(malformed.get("status").asInt()).isEqualTo(400);
        assertThat(malformed.at("/errors/0/line").asInt()).isEqualTo(2);
        JsonNode typed = upload.at("/results/2/problem");
        assertThat(typed.get("type").asText()).isEqualTo(TYPES + "validation-error");
        assertThat(typed.get("errors")).singleElement().satisfies(e -> {
            assertThat(e.get("pointer").asText()).isEqualTo("/orderVersion");
            assertThat(e.get("code").asText()).isEqualTo("TYPE");
            assertThat(e.get("line").asInt()).isEqualTo(3);
        });
        assertThat(upload.at("/results/3/problem/type").asText()).isEqualTo(TYPES + "forbidden-scope");
        assertThat(upload.at("/results/3/problem/errors/0/pointer").asText()).isEqualTo("/shipments/0/carrierCode");
        assertThat(Http.get(port, "/v1/platform/orders/" + c, KEY).statusCode()).isEqualTo(404);
        assertThat(Http.get(port, "/v1/platform/orders/" + b, KEY).statusCode()).isEqualTo(200);

        // paging through the results
        JsonNode page = json(Http.get(port, "/v1/platform/uploads/" + upload.get("uploadId").asText()
                + "?fromLine=2&limit=2", KEY));
        assertThat(outcomes(page)).containsExactly("2:-:REJECTED", "3:" + c + ":REJECTED");
        assertThat(page.get("nextFromLine").asInt()).isEqualTo(5);
    }

    @Test
    void badCsvRowsRejectTheirOrderWithLineAndColumn() {
        String[] rows = JsonSamples.text("platform-orders.csv").split("\r?\n");
        String a = unique("KB-IT");
        String b = unique("KB-IT");
        String csv = rows[0] + ",gift_note\n"
                + rows[1].replace("KB-77810", a) + ",\n"
                + rows[2].replace("KB-77811", b) + ",\n"
                + rows[3].replace("KB-77811", b).replace(",44.24,EUR,", ",44.25,EUR,") + ",\n"
                + rows[4].replace("KB-77811", b).replace(",5550001115,1", ",5550001115,2") + ",wrap it\n";
        HttpResponse<String> r = bulk("it-" + a, "text/csv", csv.getBytes(StandardCharsets.UTF_8));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        JsonNode upload = completed(json(r).get("uploadId").asText());
        assertThat(outcomes(upload)).containsExactly("2:" + a + ":ACCEPTED", "3:" + b + ":REJECTED");
        assertThat(upload.get("linesRejected").asLong()).isEqualTo(3);
        assertThat(upload.at("/warnings/0/column").asText()).isEqualTo("gift_note");
        List<String> where = new ArrayList<>();
        upload.at("/results/1/problem/errors").forEach(e -> where.add(e.get("line").asInt() + ":"
                + e.get("column").asText() + ":" + e.get("code").asText()));
        assertThat(where).containsExactly("4:payment_amount:INCONSISTENT", "5:tracking_quantity:ALLOCATION_EXCEEDS_QUANTITY");
    }

    @Test
    void orderVersionsFollowTheReplacementRule() throws Exception {
        String id = unique("IT-V");
        ObjectNode v1 = order(1, id);
        HttpResponse<String> created = put(id, "it-" + id + "-1", v1);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        assertThat(json(created).get("outcome").asText()).isEqualTo("ACCEPTED");
        assertThat(json(created).get("status").asText()).isEqualTo("AWAITING_TRANSPORT");

        HttpResponse<String> replay = put(id, "it-" + id + "-1", v1);
        assertThat(replay.statusCode()).isEqualTo(201);
        assertThat(replay.headers().firstValue("Idempotent-Replayed")).hasValue("true");

        HttpResponse<String> duplicate = put(id, "it-" + id + "-2", v1);
        assertThat(duplicate.statusCode()).isEqualTo(200);
        assertThat(json(duplicate).get("outcome").asText()).isEqualTo("DUPLICATE_IGNORED");

        ObjectNode changed = v1.deepCopy();
        ((ObjectNode) changed.at("/lines/0")).put("title", "Women's T-shirt of knitted cotton");
        HttpResponse<String> conflict = put(id, "it-" + id + "-3", changed);
        assertThat(conflict.statusCode()).isEqualTo(409);
        assertThat(json(conflict).get("type").asText()).isEqualTo(TYPES + "order-version-conflict");

        changed.put("orderVersion", 2);
        HttpResponse<String> updated = put(id, "it-" + id + "-4", changed);
        assertThat(updated.statusCode()).isEqualTo(200);
        assertThat(json(updated).get("outcome").asText()).isEqualTo("UPDATED");
        assertThat(json(updated).get("orderVersion").asInt()).isEqualTo(2);

        HttpResponse<String> stale = put(id, "it-" + id + "-5", v1);
        assertThat(stale.statusCode()).isEqualTo(200);
        assertThat(json(stale).get("outcome").asText()).isEqualTo("STALE_IGNORED");
        assertThat(json(stale).get("orderVersion").asInt()).isEqualTo(2);
        assertThat(json(Http.get(port, "/v1/platform/orders/" + id, KEY)).at("/order/lines/0/title").asText())
                .isEqualTo("Women's T-shirt of knitted cotton");

        HttpResponse<String> otherPath = put(unique("IT-X"), "it-" + id + "-6", v1);
        assertThat(otherPath.statusCode()).isEqualTo(422);
        assertThat(json(otherPath).at("/errors/0/pointer").asText()).isEqualTo("/orderId");

        HttpResponse<String> cancelled = Http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                        + "/v1/platform/orders/" + id)).header("Authorization", "Bearer " + KEY)
                .header("Idempotency-Key", "it-" + id + "-7").DELETE().build());
        assertThat(cancelled.statusCode()).isEqualTo(202);
        assertThat(json(cancelled).get("status").asText()).isEqualTo("CANCELLED");
        assertThat(json(Http.get(port, "/v1/platform/orders/" + id, KEY)).get("status").asText()).isEqualTo("CANCELLED");
        changed.put("orderVersion", 3);
        assertThat(put(id, "it-" + id + "-8", changed).statusCode()).isEqualTo(409);
    }

    @Test
    void transportLevelProblems() throws Exception {
        byte[] ndjson = JsonSamples.text("platform-orders.ndjson").getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> noKey = post(port, "/v1/platform/orders:bulk", null, "k1", "application/x-ndjson", ndjson);
        assertThat(noKey.statusCode()).isEqualTo(401);
        HttpResponse<String> express = post(port, "/v1/platform/orders:bulk", "demo-express-key", "k1",
                "application/x-ndjson", ndjson);
        assertThat(express.statusCode()).isEqualTo(403);
        assertThat(json(express).get("type").asText()).isEqualTo(TYPES + "forbidden-scope");

        HttpResponse<String> plain = bulk("k2", "text/plain", ndjson);
        assertThat(plain.statusCode()).isEqualTo(415);
        assertThat(json(plain).get("type").asText()).isEqualTo(TYPES + "unsupported-media-type");
        assertThat(bulk("k2", "text/csv; charset=iso-8859-1", ndjson).statusCode()).isEqualTo(415);

        HttpResponse<String> missingKey = bulk(null, "application/x-ndjson", ndjson);
        assertThat(missingKey.statusCode()).isEqualTo(400);
        assertThat(json(missingKey).get("type").asText()).isEqualTo(TYPES + "idempotency-key-missing");

        // over the test limit of 3,000,000 bytes (declared, and streamed inside gzip)
        byte[] big = ("{\"pad\":\"" + "x".repeat(60_000) + "\"}\n").repeat(51).getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> tooLarge = bulk("k3", "application/x-ndjson", big);
        assertThat(tooLarge.statusCode()).isEqualTo(413);
        assertThat(json(tooLarge).get("type").asText()).isEqualTo(TYPES + "payload-too-large");
        ByteArrayOutputStream zipped = new ByteArrayOutputStream();
        try (java.util.zip.GZIPOutputStream gz = new java.util.zip.GZIPOutputStream(zipped)) {
            gz.write(big);
        }
        assertThat(bulk("k4", "application/x-ndjson", zipped.toByteArray(), "Content-Encoding", "gzip").statusCode())
                .isEqualTo(413);

        byte[] latin1 = "{\"orderId\":\"J\u00fcrgen\"}\n".getBytes(StandardCharsets.ISO_8859_1);
        HttpResponse<String> encoding = bulk("k5", "application/x-ndjson", latin1);
        assertThat(encoding.statusCode()).isEqualTo(400);
        assertThat(json(encoding).get("type").asText()).isEqualTo(TYPES + "invalid-encoding");

        String header = JsonSamples.text("platform-orders.csv").split("\r?\n")[0].replace(",order_total,", ",total,");
        HttpResponse<String> badHeader = bulk("k6", "text/csv", (header + "\n").getBytes(StandardCharsets.UTF_8));
        assertThat(badHeader.statusCode()).isEqualTo(422);
        assertThat(json(badHeader).at("/errors/0/column").asText()).isEqualTo("order_total");
        assertThat(json(badHeader).at("/errors/0/line").asInt()).isEqualTo(1);

        HttpResponse<String> hugeJson = put("IT-HUGE", "k7", ("{\"orderId\":\"" + "x".repeat(2_200_000) + "\"}")
                .getBytes(StandardCharsets.UTF_8));
        assertThat(hugeJson.statusCode()).isEqualTo(413);
        HttpResponse<String> malformed = put("IT-BAD", "k8", "{\"orderId\": }".getBytes(StandardCharsets.UTF_8));
        assertThat(malformed.statusCode()).isEqualTo(400);
        assertThat(json(malformed).get("type").asText()).isEqualTo(TYPES + "malformed-json");
        assertThat(Http.get(port, "/v1/platform/uploads/upl_nope", KEY).statusCode()).isEqualTo(404);
    }

    @Test
    void trackingLinksAreCheckedAgainstTheOrderedQuantities() throws Exception {
        String id = unique("IT-L");
        ObjectNode o = order(1, id);
        o.remove("shipments");
        assertThat(put(id, "it-" + id, o).statusCode()).isEqualTo(201);
        String path = "/v1/platform/orders/" + id + "/shipments";
        HttpResponse<String> first = post(port, path, KEY, "it-" + id + "-l1", "application/json",
                ("{\"carrierCode\":\"ACME\",\"trackingNumber\":\"7700-0001\",\"lines\":[{\"lineId\":\"SV-2026-000981-1\","
                        + "\"quantity\":1},{\"lineId\":\"SV-2026-000981-2\",\"quantity\":1}]}").getBytes(StandardCharsets.UTF_8));
        assertThat(first.statusCode()).as(first.body()).isEqualTo(202);
        assertThat(json(first).get("outcome").asText()).isEqualTo("LINKED");

        HttpResponse<String> over = post(port, path, KEY, "it-" + id + "-l2", "application/json",
                ("{\"carrierCode\":\"ACME\",\"trackingNumber\":\"7700-0002\",\"lines\":[{\"lineId\":\"SV-2026-000981-1\","
                        + "\"quantity\":1},{\"lineId\":\"SV-2026-000981-2\",\"quantity\":1}]}").getBytes(StandardCharsets.UTF_8));
        assertThat(over.statusCode()).isEqualTo(422);
        assertThat(json(over).get("errors")).singleElement().satisfies(e -> {
            assertThat(e.get("pointer").asText()).isEqualTo("/lines/1/quantity");
            assertThat(e.get("code").asText()).isEqualTo("ALLOCATION_EXCEEDS_QUANTITY");
        });

        HttpResponse<String> other = post(port, path, KEY, "it-" + id + "-l3", "application/json",
                "{\"carrierCode\":\"OTHR\",\"trackingNumber\":\"X1\"}".getBytes(StandardCharsets.UTF_8));
        assertThat(other.statusCode()).isEqualTo(403);
        assertThat(post(port, "/v1/platform/orders/" + unique("IT-NONE") + "/shipments", KEY, "it-" + id + "-l4",
                "application/json", "{\"carrierCode\":\"ACME\",\"trackingNumber\":\"X1\"}".getBytes(StandardCharsets.UTF_8))
                .statusCode()).isEqualTo(404);

        HttpResponse<String> second = post(port, path, KEY, "it-" + id + "-l5", "application/json",
                ("{\"carrierCode\":\"ACME\",\"trackingNumber\":\"7700-0002\",\"lines\":[{\"lineId\":\"SV-2026-000981-1\","
                        + "\"quantity\":1}]}").getBytes(StandardCharsets.UTF_8));
        assertThat(second.statusCode()).isEqualTo(202);
        JsonNode order = json(Http.get(port, "/v1/platform/orders/" + id, KEY));
        assertThat(order.get("shipments")).hasSize(2);
        assertThat(order.at("/shipments/1/trackingNumber").asText()).isEqualTo("7700-0002");
        assertThat(order.at("/shipments/1/source").asText()).isEqualTo("LINK");
    }
}
