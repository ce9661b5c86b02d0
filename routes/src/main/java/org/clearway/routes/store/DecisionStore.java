package org.clearway.routes.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Customs decisions as received and forwarded (CUSTOMS-AND-POSTAL-INTERFACES §3.3). */
@Repository
public class DecisionStore {
    public record StoredDecision(String decisionId, String declarationId, int declarationRevision, int sequence,
                                 String backendId, String backendDecisionRef, String kind, String status,
                                 boolean isFinal, Instant decidedAt, Instant receivedAt, String body,
                                 String responseJson, String outboxId) {
    }

    private final JdbcClient jdbc;

    public DecisionStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<StoredDecision> byBackendRef(String backendId, String backendDecisionRef) {
        return jdbc.sql("select * from decision where backend_id = ? and backend_decision_ref = ?")
                .params(backendId, backendDecisionRef).query(DecisionStore::map).optional();
    }

    public Optional<StoredDecision> byId(String decisionId) {
        return jdbc.sql("select * from decision where decision_id = ?").param(decisionId).query(DecisionStore::map).optional();
    }

    public List<StoredDecision> forDeclaration(String declarationId) {
        return jdbc.sql("select * from decision where declaration_id = ? order by sequence")
                .param(declarationId).query(DecisionStore::map).list();
    }

    public int nextSequence(String declarationId) {
        return jdbc.sql("select coalesce(max(sequence), 0) + 1 from decision where declaration_id = ?")
                .param(declarationId).query(Integer.class).single();
    }

    public void insert(StoredDecision d) {
        jdbc.sql("""
                insert into decision (decision_id, declaration_id, declaration_revision, sequence, backend_id,
                  backend_decision_ref, kind, status, is_final, decided_at, received_at, body, response_json, outbox_id)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(d.decisionId(), d.declarationId(), d.declarationRevision(), d.sequence(), d.backendId(),
                        d.backendDecisionRef(), d.kind(), d.status(), d.isFinal(), Timestamp.from(d.decidedAt()),
                        Timestamp.from(d.receivedAt()), d.body(), d.responseJson(), d.outboxId())
                .update();
    }

    public void setOutbox(String decisionId, String outboxId) {
        jdbc.sql("update decision set outbox_id = ? where decision_id = ?").params(outboxId, decisionId).update();
    }

    private static StoredDecision map(ResultSet rs, int n) throws SQLException {
        return new StoredDecision(rs.getString("decision_id"), rs.getString("declaration_id"),
                rs.getInt("declaration_revision"), rs.getInt("sequence"), rs.getString("backend_id"),
                rs.getString("backend_decision_ref"), rs.getString("kind"), rs.getString("status"),
                rs.getBoolean("is_final"), rs.getTimestamp("decided_at").toInstant(),
                rs.getTimestamp("received_at").toInstant(), rs.getString("body"), rs.getString("response_json"),
                rs.getString("outbox_id"));
    }
}
