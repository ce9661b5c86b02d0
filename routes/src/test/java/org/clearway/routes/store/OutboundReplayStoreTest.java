package org.clearway.routes.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Operator replay of the given-up webhook pushes and AS2 deliveries (issue 13): only FAILED rows
 * move, back to PENDING, due now, attempts from 0 (the bound applies afresh), and a claim read
 * before the replay no longer holds.
 */
class OutboundReplayStoreTest {
    private HikariDataSource pool;
    private JdbcClient jdbc;
    private final Instant now = Instant.parse("2026-12-07T10:00:00Z");

    @BeforeEach
    void start() {
        TestDatabases.Database db = TestDatabases.h2("outbound-replay-" + UUID.randomUUID());
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(db.url());
        config.setUsername(db.user());
        config.setPassword(db.password());
        pool = new HikariDataSource(config);
        Flyway.configure().dataSource(pool).load().migrate();
        jdbc = JdbcClient.create(pool);
    }

    @AfterEach
    void stop() {
        pool.close();
    }

    @Test
    void failedWebhookPushesAreReplayedAndOthersLeftAlone() {
        PartnerEventStore events = new PartnerEventStore(jdbc);
        String declaration = UUID.randomUUID().toString();
        events.insert("evt-1", "DEMO-EXPRESS", "decision", "dec-1", declaration, 1, "RELEASED", "{}", now,
                PartnerEventStore.PENDING, now);
        events.insert("evt-2", "DEMO-EXPRESS", "decision", "dec-2", declaration, 2, "RELEASED", "{}", now,
                PartnerEventStore.PENDING, now);
        events.insert("evt-3", "OTHER-EXPRESS", "decision", "dec-3", UUID.randomUUID().toString(), 1, "RELEASED", "{}",
                now, PartnerEventStore.PENDING, now);
        long first = events.byDecision("DEMO-EXPRESS", "dec-1").orElseThrow().seq();
        long other = events.byDecision("OTHER-EXPRESS", "dec-3").orElseThrow().seq();
        for (long seq : new long[] {first, other}) {
            assertThat(events.claim(seq, "gw-a", now, now.plusSeconds(60))).isTrue();
            assertThat(events.markFailed(seq, "gw-a", 9, "HTTP 503")).isTrue();
        }
        assertThat(events.byPushState(PartnerEventStore.FAILED, null, 0, 10)).hasSize(2);

        Instant later = now.plus(Duration.ofHours(3));
        assertThat(events.replayFailed("DEMO-EXPRESS", null, later, 100)).extracting(PartnerEventStore.Event::eventId)
                .containsExactly("evt-1");
        PartnerEventStore.Event replayed = events.bySeq(first).orElseThrow();
        assertThat(replayed.pushState()).isEqualTo(PartnerEventStore.PENDING);
        assertThat(replayed.pushAttempts()).isZero();
        assertThat(replayed.nextAttemptAt()).isEqualTo(later);
        assertThat(events.bySeq(other).orElseThrow().pushState()).as("another partner's").isEqualTo(PartnerEventStore.FAILED);
        assertThat(events.replayFailed(null, first, later, 100)).as("not FAILED any more").isEmpty();
        assertThat(events.replayFailed(null, other, later, 100)).hasSize(1);
        assertThat(events.byPushState(PartnerEventStore.FAILED, null, 0, 10)).isEmpty();
    }

    @Test
    void failedAs2DeliveriesAreReplayedWithAFreshCountAndAStaleClaimFails() {
        As2DeliveryStore as2 = new As2DeliveryStore(jdbc);
        As2DeliveryStore.Delivery failed = as2.ensure("out-1", "AS2-ASYNC", "ASYNC", now);
        As2DeliveryStore.Delivery pending = as2.ensure("out-2", "AS2-ASYNC", "ASYNC", now);
        As2DeliveryStore.Delivery claimed = as2.claim(failed, now.plusSeconds(60), now).orElseThrow();
        assertThat(as2.attempted(claimed, "<m1@x>", null, As2DeliveryStore.FAILED, now, "MDN timed out", now)).isTrue();
        As2DeliveryStore.Delivery seenFailed = as2.find("out-1").orElseThrow();
        assertThat(as2.byState(As2DeliveryStore.FAILED, "AS2-ASYNC", 10)).hasSize(1);

        Instant later = now.plus(Duration.ofHours(1));
        assertThat(as2.replayFailed("AS2-ASYNC", null, later, 100)).containsExactly("out-1");
        As2DeliveryStore.Delivery replayed = as2.find("out-1").orElseThrow();
        assertThat(replayed.state()).isEqualTo(As2DeliveryStore.PENDING);
        assertThat(replayed.attempts()).isZero();
        assertThat(replayed.nextAttemptAt()).isEqualTo(later);
        assertThat(as2.claim(seenFailed, later.plusSeconds(60), later)).as("claim on the version before the replay")
                .isEmpty();
        assertThat(as2.find("out-2").orElseThrow().version()).isEqualTo(pending.version());
        assertThat(as2.replayFailed(null, "out-2", later, 100)).as("a PENDING delivery is not replayed").isEmpty();
    }
}
