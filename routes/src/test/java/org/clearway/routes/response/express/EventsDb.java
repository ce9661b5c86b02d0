package org.clearway.routes.response.express;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.clearway.routes.store.PartnerEventStore;
import org.clearway.routes.store.WebhookEndpointStore;
import org.clearway.routes.support.GatewayProperties;
import org.flywaydb.core.Flyway;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/** A private in-memory H2 database with the gateway's migrations, and a clock the test moves. */
final class EventsDb {
    final DataSource dataSource;
    final JdbcClient jdbc;
    final PartnerEventStore events;
    final WebhookEndpointStore endpoints;
    final DataSourceTransactionManager transactions;
    final TestClock clock = new TestClock(Instant.parse("2026-11-25T09:41:08Z"));

    EventsDb() {
        dataSource = new DriverManagerDataSource("jdbc:h2:mem:events-" + UUID.randomUUID()
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1", "sa", "");
        Flyway.configure().dataSource(dataSource).load().migrate();
        jdbc = JdbcClient.create(dataSource);
        events = new PartnerEventStore(jdbc);
        endpoints = new WebhookEndpointStore(jdbc);
        transactions = new DataSourceTransactionManager(dataSource);
    }

    org.clearway.routes.pipeline.StageTransactions tx() {
        return new org.clearway.routes.pipeline.StageTransactions(transactions);
    }

    /** Stores one event as the publisher would; returns its seq. */
    long event(String partnerId, String declarationId, int sequence, String status, String pushState) {
        String eventId = ExpressEvents.newEventId(clock.instant());
        String decisionId = UUID.randomUUID().toString();
        events.insert(eventId, partnerId, "customs.decision", decisionId, declarationId, sequence, status,
                "{\"eventId\":\"" + eventId + "\",\"decision\":{\"rate\":19.00,\"sequence\":" + sequence + "}}",
                clock.instant(), pushState, PartnerEventStore.PENDING.equals(pushState) ? clock.instant() : null);
        return events.byDecision(partnerId, decisionId).orElseThrow().seq();
    }

    static GatewayProperties properties(GatewayProperties.Webhooks webhooks) {
        GatewayProperties.Api d = GatewayProperties.Api.defaults();
        GatewayProperties.Api api = new GatewayProperties.Api(d.maxJsonBytes(), d.maxBatchBytes(), d.maxSoapBytes(),
                d.maxGzipRatio(), d.rateLimitPerSecond(), d.rateLimitBurst(), d.idempotencyRetention(),
                d.eventRetention(), webhooks, d.upload());
        return new GatewayProperties(java.nio.file.Path.of("data"), new GatewayProperties.Gateway("DECUSTGW", "ZZZ", ""),
                new GatewayProperties.Limits(1000, Duration.ofDays(30), Duration.ofDays(90)),
                new GatewayProperties.Signing(null, "", "a", "", List.of()),
                new GatewayProperties.Pipeline(1, 1, Duration.ZERO, Duration.ZERO, Duration.ZERO),
                new GatewayProperties.Routing("DEMO-CUSTOMS", java.util.Map.of(), java.math.BigDecimal.ONE,
                        java.math.BigDecimal.ONE, java.math.BigDecimal.ONE), api,
                java.util.Map.of(), List.of(), java.util.Map.of());
    }

    static GatewayProperties.Webhooks webhooks(List<Duration> schedule, int disableAfter) {
        return new GatewayProperties.Webhooks(schedule, Duration.ofSeconds(10), disableAfter, Duration.ofHours(24),
                Duration.ofSeconds(1), true);
    }

    /** A clock that stands still until the test moves it. */
    static final class TestClock extends Clock {
        private Instant now;

        TestClock(Instant now) {
            this.now = now;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
