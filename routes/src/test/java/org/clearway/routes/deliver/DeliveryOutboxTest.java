package org.clearway.routes.deliver;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.clearway.routes.ops.StageEvents;
import org.clearway.routes.pipeline.DeliverMessage;
import org.clearway.routes.pipeline.StageTransactions;
import org.clearway.routes.store.DeclarationStore;
import org.clearway.routes.store.DeliveryJobStore;
import org.clearway.routes.store.DeliveryJobStore.Job;
import org.clearway.routes.store.TestDatabases;
import org.clearway.routes.store.TraceLog;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

/**
 * The HTTP push outbox against a real database (H2, the V28 migration) and real HTTP backends (a
 * JDK server whose answers each test sets): idempotent recording, the §3.2 status rules, backoff
 * and Retry-After, the retry bound into DEAD, replay, order per declaration, isolation of a dead
 * backend, and leases between two instances.
 */
class DeliveryOutboxTest {
    private static final Duration INITIAL = Duration.ofSeconds(2);
    private static final Duration MAX = Duration.ofSeconds(60);

    /** What a backend received. */
    record Received(String backend, String messageId, String declarationId, int revision, String idempotencyKey,
                    String signature, String body, int answered) {
    }

    /** An answer: status, optional Retry-After, delay before answering. */
    record Answer(int status, String retryAfter, long delayMillis) {
        static Answer of(int status) {
            return new Answer(status, null, 0);
        }
    }

    private HikariDataSource pool;
    private JdbcClient jdbc;
    private DeliveryJobStore jobs;
    private HttpServer server;
    private final Map<String, AtomicReference<java.util.function.Function<Received, Answer>>> answers = new ConcurrentHashMap<>();
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-07T10:00:00Z"));
    private final List<DeliveryOutbox> outboxes = new ArrayList<>();

    /** The database of one test: a fresh in-memory H2 here; PostgreSQL in {@link DeliveryOutboxPostgresTest}. */
    TestDatabases.Database database() {
        return TestDatabases.h2("delivery-outbox-" + UUID.randomUUID());
    }

    @BeforeEach
    void start() throws IOException {
        TestDatabases.Database db = database();
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(db.url());
        config.setUsername(db.user());
        config.setPassword(db.password());
        config.setMaximumPoolSize(12);
        pool = new HikariDataSource(config);
        Flyway.configure().dataSource(pool).load().migrate();
        jdbc = JdbcClient.create(pool);
        // a database shared by the tests of this JVM (PostgreSQL) starts each test empty
        jdbc.sql("delete from delivery_job").update();
        jdbc.sql("delete from trace_event").update();
        jobs = new DeliveryJobStore(jdbc);
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        server.setExecutor(java.util.concurrent.Executors.newFixedThreadPool(16));
        for (String backend : List.of("A", "B")) {
            AtomicReference<java.util.function.Function<Received, Answer>> answer = new AtomicReference<>(r -> Answer.of(200));
            answers.put(backend, answer);
            server.createContext("/" + backend, exchange -> {
                byte[] body = exchange.getRequestBody().readAllBytes();
                var h = exchange.getRequestHeaders();
                Received r = new Received(backend, h.getFirst("X-CLEARWAY-Message-Id"),
                        h.getFirst("X-CLEARWAY-Declaration-Id"), Integer.parseInt(h.getFirst("X-CLEARWAY-Revision")),
                        h.getFirst("Idempotency-Key"), h.getFirst("X-CLEARWAY-Signature"),
                        new String(body, StandardCharsets.UTF_8), 0);
                Answer a = answer.get().apply(r);
                if (a.delayMillis() > 0) {
                    try {
                        Thread.sleep(a.delayMillis());
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                received.add(new Received(r.backend(), r.messageId(), r.declarationId(), r.revision(),
                        r.idempotencyKey(), r.signature(), r.body(), a.status()));
                if (a.retryAfter() != null) {
                    exchange.getResponseHeaders().add("Retry-After", a.retryAfter());
                }
                byte[] answerBody = ("{\"status\":" + a.status() + ",\"detail\":\"unknown declaration schema\"}")
                        .getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(a.status(), answerBody.length);
                exchange.getResponseBody().write(answerBody);
                exchange.close();
            });
        }
        server.start();
    }

    @AfterEach
    void stop() {
        outboxes.forEach(DeliveryOutbox::stop);
        // nothing was started when the database is not there (PostgreSQL variant without -Ppostgres)
        if (server != null) {
            try {
                server.stop(0);
            } catch (IllegalStateException stoppedAlready) {
                // the I/O error test stops it itself
            }
        }
        if (pool != null) {
            pool.close();
        }
    }

    private DeliveryOutbox outbox(String owner, DeliveryPolicy policy, Clock clock) {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        StageEvents metrics = new StageEvents(registry);
        int port = server.getAddress().getPort();
        DeliveryOutbox.Backends backends = new DeliveryOutbox.Backends() {
            @Override
            public List<String> httpBackends() {
                return List.of("A", "B");
            }

            @Override
            public Optional<URI> pushUrl(String backendId) {
                return Optional.of(URI.create("http://127.0.0.1:" + port + "/" + backendId));
            }
        };
        DeliveryOutbox outbox = new DeliveryOutbox(jobs, new DeclarationStore(jdbc), new TraceLog(new org.springframework.jdbc.core.JdbcTemplate(pool), clock, metrics, new org.clearway.routes.support.TraceProperties(true)),
                metrics, new DeliveryStatus(), backends, policy, INITIAL, MAX, clock, owner,
                new StageTransactions(new DataSourceTransactionManager(pool)), registry, Duration.ofSeconds(10));
        outboxes.add(outbox);
        return outbox;
    }

    private DeliveryOutbox outbox() {
        return outbox("instance-a", DeliveryPolicy.defaults(), clock);
    }

    private static DeliveryPolicy policy(int maxAttempts, Duration maxAge, int concurrency) {
        return new DeliveryPolicy(Duration.ofMillis(50), concurrency, Duration.ofMinutes(2), maxAttempts, maxAge,
                Duration.ofDays(7), Map.of());
    }

    private DeliverMessage signed(String backend, String gatewayMessageId, String declarationId, int revision) {
        return new DeliverMessage(("{\"declarationId\":\"" + declarationId + "\",\"revision\":" + revision + "}")
                .getBytes(StandardCharsets.UTF_8), gatewayMessageId, declarationId, revision, backend, "MIIB" + revision,
                "key-1", "application/json", "ing-" + revision, "DEMO-POST");
    }

    private String enqueue(DeliveryOutbox outbox, String backend, String declarationId, int revision) {
        String id = UUID.randomUUID().toString();
        outbox.enqueue(signed(backend, id, declarationId, revision));
        return id;
    }

    private static void await(List<Future<?>> attempts) throws Exception {
        for (Future<?> f : attempts) {
            f.get(30, TimeUnit.SECONDS);
        }
    }

    private Job job(String gatewayMessageId) {
        return jobs.byGatewayMessageId(gatewayMessageId).orElseThrow();
    }

    @Test
    void aRedeliveredMessageAddsNoSecondJobAndA2xxDeliversIt() throws Exception {
        DeliveryOutbox outbox = outbox();
        DeliverMessage message = signed("A", UUID.randomUUID().toString(), UUID.randomUUID().toString(), 1);
        outbox.enqueue(message);
        outbox.enqueue(message); // the deliver stage's message redelivered after a crash before its JMS commit
        assertThat(jdbc.sql("select count(*) from delivery_job").query(Long.class).single()).isEqualTo(1);

        await(outbox.dispatch());
        String id = message.gatewayMessageId();
        Job job = job(id);
        assertThat(job.state()).isEqualTo(DeliveryJobStore.DELIVERED);
        assertThat(job.attempts()).isEqualTo(1);
        assertThat(job.lastStatus()).isEqualTo(200);
        assertThat(jobs.payload(job.id()).orElseThrow().body()).as("body dropped once delivered").isNull();
        assertThat(received).singleElement().satisfies(r -> {
            assertThat(r.messageId()).isEqualTo(id);
            assertThat(r.idempotencyKey()).isEqualTo(id);
            assertThat(r.revision()).isEqualTo(1);
            assertThat(r.signature()).isEqualTo("MIIB1");
            assertThat(r.body()).contains(job.declarationId());
        });
        // delivered: redelivering the deliver-stage message once more adds nothing and pushes nothing
        outbox.enqueue(message);
        await(outbox.dispatch());
        assertThat(received).hasSize(1);
        assertThat(jdbc.sql("select count(*) from trace_event where event = 'delivered'").query(Long.class).single())
                .isEqualTo(1);
    }

    @Test
    void transientStatusesAndIoErrorsBackOffExponentiallyUpToTheCap() throws Exception {
        DeliveryOutbox outbox = outbox();
        answers.get("A").set(r -> Answer.of(503));
        String id = enqueue(outbox, "A", UUID.randomUUID().toString(), 1);
        List<Duration> waits = new ArrayList<>();
        for (int attempt = 1; attempt <= 7; attempt++) {
            Instant before = clock.instant();
            await(outbox.dispatch());
            Job job = job(id);
            assertThat(job.attempts()).isEqualTo(attempt);
            assertThat(job.state()).isEqualTo(DeliveryJobStore.PENDING);
            waits.add(Duration.between(before, job.nextTryAt()));
            // not due before its next try
            assertThat(outbox.dispatch()).isEmpty();
            clock.set(job.nextTryAt());
        }
        assertThat(waits).containsExactly(Duration.ofSeconds(2), Duration.ofSeconds(4), Duration.ofSeconds(8),
                Duration.ofSeconds(16), Duration.ofSeconds(32), MAX, MAX);
        assertThat(job(id).lastStatus()).isEqualTo(503);
        assertThat(job(id).lastCause()).isEqualTo("customs backend answered 503 for " + id);

        for (int status : new int[] {408, 425, 429, 500, 502, 504}) {
            answers.get("A").set(r -> Answer.of(status));
            await(outbox.dispatch());
            assertThat(job(id).state()).as("status %d is retried", status).isEqualTo(DeliveryJobStore.PENDING);
            assertThat(job(id).lastStatus()).isEqualTo(status);
            clock.set(job(id).nextTryAt());
        }

        // a backend that refuses connections: an I/O error, retried, its cause named
        DeliveryOutbox refused = outbox("instance-r", DeliveryPolicy.defaults(), clock);
        server.stop(0);
        await(refused.dispatch());
        assertThat(job(id).state()).isEqualTo(DeliveryJobStore.PENDING);
        assertThat(job(id).lastStatus()).isNull();
        assertThat(job(id).lastCause()).contains("ConnectException");
        assertThat(received).allSatisfy(r -> assertThat(r.answered() / 100).isNotEqualTo(2));
    }

    @Test
    void retryAfterIsHonouredInSecondsAndAsADateCappedByTheMaximum() throws Exception {
        DeliveryOutbox outbox = outbox();
        String id = enqueue(outbox, "A", UUID.randomUUID().toString(), 1);
        answers.get("A").set(r -> new Answer(503, "7", 0));
        Instant before = clock.instant();
        await(outbox.dispatch());
        assertThat(job(id).nextTryAt()).isEqualTo(before.plusSeconds(7));

        clock.set(job(id).nextTryAt());
        answers.get("A").set(r -> new Answer(429, "3600", 0));
        before = clock.instant();
        await(outbox.dispatch());
        assertThat(job(id).nextTryAt()).as("capped by http-retry-max").isEqualTo(before.plus(MAX));

        clock.set(job(id).nextTryAt());
        before = clock.instant();
        String date = DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.ofInstant(before.plusSeconds(20), ZoneOffset.UTC));
        answers.get("A").set(r -> new Answer(503, date, 0));
        await(outbox.dispatch());
        assertThat(job(id).nextTryAt()).isEqualTo(before.plusSeconds(20));

        clock.set(job(id).nextTryAt());
        before = clock.instant();
        answers.get("A").set(r -> new Answer(503, "soon", 0));
        await(outbox.dispatch());
        assertThat(job(id).nextTryAt()).as("unreadable Retry-After: the backoff (attempt 4)")
                .isEqualTo(before.plusSeconds(16));
    }

    @Test
    void otherClientErrorsArePermanentAndDeadAtOnce() throws Exception {
        DeliveryOutbox outbox = outbox();
        for (int status : new int[] {400, 401, 403, 404, 409, 413, 422}) {
            answers.get("A").set(r -> Answer.of(status));
            String id = enqueue(outbox, "A", UUID.randomUUID().toString(), 1);
            await(outbox.dispatch());
            Job job = job(id);
            assertThat(job.state()).as("status %d", status).isEqualTo(DeliveryJobStore.DEAD);
            assertThat(job.attempts()).isEqualTo(1);
            assertThat(job.lastStatus()).isEqualTo(status);
            assertThat(job.lastCause()).contains("answered " + status, "unknown declaration schema");
            assertThat(outbox.dispatch()).as("a DEAD job is not pushed again").isEmpty();
        }
        assertThat(received).hasSize(7);
    }

    @Test
    void aJobFailingBeyondTheBoundIsDeadAndAReplayMakesItDueWithAFreshBound() throws Exception {
        DeliveryOutbox outbox = outbox("instance-a", policy(3, Duration.ZERO, 4), clock);
        answers.get("A").set(r -> Answer.of(503));
        String id = enqueue(outbox, "A", UUID.randomUUID().toString(), 1);
        for (int i = 0; i < 3; i++) {
            await(outbox.dispatch());
            clock.set(job(id).nextTryAt());
        }
        Job dead = job(id);
        assertThat(dead.state()).isEqualTo(DeliveryJobStore.DEAD);
        assertThat(dead.attempts()).isEqualTo(3);
        assertThat(dead.lastCause()).contains("answered 503", "retry bound reached: 3 attempts");
        clock.advance(Duration.ofHours(1));
        assertThat(outbox.dispatch()).isEmpty();
        assertThat(received).hasSize(3);
        assertThat(jobs.summary().get("A").dead()).isEqualTo(1);

        // the backend is fixed; the operator replays: due now, pushed, delivered
        answers.get("A").set(r -> Answer.of(201));
        assertThat(outbox.replay(dead.id(), "test operator")).isTrue();
        assertThat(outbox.replay(dead.id(), "test operator")).as("only a DEAD job is replayed").isFalse();
        assertThat(job(id).attempts()).isZero();
        await(outbox.dispatch());
        assertThat(job(id).state()).isEqualTo(DeliveryJobStore.DELIVERED);
        assertThat(job(id).attempts()).isEqualTo(1);
        assertThat(outbox.replay(dead.id(), "test operator")).as("a delivered job is not replayed").isFalse();
        assertThat(jdbc.sql("select detail from trace_event where event = 'replayed'").query(String.class).list())
                .singleElement().asString().contains("replayed by test operator after 3 attempts");
    }

    @Test
    void aJobFailingLongerThanTheMaximumAgeIsDead() throws Exception {
        DeliveryOutbox outbox = outbox("instance-a", policy(0, Duration.ofMinutes(10), 4), clock);
        answers.get("A").set(r -> Answer.of(500));
        String id = enqueue(outbox, "A", UUID.randomUUID().toString(), 1);
        int attempts = 0;
        while (job(id).state().equals(DeliveryJobStore.PENDING)) {
            await(outbox.dispatch());
            attempts++;
            clock.set(job(id).nextTryAt());
            assertThat(attempts).isLessThan(50);
        }
        // attempts at 0, 2, 6, 14, 30, 62 s, then every 60 s: the 15th, at 602 s, is past 10 minutes
        assertThat(attempts).isEqualTo(15);
        assertThat(job(id).state()).isEqualTo(DeliveryJobStore.DEAD);
        assertThat(job(id).lastCause()).contains("retry bound reached");
    }

    @Test
    void aLaterRevisionWaitsUntilTheEarlierIsDeliveredOrDead() throws Exception {
        DeliveryOutbox outbox = outbox();
        String declaration = UUID.randomUUID().toString();
        String other = UUID.randomUUID().toString();
        answers.get("A").set(r -> Answer.of(r.declarationId().equals(declaration) && r.revision() == 1 ? 503 : 200));
        String r1 = enqueue(outbox, "A", declaration, 1);
        String r2 = enqueue(outbox, "A", declaration, 2);
        String o1 = enqueue(outbox, "A", other, 1);
        await(outbox.dispatch());
        assertThat(received).extracting(r -> r.declarationId() + "/" + r.revision())
                .containsExactlyInAnyOrder(declaration + "/1", other + "/1");
        assertThat(job(o1).state()).as("another declaration is not held up").isEqualTo(DeliveryJobStore.DELIVERED);
        clock.advance(Duration.ofMinutes(5));
        answers.get("A").set(r -> Answer.of(200));
        await(outbox.dispatch());
        assertThat(job(r1).state()).isEqualTo(DeliveryJobStore.DELIVERED);
        assertThat(job(r2).state()).as("revision 2 is not pushed in the poll that delivers revision 1")
                .isEqualTo(DeliveryJobStore.PENDING);
        await(outbox.dispatch());
        assertThat(job(r2).state()).isEqualTo(DeliveryJobStore.DELIVERED);
        assertThat(received).filteredOn(r -> r.declarationId().equals(declaration) && r.answered() == 200)
                .extracting(Received::revision).containsExactly(1, 2);

        // a DEAD revision (refused for good) no longer holds the next one back
        String d2 = UUID.randomUUID().toString();
        answers.get("A").set(r -> Answer.of(r.revision() == 1 ? 422 : 200));
        String dead = enqueue(outbox, "A", d2, 1);
        String next = enqueue(outbox, "A", d2, 2);
        await(outbox.dispatch());
        assertThat(job(dead).state()).isEqualTo(DeliveryJobStore.DEAD);
        await(outbox.dispatch());
        assertThat(job(next).state()).isEqualTo(DeliveryJobStore.DELIVERED);
    }

    @Test
    void aDeadBackendDoesNotHoldUpAnotherOne() throws Exception {
        // A takes requests and does not answer until the test lets it (a backend hanging in a
        // timeout); B answers at once
        java.util.concurrent.CountDownLatch hang = new java.util.concurrent.CountDownLatch(1);
        answers.get("A").set(r -> {
            try {
                hang.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return Answer.of(503);
        });
        DeliveryOutbox outbox = outbox("instance-a", policy(0, Duration.ZERO, 2), Clock.systemUTC());
        outbox.start();
        List<String> a = new ArrayList<>();
        List<String> b = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            a.add(enqueue(outbox, "A", UUID.randomUUID().toString(), 1));
        }
        long deadline = System.currentTimeMillis() + 10_000;
        while (outbox.inFlight("A") < 2) {
            assertThat(System.currentTimeMillis()).isLessThan(deadline);
            Thread.sleep(20);
        }
        try {
            for (int i = 0; i < 30; i++) {
                b.add(enqueue(outbox, "B", UUID.randomUUID().toString(), 1));
            }
            deadline = System.currentTimeMillis() + 20_000;
            while (b.stream().anyMatch(id -> !job(id).state().equals(DeliveryJobStore.DELIVERED))) {
                assertThat(System.currentTimeMillis()).as("B delivered while A hangs").isLessThan(deadline);
                Thread.sleep(20);
            }
            // all of B went through while A had not answered a single request
            assertThat(received).filteredOn(r -> r.backend().equals("A")).isEmpty();
            assertThat(outbox.inFlight("A")).as("A's slots, no more").isEqualTo(2);
            assertThat(a).allSatisfy(id -> assertThat(job(id).state()).isEqualTo(DeliveryJobStore.PENDING));
            assertThat(jdbc.sql("select count(*) from delivery_job where backend_id = 'A' and lease_owner is not null")
                    .query(Long.class).single()).isEqualTo(2);
        } finally {
            hang.countDown();
        }
    }

    @Test
    void twoInstancesOnOneDatabaseNeverPushTheSameJobTwice() throws Exception {
        DeliveryOutbox first = outbox("instance-a", policy(0, Duration.ZERO, 4), Clock.systemUTC());
        DeliveryOutbox second = outbox("instance-b", policy(0, Duration.ZERO, 4), Clock.systemUTC());
        answers.get("A").set(r -> new Answer(200, null, 20));
        answers.get("B").set(r -> new Answer(200, null, 20));
        List<String> ids = Collections.synchronizedList(new ArrayList<>());
        for (int i = 0; i < 60; i++) {
            String declaration = UUID.randomUUID().toString();
            ids.add(enqueue(i % 2 == 0 ? first : second, i % 3 == 0 ? "B" : "A", declaration, 1));
        }
        first.start();
        second.start();
        long deadline = System.currentTimeMillis() + 20_000;
        while (jdbc.sql("select count(*) from delivery_job where state <> 'DELIVERED'").query(Long.class).single() > 0) {
            assertThat(System.currentTimeMillis()).isLessThan(deadline);
            Thread.sleep(50);
        }
        Map<String, AtomicInteger> pushes = new ConcurrentHashMap<>();
        received.forEach(r -> pushes.computeIfAbsent(r.messageId(), k -> new AtomicInteger()).incrementAndGet());
        assertThat(pushes.keySet()).containsExactlyInAnyOrderElementsOf(ids);
        assertThat(pushes.values()).allSatisfy(n -> assertThat(n.get()).isEqualTo(1));
    }

    @Test
    void backoffAndRetryAfterParsing() {
        assertThat(DeliveryOutbox.backoff(1, Duration.ofMillis(200), Duration.ofSeconds(1))).isEqualTo(Duration.ofMillis(200));
        assertThat(DeliveryOutbox.backoff(3, Duration.ofMillis(200), Duration.ofSeconds(1))).isEqualTo(Duration.ofMillis(800));
        assertThat(DeliveryOutbox.backoff(4, Duration.ofMillis(200), Duration.ofSeconds(1))).isEqualTo(Duration.ofSeconds(1));
        assertThat(DeliveryOutbox.backoff(5000, Duration.ofSeconds(2), Duration.ofMinutes(5))).isEqualTo(Duration.ofMinutes(5));
        Instant now = Instant.parse("2026-12-07T10:00:00Z");
        assertThat(DeliveryOutbox.retryAfter(" 120 ", now)).contains(Duration.ofMinutes(2));
        assertThat(DeliveryOutbox.retryAfter("Mon, 07 Dec 2026 10:00:30 GMT", now)).contains(Duration.ofSeconds(30));
        assertThat(DeliveryOutbox.retryAfter("Mon, 07 Dec 2026 09:00:00 GMT", now)).contains(Duration.ZERO);
        assertThat(DeliveryOutbox.retryAfter("-5", now)).isEmpty();
        assertThat(DeliveryOutbox.retryAfter("later", now)).isEmpty();
        assertThat(DeliveryOutbox.transientStatus(503)).isTrue();
        assertThat(DeliveryOutbox.transientStatus(425)).isTrue();
        assertThat(DeliveryOutbox.transientStatus(404)).isFalse();
        assertThat(DeliveryOutbox.transientStatus(302)).isFalse();
    }

    /** A clock the test moves. */
    static final class MutableClock extends Clock {
        private volatile Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        void set(Instant instant) {
            now = instant;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
