package org.clearway.routes.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.IntFunction;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Customs decisions as received and forwarded (CUSTOMS-AND-POSTAL-INTERFACES §3.3). */
@Repository
public class DecisionStore {
    /**
     * One stored decision. {@code outboxId} is the postal {@code outbox} entry (the CUSRSP) that
     * answered it to the post, set by the response stage; it says nothing about {@code gw.respond},
     * which the decision's own transaction stages ({@code stage_outbox}) or hands on.
     */
    public record StoredDecision(String decisionId, String declarationId, int declarationRevision, int sequence,
                                 String backendId, String backendDecisionRef, String kind, String status,
                                 boolean isFinal, Instant decidedAt, Instant receivedAt, String body,
                                 String responseJson, String outboxId) {
    }

    private static final String INSERT = """
            insert into decision (decision_id, declaration_id, declaration_revision, sequence, backend_id,
              backend_decision_ref, kind, status, is_final, decided_at, received_at, body, response_json, outbox_id)
            values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""";
    /** H2 refusals of a concurrent insert included (5 ms apart): a stage batch holding the key commits well within. */
    private static final int MAX_NUMBERING_ATTEMPTS = 400;

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
        jdbc.sql(INSERT).params(params(d)).update();
    }

    /** What {@link #insertNumbered} did: stored {@code decision} now, or found it stored before under its backend reference. */
    public record Numbered(StoredDecision decision, boolean stored) {
    }

    /**
     * Stores a decision under its declaration's next sequence number, in the caller's transaction
     * (a stage batch's or a request's). {@code atSequence} builds the decision for a number. When
     * another transaction took the number first the next one is tried; when it stored the same
     * {@code backendDecisionRef} first, that decision is returned ({@code stored} false).
     * A conflict never fails a statement (no "duplicate key" inside the transaction, which on
     * PostgreSQL would abort the caller's whole transaction, a stage's batch with it): PostgreSQL
     * waits for the other transaction and skips the row ({@code on conflict do nothing}); H2 refuses
     * a key another open transaction inserted at once (90131), undoing only the statement, and the
     * numbering waits a moment and looks again.
     */
    public Numbered insertNumbered(String declarationId, String backendId, String backendDecisionRef,
                                   IntFunction<StoredDecision> atSequence) {
        for (int attempt = 0; attempt < MAX_NUMBERING_ATTEMPTS; attempt++) {
            StoredDecision d = atSequence.apply(nextSequence(declarationId));
            int inserted;
            try {
                inserted = jdbc.sql(INSERT + " on conflict do nothing").params(params(d)).update();
            } catch (DataAccessException e) {
                if (!H2Inserts.concurrentInsert(e)) {
                    throw e;
                }
                H2Inserts.pause("numbering a decision");
                inserted = 0;
            }
            if (inserted == 1) {
                return new Numbered(d, true);
            }
            if (backendDecisionRef != null) {
                Optional<StoredDecision> raced = byBackendRef(backendId, backendDecisionRef);
                if (raced.isPresent()) {
                    return new Numbered(raced.get(), false);
                }
            }
        }
        throw new IllegalStateException("no free decision sequence for " + declarationId + " after "
                + MAX_NUMBERING_ATTEMPTS + " attempts");
    }

    private static Object[] params(StoredDecision d) {
        return new Object[] {d.decisionId(), d.declarationId(), d.declarationRevision(), d.sequence(), d.backendId(),
                d.backendDecisionRef(), d.kind(), d.status(), d.isFinal(), Timestamp.from(d.decidedAt()),
                Timestamp.from(d.receivedAt()), d.body(), d.responseJson(), d.outboxId()};
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
