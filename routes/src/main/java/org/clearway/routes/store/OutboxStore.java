package org.clearway.routes.store;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Pending CUSRSP/CONTRL interchanges per postal partner (CUSTOMS-AND-POSTAL-INTERFACES §2.3). */
@Repository
public class OutboxStore {
    public record Entry(String outboxId, String partnerId, String kind, String controlRef, String mediaType,
                        Instant createdAt, Instant ackedAt, String ingressId) {
    }

    private final JdbcClient jdbc;

    public OutboxStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public void insert(Entry e, byte[] body) {
        jdbc.sql("""
                insert into outbox (outbox_id, partner_id, kind, control_ref, media_type, body, created_at, ingress_id)
                values (?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(e.outboxId(), e.partnerId(), e.kind(), e.controlRef(), e.mediaType(), body,
                        Timestamp.from(e.createdAt()), e.ingressId())
                .update();
    }

    public List<Entry> pending(String partnerId) {
        return jdbc.sql("select * from outbox where partner_id = ? and acked_at is null order by created_at, outbox_id")
                .param(partnerId).query(OutboxStore::map).list();
    }

    public List<Entry> all(String partnerId) {
        return jdbc.sql("select * from outbox where partner_id = ? order by created_at, outbox_id")
                .param(partnerId).query(OutboxStore::map).list();
    }

    public Optional<Entry> find(String partnerId, String outboxId) {
        return jdbc.sql("select * from outbox where partner_id = ? and outbox_id = ?")
                .params(partnerId, outboxId).query(OutboxStore::map).optional();
    }

    public Optional<byte[]> body(String partnerId, String outboxId) {
        return jdbc.sql("select body from outbox where partner_id = ? and outbox_id = ?")
                .params(partnerId, outboxId).query((rs, n) -> rs.getBytes(1)).optional();
    }

    /** Marks an entry acknowledged; it stays in the archive. Returns false when it does not exist. */
    public boolean ack(String partnerId, String outboxId, Instant at) {
        int n = jdbc.sql("update outbox set acked_at = coalesce(acked_at, ?) where partner_id = ? and outbox_id = ?")
                .params(Timestamp.from(at), partnerId, outboxId).update();
        return n == 1;
    }

    private static Entry map(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
        Timestamp acked = rs.getTimestamp("acked_at");
        return new Entry(rs.getString("outbox_id"), rs.getString("partner_id"), rs.getString("kind"),
                rs.getString("control_ref"), rs.getString("media_type"), rs.getTimestamp("created_at").toInstant(),
                acked == null ? null : acked.toInstant(), rs.getString("ingress_id"));
    }
}
