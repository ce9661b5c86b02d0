package org.clearway.routes.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The HTTP push outbox ({@code delivery_job}, V28): one job per emission for a backend with channel
 * HTTP, with its state ({@code PENDING}, {@code DELIVERED}, {@code DEAD}), attempts, next try and
 * last cause. Every change of a claimed job is conditional on the lease its caller holds, so an
 * instance that lost its lease (it took longer than the lease) changes nothing.
 */
@Repository
public class DeliveryJobStore {
    public static final String PENDING = "PENDING";
    public static final String DELIVERED = "DELIVERED";
    public static final String DEAD = "DEAD";

    /** One job without its body. */
    public record Job(long id, String gatewayMessageId, String declarationId, int revision, String backendId,
                      String state, int attempts, Instant nextTryAt, Instant retrySince, Integer lastStatus,
                      String lastCause, String leaseOwner, Instant leaseUntil, Instant createdAt, Instant updatedAt) {
    }

    /** What a push sends. */
    public record Payload(byte[] body, String signature, String signatureKey) {
    }

    /** Counts of one backend: jobs pending and dead, the oldest pending job's creation, the next try. */
    public record Summary(long pending, long dead, Instant oldestPending, Instant nextTry) {
    }

    private final JdbcClient jdbc;

    public DeliveryJobStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Records the job for an emission unless it exists (a redelivered deliver-stage message):
     * true when this call inserted it. "On conflict do nothing" rather than catching the duplicate
     * key: on PostgreSQL a failed statement spoils the surrounding transaction.
     */
    public boolean insert(String gatewayMessageId, String declarationId, int revision, String backendId, byte[] body,
                          String signature, String signatureKey, Instant now) {
        return jdbc.sql("""
                insert into delivery_job (gateway_message_id, declaration_id, revision, backend_id, state, attempts,
                  next_try_at, retry_since, body, signature, signature_key, created_at, updated_at)
                values (?, ?, ?, ?, 'PENDING', 0, ?, ?, ?, ?, ?, ?, ?) on conflict do nothing""")
                .params(gatewayMessageId, declarationId, revision, backendId, ts(now), ts(now), body, signature,
                        signatureKey, ts(now), ts(now))
                .update() == 1;
    }

    /**
     * Due jobs of a backend, oldest due first, not leased, and each the first pending revision of
     * its declaration: a later revision waits until the earlier ones are delivered or dead
     * (§3.2, order per declaration).
     */
    public List<Job> due(String backendId, Instant now, int limit) {
        return jdbc.sql("""
                select j.* from delivery_job j
                where j.backend_id = ? and j.state = 'PENDING' and j.next_try_at <= ?
                  and (j.lease_until is null or j.lease_until <= ?)
                  and not exists (select 1 from delivery_job p
                    where p.declaration_id = j.declaration_id and p.state = 'PENDING'
                      and (p.revision < j.revision or (p.revision = j.revision and p.id < j.id)))
                order by j.next_try_at, j.id
                limit ?""")
                .params(backendId, ts(now), ts(now), limit)
                .query(DeliveryJobStore::map).list();
    }

    /** Claims a pending job for one attempt: true for exactly one of several instances racing for it. */
    public boolean claim(long id, String owner, Instant now, Instant leaseUntil) {
        return jdbc.sql("""
                update delivery_job set lease_owner = ?, lease_until = ?
                where id = ? and state = 'PENDING' and (lease_until is null or lease_until <= ?)""")
                .params(owner, ts(leaseUntil), id, ts(now)).update() == 1;
    }

    public Optional<Payload> payload(long id) {
        return jdbc.sql("select body, signature, signature_key from delivery_job where id = ?").param(id)
                .query((rs, n) -> new Payload(rs.getBytes(1), rs.getString(2), rs.getString(3))).optional();
    }

    /** The attempt delivered the job (the body is no longer needed); false when {@code owner} lost its lease. */
    public boolean markDelivered(long id, String owner, int attempts, int status, Instant now) {
        return jdbc.sql("""
                update delivery_job set state = 'DELIVERED', attempts = ?, last_status = ?, last_cause = null,
                  body = null, lease_owner = null, lease_until = null, updated_at = ?
                where id = ? and state = 'PENDING' and lease_owner = ?""")
                .params(attempts, status, ts(now), id, owner).update() == 1;
    }

    /** The attempt failed and is tried again at {@code next}; false when {@code owner} lost its lease. */
    public boolean scheduleRetry(long id, String owner, int attempts, Integer status, String cause, Instant next,
                                 Instant now) {
        return jdbc.sql("""
                update delivery_job set attempts = ?, last_status = ?, last_cause = ?, next_try_at = ?,
                  lease_owner = null, lease_until = null, updated_at = ?
                where id = ? and state = 'PENDING' and lease_owner = ?""")
                .params(attempts, status, truncate(cause), ts(next), ts(now), id, owner).update() == 1;
    }

    /** The job is DEAD (bound reached or refused for good); false when {@code owner} lost its lease. */
    public boolean markDead(long id, String owner, int attempts, Integer status, String cause, Instant now) {
        return jdbc.sql("""
                update delivery_job set state = 'DEAD', attempts = ?, last_status = ?, last_cause = ?,
                  lease_owner = null, lease_until = null, updated_at = ?
                where id = ? and state = 'PENDING' and lease_owner = ?""")
                .params(attempts, status, truncate(cause), ts(now), id, owner).update() == 1;
    }

    /** Releases the leases an instance holds (at its start: it resumes its own unfinished attempts at once). */
    public int releaseLeases(String owner) {
        return jdbc.sql("update delivery_job set lease_owner = null, lease_until = null where lease_owner = ? and state = 'PENDING'")
                .param(owner).update();
    }

    /** An operator's replay: a DEAD job is due now with a fresh bound; false when it is not DEAD. */
    public boolean replay(long id, Instant now) {
        return jdbc.sql("""
                update delivery_job set state = 'PENDING', attempts = 0, next_try_at = ?, retry_since = ?,
                  lease_owner = null, lease_until = null, updated_at = ?
                where id = ? and state = 'DEAD'""")
                .params(ts(now), ts(now), ts(now), id).update() == 1;
    }

    public Optional<Job> byId(long id) {
        return jdbc.sql("select * from delivery_job where id = ?").param(id).query(DeliveryJobStore::map).optional();
    }

    public Optional<Job> byGatewayMessageId(String gatewayMessageId) {
        return jdbc.sql("select * from delivery_job where gateway_message_id = ?").param(gatewayMessageId)
                .query(DeliveryJobStore::map).optional();
    }

    /** Jobs in a state (null: any) of a backend (null: any), oldest first, after id {@code afterId}. */
    public List<Job> list(String state, String backendId, String declarationId, long afterId, int limit) {
        return jdbc.sql("""
                select * from delivery_job
                where (cast(? as varchar) is null or state = ?) and (cast(? as varchar) is null or backend_id = ?)
                  and (cast(? as varchar) is null or declaration_id = ?) and id > ?
                order by id limit ?""")
                .params(state, state, backendId, backendId, declarationId, declarationId, afterId, limit)
                .query(DeliveryJobStore::map).list();
    }

    /** Ids of the DEAD jobs of a backend (null: every backend), oldest first. */
    public List<Long> deadIds(String backendId, int limit) {
        return jdbc.sql("""
                select id from delivery_job where state = 'DEAD' and (cast(? as varchar) is null or backend_id = ?)
                order by id limit ?""")
                .params(backendId, backendId, limit).query(Long.class).list();
    }

    /** Per backend: pending and dead counts, oldest pending creation, earliest next try. */
    public Map<String, Summary> summary() {
        Map<String, Summary> out = new LinkedHashMap<>();
        jdbc.sql("""
                select backend_id,
                  sum(case when state = 'PENDING' then 1 else 0 end) as pending,
                  sum(case when state = 'DEAD' then 1 else 0 end) as dead,
                  min(case when state = 'PENDING' then created_at end) as oldest,
                  min(case when state = 'PENDING' then next_try_at end) as next_try
                from delivery_job where state <> 'DELIVERED' group by backend_id order by backend_id""")
                .query((org.springframework.jdbc.core.RowCallbackHandler) rs -> out.put(rs.getString(1),
                        new Summary(rs.getLong(2), rs.getLong(3), instant(rs, "oldest"), instant(rs, "next_try"))));
        return out;
    }

    /** Deletes delivered jobs last changed before {@code cutoff}; returns the count. */
    public int purgeDelivered(Instant cutoff) {
        return jdbc.sql("delete from delivery_job where state = 'DELIVERED' and updated_at < ?").param(ts(cutoff)).update();
    }

    private static String truncate(String s) {
        return s == null || s.length() <= 1000 ? s : s.substring(0, 1000);
    }

    private static Timestamp ts(Instant i) {
        return i == null ? null : Timestamp.from(i);
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }

    private static Job map(ResultSet rs, int n) throws SQLException {
        int status = rs.getInt("last_status");
        Integer lastStatus = rs.wasNull() ? null : status;
        return new Job(rs.getLong("id"), rs.getString("gateway_message_id"), rs.getString("declaration_id"),
                rs.getInt("revision"), rs.getString("backend_id"), rs.getString("state"), rs.getInt("attempts"),
                instant(rs, "next_try_at"), instant(rs, "retry_since"), lastStatus, rs.getString("last_cause"),
                rs.getString("lease_owner"), instant(rs, "lease_until"), instant(rs, "created_at"),
                instant(rs, "updated_at"));
    }
}
