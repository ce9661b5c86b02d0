package org.clearway.routes.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.jms.ConnectionFactory;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.IntFunction;
import javax.sql.DataSource;
import org.clearway.routes.ClearwayApplication;
import org.clearway.routes.JsonSamples;
import org.clearway.routes.store.TestDatabases;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Correlation throughput (issue 6): platform orders and express shipments of the same parcels fused
 * into one declaration each, on the configured database (PostgreSQL with {@code -Ppostgres} and a
 * server, else H2). Two phases of {@code -Dbench.correlation.parcels} parcels (default 2,000), 8
 * requests in flight: <b>order first</b> (all orders PUT, then all shipments; each shipment's
 * revision 1 is fused) and <b>order late</b> (all shipments declared with carrier data, then the
 * orders; each order re-stages its shipment as an AMENDMENT with {@code LATE_ENRICHMENT}). Printed:
 * requests/s at ingress and fused declarations/s at customs; the database's {@code declaration_order}
 * links are counted to prove every parcel was fused.
 */
@SpringBootTest(classes = ClearwayApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
                "spring.config.additional-location=optional:file:../config/",
                // config/application.yml names config/rules relative to the repository root
                "clearway.rules.directory=../config/rules",
                "clearway.api.rate-limit-per-second=1000000",
                "clearway.api.rate-limit-burst=1000000",
                "clearway.partners.DEMO-EXPRESS.hold-window=0s",
                "logging.level.org.clearway=WARN",
                "logging.level.org.apache.camel=ERROR",
                "logging.level.org.clearway.routes.bench=INFO"
        })
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CorrelationBench {
    private static final Logger log = LoggerFactory.getLogger(CorrelationBench.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int IN_FLIGHT = 8;
    private static final Path DATA_DIR = BenchSupport.dataDir("clearway-correlation-bench-");

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("clearway.data-dir", DATA_DIR::toString);
        TestDatabases.postgres().ifPresent(pg -> {
            registry.add("spring.datasource.url", pg::url);
            registry.add("spring.datasource.username", pg::user);
            registry.add("spring.datasource.password", pg::password);
        });
    }

    @LocalServerPort
    int port;

    @Autowired
    ConnectionFactory connectionFactory;

    @Autowired
    DataSource dataSource;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final int parcels = Integer.getInteger("bench.correlation.parcels", 2000);

    @Test
    @Order(1)
    void orderFirst() throws Exception {
        String db = database();
        long linksBefore = links();
        long started = System.nanoTime();
        double orderRate = send("orders", parcels, i -> putOrder("OF", i));
        double shipmentRate = send("shipments", parcels, i -> postShipment("OF", i));
        long answered = System.nanoTime();
        int received = BenchSupport.drain(connectionFactory, parcels, Duration.ofMinutes(20));
        long done = System.nanoTime();
        long fused = links() - linksBefore;
        log.info("BENCH correlation order-first on {}: {} parcels; orders {} /s, shipments {} /s at ingress; "
                        + "{} fused declarations at customs after {} s = {} fused declarations/s end to end "
                        + "({} s after the last answer); {} order links",
                db, parcels, rate(orderRate), rate(shipmentRate), received, secs(done - started),
                rate(received / ((done - started) / 1e9)), secs(done - answered), fused);
        BenchTable.figure("fused declarations, order first, on " + db + " (declarations/s end to end)",
                received / ((done - started) / 1e9), "declarations/s", "chain-100", 0.3);
        assertThat(received).isEqualTo(parcels);
        assertThat(fused).isEqualTo(parcels);
    }

    @Test
    @Order(2)
    void orderLate() throws Exception {
        String db = database();
        double shipmentRate = send("shipments", parcels, i -> postShipment("OL", i));
        int originals = BenchSupport.drain(connectionFactory, parcels, Duration.ofMinutes(20));
        long linksBefore = links();
        long started = System.nanoTime();
        double orderRate = send("orders", parcels, i -> putOrder("OL", i));
        long answered = System.nanoTime();
        int amendments = BenchSupport.drain(connectionFactory, parcels, Duration.ofMinutes(20));
        long done = System.nanoTime();
        long fused = links() - linksBefore;
        log.info("BENCH correlation order-late on {}: {} parcels; shipments {} /s ({} declared with carrier data); "
                        + "orders {} /s at ingress; {} LATE_ENRICHMENT amendments at customs after {} s = {} amendments/s "
                        + "end to end ({} s after the last answer); {} order links",
                db, parcels, rate(shipmentRate), originals, rate(orderRate), amendments, secs(done - started),
                rate(amendments / ((done - started) / 1e9)), secs(done - answered), fused);
        assertThat(originals).isEqualTo(parcels);
        assertThat(amendments).isEqualTo(parcels);
        assertThat(fused).isEqualTo(parcels);
    }

    private String database() throws Exception {
        try (var c = dataSource.getConnection()) {
            return c.getMetaData().getDatabaseProductName() + " " + c.getMetaData().getDatabaseProductVersion();
        }
    }

    private long links() {
        Long n = new JdbcTemplate(dataSource).queryForObject("select count(*) from declaration_order", Long.class);
        return n == null ? 0 : n;
    }

    /** Sends {@code n} requests, 8 in flight; returns requests/s; every answer must be 2xx. */
    private double send(String what, int n, IntFunction<HttpRequest> build) throws Exception {
        long started = System.nanoTime();
        int failed = 0;
        for (HttpResponse<String> r : BenchSupport.sendAll(http, n, IN_FLIGHT, build)) {
            if (r.statusCode() / 100 != 2) {
                if (failed++ < 3) {
                    log.warn("BENCH correlation {} answer {}: {}", what, r.statusCode(), r.body());
                }
            }
        }
        assertThat(failed).as("failed %s requests", what).isZero();
        return n / ((System.nanoTime() - started) / 1e9);
    }

    private HttpRequest putOrder(String phase, int i) {
        ObjectNode order = ORDER.deepCopy();
        String orderId = "BENCH-" + phase + "-" + i;
        order.put("orderId", orderId);
        ((ObjectNode) order.withArray("shipments").get(0)).put("trackingNumber", tracking(phase, i));
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/platform/orders/" + orderId))
                .header("Authorization", "Bearer demo-platform-key").header("Content-Type", "application/json")
                .header("Idempotency-Key", "bench-order-" + orderId).timeout(Duration.ofMinutes(5))
                .PUT(HttpRequest.BodyPublishers.ofByteArray(bytes(order))).build();
    }

    private HttpRequest postShipment(String phase, int i) {
        ObjectNode shipment = SHIPMENT.deepCopy();
        shipment.put("houseWaybill", tracking(phase, i));
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/express/shipments"))
                .header("Authorization", "Bearer demo-express-key").header("Content-Type", "application/json")
                .header("Idempotency-Key", "bench-shipment-" + phase + "-" + i).timeout(Duration.ofMinutes(5))
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes(shipment))).build();
    }

    private static String tracking(String phase, int i) {
        return "CB" + phase + String.format("%08d", i);
    }

    private static final ObjectNode ORDER = read(JsonSamples.text("platform-orders.ndjson").split("\n")[0]);
    private static final ObjectNode SHIPMENT = read(JsonSamples.text("express-shipment-eu-ioss.json"));

    private static ObjectNode read(String json) {
        try {
            return (ObjectNode) JSON.readTree(json);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] bytes(Object value) {
        try {
            return JSON.writeValueAsBytes(value);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String rate(double perSecond) {
        return String.format("%.0f", perSecond);
    }

    private static String secs(long nanos) {
        return String.format("%.1f", nanos / 1e9);
    }
}
