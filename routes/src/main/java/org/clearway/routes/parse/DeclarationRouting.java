package org.clearway.routes.parse;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.clearway.mappings.canonical.Money;
import org.clearway.mappings.canonical.RateSource;
import org.clearway.mappings.postal.ExchangeRateTable;
import org.clearway.mappings.postal.PostalMappingContext;
import org.clearway.mappings.rates.EcbRatesReader;
import org.clearway.mappings.rates.RateTable;
import org.clearway.mappings.rates.ReferenceRates;
import org.clearway.routes.support.GatewayProperties;
import org.clearway.routes.support.GatewayProperties.Customs;
import org.clearway.routes.support.InvalidMessageException;
import org.clearway.routes.support.Partners;
import org.clearway.routes.support.RatesProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * What every dialect's mapping needs from configuration: the customs backend and country for a
 * destination (CANONICAL-MODEL §5.1 {@code destinationCustoms}), the exchange-rate table (§5.7)
 * and the routing thresholds (§5.1).
 */
@Component
public class DeclarationRouting {

    private static final Logger LOG = LoggerFactory.getLogger(DeclarationRouting.class);

    /** The backend chosen for a destination and the country declared to it. */
    public record Destination(String backendId, Customs customs, String country) {
    }

    private final Partners partners;
    private final GatewayProperties properties;
    private final ExchangeRateTable rates;

    public DeclarationRouting(Partners partners, GatewayProperties properties, RatesProperties rateSources) {
        this.partners = partners;
        this.properties = properties;
        this.rates = rateTable(rateSources, properties.exchangeRates());
    }

    /** The backend for {@code destination} (null or blank: the default backend and its country). */
    public Destination destination(String destination) {
        boolean known = destination != null && !destination.isBlank();
        String backendId = !known ? properties.routing().defaultBackend()
                : properties.routing().destinations().getOrDefault(destination, properties.routing().defaultBackend());
        Customs customs = partners.customsBackend(backendId)
                .orElseThrow(() -> new InvalidMessageException("no customs backend " + backendId + " is configured"));
        return new Destination(backendId, customs, known ? destination : customs.country());
    }

    public ExchangeRateTable rates() {
        return rates;
    }

    public PostalMappingContext.RoutingThresholds thresholds() {
        GatewayProperties.Routing routing = properties.routing();
        return new PostalMappingContext.RoutingThresholds(Money.of(routing.euH7Max().toPlainString(), "EUR"),
                Money.of(routing.euDeMinimis().toPlainString(), "EUR"),
                Money.of(routing.usDeMinimis().toPlainString(), "USD"), Map.of());
    }

    /**
     * The rate table of §5.7: the {@code clearway.rates} sources in their order (an ECB file, dated
     * or undated tables with their own source), then the {@code clearway.exchange-rates} map as an
     * undated CUSTOMS table. Immutable; a bad file or entry fails with a message naming it.
     */
    public static ExchangeRateTable rateTable(RatesProperties sources, Map<String, BigDecimal> customs) {
        List<ExchangeRateTable> tables = new ArrayList<>();
        for (RatesProperties.Source s : sources.sources()) {
            tables.add(s.file() != null ? ecbFile(s) : table(s));
        }
        tables.add(RateTable.of(RateSource.CUSTOMS, null, customs));
        return ExchangeRateTable.firstOf(tables);
    }

    private static ExchangeRateTable ecbFile(RatesProperties.Source s) {
        RateSource source = s.source() == null ? RateSource.ECB : s.source();
        try (InputStream in = Files.newInputStream(s.file())) {
            ReferenceRates table = EcbRatesReader.read(in, source);
            LOG.info("exchange rates: {} from {}, latest fixing {}", source, s.file(),
                    table.latestDate().map(LocalDate::toString).orElse("-"));
            return table;
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalStateException("clearway.rates: cannot read " + s.file() + ": " + e.getMessage(), e);
        }
    }

    private static ExchangeRateTable table(RatesProperties.Source s) {
        LocalDate date = null;
        try {
            date = s.rateDate() == null || s.rateDate().isBlank() ? null : LocalDate.parse(s.rateDate().strip());
        } catch (DateTimeParseException e) {
            throw new IllegalStateException("clearway.rates: rate-date '" + s.rateDate() + "' is not YYYY-MM-DD", e);
        }
        try {
            RateTable table = RateTable.of(s.source() == null ? RateSource.CUSTOMS : s.source(), date, s.rates());
            LOG.info("exchange rates: {} table of {} pairs{}", table.source(), table.pairs(),
                    date == null ? "" : " from " + date);
            return table;
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("clearway.rates: " + e.getMessage(), e);
        }
    }
}
