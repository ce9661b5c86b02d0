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
 * not in the §9.1 order. {@code payment} and {@code dataQuality} may be null.
 */
public record Declaration(String specVersion, UUID declarationId, int revision, FunctionCode functionCode,
                          DeclarationKind declarationKind, UUID gatewayMessageId, Instant createdAt,
                          DestinationCustoms destinationCustoms, List<Source> sources,
                          List<ProvenanceEntry> provenance, Correlation correlation, List<Party> parties,
                          Consignment consignment, List<Item> items, Payment payment,
                          List<ExchangeRate> exchangeRates, DataQuality dataQuality) {

    /** Value of the {@code schema} member (§5.1). */
    public static final String SCHEMA = "urn:clearway:customs-canonical:1";
    /** The {@code specVersion} this code writes (§5.1). */
    public static final String SPEC_VERSION = "1.0";

    public Declaration {
        Objects.requireNonNull(specVersion, "specVersion");
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
}
