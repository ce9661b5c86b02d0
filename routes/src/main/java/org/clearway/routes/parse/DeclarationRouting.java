package org.clearway.routes.parse;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.clearway.mappings.canonical.Money;
import org.clearway.mappings.canonical.RateSource;
import org.clearway.mappings.rates.EcbRatesReader;
import org.clearway.mappings.rates.ExchangeRateTable;
import org.clearway.mappings.rates.RateTable;
import org.clearway.mappings.rates.ReferenceRates;
import org.clearway.mappings.rules.RoutingThresholds;
import org.clearway.mappings.rules.RulePack;
import org.clearway.mappings.rules.RulePacks;
import org.clearway.routes.rules.RulePackRegistry;
import org.clearway.routes.support.GatewayProperties.Customs;
import org.clearway.routes.support.GatewayProperties;
import org.clearway.routes.support.InvalidMessageException;
import org.clearway.routes.support.Partners;
import org.clearway.routes.support.RatesProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * What every dialect's mapping needs from configuration: the customs backend and country for a
 * destination (CANONICAL-MODEL §5.1 {@code destinationCustoms}), the exchange-rate table (§5.7)
 * and the routing thresholds (§5.1): those of the rule packs in force (config/rules), the fixed
 * {@code clearway.routing} values where no pack covers the date.
 */
@Component
public class DeclarationRouting {

    private static final Logger LOG = LoggerFactory.getLogger(DeclarationRouting.class);

    /** The backend chosen for a destination and the country declared to it. */
    public record Destination(String backendId, Customs customs, String country) {
    }

    private final Partners partners;
    private final GatewayProperties properties;
    private final RatesProperties rateSources;
    private final Map<String, BigDecimal> customsRates;
    /** Replaced whole by a reload (admin endpoint or changed rate file); readers take one table per item. */
    private volatile ExchangeRateTable rates;
    /** Last-modified times of the rate files the table in force was read from. */
    private volatile Map<java.nio.file.Path, java.nio.file.attribute.FileTime> rateFiles;
    private final RulePackRegistry rulePacks;
    private final Clock clock;

    public DeclarationRouting(Partners partners, GatewayProperties properties, RatesProperties rateSources,
                              RulePackRegistry rulePacks, Clock clock) {
        this.partners = partners;
        this.properties = properties;
        this.rateSources = rateSources;
        this.customsRates = properties.exchangeRates();
        this.rateFiles = fileTimes(rateSources);
        this.rates = rateTable(rateSources, properties.exchangeRates());
        this.rulePacks = rulePacks;
        this.clock = clock;
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

    /** Outcome of a rate reload: the table in force is replaced only when every source could be read. */
    public record RatesReload(boolean loaded, String detail) {
    }

    /**
     * Reads every {@code clearway.rates} source again (the files may have changed) and puts the new
     * table in force; a source that cannot be read leaves the table in force as it was.
     */
    public synchronized RatesReload reloadRates() {
        Map<java.nio.file.Path, java.nio.file.attribute.FileTime> times = fileTimes(rateSources);
        try {
            ExchangeRateTable table = rateTable(rateSources, customsRates);
            rates = table;
            rateFiles = times;
            String detail = rateSources.sources().size() + " source(s) and the exchange-rates table";
            LOG.info("exchange rates reloaded: {}", detail);
            return new RatesReload(true, detail);
        } catch (IllegalStateException e) {
            rateFiles = times;
            LOG.warn("exchange rates not reloaded, the table in force stays: {}", e.getMessage());
            return new RatesReload(false, e.getMessage());
        }
    }

    /** Reloads the rates when a rate file changed since the table in force was read; empty when none did. */
    public java.util.Optional<RatesReload> reloadRatesIfChanged() {
        if (fileTimes(rateSources).equals(rateFiles)) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(reloadRates());
    }

    private static Map<java.nio.file.Path, java.nio.file.attribute.FileTime> fileTimes(RatesProperties sources) {
        Map<java.nio.file.Path, java.nio.file.attribute.FileTime> times = new HashMap<>();
        for (RatesProperties.Source s : sources.sources()) {
            if (s.file() != null) {
                try {
                    times.put(s.file(), Files.getLastModifiedTime(s.file()));
                } catch (IOException e) {
                    times.put(s.file(), java.nio.file.attribute.FileTime.fromMillis(-1));
                }
            }
        }
        return times;
    }

    /** The thresholds in force now. */
    public RoutingThresholds thresholds() {
        return thresholds(clock.instant());
    }

    /**
     * The thresholds in force at {@code at}: a pack without de minimis (EU from 1 July 2026, US
     * from 29 August 2025) gives 0, so every consignment with a value is flagged
     * {@code DE_MINIMIS_EXCEEDED} and no consumer reads a missing flag as duty-free.
     */
    public RoutingThresholds thresholds(Instant at) {
        GatewayProperties.Routing routing = properties.routing();
        RulePacks packs = rulePacks.applyToDeclarations() ? rulePacks.packs() : RulePacks.empty();
        RulePack eu = packs.forDestination("DE", at).map(RulePacks.Applied::pack).orElse(null);
        RulePack us = packs.forDestination("US", at).map(RulePacks.Applied::pack).orElse(null);
        Money euH7 = eu != null && eu.thresholds().h7Max() != null ? eu.thresholds().h7Max()
                : Money.of(routing.euH7Max().toPlainString(), "EUR");
        Money euDeMinimis = eu == null ? Money.of(routing.euDeMinimis().toPlainString(), "EUR") : deMinimis(eu, "EUR");
        Money usDeMinimis = us == null ? Money.of(routing.usDeMinimis().toPlainString(), "USD") : deMinimis(us, "USD");
        Map<String, Money> others = new HashMap<>();
        packs.regimes().stream().filter(r -> !r.id().equals("EU") && !r.id().equals("US")).forEach(r ->
                r.inForce(java.time.LocalDate.ofInstant(at, r.zone())).ifPresent(p ->
                        r.countries().forEach(c -> others.put(c, deMinimis(p, r.currency())))));
        return new RoutingThresholds(euH7, euDeMinimis, usDeMinimis, others);
    }

    private static Money deMinimis(RulePack pack, String currency) {
        return pack.thresholds().deMinimis() != null ? pack.thresholds().deMinimis()
                : new Money(new BigDecimal("0.00"), currency);
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
