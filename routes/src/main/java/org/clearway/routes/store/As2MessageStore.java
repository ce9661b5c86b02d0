package org.clearway.routes.store;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Processed AS2 Message-IDs per partner (CUSTOMS-AND-POSTAL §2.1, table {@code as2_message}): a
 * repeated Message-ID is receipted again from this record instead of being processed twice.
 */
@Repository
public class As2MessageStore {

    /** A processed message: the ingress pass it went through and how that ended. */
    public record Processed(String partnerId, String messageId, String ingressId, String outcome, Instant receivedAt) {
    }

    private final JdbcClient jdbc;

    public As2MessageStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<Processed> find(String partnerId, String messageId) {
        return jdbc.sql("select partner_id, message_id, ingress_id, outcome, received_at from as2_message"
                        + " where partner_id = ? and message_id = ?")
                .params(partnerId, messageId)
                .query((rs, n) -> new Processed(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getTimestamp(5).toInstant()))
                .optional();
    }

    /**
     * Records a processed message; {@code false} when the same Message-ID was recorded meanwhile
     * (two copies in flight at once: the ingress pass replays the second, byte-identical one).
     */
    public boolean record(String partnerId, String messageId, String ingressId, String outcome, String mic,
                          Instant receivedAt) {
        try {
            jdbc.sql("insert into as2_message (partner_id, message_id, ingress_id, outcome, mic, received_at)"
                            + " values (?, ?, ?, ?, ?, ?)")
                    .params(partnerId, messageId, ingressId, outcome, mic, Timestamp.from(receivedAt)).update();
            return true;
        } catch (DuplicateKeyException e) {
            return false;
        }
    }

    /** The Received-Content-MIC of the first receipt, {@code "<base64>, <micalg>"}. */
    public Optional<String> mic(String partnerId, String messageId) {
        return jdbc.sql("select mic from as2_message where partner_id = ? and message_id = ?")
                .params(partnerId, messageId).query(String.class).optional();
    }
}
