package org.clearway.routes.store;

import static org.clearway.routes.store.PartnerEventStore.instant;
import static org.clearway.routes.store.PartnerEventStore.ts;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * One webhook endpoint per partner (PARTNER-APIS §5.2): URL, subscribed event types, signing
 * secret (and the previous one during a rotation overlap), and the auto-disable state.
 */
@Repository
public class WebhookEndpointStore {

    /** A partner's webhook endpoint. {@code events} are event types. */
    public record Endpoint(String partnerId, String url, List<String> events, boolean enabled, String signingSecret,
                           String previousSecret, Instant previousValidUntil, int consecutiveFailures,
                           Instant disabledAt, Instant updatedAt) {
        public Endpoint {
            events = List.copyOf(events);
        }

        /** Whether an event of this type is pushed to this endpoint now. */
        public boolean subscribed(String eventType) {
            return enabled && events.contains(eventType);
        }
    }

    private final JdbcClient jdbc;

    public WebhookEndpointStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<Endpoint> find(String partnerId) {
        return jdbc.sql("select * from webhook_endpoint where partner_id = ?").param(partnerId)
                .query(WebhookEndpointStore::map).optional();
    }

    /** Locks the partner's row for the rest of the caller's transaction. */
    public Optional<Endpoint> lock(String partnerId) {
        return jdbc.sql("select * from webhook_endpoint where partner_id = ? for update").param(partnerId)
                .query(WebhookEndpointStore::map).optional();
    }

    public void insert(Endpoint e) {
        jdbc.sql("""
                insert into webhook_endpoint (partner_id, url, events, enabled, signing_secret, previous_secret,
                  previous_valid_until, consecutive_failures, disabled_at, updated_at)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(e.partnerId(), e.url(), String.join(",", e.events()), e.enabled(), e.signingSecret(),
                        e.previousSecret(), ts(e.previousValidUntil()), e.consecutiveFailures(), ts(e.disabledAt()),
                        ts(e.updatedAt()))
                .update();
    }

    public void update(Endpoint e) {
        jdbc.sql("""
                update webhook_endpoint set url = ?, events = ?, enabled = ?, signing_secret = ?, previous_secret = ?,
                  previous_valid_until = ?, consecutive_failures = ?, disabled_at = ?, updated_at = ?
                where partner_id = ?""")
                .params(e.url(), String.join(",", e.events()), e.enabled(), e.signingSecret(), e.previousSecret(),
                        ts(e.previousValidUntil()), e.consecutiveFailures(), ts(e.disabledAt()), ts(e.updatedAt()),
                        e.partnerId())
                .update();
    }

    /** A delivery succeeded: the run of FAILED events is broken. */
    public void resetFailures(String partnerId) {
        jdbc.sql("update webhook_endpoint set consecutive_failures = 0 where partner_id = ? and consecutive_failures <> 0")
                .param(partnerId).update();
    }

    /** One more event ended FAILED; returns the new count of consecutive FAILED events. */
    public int countFailure(String partnerId) {
        jdbc.sql("update webhook_endpoint set consecutive_failures = consecutive_failures + 1 where partner_id = ?")
                .param(partnerId).update();
        return jdbc.sql("select consecutive_failures from webhook_endpoint where partner_id = ?").param(partnerId)
                .query(Integer.class).optional().orElse(0);
    }

    /** Disables an enabled endpoint; false when it was already disabled. */
    public boolean disable(String partnerId, Instant at) {
        return jdbc.sql("""
                update webhook_endpoint set enabled = false, disabled_at = ?, updated_at = ?
                where partner_id = ? and enabled = true""")
                .params(ts(at), ts(at), partnerId).update() == 1;
    }

    private static Endpoint map(ResultSet rs, int n) throws SQLException {
        String events = rs.getString("events");
        return new Endpoint(rs.getString("partner_id"), rs.getString("url"),
                events == null || events.isBlank() ? List.of() : Arrays.asList(events.split(",")),
                rs.getBoolean("enabled"), rs.getString("signing_secret"), rs.getString("previous_secret"),
                instant(rs, "previous_valid_until"), rs.getInt("consecutive_failures"), instant(rs, "disabled_at"),
                instant(rs, "updated_at"));
    }
}
