package org.clearway.routes.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The per-partner token bucket of PARTNER-APIS §1.1: burst, sustained rate, 429 with Retry-After. */
class RateLimiterTest {
    private Instant now = Instant.parse("2026-11-24T10:00:00Z");
    private final Clock clock = new Clock() {
        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    };

    private RateLimiter limiter(int perSecond, int burst) {
        GatewayProperties.Api d = GatewayProperties.Api.defaults();
        GatewayProperties.Api api = new GatewayProperties.Api(d.maxJsonBytes(), d.maxBatchBytes(), d.maxSoapBytes(),
                d.maxGzipRatio(), perSecond, burst, d.idempotencyRetention(), d.eventRetention(), d.webhooks(), d.upload());
        GatewayProperties p = new GatewayProperties(java.nio.file.Path.of("data"),
                new GatewayProperties.Gateway("DECUSTGW", "ZZZ", ""),
                new GatewayProperties.Limits(1000, Duration.ofDays(30), Duration.ofDays(90)),
                new GatewayProperties.Signing(null, "", "a", "", List.of()),
                new GatewayProperties.Pipeline(1, 1, Duration.ZERO, Duration.ZERO, Duration.ZERO),
                new GatewayProperties.Routing("X", Map.of(), java.math.BigDecimal.ONE, java.math.BigDecimal.ONE,
                        java.math.BigDecimal.ONE), api, Map.of(), List.of(), Map.of());
        return new RateLimiter(p, clock);
    }

    @Test
    void burstIsServedAtOnceThenTheNextRequestIs429WithRetryAfter() {
        RateLimiter l = limiter(2, 5);
        for (int i = 0; i < 5; i++) {
            l.acquire("A");
        }
        assertThatThrownBy(() -> l.acquire("A")).isInstanceOfSatisfying(ApiProblem.class, p -> {
            assertThat(p.status().value()).isEqualTo(429);
            assertThat(p.slug()).isEqualTo("rate-limited");
            assertThat(p.headers()).containsEntry("Retry-After", "1");
        });
        l.acquire("B"); // partners have their own buckets
    }

    @Test
    void tokensRefillAtTheSustainedRate() {
        RateLimiter l = limiter(2, 2);
        l.acquire("A");
        l.acquire("A");
        assertThatThrownBy(() -> l.acquire("A")).isInstanceOf(ApiProblem.class);
        now = now.plusMillis(500);
        l.acquire("A");
        assertThatThrownBy(() -> l.acquire("A")).isInstanceOf(ApiProblem.class);
        now = now.plusSeconds(60);
        l.acquire("A");
        l.acquire("A");
        assertThatThrownBy(() -> l.acquire("A")).as("never more than the burst").isInstanceOf(ApiProblem.class);
    }
}
