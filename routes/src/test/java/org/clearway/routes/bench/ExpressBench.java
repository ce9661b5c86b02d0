package org.clearway.routes.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.jms.ConnectionFactory;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import org.clearway.routes.ClearwayApplication;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Load driver for the express channels (run with {@code mvn -Pbench verify -pl routes}): prints
 * shipments/s through REST single submissions ({@code -Dbench.express.single}, default 2,000, 8 in
 * flight), REST batches of 500 ({@code -Dbench.express.batches}, default 10) and SOAP
 * SubmitShipment ({@code -Dbench.express.soap}, default 1,000, 8 in flight): the ingress rate
 * (all answers received) and the pipeline rate (all signed declarations consumed from the customs
 * queue). Persistence and journal sync on; the rate limit is raised for the run.
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
class ExpressBench {
    private static final Logger log = LoggerFactory.getLogger(ExpressBench.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int IN_FLIGHT = 8;
    private static final Path DATA_DIR = BenchSupport.dataDir("clearway-express-bench-");

    @DynamicPropertySource
    static void dataDir(DynamicPropertyRegistry registry) {
        registry.add("clearway.data-dir", DATA_DIR::toString);
    }

    @LocalServerPort
    int port;

    @Autowired
    ConnectionFactory connectionFactory;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final ObjectNode template = template();
    /** Static: JUnit makes an instance per test, and every phase needs house waybills of its own. */
    private static final AtomicInteger SERIAL = new AtomicInteger();

    @Test
    @Order(1)
    void restSingleShipments() throws Exception {
        int n = Integer.getInteger("bench.express.single", 2000);
        run("REST single", n, n, i -> request("/v1/express/shipments", "application/json",
                bytes(shipment()), "bench-s-" + i));
    }

    @Test
    @Order(2)
    void restBatches() throws Exception {
        int batches = Integer.getInteger("bench.express.batches", 10);
        run("REST batch of 500", batches, batches * 500, i -> {
            ObjectNode batch = JSON.createObjectNode();
            ArrayNode shipments = batch.putArray("shipments");
            for (int k = 0; k < 500; k++) {
                shipments.add(shipment());
            }
            return request("/v1/express/shipments:batch", "application/json", bytes(batch), "bench-b-" + i);
        });
    }

    @Test
    @Order(3)
    void soapSubmitShipment() throws Exception {
        int n = Integer.getInteger("bench.express.soap", 1000);
        HttpResponse<String> wsdl = http.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/soap/express/v1?wsdl")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        if (wsdl.statusCode() != 200) {
            log.info("BENCH SOAP: skipped, no SOAP endpoint (status {})", wsdl.statusCode());
            return;
        }
        run("SOAP SubmitShipment", n, n, i -> request("/soap/express/v1", "text/xml; charset=utf-8",
                soapEnvelope(shipment()).getBytes(java.nio.charset.StandardCharsets.UTF_8), "bench-x-" + i));
    }

    private void run(String name, int requests, int shipments, IntFunction<HttpRequest> build) throws Exception {
        long started = System.nanoTime();
        int failed = 0;
        for (HttpResponse<String> r : BenchSupport.sendAll(http, requests, IN_FLIGHT, build)) {
            boolean partly = r.statusCode() == 207 && JSON.readTree(r.body()).path("rejected").asInt() > 0;
            if ((r.statusCode() != 202 && r.statusCode() != 207 && r.statusCode() != 200) || partly) {
                failed++;
                if (failed < 3) {
                    log.warn("BENCH {} answer {}: {}", name, r.statusCode(), r.body());
                }
            }
        }
        long answered = System.nanoTime();
        int received = BenchSupport.drain(connectionFactory, shipments, Duration.ofMinutes(15));
        long done = System.nanoTime();
        log.info("BENCH express {}: {} shipments in {} requests ({} in flight); all answered after {} s = {} shipments/s "
                        + "at ingress; all {} signed declarations at customs after {} s = {} shipments/s end to end; {} failed requests",
                name, shipments, requests, IN_FLIGHT, String.format("%.1f", (answered - started) / 1e9),
                String.format("%.0f", shipments / ((answered - started) / 1e9)), received,
                String.format("%.1f", (done - started) / 1e9), String.format("%.0f", received / ((done - started) / 1e9)),
                failed);
        double endToEnd = received / ((done - started) / 1e9);
        if (name.contains("single")) {
            BenchTable.figure("express " + name + ", " + IN_FLIGHT + " in flight (shipments/s end to end)", endToEnd,
                    "shipments/s", "chain-1", 0.7);
        } else {
            BenchTable.figure("express " + name + " (shipments/s end to end)", endToEnd, "shipments/s", "chain-100", null);
        }
        assertThat(failed).isZero();
        assertThat(received).isEqualTo(shipments);
    }

    private HttpRequest request(String path, String contentType, byte[] body, String idempotencyKey) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", "Bearer demo-express-key").header("Content-Type", contentType)
                .header("Idempotency-Key", idempotencyKey).timeout(Duration.ofMinutes(5))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
    }

    private ObjectNode shipment() {
        ObjectNode s = template.deepCopy();
        s.put("houseWaybill", "BENCH" + SERIAL.incrementAndGet());
        return s;
    }

    private static byte[] bytes(Object value) {
        try {
            return JSON.writeValueAsBytes(value);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The §4.1 SOAP request shape for one shipment (element names = JSON member names, wrapped arrays). */
    private static String soapEnvelope(ObjectNode s) {
        StringBuilder xml = new StringBuilder("<soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\" "
                + "xmlns:x=\"urn:clearway:express:soap:1\"><soap:Body><x:SubmitShipmentRequest><x:shipment>");
        element(xml, s);
        return xml.append("</x:shipment></x:SubmitShipmentRequest></soap:Body></soap:Envelope>").toString();
    }

    private static void element(StringBuilder xml, com.fasterxml.jackson.databind.JsonNode node) {
        node.fields().forEachRemaining(f -> {
            com.fasterxml.jackson.databind.JsonNode v = f.getValue();
            xml.append("<x:").append(f.getKey()).append('>');
            if (v.isObject()) {
                element(xml, v);
            } else if (v.isArray()) {
                String child = switch (f.getKey()) {
                    case "lineItems" -> "lineItem";
                    case "routing" -> "country";
                    case "orderIds" -> "orderId";
                    case "trackingNumbers" -> "trackingNumber";
                    default -> "identifier";
                };
                for (com.fasterxml.jackson.databind.JsonNode item : v) {
                    xml.append("<x:").append(child).append('>');
                    if (item.isObject()) {
                        element(xml, item);
                    } else {
                        xml.append(escape(item.asText()));
                    }
                    xml.append("</x:").append(child).append('>');
                }
            } else {
                xml.append(escape(v.asText()));
            }
            xml.append("</x:").append(f.getKey()).append('>');
        });
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private static ObjectNode template() {
        try {
            return (ObjectNode) JSON.readTree(org.clearway.routes.JsonSamples.text("express-shipment-eu-ioss.json"));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

}
