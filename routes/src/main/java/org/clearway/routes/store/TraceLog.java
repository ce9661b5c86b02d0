package org.clearway.routes.store;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;
import org.clearway.routes.ops.StageEvents;
import org.clearway.routes.support.TraceProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Stage events against ingressId and declarationId (CUSTOMS-AND-POSTAL-INTERFACES §4). Every event
 * is also counted in {@link StageEvents} ({@code clearway.stage.messages}). With
 * {@code clearway.trace.enabled=false} only the count remains: no reader in the pipeline depends on
 * the rows ({@link TraceProperties}).
 */
@Repository
public class TraceLog {
    private static final Logger log = LoggerFactory.getLogger(TraceLog.class);

    public record Event(String at, String ingressId, String declarationId, String stage, String event, String detail) {
    }

    private static final String INSERT =
            "insert into trace_event (at, ingress_id, declaration_id, stage, event, detail) values (?, ?, ?, ?, ?, ?)";

    private final JdbcTemplate template;
    private final JdbcClient jdbc;
    private final Clock clock;
    private final StageEvents metrics;
    private volatile boolean enabled;

    public TraceLog(JdbcTemplate template, Clock clock, StageEvents metrics, TraceProperties properties) {
        this.template = template;
        this.jdbc = JdbcClient.create(template);
        this.clock = clock;
        this.metrics = metrics;
        this.enabled = properties.enabled();
        if (!enabled) {
            log.warn("trace recording is off (clearway.trace.enabled=false): the trace search and the console's "
                    + "timelines stay empty; stage metrics are still counted");
        }
    }

    /**
     * Switches row recording at run time; starts as {@code clearway.trace.enabled}. The cost bench
     * ({@code EventOverheadBench}) alternates it between rounds of the same load.
     */
    public void recording(boolean on) {
        if (on != enabled) {
            log.info("trace recording switched {}", on ? "on" : "off");
        }
        enabled = on;
    }

    public boolean recording() {
        return enabled;
    }

    public void record(String ingressId, String declarationId, String stage, String event, String detail) {
        record(ingressId, declarationId, stage, event, detail, null);
    }

    /** As {@link #record(String, String, String, String, String)}, with the partner for the metric's tag. */
    public void record(String ingressId, String declarationId, String stage, String event, String detail,
                       String partnerId) {
        metrics.record(stage, event, partnerId);
        if (!enabled) {
            return;
        }
        String d = detail == null ? null : (detail.length() > 1000 ? detail.substring(0, 1000) : detail);
        Row row = new Row(Timestamp.from(clock.instant()), ingressId, declarationId, stage, event, d);
        if (TransactionSynchronizationManager.isSynchronizationActive()
                && TransactionSynchronizationManager.isActualTransactionActive()) {
            // inside a transaction (a batched stage): written together just before it commits, so
            // an event exists exactly when the work it describes does, at one statement round each
            // and no commit of its own
            buffer().rows.add(row);
        } else {
            insert(row);
        }
        log.debug("{} {} ingress={} declaration={}", stage, event, ingressId, declarationId);
    }

    private record Row(Timestamp at, String ingressId, String declarationId, String stage, String event,
                       String detail) {
    }

    private void insert(Row row) {
        jdbc.sql(INSERT).params(row.at(), row.ingressId(), row.declarationId(), row.stage(), row.event(), row.detail())
                .update();
    }

    /** A transaction's events in one JDBC batch: one statement round trip instead of one per event. */
    private void insert(List<Row> rows) {
        if (rows.size() == 1) {
            insert(rows.get(0));
            return;
        }
        template.batchUpdate(INSERT, rows, rows.size(), (ps, row) -> {
            ps.setTimestamp(1, row.at());
            ps.setString(2, row.ingressId());
            ps.setString(3, row.declarationId());
            ps.setString(4, row.stage());
            ps.setString(5, row.event());
            ps.setString(6, row.detail());
        });
    }

    /** The events of the current transaction, written in its before-commit phase. */
    private Buffer buffer() {
        for (TransactionSynchronization s : TransactionSynchronizationManager.getSynchronizations()) {
            if (s instanceof Buffer b && b.owner == this) {
                return b;
            }
        }
        Buffer b = new Buffer(this);
        TransactionSynchronizationManager.registerSynchronization(b);
        return b;
    }

    private static final class Buffer implements TransactionSynchronization {
        private final TraceLog owner;
        private final java.util.ArrayList<Row> rows = new java.util.ArrayList<>();

        Buffer(TraceLog owner) {
            this.owner = owner;
        }

        @Override
        public void beforeCommit(boolean readOnly) {
            if (!rows.isEmpty()) {
                owner.insert(rows);
            }
            rows.clear();
        }

        @Override
        public void afterCompletion(int status) {
            rows.clear();
        }
    }

    public List<Event> forDeclaration(String declarationId) {
        return jdbc.sql("select * from trace_event where declaration_id = ? order by event_id")
                .param(declarationId).query(TraceLog::map).list();
    }

    public List<Event> forIngress(String ingressId) {
        return jdbc.sql("select * from trace_event where ingress_id = ? order by event_id")
                .param(ingressId).query(TraceLog::map).list();
    }

    static Event map(java.sql.ResultSet rs, int n) throws java.sql.SQLException {
        return new Event(rs.getTimestamp("at").toInstant().toString(), rs.getString("ingress_id"),
                rs.getString("declaration_id"), rs.getString("stage"), rs.getString("event"), rs.getString("detail"));
    }
}
