package org.clearway.routes.pending;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.clearway.routes.store.PendingStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * {@code clearway.pending.declarations{reason}}: items PENDING now, read from the database at
 * scrape time (so every instance reports the cluster's count). Held, released and refused items
 * are also counted as stage events ({@code clearway.stage.messages}, stage parse/pending).
 */
@Component
public class PendingMetrics implements MeterBinder {
    public static final String PENDING_DECLARATIONS = "clearway.pending.declarations";
    private static final Logger log = LoggerFactory.getLogger(PendingMetrics.class);

    private final PendingStore store;

    public PendingMetrics(PendingStore store) {
        this.store = store;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        for (PendingReason reason : PendingReason.values()) {
            Gauge.builder(PENDING_DECLARATIONS, () -> count(reason))
                    .description("Declarations PENDING for a cause the operator can fix, by reason")
                    .tag("reason", reason.name())
                    .register(registry);
        }
    }

    private double count(PendingReason reason) {
        try {
            return store.countsByReason().getOrDefault(reason, 0L);
        } catch (RuntimeException e) {
            log.debug("pending count unreadable: {}", e.toString());
            return Double.NaN;
        }
    }
}
