package org.clearway.mappings.canonical;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Parses decision submissions from customs backends (CANONICAL-MODEL §6.4) in their JSON or XML
 * form (XML root {@code decisionSubmission} in namespace {@value DecisionSubmission#SCHEMA}).
 * All problems are collected with JSON Pointers instead of stopping at the first: types,
 * required members, enum values, §4 formats and lengths, members the gateway assigns
 * ({@code decisionId}, {@code receivedAt}, {@code sequence}), exactly one reference, kind/status/track
 * consistency (§6.1), requests for RFI/RFS and {@code totalPayable} for DUTIES_PAYABLE (§6.2).
 * Timestamps may carry any RFC 3339 offset; they are converted to UTC (§4).
 */
public final class DecisionSubmissions {
    private DecisionSubmissions() {
    }

    /** Parses the JSON form ({@code application/vnd.clearway.decision-submission+json;v=1}). */
    public static SubmissionResult parseJson(byte[] json) {
        Problems problems = new Problems(false);
        Map<String, Object> tree = CanonicalJson.parse(json, problems);
        return validate(tree, false, problems);
    }

    /** Parses the XML form; a DOCTYPE (and so any entity declaration) is rejected. */
    public static SubmissionResult parseXml(byte[] xml) {
        Problems problems = new Problems(false);
        Map<String, Object> tree = XmlForm.read(xml, "decisionSubmission", DecisionSubmission.SCHEMA, problems);
        return validate(tree, true, problems);
    }

    private static SubmissionResult validate(Map<String, Object> tree, boolean xml, Problems problems) {
        if (tree == null) {
            return new SubmissionResult(null, problems.list());
        }
        In d = new In(tree, "", new In.Ctx(problems, xml, true));
        CanonicalReader.schema(d, DecisionSubmission.SCHEMA);
        String specVersion = CanonicalReader.specVersion(d);
        for (String assigned : List.of("decisionId", "receivedAt", "sequence")) {
            if (d.has(assigned)) {
                d.raw(assigned, false);
                d.problem(assigned, "assigned by the gateway; must not be submitted (CANONICAL-MODEL §6.4)");
            }
        }
        String backendDecisionRef = d.str("backendDecisionRef", false, 70, null);
        UUID gatewayMessageId = d.uuid("gatewayMessageId", false);
        UUID declarationId = d.uuid("declarationId", false);
        Integer declarationRevision = d.integer("declarationRevision", false, 1, Integer.MAX_VALUE);
        Correlation correlation = CanonicalReader.sub(d, "correlation", false, DecisionSubmissions::correlation);
        checkReference(d);

        DecisionKind kind = d.enumValue("kind", DecisionKind.class, true);
        DecisionStatus status = d.enumValue("status", DecisionStatus.class, true);
        Track track = d.enumValue("track", Track.class, true);
        Boolean isFinal = d.bool("final", true);
        UUID supersedes = d.uuid("supersedes", false);
        Decision.CustomsAuthority authority = CanonicalReader.customsAuthority(d, false);
        String customsReference = d.str("customsReference", false, 35, null);
        Instant decidedAt = d.timestamp("decidedAt", true);
        Decision.Reason reason = CanonicalReader.reason(d);
        List<Decision.Request> requests = CanonicalReader.requests(d);
        List<ScreeningMethod> methods = CanonicalReader.screeningMethods(d);
        List<Decision.Tax> taxes = CanonicalReader.taxes(d);
        Money totalPayable = CanonicalReader.money(d, "totalPayable", false);
        LocalDate payBy = d.date("payBy", false);
        String paymentReference = d.str("paymentReference", false, 35, null);

        if (status != null) {
            if (kind != null && status.kind() != kind) {
                d.problem("status", "status " + status + " is not allowed with kind " + kind
                        + " (CANONICAL-MODEL §6.1: acknowledgements are ACCEPTED or REJECTED)");
            }
            if (track != null && !status.allows(track)) {
                d.problem("track", "status " + status + " is not on track " + track + " (CANONICAL-MODEL §6.1)");
            }
            if (status.requiresRequests() && requests.isEmpty() && !d.has("requests")) {
                d.problem("requests", "at least one request is required for " + status + " (CANONICAL-MODEL §6.2)");
            }
            if (status == DecisionStatus.DUTIES_PAYABLE && !d.has("totalPayable")) {
                d.problem("totalPayable", "required for DUTIES_PAYABLE (CANONICAL-MODEL §6.2)");
            }
        }
        checkTotal(d, taxes, totalPayable);
        d.finish();

        if (problems.count() > 0) {
            return new SubmissionResult(null, problems.list());
        }
        DecisionSubmission submission = new DecisionSubmission(specVersion, backendDecisionRef, gatewayMessageId,
                declarationId, declarationRevision, correlation, kind, status, track, isFinal, supersedes, authority,
                customsReference, decidedAt, reason, requests, methods, taxes, totalPayable, payBy, paymentReference);
        return new SubmissionResult(submission, List.of());
    }

    /** §6.4: exactly one of gatewayMessageId, declarationId (+ optional revision), correlation. */
    private static void checkReference(In d) {
        long references = List.of("gatewayMessageId", "declarationId", "correlation").stream().filter(d::has).count();
        if (references != 1) {
            d.ctx.problems().add("", "exactly one reference is required: gatewayMessageId, declarationId or "
                    + "correlation; found " + references + " (CANONICAL-MODEL §6.4)");
        }
        if (d.has("declarationRevision") && !d.has("declarationId")) {
            d.problem("declarationRevision", "only allowed together with declarationId (CANONICAL-MODEL §6.4)");
        }
    }

    /** Correlation as a reference: only the keys §6.4 lists, at least one of them. */
    private static Correlation correlation(In c) {
        String s10 = c.str("s10ItemId", false, 0, CanonicalReader.S10);
        String house = c.str("houseWaybill", false, 70, null);
        List<Correlation.PlatformOrderId> orders = c.objects("platformOrderIds", false,
                p -> new Correlation.PlatformOrderId(p.str("platformId", true), p.str("value", true)));
        String lrn = c.str("lrn", false, 22, null);
        if (!c.has("s10ItemId") && !c.has("houseWaybill") && !c.has("platformOrderIds") && !c.has("lrn")) {
            c.problem(null, "needs one of s10ItemId, houseWaybill, platformOrderIds, lrn (CANONICAL-MODEL §6.4)");
        }
        return new Correlation(s10, house, null, List.of(), orders, lrn, null);
    }

    /** §6.2: totalPayable = Σ taxes[].amount, in one currency, when tax lines are given. */
    private static void checkTotal(In d, List<Decision.Tax> taxes, Money totalPayable) {
        if (totalPayable == null || taxes.isEmpty()) {
            return;
        }
        BigDecimal sum = BigDecimal.ZERO;
        for (Decision.Tax tax : taxes) {
            if (!tax.amount().currency().equals(totalPayable.currency())) {
                d.problem("totalPayable", "currency " + totalPayable.currency()
                        + " differs from a tax line's currency " + tax.amount().currency());
                return;
            }
            sum = sum.add(tax.amount().amount());
        }
        if (sum.compareTo(totalPayable.amount()) != 0) {
            d.problem("totalPayable", "is " + totalPayable.amount().toPlainString() + " but the taxes add up to "
                    + sum.toPlainString() + " (CANONICAL-MODEL §6.2)");
        }
    }
}
