package org.clearway.mappings.fusion;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import org.clearway.mappings.canonical.FunctionCode;
import org.clearway.mappings.rates.ExchangeRateTable;
import org.clearway.mappings.rules.RoutingThresholds;
import org.clearway.mappings.rules.quality.Vague;

/**
 * Everything {@link OrderFusion} needs besides the data: the envelope of the revision it produces
 * (CANONICAL-MODEL §5.1; {@code declarationId} and {@code lrn} stay those of the transport
 * declaration), the declaration currency and rate table (§5.7), the routing thresholds (§5.1) and
 * the configured data-quality settings of §5.8. No clock or configuration is read by the fusion.
 *
 * @param revision             revision number of the fused document
 * @param functionCode         ORIGINAL, or AMENDMENT for a late enrichment
 * @param gatewayMessageId     emission id
 * @param createdAt            time of this revision
 * @param lateEnrichment       true when an earlier revision without order data was already sent (§7 rule 4)
 * @param declarationCurrency  currency of the destination backend (EUR, USD, …)
 * @param rates                exchange-rate table (§5.7)
 * @param thresholds           routing and de minimis thresholds
 * @param genericWords         {@code VAGUE_DESCRIPTION} deny-list, upper case
 * @param undervaluationMargin {@code UNDERVALUATION_SUSPECTED} margin as a fraction (default 0.20)
 * @param hsKeywords           {@code HS_DESCRIPTION_IMPLAUSIBLE} keyword table: upper-case word → HS chapters
 *                             (2 digits); empty = the check is off
 */
public record FusionContext(int revision, FunctionCode functionCode, UUID gatewayMessageId, Instant createdAt,
                            boolean lateEnrichment, String declarationCurrency, ExchangeRateTable rates,
                            RoutingThresholds thresholds, Set<String> genericWords,
                            BigDecimal undervaluationMargin, Map<String, Set<String>> hsKeywords) {

    /** Default {@code UNDERVALUATION_SUSPECTED} margin of §5.8 (20 %). */
    public static final BigDecimal DEFAULT_UNDERVALUATION_MARGIN = new BigDecimal("0.20");

    public FusionContext {
        if (revision < 1) {
            throw new IllegalArgumentException("revision must be >= 1: " + revision);
        }
        Objects.requireNonNull(functionCode, "functionCode");
        Objects.requireNonNull(gatewayMessageId, "gatewayMessageId");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(declarationCurrency, "declarationCurrency");
        rates = rates == null ? ExchangeRateTable.empty() : rates;
        thresholds = thresholds == null ? RoutingThresholds.defaults() : thresholds;
        genericWords = genericWords == null ? Vague.DEFAULT_GENERIC_WORDS : Set.copyOf(genericWords);
        undervaluationMargin = undervaluationMargin == null ? DEFAULT_UNDERVALUATION_MARGIN : undervaluationMargin;
        hsKeywords = hsKeywords == null ? Map.of() : Map.copyOf(hsKeywords);
    }

    /** A context for revision 1 (ORIGINAL) with default settings. */
    public static FusionContext original(UUID gatewayMessageId, Instant createdAt, String declarationCurrency,
                                         ExchangeRateTable rates) {
        return new FusionContext(1, FunctionCode.ORIGINAL, gatewayMessageId, createdAt, false, declarationCurrency,
                rates, null, null, null, null);
    }
}
