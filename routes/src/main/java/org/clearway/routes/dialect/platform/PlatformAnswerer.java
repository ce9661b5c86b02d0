package org.clearway.routes.dialect.platform;

import org.clearway.mappings.canonical.Decision;
import org.clearway.routes.dialect.DecisionAnswerer;
import org.clearway.routes.response.express.PlatformEvents;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Platforms send orders through their own API, not {@code gw.parse}, but are answered the
 * decisions of the declarations their orders were fused into: a decision event per linked order
 * (PARTNER-APIS §5, §7), stored once per platform and decision.
 */
@Component
@Order(20)
public class PlatformAnswerer implements DecisionAnswerer {
    /** The platform order dialects (PARTNER-APIS §6: the JSON, CSV and NDJSON bindings). */
    public static final String NAME = "CLEARWAY-PLATFORM";

    private final PlatformEvents events;

    public PlatformAnswerer(PlatformEvents events) {
        this.events = events;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void answer(Decision decision) {
        events.publish(decision);
    }
}
