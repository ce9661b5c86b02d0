package org.clearway.routes.response.express;

import org.clearway.mappings.canonical.Decision;
import org.springframework.stereotype.Service;

/**
 * Turns a stored customs decision into a decision event (PARTNER-APIS §5.1) for the express
 * partner that submitted the shipment, stored once per (partner, decision) for push and pull.
 */
@Service
public class ExpressEvents {

    /** Publishes the decision to the express partner behind its declaration, if there is one. Idempotent. */
    public void publish(Decision decision) {
    }
}
