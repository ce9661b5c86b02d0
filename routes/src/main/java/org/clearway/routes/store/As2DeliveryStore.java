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
 * Delivery state of outbox entries sent by AS2 (table {@code as2_delivery}).
 *
 * <pre>
 *   PENDING ──send, sync MDN verified positive──────────────────────────► DELIVERED
 *   PENDING ──send (async), HTTP 2xx──► AWAITING_MDN ──valid positive MDN──► DELIVERED
 *   AWAITING_MDN ──no MDN in time / negative MDN / MIC mismatch──► PENDING (resend after backoff)
 *   any not DELIVERED ──last attempt used (async)──► FAILED (stays in the outbox, visible)
 * </pre>
 *
 * <p>Every transition of the sender is a conditional {@code update ... where version = ?} (the
 * version it read), and bumps the version: of two gateway instances polling the same database only
 * one wins a claim, the other's update counts 0 rows and it skips the entry. The MDN receiver's
 * transitions are conditional on the Message-ID and the state, and bump the version too, so a
 * sender holding an older version cannot overwrite a delivered state.
 */
@Repository
public class As2DeliveryStore {

    public static final String PENDING = "PENDING";
    public static final String AWAITING_MDN = "AWAITING_MDN";
    public static final String DELIVERED = "DELIVERED";
    public static final String FAILED = "FAILED";

    public record Delivery(String outboxId, String partnerId, String messageId, int attempts, String state,
                           Instant nextAttemptAt, String lastError, String mdnMode, String mic, String sentContentType,
                           Instant sentAt, Instant mdnAt, String mdnDetail, int version) {
        public boolean isFinal() {
            return state.equals(DELIVERED) || state.equals(FAILED);
        }
    }

    private static final String COLUMNS = "outbox_id, partner_id, message_id, attempts, state, next_attempt_at,"
            + " last_error, mdn_mode, mic, sent_content_type, sent_at, mdn_at, mdn_detail, version";

    private final JdbcClient jdbc;

    public As2DeliveryStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<Delivery> find(String outboxId) {
        return jdbc.sql("select " + COLUMNS + " from as2_delivery where outbox_id = ?")
                .param(outboxId).query(As2DeliveryStore::map).optional();
    }

    /** The delivery a partner's MDN answers: its Message-ID, sent to this partner. */
    public Optional<Delivery> findByMessageId(String partnerId, String messageId) {
        return jdbc.sql("select " + COLUMNS + " from as2_delivery where partner_id = ? and message_id = ?")
                .params(partnerId, messageId).query(As2DeliveryStore::map).optional();
    }

    /** The secured entity as sent (async deliveries), for a resend of the same bytes. */
    public Optional<byte[]> sentBody(String outboxId) {
        return jdbc.sql("select sent_body from as2_delivery where outbox_id = ?").param(outboxId)
                .query((rs, n) -> rs.getBytes(1)).optional().filter(b -> b != null);
    }

    /** Creates the PENDING row of a new outbox entry, due now; a row already there is left alone. */
    public Delivery ensure(String outboxId, String partnerId, String mdnMode, Instant now) {
        jdbc.sql("insert into as2_delivery (outbox_id, partner_id, attempts, state, next_attempt_at, mdn_mode,"
                        + " updated_at, version) values (?, ?, 0, ?, ?, ?, ?, 0) on conflict do nothing")
                .params(outboxId, partnerId, PENDING, Timestamp.from(now), mdnMode, Timestamp.from(now))
                .update();
        return find(outboxId).orElseThrow();
    }

    /**
     * Claims a due delivery for one attempt: its next attempt moves to {@code leaseUntil}, so no
     * other instance picks it up meanwhile (nor this one, if it dies mid-send, before the lease
     * ends). Returns the claimed row (new version), or empty when another instance changed it first.
     */
    public Optional<Delivery> claim(Delivery seen, Instant leaseUntil, Instant now) {
        int n = jdbc.sql("update as2_delivery set version = version + 1, next_attempt_at = ?, updated_at = ?"
                        + " where outbox_id = ? and version = ?")
                .params(Timestamp.from(leaseUntil), Timestamp.from(now), seen.outboxId(), seen.version())
                .update();
        return n == 1 ? find(seen.outboxId()) : Optional.empty();
    }

    /** Stores what an async attempt is about to send (before it is sent, so an early MDN finds it). */
    public boolean prepared(Delivery claimed, String messageId, String mic, String contentType, byte[] body, String mode,
                            Instant now) {
        return jdbc.sql("update as2_delivery set message_id = ?, mic = ?, sent_content_type = ?, sent_body = ?,"
                        + " mdn_mode = ?, updated_at = ?, version = version + 1 where outbox_id = ? and version = ?")
                .params(messageId, mic, contentType, body, mode, Timestamp.from(now), claimed.outboxId(),
                        claimed.version())
                .update() == 1;
    }

    /** Records one sent attempt (sync or async, any outcome) and the state it leads to. */
    public boolean attempted(Delivery claimed, String messageId, String mic, String state, Instant nextAttemptAt,
                             String error, Instant now) {
        return jdbc.sql("update as2_delivery set message_id = ?, mic = coalesce(?, mic), attempts = attempts + 1,"
                        + " state = ?, next_attempt_at = ?, last_error = ?, sent_at = ?, updated_at = ?,"
                        + " version = version + 1 where outbox_id = ? and version = ?")
                .params(messageId, mic, state, Timestamp.from(nextAttemptAt), truncate(error), Timestamp.from(now),
                        Timestamp.from(now), claimed.outboxId(), claimed.version())
                .update() == 1;
    }

    /** A state change of the poller (MDN timed out, last attempt used) on the version it read. */
    public boolean transition(Delivery seen, String state, Instant nextAttemptAt, String error, Instant now) {
        return jdbc.sql("update as2_delivery set state = ?, next_attempt_at = ?, last_error = ?, updated_at = ?,"
                        + " version = version + 1 where outbox_id = ? and version = ?")
                .params(state, Timestamp.from(nextAttemptAt), truncate(error), Timestamp.from(now), seen.outboxId(),
                        seen.version())
                .update() == 1;
    }

    /**
     * A verified positive MDN for {@code messageId}: DELIVERED, whatever the state was (a late
     * receipt after FAILED still proves receipt). Returns false if the delivery was already
     * DELIVERED (a replayed MDN) or no longer carries that Message-ID.
     */
    public boolean mdnDelivered(String outboxId, String messageId, String detail, Instant now) {
        return jdbc.sql("update as2_delivery set state = ?, last_error = null, mdn_at = ?, mdn_detail = ?,"
                        + " updated_at = ?, version = version + 1"
                        + " where outbox_id = ? and message_id = ? and state <> ?")
                .params(DELIVERED, Timestamp.from(now), truncate(detail), Timestamp.from(now), outboxId, messageId,
                        DELIVERED)
                .update() == 1;
    }

    /**
     * An authentic MDN that is not a receipt (negative disposition, MIC mismatch): the delivery goes
     * to {@code state} (PENDING for a resend at {@code nextAttemptAt}, or FAILED) with the reason.
     * Only while it is not final and still carries that Message-ID.
     */
    public boolean mdnNotAccepted(String outboxId, String messageId, String state, Instant nextAttemptAt, String reason,
                                  Instant now) {
        return jdbc.sql("update as2_delivery set state = ?, next_attempt_at = ?, last_error = ?, mdn_at = ?,"
                        + " mdn_detail = ?, updated_at = ?, version = version + 1"
                        + " where outbox_id = ? and message_id = ? and state in (?, ?)")
                .params(state, Timestamp.from(nextAttemptAt), truncate(reason), Timestamp.from(now), truncate(reason),
                        Timestamp.from(now), outboxId, messageId, PENDING, AWAITING_MDN)
                .update() == 1;
    }

    /**
     * An MDN that was refused (unauthentic): recorded for operators, the state is unchanged; the
     * last error of a FAILED delivery (why it failed) is kept.
     */
    public void mdnRefused(String outboxId, String reason, Instant now) {
        jdbc.sql("update as2_delivery set mdn_detail = ?, updated_at = ?,"
                        + " last_error = case when state in (?, ?) then ? else last_error end"
                        + " where outbox_id = ? and state <> ?")
                .params(truncate(reason), Timestamp.from(now), PENDING, AWAITING_MDN, truncate(reason), outboxId,
                        DELIVERED)
                .update();
    }

    private static String truncate(String text) {
        return text == null ? null : text.length() > 1000 ? text.substring(0, 1000) : text;
    }

    private static Delivery map(ResultSet rs, int row) throws SQLException {
        return new Delivery(rs.getString("outbox_id"), rs.getString("partner_id"), rs.getString("message_id"),
                rs.getInt("attempts"), rs.getString("state"), instant(rs, "next_attempt_at"), rs.getString("last_error"),
                rs.getString("mdn_mode"), rs.getString("mic"), rs.getString("sent_content_type"), instant(rs, "sent_at"),
                instant(rs, "mdn_at"), rs.getString("mdn_detail"), rs.getInt("version"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }

    /** Deliveries in a state of a partner (null: any), most recently changed first. */
    public List<java.util.Map<String, Object>> byState(String state, String partnerId, int limit) {
        return jdbc.sql("""
                select outbox_id, partner_id, message_id, attempts, state, mdn_mode, next_attempt_at, last_error, updated_at
                from as2_delivery where state = ? and (cast(? as varchar) is null or partner_id = ?)
                order by updated_at desc limit ?""")
                .params(state, partnerId, partnerId, limit).query().listOfRows();
    }

    /**
     * An operator's replay of FAILED deliveries (of a partner, or one outbox entry; null: every):
     * PENDING again, due now, attempts from 0 (the bound applies afresh); the version moves on, so
     * a claim read before the replay does not hold. Returns the outbox ids replayed.
     */
    public List<String> replayFailed(String partnerId, String outboxId, Instant now, int limit) {
        List<String> ids = jdbc.sql("""
                select outbox_id from as2_delivery where state = 'FAILED' and (cast(? as varchar) is null or partner_id = ?)
                  and (cast(? as varchar) is null or outbox_id = ?) order by updated_at limit ?""")
                .params(partnerId, partnerId, outboxId, outboxId, limit).query(String.class).list();
        List<String> replayed = new java.util.ArrayList<>();
        for (String id : ids) {
            if (jdbc.sql("""
                    update as2_delivery set state = 'PENDING', attempts = 0, next_attempt_at = ?, updated_at = ?,
                      version = version + 1
                    where outbox_id = ? and state = 'FAILED'""")
                    .params(java.sql.Timestamp.from(now), java.sql.Timestamp.from(now), id).update() == 1) {
                replayed.add(id);
            }
        }
        return replayed;
    }
}
