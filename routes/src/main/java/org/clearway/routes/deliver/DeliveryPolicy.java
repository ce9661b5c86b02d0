package org.clearway.routes.deliver;

import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Retry policy of the HTTP push outbox ({@code clearway.delivery}): how often due jobs are looked
 * for, how many pushes run at once per backend, how long a claimed job stays with one instance,
 * and the bound after which a job that keeps failing becomes DEAD (either limit; 0 = that limit
 * off). The backoff itself is {@code clearway.pipeline.http-retry-initial} doubling up to
 * {@code http-retry-max}. Per-backend overrides under {@code backends.<backendId>}.
 *
 * @param pollInterval    how often each instance looks for due jobs (a new job wakes it at once)
 * @param concurrency     pushes in flight per backend and instance
 * @param lease           how long a claimed job stays with the instance pushing it; must exceed
 *                        the push timeout, else another instance may push it again meanwhile
 * @param maxAttempts     failed attempts after which the job is DEAD (0: no attempt limit)
 * @param maxAge          time since the job's first attempt (or its replay) after which a failing
 *                        job is DEAD (0: no age limit)
 * @param keepDelivered   delivered jobs are deleted after this (the emission and trace remain)
 */
@ConfigurationProperties("clearway.delivery")
public record DeliveryPolicy(@DefaultValue("1s") Duration pollInterval,
                             @DefaultValue("4") int concurrency,
                             @DefaultValue("2m") Duration lease,
                             @DefaultValue("1000") int maxAttempts,
                             @DefaultValue("24h") Duration maxAge,
                             @DefaultValue("7d") Duration keepDelivered,
                             @DefaultValue Map<String, Backend> backends) {

    /** A backend's own limits; unset values fall back to the defaults above. */
    public record Backend(Integer concurrency, Integer maxAttempts, Duration maxAge) {
    }

    public static DeliveryPolicy defaults() {
        return new DeliveryPolicy(Duration.ofSeconds(1), 4, Duration.ofMinutes(2), 1000, Duration.ofHours(24),
                Duration.ofDays(7), Map.of());
    }

    public int concurrency(String backendId) {
        Backend b = backends.get(backendId);
        return Math.max(1, b != null && b.concurrency() != null ? b.concurrency() : concurrency);
    }

    public int maxAttempts(String backendId) {
        Backend b = backends.get(backendId);
        return b != null && b.maxAttempts() != null ? b.maxAttempts() : maxAttempts;
    }

    public Duration maxAge(String backendId) {
        Backend b = backends.get(backendId);
        return b != null && b.maxAge() != null ? b.maxAge() : maxAge;
    }
}
