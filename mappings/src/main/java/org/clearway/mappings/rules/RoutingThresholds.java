package org.clearway.mappings.rules;

import java.util.Map;
import java.util.Objects;
import org.clearway.mappings.canonical.Money;

/**
 * Routing and de minimis thresholds of CANONICAL-MODEL §5.1 ({@code routing.eu.h7-max},
 * {@code routing.<destination>.de-minimis}) as the caller resolved them for the date: those of the
 * rule packs in force, else the fixed configuration. Read by the data-quality rules
 * ({@link org.clearway.mappings.rules.quality.DataQualityRules}).
 *
 * @param euH7Max        highest intrinsic value for EU_H7 (default 150 EUR)
 * @param euDeMinimis    EU low-value threshold (default 150 EUR)
 * @param usDeMinimis    US low-value threshold (default 800 USD)
 * @param otherDeMinimis de minimis of other destinations by country (may be empty)
 */
public record RoutingThresholds(Money euH7Max, Money euDeMinimis, Money usDeMinimis,
                                Map<String, Money> otherDeMinimis) {
    public RoutingThresholds {
        Objects.requireNonNull(euH7Max, "euH7Max");
        Objects.requireNonNull(euDeMinimis, "euDeMinimis");
        Objects.requireNonNull(usDeMinimis, "usDeMinimis");
        otherDeMinimis = otherDeMinimis == null ? Map.of() : Map.copyOf(otherDeMinimis);
    }

    /** The defaults of §5.1: EU 150 EUR for both, US 800 USD. */
    public static RoutingThresholds defaults() {
        return new RoutingThresholds(Money.of("150.00", "EUR"), Money.of("150.00", "EUR"),
                Money.of("800.00", "USD"), Map.of());
    }
}
