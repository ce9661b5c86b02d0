package org.clearway.routes.ops;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * Every trace event is a metric too: {@code clearway.stage.messages} counts events by stage,
 * event, outcome and partner; delivery attempts, their latency and dead letters have their own
 * meters. Tag values come from small fixed sets (stage and event names in code, configured
 * partner ids), so the series stay bounded.
 */
@Component
public class StageEvents {
    public static final String STAGE_MESSAGES = "clearway.stage.messages";
    public static final String DELIVERY_ATTEMPTS = "clearway.delivery.attempts";
    public static final String DELIVERY_LATENCY = "clearway.delivery.latency";
    public static final String DEAD_LETTERS = "clearway.deadletters";
    public static final String REPLAYED = "clearway.deadletters.replayed";
    /** Tag value when the event names no partner. */
    public static final String NO_PARTNER = "none";

    private static final Set<String> REJECTED = Set.of("rejected", "cusrsp-validation", "not-fused", "not-amended");
    private static final Set<String> FAILED = Set.of("attempt-failed", "dead-lettered", "failed", "mdn-refused",
            "mdn-failed", "send-failed");

    private final MeterRegistry registry;

    public StageEvents(MeterRegistry registry) {
        this.registry = registry;
    }

    /** One stage event; {@code partner} may be null when the caller does not know it. */
    public void record(String stage, String event, String partner) {
        Counter.builder(STAGE_MESSAGES)
                .description("Stage events (one per trace event)")
                .tag("stage", stage)
                .tag("event", event)
                .tag("outcome", outcome(event))
                .tag("partner", partner == null || partner.isBlank() ? NO_PARTNER : partner)
                .register(registry).increment();
    }

    /** One push or hand-over to a customs backend: {@code delivered}, {@code retry} or {@code rejected}. */
    public void deliveryAttempt(String backend, String outcome) {
        Counter.builder(DELIVERY_ATTEMPTS).description("Delivery attempts to customs backends")
                .tag("backend", backend == null ? NO_PARTNER : backend).tag("outcome", outcome)
                .register(registry).increment();
    }

    /** Time from the revision's acceptance to its delivery to the backend. */
    public void deliveryLatency(String backend, Duration latency) {
        Timer.builder(DELIVERY_LATENCY).description("Declaration revision accepted -> delivered to the backend")
                .tag("backend", backend == null ? NO_PARTNER : backend)
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(5)).maximumExpectedValue(Duration.ofHours(1))
                .register(registry).record(latency.isNegative() ? Duration.ZERO : latency);
    }

    public void deadLettered(String origin) {
        Counter.builder(DEAD_LETTERS).description("Messages moved to a dead-letter queue")
                .tag("queue", origin).register(registry).increment();
    }

    public void replayed(String origin, int count) {
        Counter.builder(REPLAYED).description("Dead letters replayed onto their origin queue")
                .tag("queue", origin).register(registry).increment(count);
    }

    static String outcome(String event) {
        String e = event.toLowerCase(Locale.ROOT);
        if (REJECTED.contains(e) || e.endsWith("-rejected")) {
            return "rejected";
        }
        if (FAILED.contains(e) || e.endsWith("-failed")) {
            return "failed";
        }
        return "ok";
    }
}
