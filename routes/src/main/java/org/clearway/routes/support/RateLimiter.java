package org.clearway.routes.support;

import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * Per-partner token bucket of the partner APIs (PARTNER-APIS §1.1): {@code rate-limit-per-second}
 * sustained, {@code rate-limit-burst} at once. An empty bucket is 429 {@code rate-limited} with
 * {@code Retry-After} in whole seconds. In-memory per gateway instance [I]: with N instances behind
 * a balancer a partner gets N times the rate, which operators size for.
 */
@Component
public class RateLimiter {
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();
    private final double perSecond;
    private final double burst;
    private final Clock clock;

    public RateLimiter(GatewayProperties properties, Clock clock) {
        this.perSecond = Math.max(1, properties.api().rateLimitPerSecond());
        this.burst = Math.max(1, properties.api().rateLimitBurst());
        this.clock = clock;
    }

    /** Takes one token for the partner or throws 429. */
    public void acquire(String partnerId) {
        Bucket bucket = buckets.computeIfAbsent(partnerId, id -> new Bucket(burst, clock.millis()));
        double wait;
        synchronized (bucket) {
            long now = clock.millis();
            bucket.tokens = Math.min(burst, bucket.tokens + (now - bucket.at) * perSecond / 1000.0);
            bucket.at = now;
            if (bucket.tokens >= 1) {
                bucket.tokens -= 1;
                return;
            }
            wait = (1 - bucket.tokens) / perSecond;
        }
        long retryAfter = Math.max(1, (long) Math.ceil(wait));
        throw new ApiProblem(HttpStatus.TOO_MANY_REQUESTS, "rate-limited",
                "partner " + partnerId + " exceeds " + (long) perSecond + " requests/s (burst " + (long) burst + ")",
                java.util.List.of(), Map.of("Retry-After", String.valueOf(retryAfter)));
    }

    private static final class Bucket {
        double tokens;
        long at;

        Bucket(double tokens, long at) {
            this.tokens = tokens;
            this.at = at;
        }
    }
}
