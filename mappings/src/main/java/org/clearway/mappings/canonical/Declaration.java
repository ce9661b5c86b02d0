package org.clearway.mappings.canonical;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * The canonical customs declaration of one house consignment (CANONICAL-MODEL §3, §5).
 * Immutable; {@code provenance} and {@code exchangeRates} are kept in the §9.1 order (by path,
 * by from/to). {@code items}, {@code parties} and {@code sources} are kept as given because
 * pointers and indexes refer to their positions; {@link CanonicalJson} rejects them when they are
 * not in the §9.1 order. {@code payment} and {@code dataQuality} may be null, and so may the
 * specVersion 1.1 members {@code rulePack} and {@code dutyEstimate}
 * (docs/CANONICAL-MODEL-EXTENSIONS.md): a declaration carrying any 1.1 member is 1.1.
 */
public record Declaration(String specVersion, UUID declarationId, int revision, FunctionCode functionCode,
                          DeclarationKind declarationKind, UUID gatewayMessageId, Instant createdAt,
                          DestinationCustoms destinationCustoms, List<Source> sources,
                          List<ProvenanceEntry> provenance, Correlation correlation, List<Party> parties,
                          Consignment consignment, List<Item> items, Payment payment,
                          List<ExchangeRate> exchangeRates, DataQuality dataQuality, RulePackRef rulePack,
                          DutyEstimate dutyEstimate) {

    /** Value of the {@code schema} member (§5.1). */
    public static final String SCHEMA = "urn:clearway:customs-canonical:1";
    /** The {@code specVersion} this code writes (§5.1). */
    public static final String SPEC_VERSION = "1.0";
    /** The {@code specVersion} of a declaration with rule pack, estimate or product identifiers (issue 15). */
    public static final String SPEC_VERSION_RULES = "1.1";

    public Declaration {
        Objects.requireNonNull(specVersion, "specVersion");
        if (SPEC_VERSION.equals(specVersion) && usesRulesMembers(rulePack, dutyEstimate, items)) {
            specVersion = SPEC_VERSION_RULES;
        }
        Objects.requireNonNull(declarationId, "declarationId");
        if (revision < 1) {
            throw new IllegalArgumentException("revision must be >= 1: " + revision);
        }
        Objects.requireNonNull(functionCode, "functionCode");
        Objects.requireNonNull(declarationKind, "declarationKind");
        Objects.requireNonNull(gatewayMessageId, "gatewayMessageId");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(destinationCustoms, "destinationCustoms");
        sources = List.copyOf(sources);
        provenance = provenance == null ? List.of() : provenance.stream()
                .sorted(Comparator.comparing(ProvenanceEntry::path)).toList();
        Objects.requireNonNull(correlation, "correlation");
        parties = parties == null ? List.of() : List.copyOf(parties);
        Objects.requireNonNull(consignment, "consignment");
        items = List.copyOf(items);
        exchangeRates = exchangeRates == null ? List.of() : exchangeRates.stream()
                .sorted(Comparator.comparing(ExchangeRate::from).thenComparing(ExchangeRate::to)).toList();
    }

    /** A declaration without the specVersion 1.1 members. */
    public Declaration(String specVersion, UUID declarationId, int revision, FunctionCode functionCode,
                       DeclarationKind declarationKind, UUID gatewayMessageId, Instant createdAt,
                       DestinationCustoms destinationCustoms, List<Source> sources, List<ProvenanceEntry> provenance,
                       Correlation correlation, List<Party> parties, Consignment consignment, List<Item> items,
                       Payment payment, List<ExchangeRate> exchangeRates, DataQuality dataQuality) {
        this(specVersion, declarationId, revision, functionCode, declarationKind, gatewayMessageId, createdAt,
                destinationCustoms, sources, provenance, correlation, parties, consignment, items, payment,
                exchangeRates, dataQuality, null, null);
    }

    /** This declaration with its rule pack, estimate, items and flags replaced (the rule-pack evaluation). */
    public Declaration withRules(RulePackRef newRulePack, DutyEstimate newEstimate, List<Item> newItems,
                                 DataQuality newDataQuality) {
        return new Declaration(specVersion, declarationId, revision, functionCode, declarationKind, gatewayMessageId,
                createdAt, destinationCustoms, sources, provenance, correlation, parties, consignment, newItems,
                payment, exchangeRates, newDataQuality, newRulePack, newEstimate);
    }

    /** Whether {@code specVersion} 1.1 members are present. */
    static boolean usesRulesMembers(RulePackRef rulePack, DutyEstimate estimate, List<Item> items) {
        return rulePack != null || estimate != null || items != null && items.stream()
                .anyMatch(i -> i != null && (i.manufacturerProductId() != null || i.gtin() != null));
    }
}
