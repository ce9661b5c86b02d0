package org.clearway.mappings.canonical;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * A decision submission from a customs backend (CANONICAL-MODEL §6.4): the §6.2 members without
 * {@code decisionId}, {@code receivedAt}, {@code sequence} and the correlation echo. Exactly one
 * reference is set: {@code gatewayMessageId}, {@code declarationId} (optionally with
 * {@code declarationRevision}; null = latest) or {@code correlation}. {@code customsAuthority.backendId}
 * may be null (default: the submitting partner's backend). Built by {@link DecisionSubmissions}.
 */
public record DecisionSubmission(String specVersion, String backendDecisionRef, UUID gatewayMessageId,
                                 UUID declarationId, Integer declarationRevision, Correlation correlation,
                                 DecisionKind kind, DecisionStatus status, Track track, boolean isFinal,
                                 UUID supersedes, Decision.CustomsAuthority customsAuthority,
                                 String customsReference, Instant decidedAt, Decision.Reason reason,
                                 List<Decision.Request> requests, List<ScreeningMethod> screeningMethods,
                                 List<Decision.Tax> taxes, Money totalPayable, LocalDate payBy,
                                 String paymentReference) {

    /** Value of the {@code schema} member and XML namespace (§6.4). */
    public static final String SCHEMA = "urn:clearway:customs-decision-submission:1";

    public DecisionSubmission {
        Objects.requireNonNull(specVersion, "specVersion");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(track, "track");
        Objects.requireNonNull(customsAuthority, "customsAuthority");
        Objects.requireNonNull(decidedAt, "decidedAt");
        requests = requests == null ? List.of() : List.copyOf(requests);
        screeningMethods = screeningMethods == null ? List.of() : List.copyOf(screeningMethods);
        taxes = taxes == null ? List.of() : List.copyOf(taxes);
    }
}
