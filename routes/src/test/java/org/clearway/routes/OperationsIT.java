package org.clearway.routes;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Operations (issue 14): public probes, readiness that follows the Camel routes, details and
 * metrics behind the admin key, the Prometheus scrape with the gateway's own meters moving when a
 * message passes, the dead-letter overview and the interchange trace of a message-level rejection.
 */
class OperationsIT extends GatewayIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ADMIN = "it-admin-key-0123";

    @Autowired
    org.clearway.routes.pipeline.StageRunners stages;

    @Test
    void probesArePublicAndReadinessFollowsTheRoutes() throws Exception {
        HttpResponse<String> live = get("/actuator/health/liveness", null);
        assertThat(live.statusCode()).isEqualTo(200);
        assertThat(json(live).get("status").asText()).isEqualTo("UP");

        HttpResponse<String> ready = awaitReadiness(200);
        JsonNode components = json(ready).get("components");
        assertThat(components.fieldNames()).toIterable()
                .contains("readinessState", "db", "jms", "camelRoutes", "stages", "signingKey", "brokerStorage");
        // probes give states, never details
        assertThat(ready.body()).doesNotContain("details").doesNotContain("keyId");

        stages.stop("respond");
        try {
            HttpResponse<String> notReady = awaitReadiness(503);
            assertThat(json(notReady).get("status").asText()).isEqualTo("OUT_OF_SERVICE");
            assertThat(json(notReady).at("/components/stages/status").asText()).isEqualTo("OUT_OF_SERVICE");
            JsonNode detail = json(get("/actuator/health", ADMIN)).at("/components/stages/details");
            assertThat(detail.get("respond").asText()).isEqualTo("Stopped");
            assertThat(detail.get("deliver").asText()).isEqualTo("Started");
        } finally {
            stages.start("respond");
        }
        assertThat(json(awaitReadiness(200)).get("status").asText()).isEqualTo("UP");
    }

    @Test
    void detailsAndMetricsNeedTheAdminKey() throws Exception {
        assertThat(get("/actuator/health", null).statusCode()).isEqualTo(401);
        assertThat(get("/actuator/health", "demo-post-key").statusCode()).isEqualTo(401);
        assertThat(get("/actuator/metrics", null).statusCode()).isEqualTo(401);
        HttpResponse<String> unauthorized = get("/actuator/health", "wrong-key-123456");
        assertThat(unauthorized.headers().firstValue("Content-Type")).hasValueSatisfying(
                v -> assertThat(v).startsWith("application/problem+json"));

        HttpResponse<String> health = get("/actuator/health", ADMIN);
        assertThat(health.statusCode()).isIn(200, 503);
        JsonNode c = json(health).get("components");
        assertThat(c.at("/signingKey/status").asText()).isEqualTo("UP");
        assertThat(c.at("/signingKey/details/daysLeft").asLong()).isPositive();
        assertThat(c.at("/camelRoutes/details/soapEndpoint").asText()).isEqualTo("published");
        // one contributor per customs backend and per AS2 partner
        assertThat(c.get("customsBackends").get("components").fieldNames()).toIterable()
                .contains("DEMO-CUSTOMS", "PUSH-CUSTOMS", "PULL-CUSTOMS");
        assertThat(c.at("/customsBackends/components/PULL-CUSTOMS/details/channel").asText()).isEqualTo("PULL");
        assertThat(c.at("/customsBackends/components/DEMO-CUSTOMS/details/backlog").isNumber()).isTrue();
        assertThat(c.get("as2Partners").get("components").fieldNames()).toIterable()
                .contains("AS2-POST", "AS2-OPEN", "AS2-ASYNC");
        assertThat(c.at("/as2Partners/components/AS2-OPEN/details/outbound").asText())
                .isEqualTo("http://127.0.0.1:" + AS2_PARTNER_PORT + "/as2");
        assertThat(c.at("/as2Partners/components/AS2-POST/details/certificateDaysLeft").size()).isEqualTo(1);

        HttpResponse<String> metrics = get("/actuator/metrics/clearway.stage.messages", ADMIN);
        assertThat(metrics.statusCode()).isEqualTo(200);
    }

    @Test
    void prometheusScrapeHasTheGatewayMetricsAndTheyMoveWhenAMessagePasses() throws Exception {
        String before = get("/actuator/prometheus", null).body();
        assertThat(before).contains("clearway_queue_messages{", "clearway_deadletter_messages{",
                "clearway_delivery_backlog{", "clearway_certificate_days_left{", "clearway_upload_processing");
        assertThat(before).containsPattern("clearway_certificate_days_left\\{[^}]*purpose=\"signing\"[^}]*} [1-9]");

        String controlRef = TestInterchanges.reference("OPS");
        TestInterchanges.Item item = TestInterchanges.Item.valid();
        java.time.Instant sentAt = java.time.Instant.now().minusSeconds(1);
        HttpResponse<String> accepted = ExpressFixtures.post(port, "/v1/postal/interchanges", "demo-post-key", null,
                "application/EDIFACT", TestInterchanges.single(controlRef, item));
        assertThat(accepted.statusCode()).isEqualTo(202);
        String ingressId = json(accepted).get("ingressId").asText();

        // the parcel reaches the demo backend: ingress, parse, enrich, sign and deliver events are counted
        long deadline = System.currentTimeMillis() + 30_000;
        double delivered = 0;
        String after = "";
        while (System.currentTimeMillis() < deadline) {
            after = get("/actuator/prometheus", null).body();
            delivered = value(after, "clearway_stage_messages_total", "event=\"delivered\"", "stage=\"deliver\"");
            // the delivery's trace event is the last thing the deliver stage records (after its other meters)
            if (delivered > value(before, "clearway_stage_messages_total", "event=\"delivered\"", "stage=\"deliver\"")) {
                break;
            }
            Thread.sleep(200);
        }
        assertThat(delivered).isGreaterThan(value(before, "clearway_stage_messages_total", "event=\"delivered\"",
                "stage=\"deliver\""));
        assertThat(value(after, "clearway_stage_messages_total", "stage=\"ingress\"", "event=\"accepted\"",
                "partner=\"DEMO-POST\"")).isGreaterThan(value(before, "clearway_stage_messages_total",
                "stage=\"ingress\"", "event=\"accepted\"", "partner=\"DEMO-POST\""));
        assertThat(value(after, "clearway_delivery_attempts_total", "backend=\"DEMO-CUSTOMS\"", "outcome=\"delivered\""))
                .as(after.lines().filter(l -> l.startsWith("clearway_delivery_attempts")).toList().toString())
                .isGreaterThan(value(before, "clearway_delivery_attempts_total", "backend=\"DEMO-CUSTOMS\"",
                        "outcome=\"delivered\""));
        assertThat(after).contains("clearway_delivery_latency_seconds_bucket{");
        // the stages' batch timers (stage latency) with histogram buckets, and their message counts
        assertThat(after).containsPattern("clearway_stage_batch_seconds_bucket\\{[^}]*stage=\"deliver\"");
        assertThat(after).containsPattern("clearway_stage_handled_total\\{[^}]*stage=\"deliver\"");

        JsonNode trace = json(get("/v1/admin/trace?ingressId=" + ingressId, ADMIN));
        assertThat(trace.get("events").findValuesAsText("event")).contains("received", "accepted", "parsed");

        // trace search by keys the operator knows, not only by ids
        JsonNode byS10 = json(get("/v1/admin/trace?s10ItemId=" + item.s10(), ADMIN));
        assertThat(byS10.get("declarationIds")).hasSize(1);
        String declarationId = byS10.get("declarationIds").get(0).asText();
        assertThat(byS10.get("events").findValuesAsText("event")).contains("received", "accepted", "parsed",
                "enriched", "signed", "delivered");
        String spaced = item.s10().substring(0, 2).toLowerCase() + " " + item.s10().substring(2, 6) + "-"
                + item.s10().substring(6);
        JsonNode byTracking = json(get("/v1/admin/trace?trackingNumber=" + java.net.URLEncoder.encode(spaced,
                java.nio.charset.StandardCharsets.UTF_8), ADMIN));
        assertThat(byTracking.get("declarationIds").get(0).asText()).isEqualTo(declarationId);
        String gatewayMessageId = byS10.get("events").findValuesAsText("detail").stream()
                .filter(d -> d.contains("gatewayMessageId ")).findFirst().orElseThrow()
                .replaceAll(".*gatewayMessageId ([0-9a-f-]+).*", "$1");
        JsonNode byMessage = json(get("/v1/admin/trace?gatewayMessageId=" + gatewayMessageId, ADMIN));
        assertThat(byMessage.get("declarationIds").get(0).asText()).isEqualTo(declarationId);
        JsonNode recent = json(get("/v1/admin/trace?partner=DEMO-POST&event=delivered&from=" + sentAt
                + "&limit=1000", ADMIN));
        assertThat(recent.get("events")).allSatisfy(e -> assertThat(e.get("event").asText()).isEqualTo("delivered"));
        assertThat(recent.get("events").findValuesAsText("declarationId")).contains(declarationId);
        JsonNode later = json(get("/v1/admin/trace?declarationId=" + declarationId + "&from="
                + java.time.Instant.now().plusSeconds(60), ADMIN));
        assertThat(later.get("events")).isEmpty();
        assertThat(get("/v1/admin/trace?houseWaybill=NO-SUCH-HWB-1", ADMIN).statusCode()).isEqualTo(404);
        assertThat(get("/v1/admin/trace", ADMIN).statusCode()).isEqualTo(400);
        assertThat(get("/v1/admin/trace?from=yesterday", ADMIN).statusCode()).isEqualTo(400);
    }

    @Test
    void messageLevelRejectionIsTracedAsRejected() throws Exception {
        String controlRef = TestInterchanges.reference("OPR");
        // the message's UNT segment count is wrong: the interchange is taken, its only message rejected
        String edi = TestInterchanges.text(TestInterchanges.single(controlRef, TestInterchanges.Item.valid()))
                .replaceAll("UNT\\+(\\d+)\\+", "UNT+99+");
        HttpResponse<String> answer = ExpressFixtures.post(port, "/v1/postal/interchanges", "demo-post-key", null,
                "application/EDIFACT", edi.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        assertThat(answer.statusCode()).isEqualTo(202);
        String ingressId = json(answer).get("ingressId").asText();
        JsonNode events = json(get("/v1/admin/trace?ingressId=" + ingressId, ADMIN)).get("events");
        List<String> ingress = new ArrayList<>();
        events.forEach(e -> {
            if ("ingress".equals(e.get("stage").asText())) {
                ingress.add(e.get("event").asText() + " " + e.get("detail").asText());
            }
        });
        assertThat(ingress).noneMatch(e -> e.startsWith("accepted"));
        assertThat(ingress).anyMatch(e -> e.startsWith("rejected all 1 messages rejected") && e.contains("message 1"));
    }

    @Test
    void deadLetterOverviewListsEveryQueueWithCounts() throws Exception {
        HttpResponse<String> closed = get("/v1/admin/dead-letters", null);
        assertThat(closed.statusCode()).isEqualTo(401);
        JsonNode all = json(get("/v1/admin/dead-letters", ADMIN));
        List<String> names = all.get("queues").findValuesAsText("queue");
        assertThat(names).contains("gw.parse.DLQ", "gw.enrich.DLQ", "gw.sign.DLQ", "gw.deliver.DLQ", "gw.respond.DLQ",
                "customs.decisions.DLQ");
        all.get("queues").forEach(q -> assertThat(q.get("count").asLong()).isNotNegative());
        assertThat(all.get("total").asLong()).isNotNegative();
    }

    private HttpResponse<String> awaitReadiness(int status) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 15_000;
        HttpResponse<String> r;
        do {
            r = get("/actuator/health/readiness", null);
            if (r.statusCode() == status) {
                return r;
            }
            Thread.sleep(100);
        } while (System.currentTimeMillis() < deadline);
        throw new AssertionError("readiness stayed " + r.statusCode() + ": " + r.body());
    }

    /** Sum of the samples of {@code metric} whose labels contain every fragment. */
    static double value(String scrape, String metric, String... labels) {
        double sum = 0;
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(metric) + "\\{([^}]*)} (\\S+)$").matcher(scrape);
        while (m.find()) {
            String found = m.group(1);
            boolean all = true;
            for (String l : labels) {
                all &= found.contains(l);
            }
            if (all) {
                sum += Double.parseDouble(m.group(2));
            }
        }
        return sum;
    }

    private HttpResponse<String> get(String path, String key) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET();
        if (key != null) {
            b.header("Authorization", "Bearer " + key);
        }
        return Http.send(b.build());
    }

    private static JsonNode json(HttpResponse<String> response) {
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
