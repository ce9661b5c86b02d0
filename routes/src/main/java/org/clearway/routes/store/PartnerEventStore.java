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
 * Decision events of express and platform partners (PARTNER-APIS §5): one row per (partner,
 * decision) holding the exact bytes pushed and pulled, the pull position ({@code seq}, monotonic
 * per insert) and the webhook push state ({@code PENDING}, {@code DELIVERED}, {@code FAILED},
 * {@code NONE} = pull only).
 */
@Repository
public class PartnerEventStore {

    public static final String PENDING = "PENDING";
    public static final String DELIVERED = "DELIVERED";
    public static final String FAILED = "FAILED";
    public static final String NONE = "NONE";

    /** One stored event. */
    public record Event(long seq, String eventId, String partnerId, String eventType, String decisionId,
                        String declarationId, int sequence, String status, String body, Instant createdAt,
                        String pushState, int pushAttempts, Instant nextAttemptAt, String lastError,
                        Instant deliveredAt) {
    }

    /** An event due for push with the webhook endpoint it goes to. */
    public record Due(Event event, String url, String signingSecret, String previousSecret,
                      Instant previousValidUntil) {
    }

    private final JdbcClient jdbc;

    public PartnerEventStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<Event> byDecision(String partnerId, String decisionId) {
        return jdbc.sql("select * from partner_event where partner_id = ? and decision_id = ?")
                .params(partnerId, decisionId).query(PartnerEventStore::map).optional();
    }

    public Optional<Event> bySeq(long seq) {
        return jdbc.sql("select * from partner_event where seq = ?").param(seq).query(PartnerEventStore::map).optional();
    }

    /** Inserts a new event; {@code seq} is assigned by the database. */
    public void insert(String eventId, String partnerId, String eventType, String decisionId, String declarationId,
                       int sequence, String status, String body, Instant createdAt, String pushState,
                       Instant nextAttemptAt) {
        jdbc.sql("""
                insert into partner_event (event_id, partner_id, event_type, decision_id, declaration_id, sequence,
                  status, body, created_at, push_state, push_attempts, next_attempt_at)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?)""")
                .params(eventId, partnerId, eventType, decisionId, declarationId, sequence, status, body,
                        ts(createdAt), pushState, ts(nextAttemptAt))
                .update();
    }

    /**
     * Pending events whose attempt is due, at most one per declaration: the first pending one in
     * {@code sequence} order (an earlier pending event blocks later ones, PARTNER-APIS §5.2), for
     * enabled endpoints only. Decisions are numbered 1, 2, ... per declaration but may be published
     * out of order by concurrent consumers, so an event whose predecessor ({@code sequence - 1}) is
     * not stored yet waits, unless it was created before {@code gapDeadline} (a gap that will not fill).
     */
    public List<Due> dueForPush(Instant now, Instant gapDeadline, int limit) {
        return jdbc.sql("""
                select e.*, w.url, w.signing_secret, w.previous_secret, w.previous_valid_until
                from partner_event e join webhook_endpoint w on w.partner_id = e.partner_id
                where e.push_state = 'PENDING' and w.enabled = true
                  and (e.next_attempt_at is null or e.next_attempt_at <= ?)
                  and (e.lease_until is null or e.lease_until <= ?)
                  and not exists (select 1 from partner_event p
                    where p.partner_id = e.partner_id and p.declaration_id = e.declaration_id
                      and p.push_state = 'PENDING'
                      and (p.sequence < e.sequence or (p.sequence = e.sequence and p.seq < e.seq)))
                  and (e.sequence <= 1 or e.created_at <= ? or exists (select 1 from partner_event q
                    where q.partner_id = e.partner_id and q.declaration_id = e.declaration_id
                      and q.sequence = e.sequence - 1))
                order by e.next_attempt_at, e.seq
                limit ?""")
                .params(ts(now), ts(now), ts(gapDeadline), limit)
                .query((rs, n) -> new Due(map(rs, n), rs.getString("url"), rs.getString("signing_secret"),
                        rs.getString("previous_secret"), instant(rs, "previous_valid_until")))
                .list();
    }

    /**
     * Claims a pending event for one push attempt by {@code owner} (one gateway instance) until
     * {@code leaseUntil}: true for exactly one of several instances racing for it. A lease left by
     * an instance that stopped mid-attempt runs out and the event is due again.
     */
    public boolean claim(long seq, String owner, Instant now, Instant leaseUntil) {
        return jdbc.sql("""
                update partner_event set lease_owner = ?, lease_until = ?
                where seq = ? and push_state = 'PENDING' and (lease_until is null or lease_until <= ?)""")
                .params(owner, ts(leaseUntil), seq, ts(now)).update() == 1;
    }

    /** Records a delivered attempt; false when {@code owner} no longer holds the lease (nothing changed). */
    public boolean markDelivered(long seq, String owner, int attempts, Instant at) {
        return jdbc.sql("""
                update partner_event set push_state = 'DELIVERED', push_attempts = ?, delivered_at = ?,
                  next_attempt_at = null, last_error = null, lease_owner = null, lease_until = null
                where seq = ? and push_state = 'PENDING' and lease_owner = ?""")
                .params(attempts, ts(at), seq, owner).update() == 1;
    }

    /** Records a failed attempt and when to try again; false when {@code owner} lost the lease. */
    public boolean scheduleRetry(long seq, String owner, int attempts, Instant next, String error) {
        return jdbc.sql("""
                update partner_event set push_attempts = ?, next_attempt_at = ?, last_error = ?,
                  lease_owner = null, lease_until = null
                where seq = ? and push_state = 'PENDING' and lease_owner = ?""")
                .params(attempts, ts(next), truncate(error), seq, owner).update() == 1;
    }

    /** Records the last failed attempt; false when {@code owner} lost the lease. */
    public boolean markFailed(long seq, String owner, int attempts, String error) {
        return jdbc.sql("""
                update partner_event set push_state = 'FAILED', push_attempts = ?, next_attempt_at = null,
                  last_error = ?, lease_owner = null, lease_until = null
                where seq = ? and push_state = 'PENDING' and lease_owner = ?""")
                .params(attempts, truncate(error), seq, owner).update() == 1;
    }

    /** An event at its position in the partner's feed ({@code feed_seq}: given after commit, in order). */
    public record FeedEntry(long position, Event event) {
    }

    /**
     * A page of the partner's events after feed position {@code afterPosition}, in feed order, created
     * at or after {@code notBefore} (retention), optionally of one {@code decision.status}. Only events
     * {@link #sequenceFeed numbered} so far are returned, so the feed never shows a gap that a slower
     * transaction fills later.
     */
    public List<FeedEntry> page(String partnerId, long afterPosition, Instant notBefore, String status, int limit) {
        return jdbc.sql("""
                select * from partner_event where partner_id = ? and feed_seq > ? and created_at >= ?
                  and (cast(? as varchar) is null or status = ?)
                order by feed_seq limit ?""")
                .params(partnerId, afterPosition, ts(notBefore), status, status, limit)
                .query((rs, n) -> new FeedEntry(rs.getLong("feed_seq"), map(rs, n))).list();
    }

    /** Numbers committed events that have no feed position yet (see {@link FeedSequencer}); in a transaction. */
    public int sequenceFeed(int max) {
        return FeedSequencer.sequence(jdbc, FeedSequencer.Feed.PARTNER_EVENT, max);
    }

    /** Events in a push state ({@code FAILED}, {@code PENDING}) of a partner (null: any), oldest first, after {@code afterSeq}. */
    public List<Event> byPushState(String pushState, String partnerId, long afterSeq, int limit) {
        return jdbc.sql("""
                select * from partner_event where push_state = ? and (cast(? as varchar) is null or partner_id = ?)
                  and seq > ? order by seq limit ?""")
                .params(pushState, partnerId, partnerId, afterSeq, limit).query(PartnerEventStore::map).list();
    }

    /**
     * An operator's replay of FAILED webhook pushes (of a partner, or one event by {@code seq};
     * null: every): pending again, due now, with the retry schedule from its start. Returns the
     * events replayed.
     */
    public List<Event> replayFailed(String partnerId, Long seq, Instant now, int limit) {
        List<Event> failed = jdbc.sql("""
                select * from partner_event where push_state = 'FAILED' and (cast(? as varchar) is null or partner_id = ?)
                  and (cast(? as bigint) is null or seq = ?) order by seq limit ?""")
                .params(partnerId, partnerId, seq, seq, limit).query(PartnerEventStore::map).list();
        List<Event> replayed = new java.util.ArrayList<>();
        for (Event e : failed) {
            if (jdbc.sql("""
                    update partner_event set push_state = 'PENDING', push_attempts = 0, next_attempt_at = ?,
                      lease_owner = null, lease_until = null
                    where seq = ? and push_state = 'FAILED'""").params(ts(now), e.seq()).update() == 1) {
                replayed.add(e);
            }
        }
        return replayed;
    }

    /** Deletes events created before {@code cutoff} (PARTNER-APIS §5.3 retention); returns the count. */
    public int purgeBefore(Instant cutoff) {
        return jdbc.sql("delete from partner_event where created_at < ?").param(ts(cutoff)).update();
    }

    private static String truncate(String s) {
        return s == null || s.length() <= 500 ? s : s.substring(0, 500);
    }

    static Timestamp ts(Instant i) {
        return i == null ? null : Timestamp.from(i);
    }

    static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }

    private static Event map(ResultSet rs, int n) throws SQLException {
        return new Event(rs.getLong("seq"), rs.getString("event_id"), rs.getString("partner_id"),
                rs.getString("event_type"), rs.getString("decision_id"), rs.getString("declaration_id"),
                rs.getInt("sequence"), rs.getString("status"), rs.getString("body"), instant(rs, "created_at"),
                rs.getString("push_state"), rs.getInt("push_attempts"), instant(rs, "next_attempt_at"),
                rs.getString("last_error"), instant(rs, "delivered_at"));
    }
}
