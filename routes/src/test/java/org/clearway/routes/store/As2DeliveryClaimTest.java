package org.clearway.routes.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Two gateway instances sharing one database poll the same AS2 deliveries: every creation, send
 * claim and timeout transition must be won by exactly one of them, and a delivery an MDN has
 * marked DELIVERED can no longer be claimed with the version read before. Each "instance" is its
 * own connection pool; the threads of a round start together. H2 always, PostgreSQL when
 * configured ({@link TestDatabases}; {@code mvn -Ppostgres}).
 */
class As2DeliveryClaimTest {
    private static final int THREADS = 8;
    private static final int ROUNDS = 20;

    private final List<HikariDataSource> pools = new ArrayList<>();
    private final List<As2DeliveryStore> instances = new ArrayList<>();
    private final ExecutorService threads = Executors.newFixedThreadPool(THREADS);

    private void start(String kind) {
        TestDatabases.Database db;
        if ("postgresql".equals(kind)) {
            Optional<TestDatabases.Database> pg = TestDatabases.postgres();
            Assumptions.assumeTrue(pg.isPresent(), TestDatabases::postgresUnavailable);
            db = pg.get();
        } else {
            db = TestDatabases.h2("as2-claim-" + UUID.randomUUID());
        }
        for (String name : List.of("instance-a", "instance-b")) {
            HikariConfig config = new HikariConfig();
            config.setJdbcUrl(db.url());
            config.setUsername(db.user());
            config.setPassword(db.password());
            config.setMaximumPoolSize(THREADS / 2 + 1);
            config.setPoolName(name);
            HikariDataSource ds = new HikariDataSource(config);
            pools.add(ds);
            instances.add(new As2DeliveryStore(JdbcClient.create(ds)));
        }
        Flyway.configure().dataSource(pools.get(0)).load().migrate();
    }

    @AfterEach
    void stop() throws InterruptedException {
        threads.shutdownNow();
        threads.awaitTermination(10, TimeUnit.SECONDS);
        pools.forEach(HikariDataSource::close);
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void eachStepOfADeliveryIsWonByExactlyOneInstance(String kind) throws Exception {
        start(kind);
        Instant now = Instant.now();
        for (int round = 0; round < ROUNDS; round++) {
            String outboxId = UUID.randomUUID().toString();

            // both instances see the new outbox entry at once: one row, no duplicate-key error
            List<As2DeliveryStore.Delivery> created = race(store -> store.ensure(outboxId, "P", "ASYNC", now));
            assertThat(created).allSatisfy(d -> assertThat(d.version()).isZero());

            // each thread read version 0 and tries to claim the send: exactly one wins
            As2DeliveryStore.Delivery seen = created.get(0);
            List<Optional<As2DeliveryStore.Delivery>> claims = race(store -> store.claim(seen, now.plusSeconds(60), now));
            assertThat(claims.stream().filter(Optional::isPresent).count()).as("round %d claims", round).isEqualTo(1);
            As2DeliveryStore.Delivery claimed = claims.stream().flatMap(Optional::stream).findFirst().orElseThrow();

            assertThat(instances.get(0).attempted(claimed, "<m" + round + "@it>", "AAAA, sha-256",
                    As2DeliveryStore.AWAITING_MDN, now, null, now)).isTrue();
            As2DeliveryStore.Delivery awaiting = instances.get(1).find(outboxId).orElseThrow();

            // the MDN wait is over on both instances at once: one transition
            List<Boolean> timeouts = race(store -> store.transition(awaiting, As2DeliveryStore.PENDING, now, "timeout", now));
            assertThat(timeouts.stream().filter(b -> b).count()).as("round %d timeouts", round).isEqualTo(1);
        }

        // an MDN accepted in between makes a claim on the version read before it fail
        String outboxId = UUID.randomUUID().toString();
        As2DeliveryStore.Delivery fresh = instances.get(0).ensure(outboxId, "P", "ASYNC", now);
        As2DeliveryStore.Delivery claimed = instances.get(0).claim(fresh, now, now).orElseThrow();
        assertThat(instances.get(0).prepared(claimed, "<late@it>", "AAAA, sha-256", "application/pkcs7-mime",
                new byte[] {1}, "ASYNC", now)).isTrue();
        As2DeliveryStore.Delivery before = instances.get(1).find(outboxId).orElseThrow();
        assertThat(instances.get(1).mdnDelivered(outboxId, "<late@it>", "positive", now)).isTrue();
        assertThat(instances.get(0).claim(before, now, now)).isEmpty();
        assertThat(instances.get(0).attempted(before, "<late@it>", null, As2DeliveryStore.AWAITING_MDN, now, null, now))
                .isFalse();
        assertThat(instances.get(0).mdnDelivered(outboxId, "<late@it>", "replay", now)).as("replay").isFalse();
        assertThat(instances.get(0).find(outboxId).orElseThrow().state()).isEqualTo(As2DeliveryStore.DELIVERED);

        // a refused (unauthentic) MDN is recorded; a FAILED delivery keeps the reason it failed
        String waiting = UUID.randomUUID().toString();
        As2DeliveryStore.Delivery pending = instances.get(0).ensure(waiting, "P", "ASYNC", now);
        instances.get(1).mdnRefused(waiting, "refused MDN UNTRUSTED_SIGNER", now);
        As2DeliveryStore.Delivery refused = instances.get(0).find(waiting).orElseThrow();
        assertThat(refused.mdnDetail()).contains("UNTRUSTED_SIGNER");
        assertThat(refused.lastError()).contains("UNTRUSTED_SIGNER");
        assertThat(instances.get(0).transition(refused, As2DeliveryStore.FAILED, now, "FAILED after 5 attempt(s)", now))
                .isTrue();
        assertThat(pending.version()).isZero();
        instances.get(1).mdnRefused(waiting, "refused MDN UNSIGNED", now);
        As2DeliveryStore.Delivery failed = instances.get(0).find(waiting).orElseThrow();
        assertThat(failed.lastError()).isEqualTo("FAILED after 5 attempt(s)");
        assertThat(failed.mdnDetail()).contains("UNSIGNED");
    }

    private interface Step<T> {
        T run(As2DeliveryStore store) throws Exception;
    }

    /** Runs {@code step} on {@link #THREADS} threads, half on each instance, released together. */
    private <T> List<T> race(Step<T> step) throws Exception {
        CountDownLatch go = new CountDownLatch(1);
        List<Future<T>> futures = new ArrayList<>();
        for (int i = 0; i < THREADS; i++) {
            As2DeliveryStore store = instances.get(i % 2);
            futures.add(threads.submit(() -> {
                go.await();
                return step.run(store);
            }));
        }
        go.countDown();
        List<T> results = new ArrayList<>();
        for (Future<T> future : futures) {
            results.add(future.get(30, TimeUnit.SECONDS));
        }
        return results;
    }
}
