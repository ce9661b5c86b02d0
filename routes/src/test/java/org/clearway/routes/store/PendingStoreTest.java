package org.clearway.routes.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.clearway.routes.pending.PendingReason;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * V29 and {@link PendingStore} on H2 and PostgreSQL: an item is held once per stage input (a
 * redelivered parse input holds nothing new), leaves PENDING exactly once (of a release and a
 * refusal racing, one wins), and only pending items past their deadline are expired.
 */
class PendingStoreTest {
    private final Instant now = Instant.parse("2026-11-24T10:00:00Z");

    private static PendingStore store(String kind) {
        TestDatabases.Database db;
        if ("postgresql".equals(kind)) {
            Optional<TestDatabases.Database> pg = TestDatabases.postgres();
            Assumptions.assumeTrue(pg.isPresent(), TestDatabases::postgresUnavailable);
            db = pg.get();
        } else {
            db = TestDatabases.h2("pending-" + UUID.randomUUID());
        }
        DriverManagerDataSource ds = new DriverManagerDataSource(db.url(), db.user(), db.password());
        Flyway.configure().dataSource(ds).load().migrate();
        return new PendingStore(JdbcClient.create(ds));
    }

    private static PendingStore.Hold hold(String declarationId, String ingressId, String partnerId) {
        return new PendingStore.Hold(declarationId, ingressId, partnerId, "UPU-CUSITM-EDIFACT", "CP000000015GB",
                PendingReason.EXCHANGE_RATE, "no exchange rate HUF -> EUR (value at /items/0); declaration stays PENDING",
                "{\"clearway_pending_cni\":\"2\"}", "UNA:+.? 'UNB+UNOC:3'".getBytes(StandardCharsets.ISO_8859_1));
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void anItemIsHeldOncePerInputAndLeavesPendingOnce(String kind) {
        PendingStore store = store(kind);
        String partner = "P" + Long.toHexString(System.nanoTime()).toUpperCase();
        String declarationId = UUID.randomUUID().toString();
        assertThat(store.hold(hold(declarationId, "ing-a", partner), now, now.plus(Duration.ofHours(72)))).isTrue();
        assertThat(store.hold(hold(declarationId, "ing-a", partner), now, now.plus(Duration.ofHours(72))))
                .as("a redelivered parse input").isFalse();
        PendingStore.Pending p = store.find(declarationId, "ing-a").orElseThrow();
        assertThat(p.state()).isEqualTo(PendingStore.PENDING);
        assertThat(p.reason()).isEqualTo(PendingReason.EXCHANGE_RATE);
        assertThat(p.deadline()).isEqualTo(now.plus(Duration.ofHours(72)));
        assertThat(new String(p.body(), StandardCharsets.ISO_8859_1)).startsWith("UNA:+.? '");
        assertThat(store.list(PendingStore.PENDING, partner, 0, 10)).extracting(PendingStore.Pending::declarationId)
                .containsExactly(declarationId);

        store.attempted(p.pendingId(), "still no HUF", now.plusSeconds(60));
        assertThat(store.byId(p.pendingId()).orElseThrow().attempts()).isEqualTo(1);
        assertThat(store.byId(p.pendingId()).orElseThrow().reasonDetail()).isEqualTo("still no HUF");

        assertThat(store.resolve(p.pendingId(), PendingStore.RELEASED, "released", now.plusSeconds(90))).isTrue();
        assertThat(store.resolve(p.pendingId(), PendingStore.REFUSED, "refused", now.plusSeconds(91)))
                .as("a refusal racing the release").isFalse();
        PendingStore.Pending released = store.byId(p.pendingId()).orElseThrow();
        assertThat(released.state()).isEqualTo(PendingStore.RELEASED);
        assertThat(released.resolvedAt()).isEqualTo(now.plusSeconds(90));
        store.attempted(p.pendingId(), "late attempt", now.plusSeconds(92));
        assertThat(store.byId(p.pendingId()).orElseThrow().reasonDetail()).as("a resolved item is not touched")
                .isEqualTo("still no HUF");
        assertThat(store.list(PendingStore.PENDING, partner, 0, 10)).isEmpty();
        assertThat(store.list(null, partner, 0, 10)).hasSize(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void onlyPendingItemsPastTheirDeadlineExpireAndTheCountIsByReason(String kind) {
        PendingStore store = store(kind);
        String partner = "P" + Long.toHexString(System.nanoTime()).toUpperCase();
        String early = UUID.randomUUID().toString();
        String late = UUID.randomUUID().toString();
        String done = UUID.randomUUID().toString();
        store.hold(hold(early, "ing-1", partner), now, now.plusSeconds(10));
        store.hold(hold(late, "ing-1", partner), now, now.plusSeconds(1000));
        store.hold(hold(done, "ing-1", partner), now, now.plusSeconds(10));
        long doneId = store.find(done, "ing-1").orElseThrow().pendingId();
        store.resolve(doneId, PendingStore.RELEASED, "released", now.plusSeconds(5));
        long earlyId = store.find(early, "ing-1").orElseThrow().pendingId();

        assertThat(store.expiredIds(now.plusSeconds(9), 100)).doesNotContain(earlyId);
        assertThat(store.expiredIds(now.plusSeconds(11), 100)).contains(earlyId)
                .doesNotContain(doneId, store.find(late, "ing-1").orElseThrow().pendingId());
        assertThat(store.countsByReason().get(PendingReason.EXCHANGE_RATE)).isGreaterThanOrEqualTo(2);
        assertThat(store.countsByReason()).containsKey(PendingReason.RULE_PACK);
        assertThat(store.forDeclaration(early)).hasSize(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void aNewerInputSupersedesTheOlderHoldOfTheSameDeclarationOnly(String kind) {
        PendingStore store = store(kind);
        String partner = "P" + Long.toHexString(System.nanoTime()).toUpperCase();
        String declarationId = UUID.randomUUID().toString();
        String other = UUID.randomUUID().toString();
        store.hold(hold(declarationId, "ing-old", partner), now, now.plusSeconds(100));
        store.hold(hold(other, "ing-old", partner), now, now.plusSeconds(100));
        assertThat(store.supersede(declarationId, "ing-old", now)).as("its own input").isZero();
        assertThat(store.supersede(declarationId, "ing-new", now.plusSeconds(5))).isEqualTo(1);
        PendingStore.Pending old = store.find(declarationId, "ing-old").orElseThrow();
        assertThat(old.state()).isEqualTo(PendingStore.SUPERSEDED);
        assertThat(old.resolution()).contains("ing-new");
        assertThat(store.resolve(old.pendingId(), PendingStore.RELEASED, "late release", now.plusSeconds(6)))
                .as("a superseded hold is never released").isFalse();
        assertThat(store.find(other, "ing-old").orElseThrow().state()).isEqualTo(PendingStore.PENDING);
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void itemsOfOneMessageShareOneStoredCopyUntilNoHoldNeedsIt(String kind) {
        PendingStore store = store(kind);
        String partner = "P" + Long.toHexString(System.nanoTime()).toUpperCase();
        String ingress = "ing-" + UUID.randomUUID();
        String source = ingress + "/1";
        byte[] message = "UNA:+.? 'UNB+UNOC:3+DEPOSTGW'".getBytes(StandardCharsets.ISO_8859_1);
        String a = UUID.randomUUID().toString();
        String b = UUID.randomUUID().toString();
        for (String d : new String[] {a, b}) {
            PendingStore.Hold h = hold(d, ingress, partner);
            assertThat(store.hold(new PendingStore.Hold(h.declarationId(), h.ingressId(), h.partnerId(), h.dialect(),
                    h.itemRef(), h.reason(), h.reasonDetail(), h.headersJson(), message, source), now,
                    now.plusSeconds(100))).isTrue();
        }
        JdbcClient jdbc = store.jdbcForTest();
        assertThat(jdbc.sql("select count(*) from pending_source where source_key = ?").param(source)
                .query(Long.class).single()).as("one copy for both items").isEqualTo(1);
        assertThat(jdbc.sql("select count(*) from pending_declaration where source_key = ? and body is null")
                .param(source).query(Long.class).single()).isEqualTo(2);
        assertThat(store.find(a, ingress).orElseThrow().body()).isEqualTo(message);
        assertThat(store.list(null, partner, 0, 10)).allSatisfy(p -> assertThat(p.body()).isEqualTo(message));

        long idA = store.find(a, ingress).orElseThrow().pendingId();
        store.resolve(idA, PendingStore.RELEASED, "released", now.plusSeconds(1));
        assertThat(store.purgeResolvedBefore(now.plusSeconds(2))).isGreaterThanOrEqualTo(1);
        assertThat(store.find(a, ingress)).isEmpty();
        assertThat(store.find(b, ingress).orElseThrow().body()).as("still needed by b").isEqualTo(message);
        store.resolve(store.find(b, ingress).orElseThrow().pendingId(), PendingStore.REFUSED, "refused",
                now.plusSeconds(3));
        store.purgeResolvedBefore(now.plusSeconds(4));
        assertThat(jdbc.sql("select count(*) from pending_source where source_key = ?").param(source)
                .query(Long.class).single()).isZero();
    }
}
