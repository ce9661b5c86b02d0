package org.clearway.mappings.express;

import java.time.Instant;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import org.clearway.mappings.canonical.FunctionCode;
import org.clearway.mappings.canonical.Party;
import org.clearway.mappings.rates.ExchangeRateTable;
import org.clearway.mappings.rules.RoutingThresholds;
import org.clearway.mappings.rules.quality.Vague;

/**
 * Everything {@link ExpressToCanonical#map} needs besides the shipment: gateway-generated envelope
 * values (CANONICAL-MODEL §5.1), the source record values, the partner configuration (the CARRIER
 * party of §5.3 "submitting carrier (from partner config)"), the backend chosen for the shipment's
 * destination and its declaration currency (§5.7), the rate table and the routing thresholds (§5.1).
 * The mapper reads no clock and no configuration itself.
 *
 * @param declarationId       stable id across revisions (UUIDv7, store-issued)
 * @param revision            revision number (1 for the first)
 * @param functionCode        ORIGINAL / AMENDMENT / CANCELLATION
 * @param gatewayMessageId    emission id (placeholder the signing stage replaces)
 * @param createdAt           time of this revision
 * @param partnerId           configured express partner, e.g. {@code DEMO-EXPRESS}
 * @param carrierCode         carrier code of the partner (e.g. {@code ACME}), for tracking numbers
 * @param carrierParty        the partner's configured CARRIER party; role and partyRef are reassigned
 * @param idempotencyKey      the request's Idempotency-Key (null when unknown)
 * @param receivedAt          when the gateway accepted the request
 * @param payloadSha256       SHA-256 (64 lower-case hex) of the raw request bytes
 * @param backendId           {@code destinationCustoms.backendId} for the shipment's destination
 * @param declarationCurrency currency of that backend (EUR for EU backends, USD for US)
 * @param rates               exchange-rate table (§5.7)
 * @param thresholds          routing and de minimis thresholds (shared with the postal mapper)
 * @param genericWords        deny-list for {@code VAGUE_DESCRIPTION} (§5.8), upper case
 * @param dialect             {@code sources[].dialect}: the REST or the SOAP binding (PARTNER-APIS §3, §4)
 */
public record ExpressMappingContext(UUID declarationId, int revision, FunctionCode functionCode,
                                    UUID gatewayMessageId, Instant createdAt, String partnerId, String carrierCode,
                                    Party carrierParty, String idempotencyKey, Instant receivedAt,
                                    String payloadSha256, String backendId, String declarationCurrency,
                                    ExchangeRateTable rates, RoutingThresholds thresholds,
                                    Set<String> genericWords, String dialect) {
    /** A context for the REST binding. */
    public ExpressMappingContext(UUID declarationId, int revision, FunctionCode functionCode, UUID gatewayMessageId,
                                 Instant createdAt, String partnerId, String carrierCode, Party carrierParty,
                                 String idempotencyKey, Instant receivedAt, String payloadSha256, String backendId,
                                 String declarationCurrency, ExchangeRateTable rates,
                                 RoutingThresholds thresholds, Set<String> genericWords) {
        this(declarationId, revision, functionCode, gatewayMessageId, createdAt, partnerId, carrierCode, carrierParty,
                idempotencyKey, receivedAt, payloadSha256, backendId, declarationCurrency, rates, thresholds,
                genericWords, null);
    }

    public ExpressMappingContext {
        dialect = dialect == null ? ExpressToCanonical.DIALECT : dialect;
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
        Objects.requireNonNull(backendId, "backendId");
        Objects.requireNonNull(declarationCurrency, "declarationCurrency");
        rates = rates == null ? ExchangeRateTable.empty() : rates;
        thresholds = thresholds == null ? RoutingThresholds.defaults() : thresholds;
        genericWords = genericWords == null ? Vague.DEFAULT_GENERIC_WORDS : Set.copyOf(genericWords);
    }
}
