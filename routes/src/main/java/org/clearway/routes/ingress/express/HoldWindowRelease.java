package org.clearway.routes.ingress.express;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/** Polls for hold windows that are over (PARTNER-APIS §7.2) and releases their shipments. */
@Component
class HoldWindowRelease {
    private static final Logger log = LoggerFactory.getLogger(HoldWindowRelease.class);

    private final ExpressService express;

    HoldWindowRelease(ExpressService express) {
        this.express = express;
    }

    @Scheduled(initialDelayString = "${clearway.pipeline.hold-poll-interval:1s}",
            fixedDelayString = "${clearway.pipeline.hold-poll-interval:1s}")
    void release() {
        try {
            int released;
            do {
                released = express.releaseExpiredHolds(100);
                if (released > 0) {
                    log.info("released {} shipment(s) whose hold window ended without order data", released);
                }
            } while (released == 100);
        } catch (RuntimeException e) {
            // the windows stay in the database; the next poll tries again
            log.warn("hold window release failed; retried at the next poll: {}", e.toString());
        }
    }
}
