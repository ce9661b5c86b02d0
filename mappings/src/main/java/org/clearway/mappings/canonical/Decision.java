package org.clearway.mappings.canonical;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * A normalised customs answer (CANONICAL-MODEL §6.2), built by the gateway from a
 * {@link DecisionSubmission}. Immutable; {@code taxes} are kept in the §9.1 order
 * (by {@code itemSequence}, consignment-level lines without one first, then by {@code type} name).
 */
public record Decision(String specVersion, UUID decisionId, DecisionKind kind, DecisionStatus status, Track track,
                       boolean isFinal, int sequence, UUID supersedes, UUID declarationId, int declarationRevision,
                       UUID gatewayMessageId, String backendDecisionRef, Correlation correlation,
                       CustomsAuthority customsAuthority, String customsReference, Instant decidedAt,
                       Instant receivedAt, Reason reason, List<Request> requests,
                       List<ScreeningMethod> screeningMethods, List<Tax> taxes, Money totalPayable,
                       LocalDate payBy, String paymentReference) {

    /** Value of the {@code schema} member (§6.2). */
    public static final String SCHEMA = "urn:clearway:customs-decision:1";
    /** The {@code specVersion} this code writes. */
    public static final String SPEC_VERSION = "1.0";

    /** Order of {@code taxes[]} required by §9.1: (itemSequence, type); absent itemSequence first [I]. */
    static final Comparator<Tax> TAX_ORDER = Comparator
            .comparing(Tax::itemSequence, Comparator.nullsFirst(Comparator.naturalOrder()))
            .thenComparing(t -> t.type().name());

    public Decision {
        Objects.requireNonNull(specVersion, "specVersion");
        Objects.requireNonNull(decisionId, "decisionId");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(track, "track");
        if (sequence < 1) {
            throw new IllegalArgumentException("sequence must be >= 1: " + sequence);
        }
        Objects.requireNonNull(declarationId, "declarationId");
        if (declarationRevision < 1) {
            throw new IllegalArgumentException("declarationRevision must be >= 1: " + declarationRevision);
        }
        Objects.requireNonNull(correlation, "correlation");
        Objects.requireNonNull(customsAuthority, "customsAuthority");
        Objects.requireNonNull(customsAuthority.backendId(), "customsAuthority.backendId");
        Objects.requireNonNull(decidedAt, "decidedAt");
        Objects.requireNonNull(receivedAt, "receivedAt");
        requests = requests == null ? List.of() : List.copyOf(requests);
        screeningMethods = screeningMethods == null ? List.of() : List.copyOf(screeningMethods);
        taxes = taxes == null ? List.of() : taxes.stream().sorted(TAX_ORDER).toList();
    }

    /** Customs authority that decided (§6.2 {@code customsAuthority}); {@code backendId} optional only in submissions. */
    public record CustomsAuthority(String country, String backendId, String officeRef) {
        public CustomsAuthority {
            Objects.requireNonNull(country, "country");
        }
    }

    /** Backend reason (§6.2 {@code reason}); code and text each optional. */
    public record Reason(String code, String text) {
    }

    /** What customs asks for (§6.2 {@code requests[]}): fields are JSON Pointers into the declaration. */
    public record Request(RequestType type, List<String> fields, String text, Instant dueBy, String referralRef) {
        public Request {
            Objects.requireNonNull(type, "type");
            fields = fields == null ? List.of() : List.copyOf(fields);
            Objects.requireNonNull(text, "text");
        }
    }

    /** One tax line (§6.2 {@code taxes[]}); {@code itemSequence} null = consignment level. */
    public record Tax(Integer itemSequence, TaxType type, String nationalCode, Money base,
                      BigDecimal rate, Money amount) {
        public Tax {
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(amount, "amount");
        }
    }
}
