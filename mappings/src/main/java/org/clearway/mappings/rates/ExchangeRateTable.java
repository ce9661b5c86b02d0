package org.clearway.mappings.rates;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.clearway.mappings.canonical.RateSource;

/**
 * The rate table the mapper converts with (CANONICAL-MODEL §5.7). Accepts a currency pair and the
 * date the rate should apply to (the posting date for postal data); returns the rate in units of
 * {@code to} per 1 {@code from}, or empty when the table has none (the caller then keeps the
 * declaration PENDING, {@link MissingExchangeRateException}).
 */
@FunctionalInterface
public interface ExchangeRateTable {

    /**
     * @param from     ISO 4217 source currency (XDR included, CANONICAL-MODEL §4)
     * @param to       ISO 4217 target currency
     * @param onOrBefore the rate should be the last one on or before this date
     */
    Optional<Rate> lookup(String from, String to, LocalDate onOrBefore);

    /**
     * One rate: at most 6 fraction digits (§5.7), its table and, when the table knows it, the date
     * of the rate (null: the lookup date is reported as {@code rateDate}).
     */
    record Rate(BigDecimal rate, RateSource source, LocalDate rateDate) {
        public Rate {
            Objects.requireNonNull(rate, "rate");
            Objects.requireNonNull(source, "source");
            if (rate.signum() <= 0) {
                throw new IllegalArgumentException("rate must be > 0: " + rate);
            }
            if (rate.scale() > 6) {
                throw new IllegalArgumentException("rate has more than 6 fraction digits (§5.7): " + rate);
            }
        }
    }

    /** A fixed table keyed {@code "FROM/TO"} (e.g. {@code "GBP/EUR"}), the same rates for every date. */
    static ExchangeRateTable of(Map<String, Rate> rates) {
        Map<String, Rate> copy = Map.copyOf(rates);
        return (from, to, date) -> Optional.ofNullable(copy.get(from + "/" + to));
    }

    /**
     * The first of {@code tables} (in order) that has a rate for the pair and date; e.g. the ECB
     * reference rates, then a customs table for what the ECB does not quote (XDR).
     */
    static ExchangeRateTable firstOf(java.util.List<? extends ExchangeRateTable> tables) {
        java.util.List<ExchangeRateTable> copy = java.util.List.copyOf(tables);
        return (from, to, date) -> copy.stream().map(t -> t.lookup(from, to, date)).flatMap(Optional::stream)
                .findFirst();
    }

    /** A table without any rate. */
    static ExchangeRateTable empty() {
        return (from, to, date) -> Optional.empty();
    }
}
