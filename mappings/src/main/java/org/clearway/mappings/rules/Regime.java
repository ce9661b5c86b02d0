package org.clearway.mappings.rules;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One customs regime's rule file: the destination countries it covers, its currency, the time
 * zone its dates are read in (a pack starting on 1 July starts at midnight there) and its packs,
 * sorted by date and contiguous (the loader refuses overlaps and gaps).
 */
public record Regime(String id, Set<String> countries, String currency, ZoneId zone, String file,
                     List<RulePack> packs) {
    public Regime {
        Objects.requireNonNull(id, "id");
        countries = Set.copyOf(countries);
        Objects.requireNonNull(currency, "currency");
        Objects.requireNonNull(zone, "zone");
        packs = List.copyOf(packs);
    }

    /** The pack in force on {@code date}, empty before the first pack starts or after the last ends. */
    public Optional<RulePack> inForce(LocalDate date) {
        return packs.stream().filter(p -> p.covers(date)).findFirst();
    }
}
