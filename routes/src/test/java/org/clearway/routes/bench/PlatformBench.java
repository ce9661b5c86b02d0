package org.clearway.routes.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedWriter;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.clearway.routes.ClearwayApplication;
import org.clearway.routes.JsonSamples;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Load driver for the platform bulk upload (run with {@code mvn -Pbench verify -pl routes
 * -Dit.test=PlatformBench}): writes an NDJSON file of {@code bench.platform.lines} orders
 * (default 1,000,000; each the first sample order with its own orderId and tracking number) to
 * disk, uploads it streamed from the file, waits until the upload is COMPLETED and prints orders/s
 * (from the POST to COMPLETED, i.e. spooling plus processing) and the sampled peak heap. The bench
 * profile runs this JVM with {@code -Xmx256m}; the upload limits are raised here.
 */
@SpringBootTest(classes = ClearwayApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
                "spring.config.additional-location=optional:file:../config/",
                // config/application.yml names config/rules relative to the repository root
                "clearway.rules.directory=../config/rules",
                "clearway.api.upload.max-bytes=8000000000",
                "clearway.api.upload.max-lines=5000000",
                "clearway.api.upload.chunk=1000",
                "logging.level.org.clearway=WARN",
                "logging.level.org.clearway.routes.bench=INFO",
                "logging.level.org.clearway.routes.ingress.platform=INFO"
        })
@org.springframework.test.annotation.DirtiesContext(classMode = org.springframework.test.annotation.DirtiesContext.ClassMode.AFTER_CLASS)
class PlatformBench {
    private static final Logger log = LoggerFactory.getLogger(PlatformBench.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path DATA_DIR = BenchSupport.dataDir("clearway-platform-bench-");

    @DynamicPropertySource
    static void dataDir(DynamicPropertyRegistry registry) {
        registry.add("clearway.data-dir", DATA_DIR::toString);
    }

    @LocalServerPort
    int port;

    @Test
    void millionLineNdjsonUpload() throws Exception {
        int lines = Integer.getInteger("bench.platform.lines", 1_000_000);
        Path file = DATA_DIR.resolve("bench-orders.ndjson");
        write(file, lines);
        System.gc();
        BenchSupport.HeapSampler sampler = new BenchSupport.HeapSampler();
        sampler.start();
        HttpClient http = HttpClient.newHttpClient();
        long started = System.nanoTime();
        HttpResponse<String> accepted = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                        + "/v1/platform/orders:bulk"))
                .header("Authorization", "Bearer demo-platform-key").header("Idempotency-Key", "bench-" + lines)
                .header("Content-Type", "application/x-ndjson")
                .POST(HttpRequest.BodyPublishers.ofFile(file)).build(), HttpResponse.BodyHandlers.ofString());
        long spooled = System.nanoTime();
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        String uploadId = JSON.readTree(accepted.body()).get("uploadId").asText();
        JsonNode status;
        long deadline = System.nanoTime() + Duration.ofHours(2).toNanos();
        while (true) {
            status = JSON.readTree(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                            + "/v1/platform/uploads/" + uploadId + "?limit=1"))
                    .header("Authorization", "Bearer demo-platform-key").GET().build(),
                    HttpResponse.BodyHandlers.ofString()).body());
            if ("COMPLETED".equals(status.get("status").asText()) || System.nanoTime() > deadline) {
                break;
            }
            Thread.sleep(500);
        }
        long done = System.nanoTime();
        sampler.interrupt();
        sampler.join();
        double seconds = (done - started) / 1e9;
        log.info("BENCH platform: {} NDJSON lines ({} MiB), -Xmx{} MiB; 202 after {} s (spooled), COMPLETED after {} s "
                        + "= {} orders/s; accepted {}, rejected lines {}; heap used peak {} MiB",
                lines, Files.size(file) / BenchSupport.MIB, Runtime.getRuntime().maxMemory() / BenchSupport.MIB,
                String.format("%.1f", (spooled - started) / 1e9), String.format("%.1f", seconds),
                String.format("%.0f", lines / seconds), status.get("ordersAccepted").asLong(),
                status.get("linesRejected").asLong(), sampler.maxUsed / BenchSupport.MIB);
        assertThat(status.get("status").asText()).isEqualTo("COMPLETED");
        assertThat(status.get("ordersAccepted").asLong()).isEqualTo(lines);
    }

    /** {@code lines} copies of sample order 1, each with its own orderId and tracking number. */
    private static void write(Path file, int lines) throws IOException {
        ObjectNode template = (ObjectNode) JSON.readTree(JsonSamples.text("platform-orders.ndjson").split("\n")[0]);
        String text = JSON.writeValueAsString(template);
        String[] parts = text.replace("SV-2026-000981\"", "\u0000\"").replace("1234567890", "\u0001").split("[\u0000\u0001]", -1);
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (int i = 0; i < lines; i++) {
                String n = String.format("%09d", i);
                out.write(parts[0]);
                out.write("BENCH-" + n);
                out.write(parts[1]);
                out.write("T" + n);
                out.write(parts[2]);
                out.write('\n');
            }
        }
    }

}
