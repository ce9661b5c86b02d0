package org.clearway.routes.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.jms.ConnectionFactory;
import java.io.BufferedOutputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import org.clearway.routes.ClearwayApplication;
import org.clearway.routes.JsonSamples;
import org.clearway.routes.TestInterchangesAccess;
import org.clearway.routes.store.TraceLog;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The cost of trace recording (issue 14): the same load from HTTP ingress to signed declarations
 * on the customs queue, in rounds of equal size that alternate recording off and on
 * ({@link TraceLog#recording(boolean)}, what {@code clearway.trace.enabled=false} sets at start:
 * no {@code trace_event} rows; stage metrics, declarations, outboxes and the partners' decision
 * feed are written either way). Alternating rounds in one gateway, after a warm-up, keep JIT state,
 * database size and the load of a shared machine alike for both modes; two gateways one after the
 * other did not (the second ran under different load). Prints one {@code BENCH} line per channel
 * with both rates and the overhead: postal interchanges ({@code -Dbench.overhead.items} items per
 * round, default 500) and express batches ({@code -Dbench.overhead.shipments} shipments per round,
 * at most 500, default 300; 0 skips it); {@code -Dbench.overhead.pairs} off/on pairs (default 3).
 */
@SpringBootTest(classes = ClearwayApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
                "spring.config.additional-location=optional:file:../config/",
                // config/application.yml names config/rules relative to the repository root
                "clearway.rules.directory=../config/rules",
                // express shipments go to customs at once instead of waiting for platform orders
                "clearway.partners.DEMO-EXPRESS.hold-window=0s",
                "logging.level.org.clearway=WARN",
                "logging.level.org.clearway.routes.bench=INFO"
        })
@org.springframework.test.annotation.DirtiesContext(classMode = org.springframework.test.annotation.DirtiesContext.ClassMode.AFTER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EventOverheadBench {
    private static final Logger log = LoggerFactory.getLogger(EventOverheadBench.class);
    private static final Path DATA_DIR = BenchSupport.dataDir("clearway-overhead-");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int ITEMS_PER_MESSAGE = 100;
    private static final AtomicInteger SERIAL = new AtomicInteger();

    @DynamicPropertySource
    static void dataDir(DynamicPropertyRegistry registry) {
        registry.add("clearway.data-dir", DATA_DIR::toString);
    }

    @LocalServerPort
    int port;

    @Autowired
    ConnectionFactory connectionFactory;

    @Autowired
    TraceLog trace;

    @Autowired
    JdbcClient jdbc;

    private final int pairs = Integer.getInteger("bench.overhead.pairs", 3);

    @Test
    @Order(1)
    void postalThroughputWithAndWithoutTraceRecording() throws Exception {
        int items = Integer.getInteger("bench.overhead.items", 500);
        assertThat(trace.recording()).as("clearway.trace.enabled defaults to true").isTrue();
        measure("postal items", items, () -> postal(items));
    }

    @Test
    @Order(2)
    void expressThroughputWithAndWithoutTraceRecording() throws Exception {
        int shipments = Math.min(500, Integer.getInteger("bench.overhead.shipments", 300));
        if (shipments <= 0) {
            log.info("BENCH event-overhead express: skipped (-Dbench.overhead.shipments=0)");
            return;
        }
        measure("express shipments", shipments, () -> express(shipments));
    }

    /** A warm-up round, then {@code pairs} off/on pairs of rounds (off first, then on first, ...); logs the BENCH line. */
    private void measure(String what, int perRound, Callable<Integer> round) throws Exception {
        round.call();
        double[] seconds = new double[2];
        long[] rows = new long[2];
        int[] timed = new int[2];
        StringBuilder rounds = new StringBuilder();
        try {
            for (int p = 0; p < pairs; p++) {
                // neither mode always follows the other
                for (int k = 0; k < 2; k++) {
                    int mode = (p + k) % 2; // 0 = off, 1 = on
                    trace.recording(mode == 1);
                    long rowsBefore = traceRows();
                    long started = System.nanoTime();
                    int n = round.call();
                    double s = (System.nanoTime() - started) / 1e9;
                    seconds[mode] += s;
                    timed[mode] += n;
                    rows[mode] += traceRows() - rowsBefore;
                    rounds.append(mode == 1 ? " on " : " off ").append(String.format("%.0f", n / s));
                }
            }
        } finally {
            trace.recording(true);
        }
        double off = timed[0] / seconds[0];
        double on = timed[1] / seconds[1];
        log.info("BENCH event-overhead: {} end to end, {} rounds of {} alternating (after one warm-up round); "
                        + "trace recording off {}/s ({} in {} s, {} trace rows), on {}/s ({} in {} s, {} trace rows "
                        + "= {} each); overhead of recording {}%; per round /s:{}",
                what, pairs * 2, perRound, String.format("%.0f", off), timed[0], String.format("%.1f", seconds[0]),
                rows[0], String.format("%.0f", on), timed[1], String.format("%.1f", seconds[1]), rows[1],
                String.format("%.1f", (double) rows[1] / timed[1]), String.format("%.1f", (off - on) / off * 100),
                rounds);
        assertThat(rows[0]).as("no trace rows while recording is off").isZero();
        assertThat(rows[1]).as("trace rows while recording is on").isGreaterThanOrEqualTo(timed[1]);
    }

    /** One interchange of about {@code items} items posted and all its signed declarations taken from the customs queue. */
    private int postal(int items) throws Exception {
        int messages = Math.max(1, items / ITEMS_PER_MESSAGE);
        int perMessage = Math.max(1, items / messages);
        Path file = DATA_DIR.resolve("overhead-" + System.nanoTime() + ".edi");
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
            TestInterchangesAccess.write(out, TestInterchangesAccess.reference("OVHD"), messages, perMessage);
        }
        HttpResponse<String> response = send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/v1/postal/interchanges"))
                .header("Authorization", "Bearer demo-post-key")
                .header("Content-Type", "application/EDIFACT")
                .timeout(Duration.ofMinutes(5))
                .POST(HttpRequest.BodyPublishers.ofFile(file)).build());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        int expected = messages * perMessage;
        assertThat(BenchSupport.drain(connectionFactory, expected, Duration.ofMinutes(5))).isEqualTo(expected);
        Files.deleteIfExists(file);
        return expected;
    }

    /** One REST batch of {@code shipments} new house waybills and all their signed declarations taken from the customs queue. */
    private int express(int shipments) throws Exception {
        ObjectNode template = (ObjectNode) JSON.readTree(JsonSamples.text("express-shipment-eu-ioss.json"));
        ObjectNode batch = JSON.createObjectNode();
        ArrayNode list = batch.putArray("shipments");
        for (int i = 0; i < shipments; i++) {
            list.add(template.deepCopy().put("houseWaybill", "OVHD-" + SERIAL.incrementAndGet()));
        }
        HttpResponse<String> response = send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/v1/express/shipments:batch"))
                .header("Authorization", "Bearer demo-express-key")
                .header("Content-Type", "application/json")
                .header("Idempotency-Key", "overhead-" + SERIAL.incrementAndGet())
                .timeout(Duration.ofMinutes(5))
                .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(batch))).build());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(207);
        JsonNode answer = JSON.readTree(response.body());
        assertThat(answer.path("rejected").asInt()).as(response.body()).isZero();
        assertThat(BenchSupport.drain(connectionFactory, shipments, Duration.ofMinutes(5))).isEqualTo(shipments);
        return shipments;
    }

    private static HttpResponse<String> send(HttpRequest request) throws Exception {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()
                .send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private long traceRows() {
        return jdbc.sql("select count(*) from trace_event").query(Long.class).single();
    }
}
