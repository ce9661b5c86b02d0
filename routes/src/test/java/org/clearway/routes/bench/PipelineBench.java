package org.clearway.routes.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.HashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.clearway.routes.ClearwayApplication;
import org.clearway.routes.TestInterchangesAccess;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Load driver for the postal pipeline (run with {@code mvn -Pbench verify -pl routes}): prints
 * items/s for one 10,000-item interchange from HTTP ingress to signed declarations on the customs
 * queue (persistence and journal sync on), and the peak heap while a ~100 MB interchange goes
 * through the same path. The bench profile runs this JVM with {@code -Xmx256m} ({@code -Dbench.heap=...})
 * and without the demo backend's pull copies (declarations kept in H2 for curl users).
 */
@SpringBootTest(classes = ClearwayApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
                "spring.config.additional-location=optional:file:../config/",
                // config/application.yml names config/rules relative to the repository root
                "clearway.rules.directory=../config/rules",
                "clearway.limits.interchange-max-bytes=268435456",
                "logging.level.org.clearway=WARN",
                "logging.level.org.clearway.routes.bench=INFO"
        })
@org.springframework.test.annotation.DirtiesContext(classMode = org.springframework.test.annotation.DirtiesContext.ClassMode.AFTER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PipelineBench {
    private static final Logger log = LoggerFactory.getLogger(PipelineBench.class);
    private static final Path DATA_DIR = BenchSupport.dataDir("clearway-bench-");
    private static final ObjectMapper JSON = new ObjectMapper();

    @DynamicPropertySource
    static void dataDir(DynamicPropertyRegistry registry) {
        registry.add("clearway.data-dir", DATA_DIR::toString);
    }

    @LocalServerPort
    int port;

    @Autowired
    ConnectionFactory connectionFactory;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    /** Items/s end to end with one item per interchange (set by the first test, used by the latency test). */
    private static double singleItemRate;

    @Test
    @Order(0)
    void oneAndHundredItemInterchanges() throws Exception {
        int singles = Integer.getInteger("bench.postal.singles", 1_000);
        singleItemRate = interchanges("1 item per interchange", singles, 1);
        int hundreds = Integer.getInteger("bench.postal.hundreds", 50);
        interchanges("100 items per interchange", hundreds, 100);
    }

    /** {@code count} interchanges of {@code items} items each, 8 in flight; items/s end to end. */
    private double interchanges(String name, int count, int items) throws Exception {
        List<byte[]> bodies = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            TestInterchangesAccess.write(out, TestInterchangesAccess.reference("BN"), 1, items);
            bodies.add(out.toByteArray());
        }
        long started = System.nanoTime();
        int failed = 0;
        for (HttpResponse<String> r : BenchSupport.sendAll(http, count, 8, i -> postal(bodies.get(i)))) {
            if (r.statusCode() != 202) {
                failed++;
            }
        }
        long answered = System.nanoTime();
        int total = count * items;
        int received = BenchSupport.drain(connectionFactory, total, Duration.ofMinutes(10));
        double rate = received / ((System.nanoTime() - started) / 1e9);
        log.info("BENCH pipeline {}: {} interchanges, {} items; all answered after {} s; {} at customs = {} items/s end to end; {} failed",
                name, count, total, String.format("%.1f", (answered - started) / 1e9), received, Math.round(rate), failed);
        BenchTable.figure("postal, " + name + " (items/s end to end)", rate, "items/s", "chain-100", 0.5);
        assertThat(failed).isZero();
        assertThat(received).isEqualTo(total);
        return rate;
    }

    private HttpRequest postal(byte[] body) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/postal/interchanges"))
                .header("Authorization", "Bearer demo-post-key").header("Content-Type", "application/EDIFACT")
                .timeout(Duration.ofMinutes(5)).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
    }

    /**
     * Ingress-to-customs latency of single-item interchanges sent at half the measured single-item
     * rate, and the raw chain's latency at the same rate in the same run.
     */
    @Test
    @Order(3)
    void latencyAtHalfLoad() throws Exception {
        Assumptions.assumeTrue(singleItemRate > 0, "single-item rate not measured");
        double rate = singleItemRate / 2;
        int seconds = Integer.getInteger("bench.latency.seconds", 20);
        int count = Math.max(10, (int) (rate * seconds));
        Pairing pairing = new Pairing(count);
        ExecutorService senders = Executors.newFixedThreadPool(8);
        Thread receiver = new Thread(() -> receive(pairing, count), "bench-latency-receiver");
        receiver.start();
        long started = System.nanoTime();
        long interval = (long) (1e9 / rate);
        List<Future<?>> answers = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            long due = started + i * interval;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            TestInterchangesAccess.write(out, TestInterchangesAccess.reference("BL"), 1, 1);
            byte[] body = out.toByteArray();
            answers.add(senders.submit(() -> {
                long t0 = System.nanoTime();
                HttpResponse<String> r = http.send(postal(body), HttpResponse.BodyHandlers.ofString());
                assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
                String declarationId = JSON.readTree(r.body()).at("/messages/0/items/0/declarationId").asText();
                pairing.sent(declarationId, t0);
                return null;
            }));
        }
        for (Future<?> f : answers) {
            f.get(5, TimeUnit.MINUTES);
        }
        receiver.join(TimeUnit.MINUTES.toMillis(5));
        senders.shutdown();
        assertThat(pairing.paired()).isEqualTo(count);
        double[] clearway = ArtemisChain.percentiles(pairing.latencies);
        double[] raw;
        try (ArtemisChain chain = new ArtemisChain(BenchSupport.dataDir("clearway-chain-latency-"),
                RawLimitsBench.BUFFER_TIMEOUT_NS)) {
            raw = chain.latency(rate, seconds);
        }
        log.info("BENCH latency at {} items/s (half of {} items/s) for {} s: Clearway ingress-to-customs p50 {} ms, "
                        + "p99 {} ms; raw 5-hop chain at the same rate p50 {} ms, p99 {} ms", Math.round(rate),
                Math.round(singleItemRate), seconds, fmt(clearway[0]), fmt(clearway[1]), fmt(raw[0]), fmt(raw[1]));
        BenchTable.limit("chain-p50", "Artemis 5-hop chain p50 latency at " + Math.round(rate) + " msg/s", raw[0], "ms");
        BenchTable.limit("chain-p99", "Artemis 5-hop chain p99 latency at " + Math.round(rate) + " msg/s", raw[1], "ms");
        BenchTable.latency("postal p50 ingress-to-customs at " + Math.round(rate) + " items/s (50 % load)", clearway[0],
                "chain-p50", null);
        BenchTable.latency("postal p99 ingress-to-customs at " + Math.round(rate) + " items/s (50 % load)", clearway[1],
                "chain-p99", 2.0);
    }

    /** Reads the customs queue; a declaration's latency is its arrival minus the send time of its interchange. */
    private void receive(Pairing pairing, int count) {
        try (Connection connection = connectionFactory.createConnection()) {
            connection.start();
            Session session = connection.createSession(true, Session.SESSION_TRANSACTED);
            MessageConsumer consumer = session.createConsumer(session.createQueue("customs.declarations"));
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
            while (pairing.arrivedCount < count && System.nanoTime() < deadline) {
                Message m = consumer.receive(1000);
                if (m == null) {
                    continue;
                }
                pairing.arrived(m.getStringProperty("clearway_declaration_id"), System.nanoTime());
                session.commit();
            }
        } catch (Exception e) {
            log.warn("latency receiver failed", e);
        }
    }

    /** Matches send times (known at the 202) with arrival times at customs, whichever comes first. */
    private static final class Pairing {
        final long[] latencies;
        private final Map<String, Long> sent = new HashMap<>();
        private final Map<String, Long> arrived = new HashMap<>();
        private int paired;
        volatile int arrivedCount;

        Pairing(int count) {
            latencies = new long[count];
        }

        synchronized void sent(String declarationId, long t0) {
            Long at = arrived.remove(declarationId);
            if (at == null) {
                sent.put(declarationId, t0);
            } else {
                pair(at - t0);
            }
        }

        synchronized void arrived(String declarationId, long at) {
            arrivedCount++;
            Long t0 = sent.remove(declarationId);
            if (t0 == null) {
                arrived.put(declarationId, at);
            } else {
                pair(at - t0);
            }
        }

        private void pair(long nanos) {
            if (paired < latencies.length) {
                latencies[paired] = nanos;
            }
            paired++;
        }

        synchronized int paired() {
            return paired;
        }
    }

    private static String fmt(double millis) {
        return String.format("%.1f", millis);
    }

    @Test
    @Order(1)
    void tenThousandItemInterchangeThroughTheWholePipeline() throws Exception {
        Path file = DATA_DIR.resolve("bench-10k.edi");
        int items = write(file, 10, 1000);
        long started = System.nanoTime();
        HttpResponse<String> response = post(file);
        long accepted = System.nanoTime();
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        int received = BenchSupport.drain(connectionFactory, items, Duration.ofMinutes(10));
        long done = System.nanoTime();
        assertThat(received).isEqualTo(items);
        double seconds = (done - started) / 1e9;
        log.info("BENCH pipeline: {} items ({} bytes) ingress 202 after {} ms; all {} signed declarations at customs after {} s = {} items/s",
                items, Files.size(file), (accepted - started) / 1_000_000, received, String.format("%.1f", seconds),
                String.format("%.0f", items / seconds));
        BenchTable.figure("postal, 10,000 items per interchange (items/s end to end)", items / seconds, "items/s",
                "chain-100", 0.5);
        BenchTable.figure("postal, 10,000 items per interchange, items/s vs StAEDI tokenising", items / seconds,
                "items/s", "staedi-items", null);
        BenchTable.figure("postal, 10,000 items per interchange, items/s vs CMS signing", items / seconds, "items/s",
                "cms", null);
        BenchTable.figure("postal, 10,000-item interchange: 202 after", (accepted - started) / 1e9, "s");
    }

    @Test
    @Order(2)
    void hundredMegabyteInterchangeWithinTheHeapLimit() throws Exception {
        Path file = DATA_DIR.resolve("bench-100mb.edi");
        int items = write(file, 100, 2000);
        System.gc();
        BenchSupport.HeapSampler sampler = new BenchSupport.HeapSampler();
        sampler.start();
        long started = System.nanoTime();
        HttpResponse<String> response = post(file);
        long accepted = System.nanoTime();
        long usedAtAccept = sampler.maxUsed;
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        int received = BenchSupport.drain(connectionFactory, items, Duration.ofMinutes(30));
        long done = System.nanoTime();
        sampler.interrupt();
        sampler.join();
        long max = Runtime.getRuntime().maxMemory();
        log.info("BENCH 100MB: {} bytes, {} items, -Xmx{} MiB; ingress 202 after {} s (heap used peak {} MiB); "
                        + "all {} signed declarations at customs after {} s ({} items/s); whole run: heap used peak {} MiB",
                Files.size(file), items, max / BenchSupport.MIB, String.format("%.1f", (accepted - started) / 1e9),
                usedAtAccept / BenchSupport.MIB, received, String.format("%.1f", (done - started) / 1e9),
                String.format("%.0f", items / ((done - started) / 1e9)), sampler.maxUsed / BenchSupport.MIB);
        assertThat(received).isEqualTo(items);
        BenchTable.figure("postal, ~100 MB interchange under -Xmx" + max / BenchSupport.MIB + "m: heap used peak",
                sampler.maxUsed / (double) BenchSupport.MIB, "MiB");
    }


    private int write(Path file, int messages, int itemsPerMessage) throws IOException {
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
            TestInterchangesAccess.write(out, TestInterchangesAccess.reference("BENCH"), messages, itemsPerMessage);
        }
        return messages * itemsPerMessage;
    }

    private HttpResponse<String> post(Path file) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/postal/interchanges"))
                .header("Authorization", "Bearer demo-post-key")
                .header("Content-Type", "application/EDIFACT")
                .timeout(Duration.ofMinutes(10))
                .POST(HttpRequest.BodyPublishers.ofFile(file)).build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

}
