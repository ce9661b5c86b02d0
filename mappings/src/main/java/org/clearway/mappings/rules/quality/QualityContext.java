package org.clearway.mappings.rules.quality;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.Set;
import org.clearway.mappings.canonical.Declaration;
import org.clearway.mappings.canonical.Source;
import org.clearway.mappings.rates.ExchangeRateTable;
import org.clearway.mappings.rules.RoutingThresholds;

/**
 * What the data-quality rules need besides the declaration: the rate table (threshold comparisons
 * across currencies), the thresholds in force (from the rule pack, resolved by the caller) and the
 * {@code VAGUE_DESCRIPTION} deny-list.
 *
 * @param rates        exchange-rate table (§5.7)
 * @param thresholds   routing and de minimis thresholds (§5.1)
 * @param genericWords deny-list, upper case
 */
public record QualityContext(ExchangeRateTable rates, RoutingThresholds thresholds, Set<String> genericWords) {

    public QualityContext {
        rates = rates == null ? ExchangeRateTable.empty() : rates;
        thresholds = thresholds == null ? RoutingThresholds.defaults() : thresholds;
        genericWords = genericWords == null ? Vague.DEFAULT_GENERIC_WORDS : Set.copyOf(genericWords);
    }

    /**
     * The §5.7 rate date of a declaration: {@code invoice.date}, else {@code postal.postingDate},
     * else the UTC date of the earliest {@code sources[].receivedAt}.
     */
    public static LocalDate rateDate(Declaration d) {
        if (d.consignment().invoice() != null && d.consignment().invoice().date() != null) {
            return d.consignment().invoice().date();
        }
        if (d.consignment().postal() != null && d.consignment().postal().postingDate() != null) {
            return d.consignment().postal().postingDate();
        }
        return d.sources().stream().map(Source::receivedAt).filter(Objects::nonNull).min(java.util.Comparator.naturalOrder())
                .map(i -> LocalDate.ofInstant(i, ZoneOffset.UTC)).orElse(LocalDate.ofInstant(d.createdAt(), ZoneOffset.UTC));
    }
}
