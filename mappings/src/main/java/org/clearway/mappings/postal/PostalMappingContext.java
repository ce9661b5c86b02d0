package org.clearway.mappings.postal;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import org.clearway.mappings.canonical.FunctionCode;
import org.clearway.mappings.canonical.TypeOfPerson;
import org.clearway.mappings.gw10.ValidationSettings;
import org.clearway.mappings.rates.ExchangeRateTable;
import org.clearway.mappings.rules.RoutingThresholds;
import org.clearway.mappings.rules.quality.Vague;

/**
 * Everything {@link CusitmToCanonical#map} needs besides the CUSITM item: the gateway-generated
 * envelope values (CANONICAL-MODEL §5.1), the source record values, the destination backend and
 * its declaration currency (§5.7), the rate table, the routing thresholds (§5.1) and the partner
 * profile choices (§5.3 {@code typeOfPerson}, MIG §9 V22 deny-list). No clock or configuration is
 * looked up by the mapper; everything comes from here.
 *
 * @param declarationId       stable id across revisions (UUIDv7, store-issued)
 * @param revision            revision number (1 for the first)
 * @param functionCode        ORIGINAL / AMENDMENT / CANCELLATION (from BGM 1225 and the store, V20)
 * @param gatewayMessageId    emission id; a placeholder the signing stage replaces
 * @param createdAt           time of this revision
 * @param partnerId           configured partner id, e.g. {@code DEMO-POST}
 * @param receivedAt          when the gateway accepted the interchange
 * @param payloadSha256       SHA-256 (64 lower-case hex) of the raw interchange bytes
 * @param destinationCountry  {@code destinationCustoms.country}
 * @param backendId           {@code destinationCustoms.backendId}
 * @param declarationCurrency currency of the destination customs (EUR for EU backends)
 * @param rates               exchange-rate table
 * @param thresholds          routing and de minimis thresholds
 * @param genericWords        deny-list for {@code VAGUE_DESCRIPTION} (the list MIG V22 uses)
 * @param typeOfPerson        partner profile value for postal parties (default NATURAL, §5.3)
 * @param postOrganisations   optional names of UPU organisation codes for the CARRIER party
 *                            (e.g. {@code GBA} -> {@code Royal Mail}); the code is the name otherwise
 */
public record PostalMappingContext(UUID declarationId, int revision, FunctionCode functionCode,
                                   UUID gatewayMessageId, Instant createdAt, String partnerId,
                                   Instant receivedAt, String payloadSha256, String destinationCountry,
                                   String backendId, String declarationCurrency, ExchangeRateTable rates,
                                   RoutingThresholds thresholds, Set<String> genericWords,
                                   TypeOfPerson typeOfPerson, Map<String, String> postOrganisations) {

    /** The default deny-list of CANONICAL-MODEL §5.8 {@code VAGUE_DESCRIPTION}; kept here for existing callers. */
    public static final Set<String> DEFAULT_GENERIC_WORDS = Vague.DEFAULT_GENERIC_WORDS;

    public PostalMappingContext {
        Objects.requireNonNull(declarationId, "declarationId");
        if (revision < 1) {
            throw new IllegalArgumentException("revision must be >= 1: " + revision);
        }
        Objects.requireNonNull(functionCode, "functionCode");
        Objects.requireNonNull(gatewayMessageId, "gatewayMessageId");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(partnerId, "partnerId");
        Objects.requireNonNull(receivedAt, "receivedAt");
        Objects.requireNonNull(payloadSha256, "payloadSha256");
        Objects.requireNonNull(destinationCountry, "destinationCountry");
        Objects.requireNonNull(backendId, "backendId");
        Objects.requireNonNull(declarationCurrency, "declarationCurrency");
        rates = rates == null ? ExchangeRateTable.empty() : rates;
        thresholds = thresholds == null ? RoutingThresholds.defaults() : thresholds;
        genericWords = new ValidationSettings(genericWords == null ? DEFAULT_GENERIC_WORDS : genericWords)
                .genericWords();
        typeOfPerson = typeOfPerson == null ? TypeOfPerson.NATURAL : typeOfPerson;
        postOrganisations = postOrganisations == null ? Map.of() : Map.copyOf(postOrganisations);
    }

    /** The same context for another revision (V20: changed content becomes an AMENDMENT). */
    public PostalMappingContext withRevision(int newRevision, FunctionCode newFunction) {
        return new PostalMappingContext(declarationId, newRevision, newFunction, gatewayMessageId, createdAt,
                partnerId, receivedAt, payloadSha256, destinationCountry, backendId, declarationCurrency, rates,
                thresholds, genericWords, typeOfPerson, postOrganisations);
    }
}
