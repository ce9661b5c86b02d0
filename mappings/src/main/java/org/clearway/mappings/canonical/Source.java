package org.clearway.mappings.canonical;

import java.time.Instant;
import java.util.Objects;

/**
 * One partner message merged into a declaration revision, {@code sources[]} (CANONICAL-MODEL §5.1).
 * {@code idempotencyKey} is optional; {@code payloadSha256} is 64 lower-case hex digits.
 */
public record Source(String partnerId, PartnerKind partnerKind, String dialect, String sourceMessageRef,
                     String idempotencyKey, Instant receivedAt, String payloadSha256) {
    public Source {
        Objects.requireNonNull(partnerId, "partnerId");
        Objects.requireNonNull(partnerKind, "partnerKind");
        Objects.requireNonNull(dialect, "dialect");
        Objects.requireNonNull(sourceMessageRef, "sourceMessageRef");
        Objects.requireNonNull(receivedAt, "receivedAt");
        Objects.requireNonNull(payloadSha256, "payloadSha256");
    }
}
