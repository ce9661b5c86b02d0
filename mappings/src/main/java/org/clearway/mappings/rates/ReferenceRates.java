package org.clearway.mappings.rates;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.Collections;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import org.clearway.mappings.canonical.RateSource;

/**
 * Daily reference rates against one base currency (the ECB's: units of a currency per 1 EUR),
 * immutable. Any pair of currencies quoted on the same day is answered: {@code X -> base} is
 * {@code 1 / rate(X)}, {@code base -> Y} is {@code rate(Y)}, {@code X -> Y} is
 * {@code rate(Y) / rate(X)}, each rounded HALF_UP to the 6 fraction digits CANONICAL-MODEL §5.7
 * allows. The lookup takes the last day on or before the requested date that quotes both
 * currencies and reports that day as {@code rateDate} (§5.7 "last rate on or before").
 */
public final class ReferenceRates implements ExchangeRateTable {

    private static final MathContext DIVISION = MathContext.DECIMAL64;

    private final String base;
    private final RateSource source;
    private final NavigableMap<LocalDate, Map<String, BigDecimal>> days;

    /** @param days per day, units of each currency per 1 {@code base} (the base itself need not be listed) */
    public ReferenceRates(String base, RateSource source, Map<LocalDate, Map<String, BigDecimal>> days) {
        this.base = Objects.requireNonNull(base, "base");
        this.source = Objects.requireNonNull(source, "source");
        TreeMap<LocalDate, Map<String, BigDecimal>> copy = new TreeMap<>();
        days.forEach((d, rates) -> copy.put(d, Map.copyOf(rates)));
        this.days = Collections.unmodifiableNavigableMap(copy);
    }

    public RateSource source() {
        return source;
    }

    /** The newest day in the table, if any. */
    public Optional<LocalDate> latestDate() {
        return days.isEmpty() ? Optional.empty() : Optional.of(days.lastKey());
    }

    /** The currencies quoted on {@code day} against the base (empty when the day is not in the table). */
    public Map<String, BigDecimal> quotes(LocalDate day) {
        return days.getOrDefault(day, Map.of());
    }

    @Override
    public Optional<Rate> lookup(String from, String to, LocalDate onOrBefore) {
        if (from.equals(to)) {
            return Optional.empty();
        }
        NavigableMap<LocalDate, Map<String, BigDecimal>> candidates = onOrBefore == null ? days
                : days.headMap(onOrBefore, true);
        for (LocalDate day : candidates.descendingKeySet()) {
            Map<String, BigDecimal> q = days.get(day);
            BigDecimal perBaseFrom = from.equals(base) ? BigDecimal.ONE : q.get(from);
            BigDecimal perBaseTo = to.equals(base) ? BigDecimal.ONE : q.get(to);
            if (perBaseFrom != null && perBaseTo != null) {
                BigDecimal rate = perBaseTo.divide(perBaseFrom, DIVISION).setScale(6, RoundingMode.HALF_UP)
                        .stripTrailingZeros();
                if (rate.signum() == 0) {
                    return Optional.empty(); // below 0.000001: not expressible in §5.7
                }
                return Optional.of(new Rate(rate.scale() < 0 ? rate.setScale(0) : rate, source, day));
            }
        }
        return Optional.empty();
    }
}
