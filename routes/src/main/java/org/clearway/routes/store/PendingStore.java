package org.clearway.routes.store;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.clearway.routes.pending.PendingReason;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * PENDING declarations (V29): one row per held item and stage input ({@code declaration_id},
 * {@code ingress_id}), so a redelivered parse input finds its item already held. State moves once,
 * by a conditional update, from PENDING to RELEASED or REFUSED: of two instances or two triggers
 * only one wins.
 */
@Repository
public class PendingStore {
    public static final String PENDING = "PENDING";
    public static final String RELEASED = "RELEASED";
    public static final String REFUSED = "REFUSED";
    /** A newer input of the same declaration went on (or is held itself): the older hold is never released. */
    public static final String SUPERSEDED = "SUPERSEDED";

    /** A held item and the stage input it came from. */
    public record Pending(long pendingId, String declarationId, String ingressId, String partnerId, String dialect,
                          String itemRef, PendingReason reason, String reasonDetail, String state, String headersJson,
                          byte[] body, Instant createdAt, Instant deadline, int attempts, Instant lastAttemptAt,
                          Instant resolvedAt, String resolution) {
    }

    /**
     * What {@link #hold} writes. {@code sourceKey} set: the body is shared by every hold of that key
     * (stored once, in {@code pending_source}); null: the body is the hold's own.
     */
    public record Hold(String declarationId, String ingressId, String partnerId, String dialect, String itemRef,
                       PendingReason reason, String reasonDetail, String headersJson, byte[] body, String sourceKey) {
        public Hold(String declarationId, String ingressId, String partnerId, String dialect, String itemRef,
                    PendingReason reason, String reasonDetail, String headersJson, byte[] body) {
            this(declarationId, ingressId, partnerId, dialect, itemRef, reason, reasonDetail, headersJson, body, null);
        }
    }

    private static final String SELECT = """
            select p.*, coalesce(p.body, s.body) as source_body from pending_declaration p
            left join pending_source s on s.source_key = p.source_key""";

    private final JdbcClient jdbc;

    public PendingStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Holds the item; false when this input already holds it (a redelivery). */
    public boolean hold(Hold h, Instant now, Instant deadline) {
        if (find(h.declarationId(), h.ingressId()).isPresent()) {
            return false;
        }
        if (h.sourceKey() != null) {
            source(h.sourceKey(), h.body(), now);
        }
        try {
            jdbc.sql("""
                    insert into pending_declaration (declaration_id, ingress_id, partner_id, dialect, item_ref,
                        reason_code, reason_detail, state, headers_json, body, source_key, created_at, deadline,
                        attempts)
                    values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0)""")
                    .params(h.declarationId(), h.ingressId(), h.partnerId(), h.dialect(), cut(h.itemRef(), 70),
                            h.reason().name(), cut(h.reasonDetail(), 512), PENDING, h.headersJson(),
                            h.sourceKey() == null ? h.body() : null, h.sourceKey(),
                            Timestamp.from(now), Timestamp.from(deadline))
                    .update();
            return true;
        } catch (DuplicateKeyException e) {
            return false;
        }
    }

    private void source(String key, byte[] body, Instant now) {
        boolean stored = jdbc.sql("select count(*) from pending_source where source_key = ?").param(key)
                .query(Long.class).single() > 0;
        if (!stored) {
            try {
                jdbc.sql("insert into pending_source (source_key, body, created_at) values (?, ?, ?)")
                        .params(key, body, Timestamp.from(now)).update();
            } catch (DuplicateKeyException raced) {
                // another consumer of the same input stored it first: the same bytes
            }
        }
    }

    /** Removes holds resolved before {@code cutoff} and the shared inputs no hold needs any more. */
    public int purgeResolvedBefore(Instant cutoff) {
        int n = jdbc.sql("delete from pending_declaration where state <> ? and resolved_at < ?")
                .params(PENDING, Timestamp.from(cutoff)).update();
        jdbc.sql("""
                delete from pending_source where not exists
                  (select 1 from pending_declaration p where p.source_key = pending_source.source_key)""").update();
        return n;
    }

    public Optional<Pending> find(String declarationId, String ingressId) {
        return jdbc.sql(SELECT + " where p.declaration_id = ? and p.ingress_id = ?")
                .params(declarationId, ingressId).query(PendingStore::map).optional();
    }

    public Optional<Pending> byId(long pendingId) {
        return jdbc.sql(SELECT + " where p.pending_id = ?").param(pendingId)
                .query(PendingStore::map).optional();
    }

    /** Every hold of a declaration, oldest first. */
    public List<Pending> forDeclaration(String declarationId) {
        return jdbc.sql(SELECT + " where p.declaration_id = ? order by p.pending_id")
                .param(declarationId).query(PendingStore::map).list();
    }

    /** Items in {@code state} (null: all), oldest first, after {@code afterId}. */
    public List<Pending> list(String state, String partnerId, long afterId, int limit) {
        return jdbc.sql(SELECT + """
                 where p.pending_id > ?
                  and (cast(? as varchar(16)) is null or p.state = ?)
                  and (cast(? as varchar(35)) is null or p.partner_id = ?)
                order by p.pending_id limit ?""")
                .params(afterId, state, state, partnerId, partnerId, limit).query(PendingStore::map).list();
    }

    /** Ids of items still pending after {@code afterId}, oldest first. */
    public List<Long> pendingIds(long afterId, int limit) {
        return jdbc.sql("""
                select pending_id from pending_declaration where state = ? and pending_id > ?
                order by pending_id limit ?""")
                .params(PENDING, afterId, limit).query(Long.class).list();
    }

    /** Ids of pending items whose deadline has passed. */
    public List<Long> expiredIds(Instant now, int limit) {
        return jdbc.sql("""
                select pending_id from pending_declaration where state = ? and deadline <= ?
                order by pending_id limit ?""")
                .params(PENDING, Timestamp.from(now), limit).query(Long.class).list();
    }

    /** Records a failed attempt (the cause is still there). */
    public void attempted(long pendingId, String detail, Instant now) {
        jdbc.sql("""
                update pending_declaration set attempts = attempts + 1, last_attempt_at = ?, reason_detail = ?
                where pending_id = ? and state = ?""")
                .params(Timestamp.from(now), cut(detail, 512), pendingId, PENDING).update();
    }

    /** Moves a pending item to {@code state}; false when another caller resolved it first. */
    public boolean resolve(long pendingId, String state, String resolution, Instant now) {
        return jdbc.sql("""
                update pending_declaration set state = ?, resolved_at = ?, resolution = ?, attempts = attempts + 1,
                    last_attempt_at = ?
                where pending_id = ? and state = ?""")
                .params(state, Timestamp.from(now), cut(resolution, 512), Timestamp.from(now), pendingId, PENDING)
                .update() == 1;
    }

    /**
     * Resolves as {@link #SUPERSEDED} the holds of {@code declarationId} from inputs other than
     * {@code ingressId}: a newer version of the item (a replacement, a resend, the next shipment
     * revision) makes the held one obsolete, and releasing it later would overtake the newer one.
     */
    public int supersede(String declarationId, String ingressId, Instant now) {
        return jdbc.sql("""
                update pending_declaration set state = ?, resolved_at = ?, resolution = ?
                where declaration_id = ? and ingress_id <> ? and state = ?""")
                .params(SUPERSEDED, Timestamp.from(now), "superseded by ingress " + ingressId, declarationId,
                        ingressId, PENDING)
                .update();
    }

    /** Pending items by reason (every reason present, 0 when none). */
    public Map<PendingReason, Long> countsByReason() {
        Map<PendingReason, Long> counts = new EnumMap<>(PendingReason.class);
        for (PendingReason r : PendingReason.values()) {
            counts.put(r, 0L);
        }
        jdbc.sql("select reason_code, count(*) from pending_declaration where state = ? group by reason_code")
                .param(PENDING).query((rs, n) -> {
                    try {
                        counts.put(PendingReason.valueOf(rs.getString(1)), rs.getLong(2));
                    } catch (IllegalArgumentException unknown) {
                        // a reason written by a newer version: not counted here
                    }
                    return null;
                }).list();
        return counts;
    }

    /** The store's database (tests). */
    JdbcClient jdbcForTest() {
        return jdbc;
    }

    private static String cut(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }

    private static Pending map(java.sql.ResultSet rs, int n) throws java.sql.SQLException {
        Timestamp last = rs.getTimestamp("last_attempt_at");
        Timestamp resolved = rs.getTimestamp("resolved_at");
        return new Pending(rs.getLong("pending_id"), rs.getString("declaration_id"), rs.getString("ingress_id"),
                rs.getString("partner_id"), rs.getString("dialect"), rs.getString("item_ref"),
                PendingReason.valueOf(rs.getString("reason_code")), rs.getString("reason_detail"),
                rs.getString("state"), rs.getString("headers_json"), rs.getBytes("source_body"),
                rs.getTimestamp("created_at").toInstant(), rs.getTimestamp("deadline").toInstant(),
                rs.getInt("attempts"), last == null ? null : last.toInstant(),
                resolved == null ? null : resolved.toInstant(), rs.getString("resolution"));
    }
}
