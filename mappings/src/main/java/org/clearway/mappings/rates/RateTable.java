package org.clearway.mappings.rates;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.clearway.mappings.canonical.RateSource;

/**
 * A fixed, immutable table of currency-pair rates from one source (CANONICAL-MODEL §5.7), e.g. the
 * rates a customs administration publishes for a month. A dated rate applies from its date on
 * (the lookup takes the last one on or before the requested date and reports its date as
 * {@code rateDate}); an undated rate applies to every date and the lookup date is reported.
 */
public final class RateTable implements ExchangeRateTable {

    private static final Pattern PAIR = Pattern.compile("([A-Z]{3})[-/]([A-Z]{3})");

    private final RateSource source;
    private final Map<String, NavigableMap<LocalDate, BigDecimal>> dated;
    private final Map<String, BigDecimal> undated;

    private RateTable(RateSource source, Map<String, NavigableMap<LocalDate, BigDecimal>> dated,
                      Map<String, BigDecimal> undated) {
        this.source = source;
        this.dated = dated;
        this.undated = undated;
    }

    /**
     * A table from configuration: keys {@code FROM-TO} or {@code FROM/TO} (units of {@code TO} per 1
     * {@code FROM}), rates rounded HALF_UP to the 6 fraction digits §5.7 allows.
     *
     * @param rateDate the date the rates apply from, or null when they apply to any date
     * @throws IllegalArgumentException naming the entry when a key or a rate is unusable
     */
    public static RateTable of(RateSource source, LocalDate rateDate, Map<String, BigDecimal> rates) {
        Objects.requireNonNull(source, "source");
        Map<String, NavigableMap<LocalDate, BigDecimal>> dated = new HashMap<>();
        Map<String, BigDecimal> undated = new HashMap<>();
        rates.forEach((key, value) -> {
            var m = PAIR.matcher(key.strip().toUpperCase(Locale.ROOT));
            if (!m.matches()) {
                throw new IllegalArgumentException("exchange rate key '" + key + "' is not FROM-TO (e.g. GBP-EUR)");
            }
            String pair = m.group(1) + "/" + m.group(2);
            BigDecimal rate = sixDigits(value, key);
            if (rateDate == null) {
                undated.put(pair, rate);
            } else {
                dated.computeIfAbsent(pair, k -> new TreeMap<>()).put(rateDate, rate);
            }
        });
        return new RateTable(source, freeze(dated), Map.copyOf(undated));
    }

    /** The rate as a §5.7 Decimal: positive, at most 6 fraction digits (HALF_UP), no exponent. */
    static BigDecimal sixDigits(BigDecimal value, String what) {
        if (value == null || value.signum() <= 0) {
            throw new IllegalArgumentException("exchange rate " + what + " must be > 0, got " + value);
        }
        BigDecimal r = value.stripTrailingZeros();
        r = r.scale() > 6 ? r.setScale(6, RoundingMode.HALF_UP) : r.scale() < 0 ? r.setScale(0) : r;
        if (r.signum() == 0) {
            throw new IllegalArgumentException("exchange rate " + what + " " + value.toPlainString()
                    + " is 0 at 6 fraction digits (CANONICAL-MODEL §5.7)");
        }
        return r;
    }

    private static Map<String, NavigableMap<LocalDate, BigDecimal>> freeze(
            Map<String, NavigableMap<LocalDate, BigDecimal>> m) {
        Map<String, NavigableMap<LocalDate, BigDecimal>> out = new HashMap<>();
        m.forEach((k, v) -> out.put(k, java.util.Collections.unmodifiableNavigableMap(new TreeMap<>(v))));
        return Map.copyOf(out);
    }

    public RateSource source() {
        return source;
    }

    /** Number of currency pairs in the table. */
    public int pairs() {
        return dated.size() + undated.size();
    }

    @Override
    public Optional<Rate> lookup(String from, String to, LocalDate onOrBefore) {
        String pair = from + "/" + to;
        NavigableMap<LocalDate, BigDecimal> byDate = dated.get(pair);
        if (byDate != null) {
            Map.Entry<LocalDate, BigDecimal> e = onOrBefore == null ? byDate.lastEntry() : byDate.floorEntry(onOrBefore);
            if (e != null) {
                return Optional.of(new Rate(e.getValue(), source, e.getKey()));
            }
        }
        BigDecimal any = undated.get(pair);
        return any == null ? Optional.empty() : Optional.of(new Rate(any, source, null));
    }
}
