package org.clearway.routes.store;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Idempotency keys of the partner APIs (PARTNER-APIS §1.2): scope (partner, key), the SHA-256 of
 * the decompressed body, IN_FLIGHT while the first request runs, then DONE with the response to
 * replay. Each call commits on its own, so a concurrent request sees the in-flight row. An IN_FLIGHT
 * row holds a lease ({@code lease_until}): a request cut by a crash never completes its row, and
 * once the lease has run out a retry with the same body takes the row over (a conditional update,
 * so of several retries on several instances exactly one wins).
 */
@Repository
public class IdempotencyStore {

    public record Entry(String partnerId, String key, String requestSha256, String operation, String state,
                        Integer status, String responseJson, Instant createdAt, Instant leaseUntil) {
        public boolean inFlight() {
            return "IN_FLIGHT".equals(state);
        }
    }

    private final JdbcClient jdbc;

    public IdempotencyStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Claims the key with the default lease of two minutes (tests and callers without a lease policy). */
    public Optional<Entry> claim(String partnerId, String key, String sha256, String operation, Instant now,
                                 Instant validSince) {
        return claim(partnerId, key, sha256, operation, now, validSince, now.plus(java.time.Duration.ofMinutes(2)));
    }

    /**
     * Claims the key until {@code leaseUntil}; empty when claimed (new, past the retention, or an
     * abandoned IN_FLIGHT row with the same request whose lease ran out), else the existing entry.
     */
    public Optional<Entry> claim(String partnerId, String key, String sha256, String operation, Instant now,
                                 Instant validSince, Instant leaseUntil) {
        for (int attempt = 0; attempt < 3; attempt++) {
            // the primary key decides between concurrent claims, also from other gateway instances;
            // "on conflict do nothing" keeps an enclosing PostgreSQL transaction usable
            int inserted = jdbc.sql("""
                    insert into idempotency_key (partner_id, idem_key, request_sha256, operation, state, created_at, lease_until)
                    values (?, ?, ?, ?, 'IN_FLIGHT', ?, ?) on conflict do nothing""")
                    .params(partnerId, key, sha256, operation, Timestamp.from(now), Timestamp.from(leaseUntil)).update();
            if (inserted == 1) {
                return Optional.empty();
            }
            Optional<Entry> existing = find(partnerId, key);
            if (existing.isEmpty()) {
                continue; // released meanwhile
            }
            if (existing.get().createdAt().isBefore(validSince)) {
                // past the retention: the key may be used afresh
                jdbc.sql("delete from idempotency_key where partner_id = ? and idem_key = ? and created_at = ?")
                        .params(partnerId, key, Timestamp.from(existing.get().createdAt())).update();
                continue;
            }
            Entry e = existing.get();
            if (e.inFlight() && e.requestSha256().equals(sha256)) {
                // rows written before leases existed expire one lease length after their creation
                Instant expiry = e.leaseUntil() != null ? e.leaseUntil()
                        : e.createdAt().plus(java.time.Duration.between(now, leaseUntil));
                if (!expiry.isAfter(now)) {
                    int taken = jdbc.sql("""
                            update idempotency_key set created_at = ?, lease_until = ?
                            where partner_id = ? and idem_key = ? and state = 'IN_FLIGHT' and created_at = ?""")
                            .params(Timestamp.from(now), Timestamp.from(leaseUntil), partnerId, key,
                                    Timestamp.from(e.createdAt())).update();
                    if (taken == 1) {
                        return Optional.empty();
                    }
                    continue; // another retry took it over (or it completed) meanwhile
                }
            }
            return existing;
        }
        throw new IllegalStateException("could not claim idempotency key " + key);
    }

    public Optional<Entry> find(String partnerId, String key) {
        return jdbc.sql("select * from idempotency_key where partner_id = ? and idem_key = ?")
                .params(partnerId, key)
                .query((rs, n) -> new Entry(rs.getString("partner_id"), rs.getString("idem_key"),
                        rs.getString("request_sha256"), rs.getString("operation"), rs.getString("state"),
                        (Integer) rs.getObject("status"), rs.getString("response_json"),
                        rs.getTimestamp("created_at").toInstant(),
                        rs.getTimestamp("lease_until") == null ? null : rs.getTimestamp("lease_until").toInstant()))
                .optional();
    }

    public void complete(String partnerId, String key, int status, String responseJson) {
        jdbc.sql("update idempotency_key set state = 'DONE', status = ?, response_json = ? where partner_id = ? and idem_key = ?")
                .params(status, responseJson, partnerId, key).update();
    }

    /** Frees the key after a failure that was not answered, so the partner can retry with it. */
    public void release(String partnerId, String key) {
        jdbc.sql("delete from idempotency_key where partner_id = ? and idem_key = ? and state = 'IN_FLIGHT'")
                .params(partnerId, key).update();
    }

    /** Deletes keys older than the retention; returns how many. */
    public int purge(Instant before) {
        return jdbc.sql("delete from idempotency_key where created_at < ?").param(Timestamp.from(before)).update();
    }
}
