package org.clearway.routes.pending;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * PENDING declarations ({@code clearway.pending}, CANONICAL-MODEL §4): how long an item may wait for
 * its cause to be fixed before it is refused, and how often pending items are tried again (and the
 * rate files checked for changes).
 *
 * @param maxAge       a pending item still unresolvable this long after it was held is refused (CUSRSP 90 / event)
 * @param pollInterval how often the rate files are checked for changes and pending items are re-tried and expired
 */
@ConfigurationProperties("clearway.pending")
public record PendingProperties(@DefaultValue("72h") Duration maxAge, @DefaultValue("1m") Duration pollInterval) {
    public PendingProperties {
        if (maxAge == null || maxAge.isNegative() || maxAge.isZero()) {
            throw new IllegalArgumentException("clearway.pending.max-age must be positive");
        }
    }
}
