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

    /**
     * The §6.2 Decision the gateway builds from this submission once it has resolved the
     * reference (§6.4): it assigns {@code decisionId}, {@code sequence} and {@code receivedAt},
     * supplies the resolved declaration and its correlation echo, and fills
     * {@code customsAuthority.backendId} with {@code defaultBackendId} when the backend left it out.
     */
    public Decision toDecision(UUID decisionId, int sequence, Instant receivedAt, UUID resolvedDeclarationId,
                               int resolvedRevision, Correlation correlationEcho, String defaultBackendId) {
        Decision.CustomsAuthority authority = customsAuthority.backendId() != null ? customsAuthority
                : new Decision.CustomsAuthority(customsAuthority.country(), defaultBackendId, customsAuthority.officeRef());
        return new Decision(Decision.SPEC_VERSION, decisionId, kind, status, track, isFinal, sequence, supersedes,
                resolvedDeclarationId, resolvedRevision, gatewayMessageId, backendDecisionRef, correlationEcho,
                authority, customsReference, decidedAt, receivedAt, reason, requests, screeningMethods, taxes,
                totalPayable, payBy, paymentReference);
    }
}
