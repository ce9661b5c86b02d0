package org.clearway.mappings.canonical;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Objects;

/** A currency conversion the gateway applied, {@code exchangeRates[]} (CANONICAL-MODEL §5.7). */
public record ExchangeRate(String from, String to, BigDecimal rate, LocalDate rateDate, RateSource source) {
    public ExchangeRate {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(rate, "rate");
        Objects.requireNonNull(rateDate, "rateDate");
        Objects.requireNonNull(source, "source");
    }
}
