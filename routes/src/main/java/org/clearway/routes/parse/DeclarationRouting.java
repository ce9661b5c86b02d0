package org.clearway.routes.parse;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.clearway.mappings.canonical.Money;
import org.clearway.mappings.canonical.RateSource;
import org.clearway.mappings.postal.ExchangeRateTable;
import org.clearway.mappings.postal.PostalMappingContext;
import org.clearway.mappings.rules.RulePack;
import org.clearway.mappings.rules.RulePacks;
import org.clearway.routes.rules.RulePackRegistry;
import org.clearway.routes.support.GatewayProperties;
import org.clearway.routes.support.GatewayProperties.Customs;
import org.clearway.routes.support.InvalidMessageException;
import org.clearway.routes.support.Partners;
import org.springframework.stereotype.Component;

/**
 * What every dialect's mapping needs from configuration: the customs backend and country for a
 * destination (CANONICAL-MODEL §5.1 {@code destinationCustoms}), the exchange-rate table (§5.7)
 * and the routing thresholds (§5.1): those of the rule packs in force (config/rules), the fixed
 * {@code clearway.routing} values where no pack covers the date.
 */
@Component
public class DeclarationRouting {

    /** The backend chosen for a destination and the country declared to it. */
    public record Destination(String backendId, Customs customs, String country) {
    }

    private final Partners partners;
    private final GatewayProperties properties;
    private final ExchangeRateTable rates;
    private final RulePackRegistry rulePacks;
    private final Clock clock;

    public DeclarationRouting(Partners partners, GatewayProperties properties, RulePackRegistry rulePacks, Clock clock) {
        this.partners = partners;
        this.properties = properties;
        this.rates = rateTable(properties.exchangeRates());
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

    /** The thresholds in force now. */
    public PostalMappingContext.RoutingThresholds thresholds() {
        return thresholds(clock.instant());
    }

    /**
     * The thresholds in force at {@code at}: a pack without de minimis (EU from 1 July 2026, US
     * from 29 August 2025) gives 0, so every consignment with a value is flagged
     * {@code DE_MINIMIS_EXCEEDED} and no consumer reads a missing flag as duty-free.
     */
    public PostalMappingContext.RoutingThresholds thresholds(Instant at) {
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
        return new PostalMappingContext.RoutingThresholds(euH7, euDeMinimis, usDeMinimis, others);
    }

    private static Money deMinimis(RulePack pack, String currency) {
        return pack.thresholds().deMinimis() != null ? pack.thresholds().deMinimis()
                : new Money(new BigDecimal("0.00"), currency);
    }

    private static ExchangeRateTable rateTable(Map<String, BigDecimal> configured) {
        Map<String, ExchangeRateTable.Rate> rates = new HashMap<>();
        configured.forEach((pair, rate) -> {
            BigDecimal r = rate.stripTrailingZeros();
            r = r.scale() > 6 ? r.setScale(6, RoundingMode.HALF_UP) : r.scale() < 0 ? r.setScale(0) : r;
            rates.put(pair.replace('-', '/').toUpperCase(Locale.ROOT), new ExchangeRateTable.Rate(r, RateSource.CUSTOMS, null));
        });
        return ExchangeRateTable.of(rates);
    }
}
