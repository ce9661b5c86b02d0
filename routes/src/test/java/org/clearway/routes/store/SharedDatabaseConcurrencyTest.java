package org.clearway.routes.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.clearway.mappings.canonical.Ids;
import org.clearway.routes.store.DecisionStore.StoredDecision;
import org.clearway.routes.store.ExpressStore.Shipment;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Two gateway instances sharing one database (issue 6) must neither double nor lose a row when the
 * same house waybill, idempotency key, S10 item or declaration's decisions arrive at both at once.
 * Each "instance" is its own connection pool; eight threads start each race together. Runs on H2
 * always and on PostgreSQL when configured ({@link TestDatabases}; {@code mvn -Ppostgres}).
 */
class SharedDatabaseConcurrencyTest {
    private static final Logger log = LoggerFactory.getLogger(SharedDatabaseConcurrencyTest.class);
    private static final int THREADS = 8;
    private static final int ROUNDS = 15;

    /** One gateway instance: its own pool and stores over the shared database. */
    private record Instance(HikariDataSource dataSource, TransactionTemplate tx, ExpressStore express,
                            IdempotencyStore idempotency, DeclarationStore declarations, DecisionStore decisions) {
        static Instance on(TestDatabases.Database db, String name) {
            HikariConfig config = new HikariConfig();
            config.setJdbcUrl(db.url());
            config.setUsername(db.user());
            config.setPassword(db.password());
            config.setMaximumPoolSize(THREADS / 2 + 1);
            config.setPoolName(name);
            HikariDataSource ds = new HikariDataSource(config);
            JdbcClient jdbc = JdbcClient.create(ds);
            return new Instance(ds, new TransactionTemplate(new DataSourceTransactionManager(ds)), new ExpressStore(jdbc),
                    new IdempotencyStore(jdbc), new DeclarationStore(jdbc), new DecisionStore(jdbc));
        }
    }

    private final List<Instance> instances = new ArrayList<>();
    private final ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    private final String partner = "P" + Long.toHexString(System.nanoTime()).toUpperCase();

    private void start(String kind) {
        TestDatabases.Database db;
        if ("postgresql".equals(kind)) {
            Optional<TestDatabases.Database> pg = TestDatabases.postgres();
            Assumptions.assumeTrue(pg.isPresent(), TestDatabases::postgresUnavailable);
            db = pg.get();
        } else {
            db = TestDatabases.h2("shared-" + UUID.randomUUID());
        }
        instances.add(Instance.on(db, "instance-a"));
        instances.add(Instance.on(db, "instance-b"));
        Flyway.configure().dataSource(instances.get(0).dataSource()).load().migrate();
    }

    @AfterEach
    void stop() throws InterruptedException {
        pool.shutdownNow();
        pool.awaitTermination(10, TimeUnit.SECONDS);
        instances.forEach(i -> i.dataSource().close());
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void concurrentFirstSubmissionsOfOneHouseWaybillShareOneDeclarationAndLoseNoVersion(String kind) throws Exception {
        start(kind);
        for (int round = 0; round < ROUNDS; round++) {
            String hwb = "HWB" + round;
            List<String> declarationIds = race(i -> submit(instances.get(i % 2), hwb));

            assertThat(declarationIds).as("declaration ids of round %d", round).containsOnly(declarationIds.get(0));
            Shipment stored = instances.get(0).express().byHouseWaybill(partner, hwb).orElseThrow();
            assertThat(stored.declarationId()).isEqualTo(declarationIds.get(0));
            // every submission was applied under the row lock: none overwrote another's revision
            assertThat(stored.revisions()).isEqualTo(THREADS);
        }
        assertThat(count("select count(*) from express_shipment where partner_id = ?")).isEqualTo(ROUNDS);
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void exactlyOneInstanceClaimsAnIdempotencyKey(String kind) throws Exception {
        start(kind);
        Instant now = Instant.parse("2026-11-24T10:00:00Z");
        for (int round = 0; round < ROUNDS; round++) {
            String key = "key-" + round;
            String sha = "sha-" + round;
            List<Boolean> claimed = race(i -> instances.get(i % 2).idempotency()
                    .claim(partner, key, sha, "shipment", now, now.minus(Duration.ofDays(7))).isEmpty());

            assertThat(claimed).as("claims of %s", key).containsOnlyOnce(true);
            assertThat(instances.get(1).idempotency().find(partner, key).orElseThrow().inFlight()).isTrue();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void anIdempotencyKeyCutByACrashIsTakenOverByExactlyOneRetryAfterItsLease(String kind) throws Exception {
        start(kind);
        Instant crashed = Instant.parse("2026-11-24T10:00:00Z");
        Duration lease = Duration.ofSeconds(60);
        for (int round = 0; round < ROUNDS; round++) {
            String key = "cut-" + round;
            String sha = "sha-" + round;
            // the first request claims the key, then its process dies: the row stays IN_FLIGHT
            assertThat(instances.get(0).idempotency().claim(partner, key, sha, "shipment", crashed,
                    crashed.minus(Duration.ofDays(7)), crashed.plus(lease))).isEmpty();

            Instant early = crashed.plusSeconds(30);
            Optional<IdempotencyStore.Entry> tooEarly = instances.get(1).idempotency().claim(partner, key, sha,
                    "shipment", early, early.minus(Duration.ofDays(7)), early.plus(lease));
            assertThat(tooEarly).as("a retry within the lease still sees the request in flight")
                    .hasValueSatisfying(e -> assertThat(e.inFlight()).isTrue());
            Instant otherBody = crashed.plusSeconds(61);
            assertThat(instances.get(1).idempotency().claim(partner, key, "other-" + round, "shipment", otherBody,
                    otherBody.minus(Duration.ofDays(7)), otherBody.plus(lease)))
                    .as("another body never takes over the key").isPresent();

            Instant later = crashed.plusSeconds(61);
            List<Boolean> claimed = race(i -> instances.get(i % 2).idempotency().claim(partner, key, sha, "shipment",
                    later, later.minus(Duration.ofDays(7)), later.plus(lease)).isEmpty());
            assertThat(claimed).as("takeovers of %s after the lease", key).containsOnlyOnce(true);
            IdempotencyStore.Entry row = instances.get(0).idempotency().find(partner, key).orElseThrow();
            assertThat(row.inFlight()).isTrue();
            assertThat(row.leaseUntil()).isEqualTo(later.plus(lease));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void concurrentArrivalsOfOneS10ItemGetOneDeclarationId(String kind) throws Exception {
        start(kind);
        Instant now = Instant.parse("2026-11-24T10:00:00Z");
        for (int round = 0; round < ROUNDS; round++) {
            String s10 = String.format("CP%09dGB", round);
            // in a transaction, as the @Transactional proxy of the gateway runs it
            List<String> ids = race(i -> instances.get(i % 2).tx().execute(status -> instances.get(i % 2)
                    .declarations().postalItem(partner, s10, Ids::uuidV7, Ids::lrn, now).declarationId()));

            assertThat(ids).as("declaration ids of %s", s10).containsOnly(ids.get(0));
        }
        assertThat(count("select count(*) from postal_item where partner_id = ?")).isEqualTo(ROUNDS);
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void concurrentDecisionsOfOneDeclarationAreNumberedWithoutGapOrDuplicate(String kind) throws Exception {
        start(kind);
        String declarationId = Ids.uuidV7().toString();
        int perThread = 5;
        AtomicInteger clashes = new AtomicInteger();
        race(i -> {
            for (int n = 0; n < perThread; n++) {
                insertDecision(instances.get(i % 2), declarationId, clashes);
            }
            return null;
        });

        List<Integer> sequences = instances.get(0).decisions().forDeclaration(declarationId).stream()
                .map(StoredDecision::sequence).toList();
        List<Integer> expected = new ArrayList<>();
        for (int s = 1; s <= THREADS * perThread; s++) {
            expected.add(s);
        }
        assertThat(sequences).isEqualTo(expected);
        log.info("{}: {} decisions numbered 1..{} after {} sequence clashes", kind, sequences.size(),
                sequences.size(), clashes.get());
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void concurrentSubmissionsOfOneBackendReferenceStoreOneDecision(String kind) throws Exception {
        start(kind);
        String declarationId = Ids.uuidV7().toString();
        String ref = "REF-" + UUID.randomUUID();
        List<DecisionStore.Numbered> outcomes = race(i -> {
            Instance in = instances.get(i % 2);
            return in.tx().execute(status -> {
                DecisionStore.Numbered n = in.decisions().insertNumbered(declarationId, "DEMO-CUSTOMS", ref, sequence -> {
                    Instant now = Instant.now();
                    return new StoredDecision(Ids.uuidV7().toString(), declarationId, 1, sequence, "DEMO-CUSTOMS",
                            ref, "DECISION", "RELEASED", false, now, now, "{}", "{\"sequence\":" + sequence + "}", null);
                });
                // the transaction goes on after a lost race (a stage batch's does)
                assertThat(in.decisions().forDeclaration(declarationId)).isNotEmpty();
                return n;
            });
        });

        List<StoredDecision> stored = instances.get(0).decisions().forDeclaration(declarationId);
        assertThat(stored).singleElement().satisfies(d -> assertThat(d.sequence()).isEqualTo(1));
        assertThat(outcomes).filteredOn(DecisionStore.Numbered::stored).hasSize(1);
        assertThat(outcomes).allSatisfy(n -> {
            assertThat(n.decision().decisionId()).isEqualTo(stored.get(0).decisionId());
            assertThat(n.decision().responseJson()).isEqualTo("{\"sequence\":1}");
        });
    }

    /** The first-submission protocol of ExpressService.accept: lock the row, insert or amend, retry a lost insert race. */
    private String submit(Instance in, String hwb) {
        for (int attempt = 0; ; attempt++) {
            String sha = "sha-" + attempt;
            try {
                return in.tx().execute(status -> {
                    Instant now = Instant.now();
                    Optional<Shipment> existing = in.express().lockByHouseWaybill(partner, hwb);
                    if (existing.isPresent()) {
                        Shipment s = existing.get();
                        in.express().updateContent(s.shipmentRef(), s.shipmentId(), s.masterAwb(), sha,
                                "{}", s.revisions() + 1, now);
                        return s.declarationId();
                    }
                    UUID id = Ids.uuidV7();
                    in.express().insert(new Shipment("shp_" + UUID.randomUUID().toString().substring(0, 16), partner,
                            hwb, id.toString(), Ids.lrn(id), null, null, "sha-0", "{}", 1, null, now, now, null));
                    return id.toString();
                });
            } catch (DuplicateKeyException e) {
                if (attempt >= 3) {
                    throw e;
                }
            }
        }
    }

    /**
     * DecisionService's numbering, as it runs now: inside a transaction (a request's or a stage
     * batch's) that goes on after it, so a lost race must not fail a statement (on PostgreSQL that
     * aborts the transaction). The read after it proves the transaction is still usable.
     */
    private void insertDecision(Instance in, String declarationId, AtomicInteger clashes) {
        in.tx().executeWithoutResult(status -> {
            AtomicInteger tries = new AtomicInteger();
            DecisionStore.Numbered n = in.decisions().insertNumbered(declarationId, "DEMO-CUSTOMS", null, sequence -> {
                tries.incrementAndGet();
                Instant now = Instant.now();
                return new StoredDecision(Ids.uuidV7().toString(), declarationId, 1, sequence, "DEMO-CUSTOMS",
                        null, "DECISION", "RELEASED", false, now, now, "{}", "{}", null);
            });
            clashes.addAndGet(tries.get() - 1);
            assertThat(n.stored()).isTrue();
            assertThat(in.decisions().byId(n.decision().decisionId())).isPresent();
        });
    }

    private interface Task<T> {
        T run(int index) throws Exception;
    }

    /** Runs the task on {@link #THREADS} threads released together; returns their results. */
    private <T> List<T> race(Task<T> task) throws Exception {
        CountDownLatch ready = new CountDownLatch(THREADS);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<T>> futures = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            int index = t;
            Callable<T> c = () -> {
                ready.countDown();
                go.await();
                return task.run(index);
            };
            futures.add(pool.submit(c));
        }
        ready.await();
        go.countDown();
        List<T> results = new ArrayList<>();
        for (Future<T> f : futures) {
            results.add(f.get(60, TimeUnit.SECONDS));
        }
        return results;
    }

    private long count(String sql) {
        return JdbcClient.create(instances.get(0).dataSource()).sql(sql).param(partner).query(Long.class).single();
    }
}
