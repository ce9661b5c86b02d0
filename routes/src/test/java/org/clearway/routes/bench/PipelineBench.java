package org.clearway.routes.bench;

import jakarta.jms.ConnectionFactory;
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

    @DynamicPropertySource
    static void dataDir(DynamicPropertyRegistry registry) {
        registry.add("clearway.data-dir", DATA_DIR::toString);
    }

    @LocalServerPort
    int port;

    @Autowired
    ConnectionFactory connectionFactory;

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
