package org.clearway.routes.ingress.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
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
import org.clearway.routes.support.ClusterProperties;
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
    private final MovableClock clock = new MovableClock(Instant.parse("2026-11-25T09:00:00Z"));
    private PlatformOrderStore orders;
    private PlatformService service;
    private PlatformUploads uploads;
    private GatewayProperties properties;
    private Idempotency idempotency;
    private PlatformUploadStore uploadStore;

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
        properties = new GatewayProperties(dataDir, new GatewayProperties.Gateway("DECUSTGW", "ZZZ", ""),
                new GatewayProperties.Limits(1000, Duration.ofDays(30), Duration.ofDays(90)),
                new GatewayProperties.Signing(null, "", "a", "", List.of()),
                new GatewayProperties.Pipeline(1, 1, Duration.ZERO, Duration.ZERO, Duration.ZERO),
                new GatewayProperties.Routing("X", Map.of(), BigDecimal.ONE, BigDecimal.ONE, BigDecimal.ONE), api,
                Map.of(P, shop), List.of(), Map.of());
        orders = new PlatformOrderStore(jdbc, template);
        idempotency = new Idempotency(new IdempotencyStore(jdbc), properties, clock);
        service = new PlatformService(orders, idempotency, new Partners(properties),
                new org.clearway.routes.pipeline.StageTransactions(new org.springframework.jdbc.datasource.DataSourceTransactionManager(dataSource)), clock,
                List.of((carrier, tracking, reason) -> { }));
        uploadStore = new PlatformUploadStore(jdbc, template);
        uploads = new PlatformUploads(uploadStore, service, idempotency, properties, clock);
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

    @Test
    void aChunkMixingNewRepeatedAndStoredOrdersKeepsTheVersionRules() throws Exception {
        start(10);
        ObjectNode stored = order(1, "M-STORED");
        put("k-stored", stored);
        ObjectNode a1 = order(1, "M-A");
        ObjectNode b1 = order(2, "M-B");
        ObjectNode a2 = a1.deepCopy();
        a2.put("orderVersion", 2);
        ((ObjectNode) a2.at("/lines/0")).put("title", "Women's T-shirt, organic cotton");
        ObjectNode a2conflict = a2.deepCopy();
        ((ObjectNode) a2conflict.at("/lines/0")).put("title", "something else at the same version");
        String ndjson = String.join("\n", JSON.writeValueAsString(a1), JSON.writeValueAsString(b1),
                JSON.writeValueAsString(a2), JSON.writeValueAsString(stored), "{\"orderId\": 17}",
                JSON.writeValueAsString(a2conflict)) + "\n";
        ApiResult accepted = uploads.accept(P, "up-mix", "NDJSON",
                new ByteArrayInputStream(ndjson.getBytes(StandardCharsets.UTF_8)), false);
        String uploadId = accepted.body().get("uploadId").asText();
        assertThat(statusOf(uploads, uploadId)).isEqualTo("COMPLETED");

        JsonNode results = uploads.status(P, uploadId, 0, 100).body().get("results");
        assertThat(results).extracting(r -> r.get("line").asInt() + " " + r.get("outcome").asText())
                .containsExactly("1 ACCEPTED", "2 ACCEPTED", "3 UPDATED", "4 DUPLICATE_IGNORED", "5 REJECTED",
                        "6 REJECTED");
        assertThat(results.get(5).at("/problem/type").asText()).endsWith("order-version-conflict");
        assertThat(orders.find(P, "M-A").orElseThrow().orderVersion()).isEqualTo(2);
        assertThat(orders.find(P, "M-A").orElseThrow().orderJson()).contains("organic cotton");
        assertThat(orders.find(P, "M-B").orElseThrow().orderVersion()).isEqualTo(b1.get("orderVersion").asInt());
        assertThat(orders.lineQuantities(P, "M-B")).isNotEmpty();
        assertThat(orders.ordersForParcel("ACME", orders.parcels(P, "M-B").get(0).trackingNorm()))
                .contains(new PlatformOrderStore.OrderRef(P, "M-B"));
        uploads.stop();
    }

    /** Another gateway instance on the same database (its own lease name). */
    private PlatformUploads instance(String name) {
        return new PlatformUploads(uploadStore, service, idempotency, properties,
                new ClusterProperties(name, Duration.ofMinutes(2), Duration.ofSeconds(60)), clock);
    }

    /** An upload spooled by {@code owner}, which stopped before processing it. */
    private String abandonedUpload(String uploadId, String owner, boolean fileThere) throws Exception {
        Path file = dataDir.resolve("platform/uploads").resolve(uploadId + ".csv");
        Files.createDirectories(file.getParent());
        if (fileThere) {
            Files.writeString(file, JsonSamples.text("platform-orders.csv"));
        }
        uploadStore.insert(new PlatformUploadStore.Upload(uploadId, P, "CSV", "PROCESSING", file.toString(), 100,
                "sha", 0, 0, 0, null, clock.instant(), null));
        uploadStore.lease(uploadId, owner, clock.instant().plus(Duration.ofMinutes(2)));
        return uploadId;
    }

    private String statusOf(PlatformUploads by, String uploadId) throws Exception {
        for (int i = 0; i < 100; i++) {
            String status = by.status(P, uploadId, 0, 10).body().get("status").asText();
            if ("COMPLETED".equals(status)) {
                return status;
            }
            Thread.sleep(50);
        }
        return by.status(P, uploadId, 0, 10).body().get("status").asText();
    }

    @Test
    void anUploadIsTakenOverOnlyByItsOwnInstanceOrAfterItsLeaseRanOut() throws Exception {
        start(1);
        String ofA = abandonedUpload("upl_00000000000000a1", "instance-a", true);
        String ofC = abandonedUpload("upl_00000000000000c1", "instance-c", true);
        String unreadable = abandonedUpload("upl_00000000000000c2", "instance-c", false);
        PlatformUploads b = instance("instance-b");
        PlatformUploads aRestarted = instance("instance-a");
        try {
            // both leases are running: instance B takes nothing
            assertThat(b.takeOverUploads("test")).isZero();
            // instance A restarted resumes its own upload at once
            assertThat(aRestarted.takeOverUploads("test")).isEqualTo(1);
            assertThat(statusOf(aRestarted, ofA)).isEqualTo("COMPLETED");
            assertThat(b.takeOverUploads("test")).as("nothing more before the leases run out").isZero();

            clock.advance(Duration.ofMinutes(2));
            // C never came back: its lease ran out, B takes the upload whose file it can read
            assertThat(b.takeOverUploads("test")).isEqualTo(1);
            assertThat(statusOf(b, ofC)).isEqualTo("COMPLETED");
            assertThat(uploadStore.owner(ofC)).contains("instance-b");
            assertThat(uploadStore.find(P, unreadable).orElseThrow().status()).isEqualTo("PROCESSING");
            assertThat(uploadStore.owner(unreadable)).contains("instance-c");
            // one set of results per upload, not two
            assertThat(b.status(P, ofC, 0, 10).body().get("results")).hasSize(2);
            assertThat(aRestarted.takeOverUploads("test")).as("a completed upload is not taken again").isZero();
        } finally {
            b.stop();
            aRestarted.stop();
        }
    }

    @Test
    void anInstanceThatLostItsLeaseStopsWithoutWriting() throws Exception {
        start(1);
        String upload = abandonedUpload("upl_00000000000000d1", "instance-d", true);
        // D comes back after its lease ran out, but E took the upload over meanwhile
        clock.advance(Duration.ofMinutes(3));
        assertThat(uploadStore.takeOver(upload, "instance-e", clock.instant(), clock.instant().plus(Duration.ofMinutes(2))))
                .isTrue();
        assertThat(uploadStore.renewLease(upload, "instance-d", clock.instant().plus(Duration.ofMinutes(2)))).isFalse();
        assertThat(uploadStore.takeOver(upload, "instance-d", clock.instant(), clock.instant().plus(Duration.ofMinutes(2))))
                .as("E's lease is running").isFalse();
        PlatformUploads d = instance("instance-d");
        try {
            assertThat(d.takeOverUploads("test")).isZero();
            assertThat(uploadStore.results(upload, 0, 10)).isEmpty();
        } finally {
            d.stop();
        }
    }

    /** A clock the test moves. */
    static final class MovableClock extends Clock {
        private volatile Instant now;

        MovableClock(Instant now) {
            this.now = now;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
