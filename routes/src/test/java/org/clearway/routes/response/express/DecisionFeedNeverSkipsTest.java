package org.clearway.routes.response.express;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.zaxxer.hikari.HikariDataSource;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.clearway.routes.store.PartnerEventStore;
import org.clearway.routes.store.TestDatabases;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Issue 13, the skip pattern in the partner decision-event feed ({@code GET /v1/decisions}, SOAP
 * GetDecisions): response consumers on two pools ("two gateway instances") store events in
 * transactions that stay open a random while, so identity order and commit order differ, while a
 * partner follows {@code nextCursor} the whole time. The follower ends with exactly the events a read
 * from the start returns, none twice. Before the feed sequencer (V32) the seq-ordered page lost the
 * events that committed after a higher seq had been read.
 */
class DecisionFeedNeverSkipsTest {
    private static final Logger log = LoggerFactory.getLogger(DecisionFeedNeverSkipsTest.class);
    private static final int WRITERS = 6;
    private static final int PER_WRITER = 50;

    private final List<HikariDataSource> pools = new ArrayList<>();
    private final ExecutorService threads = Executors.newFixedThreadPool(WRITERS + 1);

    @AfterEach
    void stop() throws InterruptedException {
        threads.shutdownNow();
        threads.awaitTermination(10, TimeUnit.SECONDS);
        pools.forEach(HikariDataSource::close);
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void aPartnerFollowingTheCursorDuringConcurrentDecisionsGetsEveryEventOnce(String kind) throws Exception {
        TestDatabases.Database db;
        if ("postgresql".equals(kind)) {
            Optional<TestDatabases.Database> pg = TestDatabases.postgres();
            Assumptions.assumeTrue(pg.isPresent(), TestDatabases::postgresUnavailable);
            db = pg.get();
        } else {
            db = TestDatabases.h2("events-feed-" + UUID.randomUUID());
        }
        HikariDataSource poolA = pool(db, "responders-a", WRITERS);
        HikariDataSource poolB = pool(db, "responders-b", WRITERS);
        HikariDataSource readerPool = pool(db, "partner", 2);
        Flyway.configure().dataSource(poolA).load().migrate();
        String partner = "P" + Long.toHexString(System.nanoTime()).toUpperCase();
        Clock clock = Clock.systemUTC();

        AtomicBoolean writing = new AtomicBoolean(true);
        List<Future<?>> writers = new ArrayList<>();
        for (int t = 0; t < WRITERS; t++) {
            HikariDataSource ds = t % 2 == 0 ? poolA : poolB;
            PartnerEventStore store = new PartnerEventStore(JdbcClient.create(ds));
            TransactionTemplate tx = new TransactionTemplate(new DataSourceTransactionManager(ds));
            int hold = t == 0 ? 120 : 4; // writer 0 commits late, after others' higher ids
            int count = t == 0 ? PER_WRITER / 4 : PER_WRITER;
            writers.add(threads.submit(() -> {
                for (int i = 0; i < count; i++) {
                    tx.executeWithoutResult(status -> {
                        String eventId = ExpressEvents.newEventId(Instant.now());
                        store.insert(eventId, partner, "customs.decision", UUID.randomUUID().toString(),
                                UUID.randomUUID().toString(), 1, "RELEASED",
                                "{\"eventId\":\"" + eventId + "\"}", Instant.now(), PartnerEventStore.NONE, null);
                        sleep(ThreadLocalRandom.current().nextInt(0, hold));
                    });
                }
                return null;
            }));
        }

        DecisionFeed feed = new DecisionFeed(new PartnerEventStore(JdbcClient.create(readerPool)),
                EventsDb.properties(WebhookDispatcherTest.webhooks()), clock,
                new org.clearway.routes.pipeline.StageTransactions(new DataSourceTransactionManager(readerPool)));
        List<String> followed = new ArrayList<>();
        Future<?> reader = threads.submit(() -> {
            String cursor = null;
            int emptyAfterWriting = 0;
            while (emptyAfterWriting < 2) {
                boolean done = !writing.get();
                JsonNode page = feed.page(partner, cursor, 7, null);
                page.get("events").forEach(e -> followed.add(e.get("eventId").asText()));
                cursor = page.get("nextCursor").asText();
                if (page.get("events").isEmpty()) {
                    emptyAfterWriting += done ? 1 : 0;
                    sleep(3);
                }
            }
            return null;
        });
        for (Future<?> f : writers) {
            f.get(120, TimeUnit.SECONDS);
        }
        writing.set(false);
        reader.get(120, TimeUnit.SECONDS);

        List<String> fromStart = new ArrayList<>();
        String cursor = null;
        while (true) {
            JsonNode page = feed.page(partner, cursor, 500, null);
            page.get("events").forEach(e -> fromStart.add(e.get("eventId").asText()));
            cursor = page.get("nextCursor").asText();
            if (!page.get("hasMore").asBoolean()) {
                break;
            }
        }
        log.info("{}: {} events stored by {} writers; the partner following the cursor got {}, a read from the start {}",
                kind, fromStart.size(), WRITERS, followed.size(), fromStart.size());
        assertThat(fromStart).hasSize((WRITERS - 1) * PER_WRITER + PER_WRITER / 4).doesNotHaveDuplicates();
        assertThat(followed).doesNotHaveDuplicates();
        Set<String> missed = new HashSet<>(fromStart);
        followed.forEach(missed::remove);
        assertThat(missed).as("events the following partner never got").isEmpty();
    }

    private HikariDataSource pool(TestDatabases.Database db, String name, int size) {
        HikariDataSource ds = TestDatabases.pool(db, name, size);
        pools.add(ds);
        return ds;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
