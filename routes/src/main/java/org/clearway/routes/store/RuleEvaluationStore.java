package org.clearway.routes.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The rule pack under which each declaration's latest signed revision was evaluated, with its
 * signed canonical JSON (V30 {@code rule_evaluation}), for the re-evaluation at pack boundaries.
 */
@Repository
public class RuleEvaluationStore {

    /** One declaration's latest evaluation; {@code checkedPackId}/{@code checkedPackVersion} the pack it was last checked against. */
    public record Evaluated(String declarationId, int revision, String regime, String packId, int packVersion,
                            String declarationJson, String checkedPackId, Integer checkedPackVersion) {
    }

    private final JdbcClient jdbc;

    public RuleEvaluationStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Records the evaluation of a signed revision. An older revision signed late (a redelivery)
     * never replaces a newer one; a new revision clears the checked pack.
     */
    public void record(String declarationId, int revision, String regime, String packId, int packVersion,
                       String dateBasis, java.time.LocalDate packDate, String declarationJson, Instant at) {
        int updated = jdbc.sql("""
                        update rule_evaluation set revision = ?, regime = ?, pack_id = ?, pack_version = ?, date_basis = ?,
                          pack_date = ?, declaration_json = ?, evaluated_at = ?, checked_pack_id = null,
                          checked_pack_version = null, checked_at = null
                        where declaration_id = ? and revision <= ?""")
                .params(revision, regime, packId, packVersion, dateBasis, java.sql.Date.valueOf(packDate),
                        declarationJson, Timestamp.from(at), declarationId, revision).update();
        if (updated == 0) {
            jdbc.sql("""
                            insert into rule_evaluation (declaration_id, revision, regime, pack_id, pack_version, date_basis,
                              pack_date, declaration_json, evaluated_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?)
                            on conflict do nothing""")
                    .params(declarationId, revision, regime, packId, packVersion, dateBasis,
                            java.sql.Date.valueOf(packDate), declarationJson, Timestamp.from(at)).update();
        }
    }

    /**
     * Declarations of {@code regime} evaluated under another pack or pack version than
     * {@code packId} v{@code packVersion} and not yet checked against it, oldest evaluation first.
     */
    public List<Evaluated> stale(String regime, String packId, int packVersion, int limit) {
        return jdbc.sql("""
                        select * from rule_evaluation where regime = ? and not (pack_id = ? and pack_version = ?)
                          and (checked_pack_id is null or checked_pack_id <> ? or checked_pack_version <> ?)
                        order by evaluated_at, declaration_id limit ?""")
                .params(regime, packId, packVersion, packId, packVersion, limit)
                .query(RuleEvaluationStore::map).list();
    }

    /**
     * Claims a row for a check against {@code packId} v{@code packVersion}: a conditional update
     * that succeeds for one caller only (a concurrent one waits for the row lock, then finds it
     * checked). The claim commits or rolls back with the caller's transaction.
     */
    public boolean claim(String declarationId, int revision, String packId, int packVersion, Instant at) {
        return jdbc.sql("""
                        update rule_evaluation set checked_pack_id = ?, checked_pack_version = ?, checked_at = ?
                        where declaration_id = ? and revision = ? and not (pack_id = ? and pack_version = ?)
                          and (checked_pack_id is null or checked_pack_id <> ? or checked_pack_version <> ?)""")
                .params(packId, packVersion, Timestamp.from(at), declarationId, revision, packId, packVersion, packId,
                        packVersion).update() == 1;
    }

    /** Drops the record of a revision older than {@code revision} (the newer one was signed without a pack). */
    public void forget(String declarationId, int revision) {
        jdbc.sql("delete from rule_evaluation where declaration_id = ? and revision <= ?").params(declarationId, revision)
                .update();
    }

    public Optional<Evaluated> find(String declarationId) {
        return jdbc.sql("select * from rule_evaluation where declaration_id = ?").param(declarationId)
                .query(RuleEvaluationStore::map).optional();
    }

    private static Evaluated map(ResultSet rs, int n) throws SQLException {
        int checkedVersion = rs.getInt("checked_pack_version");
        Integer checked = rs.wasNull() ? null : checkedVersion;
        return new Evaluated(rs.getString("declaration_id"), rs.getInt("revision"), rs.getString("regime"),
                rs.getString("pack_id"), rs.getInt("pack_version"), rs.getString("declaration_json"),
                rs.getString("checked_pack_id"), checked);
    }
}
