package org.clearway.routes.response.express;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.clearway.mappings.express.WebhookSignature;
import org.clearway.routes.store.PartnerEventStore;
import org.clearway.routes.store.TestDatabases;
import org.clearway.routes.store.WebhookEndpointStore;
import org.clearway.routes.store.WebhookEndpointStore.Endpoint;
import org.clearway.routes.support.GatewayProperties;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Two gateway instances push the webhooks of one shared database (issue 6, PARTNER-APIS §5.2):
 * each event is sent once, and the events of one declaration go out one at a time in sequence
 * order, although both instances poll at the same moment. Each instance is its own connection pool
 * and dispatcher; on H2 always and on PostgreSQL when configured ({@code mvn -Ppostgres}).
 */
class WebhookTwoInstancesTest {
    private static final String PARTNER = "DEMO-EXPRESS";
    private static final int DECLARATIONS = 12;
    private static final int EVENTS_PER_DECLARATION = 4;
    private static final Pattern SEQUENCE = Pattern.compile("\"sequence\":(\\d+)");

    private final List<HikariDataSource> pools = new ArrayList<>();
    private final ExecutorService threads = Executors.newFixedThreadPool(4);

    @AfterEach
    void stop() throws InterruptedException {
        threads.shutdownNow();
        threads.awaitTermination(10, TimeUnit.SECONDS);
        pools.forEach(HikariDataSource::close);
    }

    private JdbcClient instance(TestDatabases.Database db, String name) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(db.url());
        config.setUsername(db.user());
        config.setPassword(db.password());
        config.setMaximumPoolSize(3);
        config.setPoolName(name);
        HikariDataSource ds = new HikariDataSource(config);
        pools.add(ds);
        return JdbcClient.create(ds);
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void eachEventIsPushedOnceAndInOrderPerDeclaration(String kind) throws Exception {
        TestDatabases.Database db;
        if ("postgresql".equals(kind)) {
            Optional<TestDatabases.Database> pg = TestDatabases.postgres();
            Assumptions.assumeTrue(pg.isPresent(), TestDatabases::postgresUnavailable);
            db = pg.get();
        } else {
            db = TestDatabases.h2("webhooks-" + UUID.randomUUID());
        }
        JdbcClient a = instance(db, "instance-a");
        JdbcClient b = instance(db, "instance-b");
        Flyway.configure().dataSource(pools.get(0)).load().migrate();
        Clock clock = Clock.systemUTC();
        String partner = PARTNER + "-" + Long.toHexString(System.nanoTime());
        WebhookEndpointStore endpoints = new WebhookEndpointStore(a);
        endpoints.insert(new Endpoint(partner, "https://carrier.example/hooks", List.of("customs.decision"), true,
                WebhookSignature.generateSecret(), null, null, 0, null, clock.instant()));
        PartnerEventStore eventsA = new PartnerEventStore(a);
        Instant created = clock.instant().minusSeconds(1);
        for (int sequence = 1; sequence <= EVENTS_PER_DECLARATION; sequence++) {
            for (int d = 0; d < DECLARATIONS; d++) {
                String eventId = ExpressEvents.newEventId(created);
                eventsA.insert(eventId, partner, "customs.decision", UUID.randomUUID().toString(), "decl-" + d,
                        sequence, "RELEASED", "{\"eventId\":\"" + eventId + "\",\"decision\":{\"sequence\":" + sequence
                                + ",\"declarationId\":\"decl-" + d + "\"}}",
                        created, PartnerEventStore.PENDING, created);
            }
        }

        // the receiver: every request recorded; two requests of one declaration in flight at once is an error
        ConcurrentLinkedQueue<String> received = new ConcurrentLinkedQueue<>();
        Map<String, Integer> inFlight = new ConcurrentHashMap<>();
        ConcurrentLinkedQueue<String> overlaps = new ConcurrentLinkedQueue<>();
        WebhookTransport transport = (url, headers, body, timeout) -> {
            String text = new String(body, StandardCharsets.UTF_8);
            String declaration = text.substring(text.indexOf("decl-"), text.lastIndexOf('"'));
            if (inFlight.merge(declaration, 1, Integer::sum) > 1) {
                overlaps.add(declaration);
            }
            return CompletableFuture.supplyAsync(() -> {
                try {
                    Thread.sleep(3);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                received.add(headers.get("webhook-id") + " " + declaration + " " + sequenceOf(text));
                inFlight.merge(declaration, -1, Integer::sum);
                return 204;
            });
        };
        GatewayProperties.Webhooks webhooks = EventsDb.webhooks(List.of(Duration.ZERO, Duration.ZERO), 20);
        WebhookDispatcher dispatcherA = new WebhookDispatcher(eventsA, new WebhookEndpointStore(a), transport,
                webhooks, clock, bound -> 0, "instance-a");
        WebhookDispatcher dispatcherB = new WebhookDispatcher(new PartnerEventStore(b), new WebhookEndpointStore(b),
                transport, webhooks, clock, bound -> 0, "instance-b");

        CountDownLatch start = new CountDownLatch(1);
        List<Future<Integer>> polls = new ArrayList<>();
        for (WebhookDispatcher dispatcher : List.of(dispatcherA, dispatcherB, dispatcherA, dispatcherB)) {
            polls.add(threads.submit(() -> {
                start.await();
                int attempted = 0;
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (received.size() < DECLARATIONS * EVENTS_PER_DECLARATION && System.nanoTime() < deadline) {
                    attempted += dispatcher.dispatchDue();
                }
                return attempted;
            }));
        }
        start.countDown();
        for (Future<Integer> poll : polls) {
            poll.get(90, TimeUnit.SECONDS);
        }

        List<String> ids = received.stream().map(r -> r.split(" ")[0]).toList();
        assertThat(ids).as("each event pushed exactly once").doesNotHaveDuplicates()
                .hasSize(DECLARATIONS * EVENTS_PER_DECLARATION);
        assertThat(overlaps).as("declarations with two requests in flight").isEmpty();
        for (int d = 0; d < DECLARATIONS; d++) {
            String declaration = "decl-" + d;
            List<Integer> order = received.stream().map(r -> r.split(" ")).filter(r -> r[1].equals(declaration))
                    .map(r -> Integer.parseInt(r[2])).toList();
            assertThat(order).as("push order of %s", declaration).containsExactly(1, 2, 3, 4);
        }
        assertThat(a.sql("select count(*) from partner_event where partner_id = ? and push_state = 'DELIVERED'"
                        + " and push_attempts = 1 and lease_owner is null").param(partner).query(Integer.class).single())
                .isEqualTo(DECLARATIONS * EVENTS_PER_DECLARATION);
    }

    private static int sequenceOf(String body) {
        Matcher m = SEQUENCE.matcher(body);
        return m.find() ? Integer.parseInt(m.group(1)) : -1;
    }
}
