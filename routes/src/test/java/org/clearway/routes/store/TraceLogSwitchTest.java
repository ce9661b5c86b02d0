package org.clearway.routes.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.util.UUID;
import org.clearway.routes.ops.StageEvents;
import org.clearway.routes.support.TraceProperties;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * {@code clearway.trace.enabled}: on, every stage event is a {@code trace_event} row and a count;
 * off, only the count remains (the bench of issue 14 measures the difference), until it is switched
 * on at run time.
 */
class TraceLogSwitchTest {
    private HikariDataSource pool;
    private JdbcClient jdbc;

    @BeforeEach
    void database() {
        TestDatabases.Database db = TestDatabases.h2("trace-switch-" + UUID.randomUUID());
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(db.url());
        config.setUsername(db.user());
        config.setPassword(db.password());
        pool = new HikariDataSource(config);
        Flyway.configure().dataSource(pool).load().migrate();
        jdbc = JdbcClient.create(pool);
    }

    @AfterEach
    void close() {
        pool.close();
    }

    @Test
    void recordingOnWritesRowsAndCounts() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        TraceLog trace = new TraceLog(new org.springframework.jdbc.core.JdbcTemplate(pool), Clock.systemUTC(), new StageEvents(registry), new TraceProperties(true));
        trace.record("ing-1", "decl-1", "ingress", "accepted", "x".repeat(1500), "DEMO-POST");
        trace.record("ing-1", "decl-1", "sign", "signed", null);
        assertThat(trace.forDeclaration("decl-1")).extracting(TraceLog.Event::event).containsExactly("accepted", "signed");
        assertThat(trace.forIngress("ing-1").get(0).detail()).hasSize(1000);
        assertThat(registry.get(StageEvents.STAGE_MESSAGES).tag("partner", "DEMO-POST").counter().count()).isEqualTo(1.0);
    }

    @Test
    void recordingOffOnlyCounts() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        TraceLog trace = new TraceLog(new org.springframework.jdbc.core.JdbcTemplate(pool), Clock.systemUTC(), new StageEvents(registry), new TraceProperties(false));
        trace.record("ing-2", "decl-2", "ingress", "accepted", "detail", "DEMO-POST");
        trace.record("ing-2", "decl-2", "deliver", "attempt-failed", "connection refused");
        assertThat(jdbc.sql("select count(*) from trace_event").query(Long.class).single()).isZero();
        assertThat(registry.get(StageEvents.STAGE_MESSAGES).tag("stage", "ingress").counter().count()).isEqualTo(1.0);
        assertThat(registry.get(StageEvents.STAGE_MESSAGES).tag("outcome", "failed").counter().count()).isEqualTo(1.0);
        // switched on at run time (the cost bench alternates it): rows again
        trace.recording(true);
        trace.record("ing-2", "decl-2", "deliver", "delivered", null);
        assertThat(trace.recording()).isTrue();
        assertThat(trace.forDeclaration("decl-2")).extracting(TraceLog.Event::event).containsExactly("delivered");
    }
}
