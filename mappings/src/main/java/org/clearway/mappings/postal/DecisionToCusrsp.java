package org.clearway.mappings.postal;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.clearway.mappings.canonical.Decision;
import org.clearway.mappings.canonical.DecisionStatus;
import org.clearway.mappings.canonical.Money;
import org.clearway.mappings.gw10.Amount;
import org.clearway.mappings.gw10.BusinessProblem;
import org.clearway.mappings.gw10.CusitmItem;
import org.clearway.mappings.gw10.CusitmMessage;
import org.clearway.mappings.gw10.CusitmValidation;
import org.clearway.mappings.gw10.CusrspCodes;
import org.clearway.mappings.gw10.CusrspInterchange;
import org.clearway.mappings.gw10.CusrspItemDecision;
import org.clearway.mappings.gw10.CusrspMessage;
import org.clearway.mappings.gw10.DecisionReason;
import org.clearway.mappings.gw10.ProblemCodes;
import org.clearway.mappings.gw10.ResponseError;
import org.clearway.mappings.gw10.TaxLine;

/**
 * Writes the CUSRSP records of MIG GW10 §6.4 (normative) for a postal item: from a canonical
 * {@link Decision} (CANONICAL-MODEL §6.2, §6.3) with the stored {@link PostalSourceRefs}, or from
 * the gateway's own business validation of a CUSITM message (decision 90, MIG §9).
 *
 * <p>Returns records for {@code CusrspWriter}; every message is checked with
 * {@link CusrspCodes#checkOutbound} first, and one that breaks MIG §6.3 (decision 11 whose MOA 9
 * is not the sum of its taxes, ...) is refused with an {@link IllegalArgumentException}: the
 * gateway never sends such a CUSRSP.
 */
public final class DecisionToCusrsp {

    private static final DateTimeFormatter F203 = DateTimeFormatter.ofPattern("uuuuMMddHHmm");
    private static final DateTimeFormatter F204 = DateTimeFormatter.ofPattern("uuuuMMddHHmmss");

    private DecisionToCusrsp() {
    }

    // ------------------------------------------------------------------ decisions

    /**
     * One CUSRSP interchange with one message answering one decision event of one postal item.
     *
     * @param decision the canonical decision (or acknowledgement)
     * @param refs     the stored references of the item's CUSITM
     * @param warnings validation warnings of the item to attach (only to the first CUSRSP sent for
     *                 the item, MIG §6.3; pass an empty list afterwards); see {@link ResponseError#of}
     * @param options  the backend's reason map and GST choice
     * @param envelope UNB values, control reference and time of writing
     * @return empty for ACKNOWLEDGEMENT / ACCEPTED (no CUSRSP, §6.4)
     */
    public static Optional<CusrspInterchange> forDecision(Decision decision, PostalSourceRefs refs,
                                                          List<ResponseError> warnings, CusrspOptions options,
                                                          CusrspEnvelope envelope) {
        return messageForDecision(decision, refs, warnings, options, envelope.messageRef(), envelope.writtenAt())
                .map(m -> interchange(List.of(m), refs.syntaxIdentifier(), refs.syntaxVersion(), envelope));
    }

    /**
     * The CUSRSP message for one decision event (§6.4 table), for callers that group several
     * messages for the same partner into one interchange ({@link #interchange}).
     *
     * @return empty for ACKNOWLEDGEMENT / ACCEPTED
     */
    public static Optional<CusrspMessage> messageForDecision(Decision decision, PostalSourceRefs refs,
                                                             List<ResponseError> warnings, CusrspOptions options,
                                                             String messageRef, Instant writtenAt) {
        DecisionStatus status = decision.status();
        if (status == DecisionStatus.ACCEPTED) {
            return Optional.empty(); // §6.4: no CUSRSP
        }
        CusrspOptions opts = options == null ? CusrspOptions.defaults() : options;
        List<ResponseError> problems = new ArrayList<>();
        List<DecisionReason> reasons = new ArrayList<>();
        Amount totalPayable = null;
        List<TaxLine> taxes = new ArrayList<>();
        String zdc;
        String reasonCode = decision.reason() == null ? null : decision.reason().code();
        String reasonText = decision.reason() == null ? null : decision.reason().text();
        if (status == DecisionStatus.REJECTED) {
            // ACKNOWLEDGEMENT / REJECTED -> 90 + SG5 E199 with reason.text in FTX AAO (§6.4)
            zdc = "90";
            String text = reasonText != null && !reasonText.isBlank() ? reasonText
                    : reasonCode != null && !reasonCode.isBlank() ? reasonCode : status.name();
            problems.add(new ResponseError("2", refs.cniSequence(), "", "CNI", ProblemCodes.E199_OTHER, text));
        } else {
            zdc = CusrspCodes.decisionCode(status.name())
                    .orElseThrow(() -> new IllegalArgumentException("no ZDC for status " + status));
            CusrspCodes.reason(status.name(), reasonCode, reasonText, opts.reasonMap()).ifPresent(reasons::add);
            if (status == DecisionStatus.DUTIES_PAYABLE) {
                // MOA 9 = totalPayable; one SG4 per canonical tax line (§6.4 "Tax type")
                totalPayable = amount(decision.totalPayable());
                for (Decision.Tax t : decision.taxes()) {
                    taxes.add(new TaxLine(CusrspCodes.taxType(t.type().name(), opts.vatIsGst()),
                            t.rate() == null ? null : CusitmToCanonical.plainScale(t.rate()),
                            amount(t.amount()), amount(t.base())));
                }
            }
        }
        if (warnings != null) {
            problems.addAll(warnings);
        }
        // CNI 1490 echoes the item sequence of the CUSITM answered (MIG §6.4: CNI from the stored references)
        CusrspItemDecision item = new CusrspItemDecision(cniSequence(refs), refs.s10AsReceived(), zdc, decision.decidedAt(),
                reasons, totalPayable, taxes, problems);
        String office = decision.customsAuthority().officeRef() != null
                && !decision.customsAuthority().officeRef().isBlank()
                ? decision.customsAuthority().officeRef() : refs.customsOffice();
        CusrspMessage m = message(messageRef, CusrspCodes.responseNumber(decision.decisionId()), writtenAt,
                office, refs.sendingPost(), refs.bgmNumber(), parseDtm(refs.messageDate()), List.of(), List.of(item));
        return Optional.of(checked(m));
    }

    // ------------------------------------------------------------------ validation

    /**
     * The CUSRSP for the gateway's business validation of one CUSITM message (§6.4 last row).
     * A message-level {@code E} problem (E141, ERP section 1) gives a message with SG2 errors only
     * and no items; otherwise every item with at least one {@code E} problem gets decision 90 with
     * all of its problems (E and W) in SG5. Items without E codes are not answered here: their
     * warnings are stored and go with their first decision (§6.3).
     *
     * @param message     the CUSITM message validated
     * @param problems    all problems found (validator output plus store-dependent E140/W142/E141)
     * @param rejectionId UUIDv7 of this rejection event (BGM 1004 = {@code GW-} + Crockford base32)
     * @param validatedAt validation time: DTM ZCL of every item
     * @param envelope    UNB values, control reference and time of writing
     * @return empty when nothing is rejected
     */
    public static Optional<CusrspInterchange> forValidation(CusitmMessage message, List<BusinessProblem> problems,
                                                            UUID rejectionId, Instant validatedAt,
                                                            CusrspEnvelope envelope) {
        return messageForValidation(message, problems, rejectionId, validatedAt, envelope.messageRef(),
                envelope.writtenAt())
                .map(m -> interchange(List.of(m), message.envelope().syntaxIdentifier(),
                        message.envelope().syntaxVersion(), envelope));
    }

    /** Convenience: the validator result plus the store-dependent problems (E140, W142, E141). */
    public static Optional<CusrspInterchange> forValidation(CusitmValidation validation,
                                                            List<BusinessProblem> extraProblems, UUID rejectionId,
                                                            Instant validatedAt, CusrspEnvelope envelope) {
        List<BusinessProblem> all = new ArrayList<>(validation.allProblems());
        if (extraProblems != null) {
            all.addAll(extraProblems);
        }
        return forValidation(validation.message(), all, rejectionId, validatedAt, envelope);
    }

    /** The message of {@link #forValidation(CusitmMessage, List, UUID, Instant, CusrspEnvelope)}. */
    public static Optional<CusrspMessage> messageForValidation(CusitmMessage message, List<BusinessProblem> problems,
                                                               UUID rejectionId, Instant validatedAt,
                                                               String messageRef, Instant writtenAt) {
        List<ResponseError> messageErrors = problems.stream()
                .filter(p -> p.itemSequence() == 0 && p.isError())
                .map(ResponseError::of).toList();
        List<CusrspItemDecision> items = new ArrayList<>();
        if (messageErrors.isEmpty()) {
            for (CusitmItem item : message.items()) {
                List<BusinessProblem> own = problems.stream()
                        .filter(p -> p.itemSequence() != 0 && p.itemSequence() == item.sequence()).toList();
                if (own.stream().anyMatch(BusinessProblem::isError)) {
                    // E codes reject the item: decision 90, one SG5 per problem (MIG §9)
                    items.add(new CusrspItemDecision(items.size() + 1, item.s10(), "90", validatedAt, List.of(),
                            null, List.of(), own.stream().map(ResponseError::of).toList()));
                }
            }
            if (items.isEmpty()) {
                return Optional.empty();
            }
        }
        // NAD MS = the CUSITM's NAD MR (a validation rejection has no customs office of its own)
        CusrspMessage m = message(messageRef, CusrspCodes.responseNumber(rejectionId), writtenAt,
                message.customsOffice(), message.sendingPost(), message.messageNumber(),
                message.messageTime() != null ? message.messageTime() : parseDtm(message.messageTimeText()),
                messageErrors, items);
        return Optional.of(checked(m));
    }

    // ------------------------------------------------------------------ interchange

    /**
     * An interchange holding messages for the same partner that are ready together (§6.4
     * "Grouping"), written with the syntax identifier and version of the CUSITM answered (§6.3).
     */
    public static CusrspInterchange interchange(List<CusrspMessage> messages, String syntaxIdentifier,
                                                String syntaxVersion, CusrspEnvelope envelope) {
        return new CusrspInterchange(CusrspInterchange.defaultSyntax(syntaxIdentifier, syntaxVersion),
                envelope.lineBreak(), envelope.gatewayId(), envelope.gatewayQualifier(), envelope.partnerId(),
                envelope.partnerQualifier(), envelope.writtenAt(), envelope.controlRef(), "",
                envelope.testIndicator(), messages);
    }

    private static CusrspMessage message(String messageRef, String responseNumber, Instant writtenAt, String office,
                                         String post, String cusitmNumber, Instant cusitmTime,
                                         List<ResponseError> errors, List<CusrspItemDecision> items) {
        CusrspMessage draft = new CusrspMessage(messageRef, null, responseNumber, "9", writtenAt, office, post,
                cusitmNumber, cusitmTime, errors, items);
        // BGM 1001: 963 for only SG2 errors or only decision 90, else 961 (§6.4)
        return new CusrspMessage(messageRef, CusrspCodes.documentCode(draft), responseNumber, "9", writtenAt,
                office, post, cusitmNumber, cusitmTime, errors, items);
    }

    private static CusrspMessage checked(CusrspMessage m) {
        List<BusinessProblem> broken = CusrspCodes.checkOutbound(m);
        if (!broken.isEmpty()) {
            throw new IllegalArgumentException("CUSRSP " + m.responseNumber() + " would break MIG §6.3: "
                    + broken.stream().map(p -> p.code() + " " + p.text()).toList());
        }
        return m;
    }

    private static Amount amount(Money m) {
        return m == null ? null : new Amount("", m.amount(), m.currency());
    }

    /** DTM 137 text as received: 203 = CCYYMMDDHHMM, 204 = CCYYMMDDHHMMSS, UTC (MIG §5.2). */
    static Instant parseDtm(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            DateTimeFormatter f = text.length() == 14 ? F204 : F203;
            return LocalDateTime.parse(text, f).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static int cniSequence(PostalSourceRefs refs) {
        try {
            return refs.cniSequence() == null ? 1 : Integer.parseInt(refs.cniSequence().trim());
        } catch (NumberFormatException e) {
            return 1;
        }
    }
}
