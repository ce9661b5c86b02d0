package org.clearway.routes.ingress.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.clearway.routes.JsonSamples;
import org.clearway.routes.ingress.ApiResult;
import org.clearway.routes.ingress.Idempotency;
import org.clearway.routes.store.IdempotencyStore;
import org.clearway.routes.store.PlatformOrderStore;
import org.clearway.routes.store.PlatformUploadStore;
import org.clearway.routes.support.ApiProblem;
import org.clearway.routes.support.GatewayProperties;
import org.clearway.routes.support.GatewayProperties.Partner;
import org.clearway.routes.support.GatewayProperties.Role;
import org.clearway.routes.support.Partners;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * Platform orders against the real schema (H2, PostgreSQL mode): the §1.2 version rule, parcels
 * findable by carrier and normalised tracking number, late links checked against ordered
 * quantities, and a bulk upload processed in several chunks with its results in the database.
 */
class PlatformServiceTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String P = "SHOP";

    @TempDir
    Path dataDir;

    private final DataSource dataSource = new DriverManagerDataSource("jdbc:h2:mem:platform-" + UUID.randomUUID()
            + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1", "sa", "");
    private final Clock clock = Clock.fixed(Instant.parse("2026-11-25T09:00:00Z"), ZoneOffset.UTC);
    private PlatformOrderStore orders;
    private PlatformService service;
    private PlatformUploads uploads;

    private void start(int chunk) {
        Flyway.configure().dataSource(dataSource).load().migrate();
        JdbcClient jdbc = JdbcClient.create(dataSource);
        JdbcTemplate template = new JdbcTemplate(dataSource);
        GatewayProperties.Api d = GatewayProperties.Api.defaults();
        GatewayProperties.Api api = new GatewayProperties.Api(d.maxJsonBytes(), d.maxBatchBytes(), d.maxSoapBytes(),
                d.maxGzipRatio(), d.rateLimitPerSecond(), d.rateLimitBurst(), d.idempotencyRetention(),
                d.eventRetention(), d.webhooks(), new GatewayProperties.Upload(1 << 20, 1000, 65536, 2, 1, chunk, 1));
        Partner shop = new Partner(Role.PLATFORM, List.of("shop-key-0123456"), null, Duration.ZERO, false, null, null,
                List.of(), List.of(), new GatewayProperties.Platform(List.of("ACME"), null), null, null);
        GatewayProperties properties = new GatewayProperties(dataDir, new GatewayProperties.Gateway("DECUSTGW", "ZZZ", ""),
                new GatewayProperties.Limits(1000, Duration.ofDays(30), Duration.ofDays(90)),
                new GatewayProperties.Signing(null, "", "a", "", List.of()),
                new GatewayProperties.Pipeline(1, 1, Duration.ZERO, Duration.ZERO, Duration.ZERO),
                new GatewayProperties.Routing("X", Map.of(), BigDecimal.ONE, BigDecimal.ONE, BigDecimal.ONE), api,
                Map.of(P, shop), List.of(), Map.of());
        orders = new PlatformOrderStore(jdbc, template);
        Idempotency idempotency = new Idempotency(new IdempotencyStore(jdbc), properties, clock);
        service = new PlatformService(orders, idempotency, new Partners(properties), dataSource, clock,
                List.of((carrier, tracking, reason) -> { }));
        uploads = new PlatformUploads(new PlatformUploadStore(jdbc, template), service, idempotency, properties, clock);
    }

    private static ObjectNode order(int line, String orderId) throws Exception {
        ObjectNode o = (ObjectNode) JSON.readTree(JsonSamples.text("platform-orders.ndjson").split("\n")[line - 1]);
        o.put("orderId", orderId);
        return o;
    }

    private ApiResult put(String key, ObjectNode o) throws Exception {
        return service.put(P, key, o.get("orderId").asText(), JSON.writeValueAsBytes(o));
    }

    @Test
    void orderVersionsFollowSection12() throws Exception {
        start(10);
        ObjectNode v1 = order(1, "O-1");
        assertThat(put("k1", v1).status()).isEqualTo(201);
        ApiResult duplicate = put("k2", v1);
        assertThat(duplicate.body().get("outcome").asText()).isEqualTo("DUPLICATE_IGNORED");
        ObjectNode changed = v1.deepCopy();
        ((ObjectNode) changed.at("/payment")).put("transactionRef", "pi_other");
        assertThatThrownBy(() -> put("k3", changed)).isInstanceOfSatisfying(ApiProblem.class,
                e -> assertThat(e.slug()).isEqualTo("order-version-conflict"));
        changed.put("orderVersion", 5);
        assertThat(put("k4", changed).body().get("outcome").asText()).isEqualTo("UPDATED");
        assertThat(put("k5", v1).body().get("outcome").asText()).isEqualTo("STALE_IGNORED");
        assertThat(orders.find(P, "O-1").orElseThrow().orderVersion()).isEqualTo(5);
        assertThat(orders.find(P, "O-1").orElseThrow().status()).isEqualTo("AWAITING_TRANSPORT");
    }

    @Test
    void parcelsAreFoundByCarrierAndNormalisedTrackingNumber() throws Exception {
        start(10);
        ObjectNode o = order(2, "O-2");
        ((ObjectNode) o.at("/shipments/0")).put("trackingNumber", "77-0123 4567");
        put("k1", o);
        assertThat(orders.ordersForParcel("ACME", "7701234567"))
                .containsExactly(new PlatformOrderStore.OrderRef(P, "O-2"));
        assertThat(orders.lineQuantities(P, "O-2")).containsEntry("2", new BigDecimal("2.000000"));
    }

    @Test
    void aNewVersionReplacesTheOrdersParcelsButKeepsLinkedOnes() throws Exception {
        start(10);
        ObjectNode v1 = order(1, "O-3");
        put("k1", v1);
        service.link(P, "k2", "O-3", "{\"carrierCode\":\"ACME\",\"trackingNumber\":\"L-1\",\"lines\":[{\"lineId\":\"SV-2026-000981-1\",\"quantity\":1}]}"
                .getBytes(StandardCharsets.UTF_8));
        ObjectNode v2 = v1.deepCopy();
        v2.put("orderVersion", 2);
        ((ObjectNode) v2.at("/shipments/0")).put("trackingNumber", "1234567899");
        put("k3", v2);
        assertThat(orders.parcels(P, "O-3")).extracting(PlatformOrderStore.Parcel::trackingNumber)
                .containsExactly("1234567899", "L-1");
        assertThatThrownBy(() -> service.link(P, "k4", "O-3",
                "{\"carrierCode\":\"ACME\",\"trackingNumber\":\"L-2\",\"lines\":[{\"lineId\":\"SV-2026-000981-1\",\"quantity\":1.5}]}"
                        .getBytes(StandardCharsets.UTF_8)))
                .isInstanceOfSatisfying(ApiProblem.class, e -> assertThat(e.errors().get(0).get("code"))
                        .isEqualTo("ALLOCATION_EXCEEDS_QUANTITY"));
    }

    @Test
    void carrierCodesNotBoundToThePlatformAreForbidden() throws Exception {
        start(10);
        ObjectNode o = order(1, "O-4");
        ((ObjectNode) o.at("/shipments/0")).put("carrierCode", "OTHR");
        assertThatThrownBy(() -> put("k1", o)).isInstanceOfSatisfying(ApiProblem.class,
                e -> assertThat(e.slug()).isEqualTo("forbidden-scope"));
        assertThat(orders.find(P, "O-4")).isEmpty();
    }

    @Test
    void aCsvUploadIsProcessedInChunksWithResultsInTheDatabase() throws Exception {
        start(1);
        byte[] csv = JsonSamples.text("platform-orders.csv").getBytes(StandardCharsets.UTF_8);
        ApiResult accepted = uploads.accept(P, "up-1", "CSV", new ByteArrayInputStream(csv), false);
        assertThat(accepted.status()).isEqualTo(202);
        String uploadId = accepted.body().get("uploadId").asText();
        JsonNode status = null;
        for (int i = 0; i < 100; i++) {
            status = uploads.status(P, uploadId, 0, 100).body();
            if ("COMPLETED".equals(status.get("status").asText())) {
                break;
            }
            Thread.sleep(50);
        }
        assertThat(status.get("status").asText()).isEqualTo("COMPLETED");
        assertThat(status.get("ordersAccepted").asLong()).isEqualTo(2);
        assertThat(status.get("linesRejected").asLong()).isZero();
        assertThat(status.get("results")).extracting(r -> r.get("orderId").asText()).containsExactly("KB-77810", "KB-77811");
        assertThat(orders.ordersForParcel("ACME", "5550001115")).extracting(PlatformOrderStore.OrderRef::orderId)
                .containsExactly("KB-77811");
        assertThat(dataDir.resolve("platform/uploads").toFile().list()).isEmpty();
        uploads.stop();
    }
}
