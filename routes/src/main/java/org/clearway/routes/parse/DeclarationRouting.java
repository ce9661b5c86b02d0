package org.clearway.routes.parse;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.clearway.mappings.canonical.Money;
import org.clearway.mappings.canonical.RateSource;
import org.clearway.mappings.postal.ExchangeRateTable;
import org.clearway.mappings.postal.PostalMappingContext;
import org.clearway.routes.support.GatewayProperties;
import org.clearway.routes.support.GatewayProperties.Customs;
import org.clearway.routes.support.InvalidMessageException;
import org.clearway.routes.support.Partners;
import org.springframework.stereotype.Component;

/**
 * What every dialect's mapping needs from configuration: the customs backend and country for a
 * destination (CANONICAL-MODEL §5.1 {@code destinationCustoms}), the exchange-rate table (§5.7)
 * and the routing thresholds (§5.1).
 */
@Component
public class DeclarationRouting {

    /** The backend chosen for a destination and the country declared to it. */
    public record Destination(String backendId, Customs customs, String country) {
    }

    private final Partners partners;
    private final GatewayProperties properties;
    private final ExchangeRateTable rates;

    public DeclarationRouting(Partners partners, GatewayProperties properties) {
        this.partners = partners;
        this.properties = properties;
        this.rates = rateTable(properties.exchangeRates());
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
