package org.clearway.routes.store;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;
import org.clearway.routes.ops.StageEvents;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Stage events against ingressId and declarationId (CUSTOMS-AND-POSTAL-INTERFACES §4). Every event
 * is also counted in {@link StageEvents} ({@code clearway.stage.messages}).
 */
@Repository
public class TraceLog {
    private static final Logger log = LoggerFactory.getLogger(TraceLog.class);

    public record Event(String at, String ingressId, String declarationId, String stage, String event, String detail) {
    }

    private final JdbcClient jdbc;
    private final Clock clock;
    private final StageEvents metrics;

    public TraceLog(JdbcClient jdbc, Clock clock, StageEvents metrics) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.metrics = metrics;
    }

    public void record(String ingressId, String declarationId, String stage, String event, String detail) {
        record(ingressId, declarationId, stage, event, detail, null);
    }

    /** As {@link #record(String, String, String, String, String)}, with the partner for the metric's tag. */
    public void record(String ingressId, String declarationId, String stage, String event, String detail,
                       String partnerId) {
        metrics.record(stage, event, partnerId);
        String d = detail == null ? null : (detail.length() > 1000 ? detail.substring(0, 1000) : detail);
        jdbc.sql("insert into trace_event (at, ingress_id, declaration_id, stage, event, detail) values (?, ?, ?, ?, ?, ?)")
                .params(Timestamp.from(clock.instant()), ingressId, declarationId, stage, event, d)
                .update();
        log.debug("{} {} ingress={} declaration={}", stage, event, ingressId, declarationId);
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
