package org.clearway.routes.store;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Received interchanges: byte-identical replay and UNB 0020 duplicate detection (MIG §2.1, §7.1). */
@Repository
public class InterchangeStore {
    public enum Status { STAGING, ACCEPTED, REJECTED }

    public record Interchange(String ingressId, String partnerId, String controlRef, String payloadSha256,
                              Status status, String responseJson, Instant receivedAt) {
    }

    private final JdbcClient jdbc;

    public InterchangeStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public void insert(Interchange i) {
        jdbc.sql("""
                insert into interchange (ingress_id, partner_id, control_ref, payload_sha256, status, response_json, received_at)
                values (?, ?, ?, ?, ?, ?, ?)""")
                .params(i.ingressId(), i.partnerId(), i.controlRef(), i.payloadSha256(), i.status().name(),
                        i.responseJson(), Timestamp.from(i.receivedAt()))
                .update();
    }

    public void complete(String ingressId, Status status, String controlRef, String responseJson) {
        jdbc.sql("update interchange set status = ?, control_ref = ?, response_json = ? where ingress_id = ?")
                .params(status.name(), controlRef, responseJson, ingressId)
                .update();
    }

    /** The accepted interchange with exactly these bytes from this sender, if any. */
    public Optional<Interchange> findAcceptedBySha(String partnerId, String sha256) {
        return jdbc.sql("select * from interchange where partner_id = ? and payload_sha256 = ? and status = 'ACCEPTED' order by received_at")
                .params(partnerId, sha256)
                .query(InterchangeStore::map)
                .list().stream().findFirst();
    }

    /** An accepted interchange with this UNB 0020 received after {@code since}. */
    public Optional<Interchange> findAcceptedByControlRef(String partnerId, String controlRef, Instant since) {
        return jdbc.sql("select * from interchange where partner_id = ? and control_ref = ? and status = 'ACCEPTED' and received_at >= ?")
                .params(partnerId, controlRef, Timestamp.from(since))
                .query(InterchangeStore::map)
                .list().stream().findFirst();
    }

    private static Interchange map(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
        return new Interchange(rs.getString("ingress_id"), rs.getString("partner_id"), rs.getString("control_ref"),
                rs.getString("payload_sha256"), Status.valueOf(rs.getString("status")), rs.getString("response_json"),
                rs.getTimestamp("received_at").toInstant());
    }
}
