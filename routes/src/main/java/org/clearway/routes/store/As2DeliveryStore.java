package org.clearway.routes.store;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Delivery state of outbox entries sent by AS2 (table {@code as2_delivery}): attempts, when the
 * next one is due, the last error; DELIVERED once a verified positive MDN arrived.
 */
@Repository
public class As2DeliveryStore {

    public record Delivery(String outboxId, String partnerId, String messageId, int attempts, String state,
                           Instant nextAttemptAt, String lastError) {
    }

    private final JdbcClient jdbc;

    public As2DeliveryStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<Delivery> find(String outboxId) {
        return jdbc.sql("select outbox_id, partner_id, message_id, attempts, state, next_attempt_at, last_error"
                        + " from as2_delivery where outbox_id = ?")
                .param(outboxId)
                .query((rs, n) -> new Delivery(rs.getString(1), rs.getString(2), rs.getString(3), rs.getInt(4),
                        rs.getString(5), rs.getTimestamp(6).toInstant(), rs.getString(7)))
                .optional();
    }

    /** Records one attempt and its outcome: DELIVERED, or PENDING with the next attempt's time. */
    public void attempted(String outboxId, String partnerId, String messageId, boolean delivered, Instant nextAttemptAt,
                          String error, Instant now) {
        String state = delivered ? "DELIVERED" : "PENDING";
        String truncated = error == null ? null : error.length() > 1000 ? error.substring(0, 1000) : error;
        int updated = jdbc.sql("update as2_delivery set message_id = ?, attempts = attempts + 1, state = ?,"
                        + " next_attempt_at = ?, last_error = ?, updated_at = ? where outbox_id = ?")
                .params(messageId, state, Timestamp.from(nextAttemptAt), truncated, Timestamp.from(now), outboxId)
                .update();
        if (updated == 0) {
            jdbc.sql("insert into as2_delivery (outbox_id, partner_id, message_id, attempts, state, next_attempt_at,"
                            + " last_error, updated_at) values (?, ?, ?, 1, ?, ?, ?, ?)")
                    .params(outboxId, partnerId, messageId, state, Timestamp.from(nextAttemptAt), truncated,
                            Timestamp.from(now))
                    .update();
        }
    }
}
