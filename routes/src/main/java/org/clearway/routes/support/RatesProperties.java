package org.clearway.routes.support;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.clearway.mappings.canonical.RateSource;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Exchange-rate sources ({@code clearway.rates}, CANONICAL-MODEL §5.7), consulted in order before
 * the plain {@code clearway.exchange-rates} map (source CUSTOMS, undated). Each source is either an
 * ECB euro reference-rate XML file ({@code file}) or a table of {@code FROM-TO} rates
 * ({@code rates}, optionally valid from {@code rate-date}, {@code YYYY-MM-DD}).
 */
@ConfigurationProperties("clearway.rates")
public record RatesProperties(@DefaultValue List<Source> sources) {

    /**
     * @param source   what {@code exchangeRates[].source} says: ECB, CUSTOMS or PARTNER (default ECB for a file,
     *                 CUSTOMS for a table)
     * @param file     an ECB {@code eurofxref-daily.xml} (or the 90-day / history file of the same shape)
     * @param rateDate the date a table's rates apply from; none: any date
     * @param rates    units of TO per 1 FROM, keyed {@code FROM-TO}
     */
    public record Source(RateSource source, Path file, String rateDate, @DefaultValue Map<String, BigDecimal> rates) {
    }

    /** No extra source (tests that build the gateway's parts by hand). */
    public static RatesProperties none() {
        return new RatesProperties(List.of());
    }
}
