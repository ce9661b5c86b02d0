package org.clearway.routes.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
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
import org.clearway.routes.deliver.PullFeed;
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
 * Issue 13: a customs reader following {@code nextCursor} while emissions are being signed gets
 * every emission. Six signer threads over two connection pools ("two gateway instances") insert
 * emissions in transactions that stay open a random while after the insert, so identity order and
 * commit order differ; a reader on a third pool pages through the feed the whole time. At the end
 * the reader's set equals a read from the start, with no duplicate. Before the feed sequencer the
 * same reader lost emissions whose transaction committed after a higher identity had been read.
 */
class PullFeedNeverSkipsTest {
    private static final Logger log = LoggerFactory.getLogger(PullFeedNeverSkipsTest.class);
    private static final int SIGNERS = 6;
    private static final int PER_SIGNER = 60;

    private final List<HikariDataSource> pools = new ArrayList<>();
    private final ExecutorService threads = Executors.newFixedThreadPool(SIGNERS + 1);

    @AfterEach
    void stop() throws InterruptedException {
        threads.shutdownNow();
        threads.awaitTermination(10, TimeUnit.SECONDS);
        pools.forEach(HikariDataSource::close);
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void aReaderFollowingTheCursorDuringConcurrentSigningGetsEveryEmissionOnce(String kind) throws Exception {
        TestDatabases.Database db;
        if ("postgresql".equals(kind)) {
            Optional<TestDatabases.Database> pg = TestDatabases.postgres();
            Assumptions.assumeTrue(pg.isPresent(), TestDatabases::postgresUnavailable);
            db = pg.get();
        } else {
            db = TestDatabases.h2("feed-" + UUID.randomUUID());
        }
        HikariDataSource signerPoolA = pool(db, "signers-a", SIGNERS);
        HikariDataSource signerPoolB = pool(db, "signers-b", SIGNERS);
        HikariDataSource readerPool = pool(db, "reader", 2);
        Flyway.configure().dataSource(signerPoolA).load().migrate();
        String backend = "B" + Long.toHexString(System.nanoTime()).toUpperCase();

        AtomicBoolean signing = new AtomicBoolean(true);
        List<Future<?>> signers = new ArrayList<>();
        for (int t = 0; t < SIGNERS; t++) {
            HikariDataSource ds = t % 2 == 0 ? signerPoolA : signerPoolB;
            DeclarationStore store = new DeclarationStore(JdbcClient.create(ds));
            TransactionTemplate tx = new TransactionTemplate(new DataSourceTransactionManager(ds));
            // signer 0 is slow: each of its transactions stays open while the others commit higher ids
            int hold = t == 0 ? 120 : 4;
            int count = t == 0 ? PER_SIGNER / 4 : PER_SIGNER;
            signers.add(threads.submit(() -> {
                for (int i = 0; i < count; i++) {
                    tx.executeWithoutResult(status -> {
                        store.insertEmission(emission(backend));
                        sleepMillis(ThreadLocalRandom.current().nextInt(0, hold)); // commit late, out of seq order
                    });
                }
                return null;
            }));
        }

        PullFeed feed = new PullFeed(new DeclarationStore(JdbcClient.create(readerPool)),
                new org.clearway.routes.pipeline.StageTransactions(new DataSourceTransactionManager(readerPool)));
        List<String> followed = new ArrayList<>();
        Future<?> reader = threads.submit(() -> {
            long cursor = 0;
            int emptyPagesAfterSigning = 0;
            while (emptyPagesAfterSigning < 2) {
                boolean done = !signing.get();
                List<DeclarationStore.Emission> page = feed.page(backend, cursor, 7);
                for (DeclarationStore.Emission e : page) {
                    followed.add(e.gatewayMessageId());
                    cursor = e.seq();
                }
                if (page.isEmpty()) {
                    emptyPagesAfterSigning += done ? 1 : 0;
                    sleepMillis(3);
                }
            }
            return null;
        });
        for (Future<?> f : signers) {
            f.get(120, TimeUnit.SECONDS);
        }
        signing.set(false);
        reader.get(120, TimeUnit.SECONDS);

        List<String> fromStart = new ArrayList<>();
        long cursor = 0;
        for (List<DeclarationStore.Emission> page = feed.page(backend, 0, 1000); !page.isEmpty();
             page = feed.page(backend, cursor, 1000)) {
            for (DeclarationStore.Emission e : page) {
                fromStart.add(e.gatewayMessageId());
                cursor = e.seq();
            }
        }
        log.info("{}: {} emissions signed by {} threads; reader following the cursor got {}, a read from the start {}",
                kind, fromStart.size(), SIGNERS, followed.size(), fromStart.size());
        assertThat(fromStart).hasSize((SIGNERS - 1) * PER_SIGNER + PER_SIGNER / 4).doesNotHaveDuplicates();
        assertThat(followed).as("the reader that followed nextCursor during the load").doesNotHaveDuplicates();
        Set<String> missed = new HashSet<>(fromStart);
        followed.forEach(missed::remove);
        assertThat(missed).as("emissions the following reader never got").isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void anEmissionCommittedAfterAHigherOneWasReadIsStillReturnedAfterTheCursor(String kind) throws Exception {
        TestDatabases.Database db = database(kind);
        HikariDataSource a = pool(db, "slow-signer", 2);
        HikariDataSource b = pool(db, "fast-signer", 2);
        Flyway.configure().dataSource(a).load().migrate();
        String backend = "B" + Long.toHexString(System.nanoTime()).toUpperCase();
        PullFeed feed = new PullFeed(new DeclarationStore(JdbcClient.create(b)),
                new org.clearway.routes.pipeline.StageTransactions(new DataSourceTransactionManager(b)));

        // the slow signer inserts first (lower identity) and keeps its transaction open
        java.sql.Connection slow = a.getConnection();
        slow.setAutoCommit(false);
        DeclarationStore.Emission first = emission(backend);
        try (var ps = slow.prepareStatement("""
                insert into emission (gateway_message_id, declaration_id, revision, backend_id, media_type,
                  correlation_json, body, signature, signature_key, created_at) values (?, ?, 1, ?, 'x', '{}', ?, ?, 'k', ?)""")) {
            ps.setString(1, first.gatewayMessageId());
            ps.setString(2, first.declarationId());
            ps.setString(3, backend);
            ps.setBytes(4, first.body());
            ps.setBytes(5, first.signature());
            ps.setTimestamp(6, java.sql.Timestamp.from(first.createdAt()));
            ps.executeUpdate();
        }
        DeclarationStore.Emission second = emission(backend);
        new DeclarationStore(JdbcClient.create(b)).insertEmission(second); // autocommit: committed at once

        List<DeclarationStore.Emission> page1 = feed.page(backend, 0, 100);
        assertThat(page1).extracting(DeclarationStore.Emission::gatewayMessageId).containsExactly(second.gatewayMessageId());
        long cursor = page1.get(0).seq();

        slow.commit();
        slow.close();
        List<DeclarationStore.Emission> page2 = feed.page(backend, cursor, 100);
        assertThat(page2).as("the emission whose transaction committed after the reader's first page")
                .extracting(DeclarationStore.Emission::gatewayMessageId).containsExactly(first.gatewayMessageId());
        assertThat(feed.page(backend, page2.get(0).seq(), 100)).isEmpty();
    }

    private static TestDatabases.Database database(String kind) {
        if ("postgresql".equals(kind)) {
            Optional<TestDatabases.Database> pg = TestDatabases.postgres();
            Assumptions.assumeTrue(pg.isPresent(), TestDatabases::postgresUnavailable);
            return pg.get();
        }
        return TestDatabases.h2("feed-" + UUID.randomUUID());
    }

    private HikariDataSource pool(TestDatabases.Database db, String name, int size) {
        HikariDataSource ds = TestDatabases.pool(db, name, size);
        pools.add(ds);
        return ds;
    }

    private static DeclarationStore.Emission emission(String backend) {
        String id = UUID.randomUUID().toString();
        return new DeclarationStore.Emission(0, id, UUID.randomUUID().toString(), 1, backend,
                "application/vnd.clearway.declaration+json;v=1", "{}", new byte[] {1, 2, 3}, new byte[] {4},
                "key", Instant.parse("2026-11-24T10:00:00Z"));
    }

    private static void sleepMillis(int ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
