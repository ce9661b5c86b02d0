package org.clearway.routes.enrich;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.clearway.mappings.canonical.CanonicalJson;
import org.clearway.mappings.canonical.Declaration;
import org.clearway.mappings.canonical.FunctionCode;
import java.util.List;
import org.clearway.mappings.canonical.PartnerKind;
import org.clearway.mappings.fusion.FusionContext;
import org.clearway.mappings.fusion.FusionInputException;
import org.clearway.mappings.fusion.MatchedOrder;
import org.clearway.mappings.fusion.OrderFusion;
import org.clearway.routes.parse.DeclarationRouting;
import org.clearway.routes.pipeline.DraftMessage;
import org.clearway.routes.pipeline.DraftMessage.Withdrawn;
import org.clearway.routes.pipeline.SignMessage;
import org.clearway.routes.pipeline.StageTransactions;
import org.clearway.routes.store.PlatformOrderStore;
import org.clearway.routes.support.Partners;
import org.clearway.routes.sign.Declarations;
import org.clearway.routes.store.DeclarationStore;
import org.clearway.routes.store.ExpressStore;
import org.clearway.routes.store.DeclarationStore.PostalRefs;
import org.clearway.routes.store.DeclarationStore.Revision;
import org.clearway.routes.store.TraceLog;
import org.clearway.routes.support.GatewayProperties;
import org.springframework.stereotype.Component;

/**
 * Revision control and correlation of canonical drafts (MIG §9 V20, CANONICAL-MODEL §1.3): a
 * function-9 item identical to the latest revision within the duplicate window is ignored (no new
 * revision, no CUSRSP); changed content becomes an AMENDMENT of the same declarationId; replace
 * and cancel become AMENDMENT / CANCELLATION revisions. Postal and express drafts are fused with
 * the platform orders linked to them (PARTNER-APIS §7); postal partners have no hold window, so a
 * postal revision goes straight to signing. A draft re-staged by the platform side (late order,
 * cancelled order) becomes an AMENDMENT of the latest revision.
 */
@Component
public class EnrichStage {
    private final DeclarationStore store;
    private final TraceLog trace;
    private final GatewayProperties properties;
    private final ObjectMapper json;
    private final Clock clock;
    private final OrderCorrelation correlation;
    private final PlatformOrderStore platformOrders;
    private final Partners partners;
    private final DeclarationRouting routing;
    private final ExpressStore shipments;
    private final StageTransactions transactions;

    public EnrichStage(DeclarationStore store, TraceLog trace, GatewayProperties properties, ObjectMapper json,
                       Clock clock, OrderCorrelation correlation, Partners partners, DeclarationRouting routing,
                       PlatformOrderStore platformOrders, ExpressStore shipments, StageTransactions transactions) {
        this.shipments = shipments;
        this.transactions = transactions;
        this.platformOrders = platformOrders;
        this.store = store;
        this.trace = trace;
        this.properties = properties;
        this.json = json;
        this.clock = clock;
        this.correlation = correlation;
        this.partners = partners;
        this.routing = routing;
    }

    /** The revision to sign, or empty when the draft is a duplicate (or nothing is left to amend). */
    public Optional<SignMessage> enrich(DraftMessage m) {
        Declaration draft = m.draft();
        String declarationId = m.declarationId();
        Instant now = clock.instant();
        Optional<Declaration> out;
        if (m.stagedRevision() != null) {
            // one database transaction holding the shipment's row lock while the orders are read and
            // the revision is recorded: the platform side takes the same lock before it decides that
            // late order data needs an amendment, so an order is neither missed nor merged twice
            out = transactions.inTransaction(status -> {
                shipments.lockByDeclarationId(declarationId);
                return enrichStaged(m, draft, m.stagedRevision(), m.requestedFunction(), now);
            });
        } else {
            // the postal item's row lock plays the same part for postal items and the PostalRelinker
            out = transactions.inTransaction(status -> {
                store.lockPostalItem(declarationId);
                return enrichRevision(m, draft, declarationId, now);
            });
        }
        return out.map(d -> new SignMessage(d, m.ingressId(), m.partnerId(), m.previousPack()));
    }

    /** A draft whose revision number is given here (postal, and the postal side's re-stages). */
    private Optional<Declaration> enrichRevision(DraftMessage m, Declaration draft, String declarationId,
                                                 Instant now) {
        Optional<Revision> latest = store.latest(declarationId);
        String partnerId = m.partnerId();
        String ingressId = m.ingressId();
        String contentSha = m.contentSha256();
        FunctionCode requested = m.requestedFunction();
        boolean late = m.lateEnrichment();
        Withdrawn withdrawn = m.withdrawn();
        if (latest.isPresent() && isRedelivery(latest.get(), ingressId, contentSha)) {
            // this draft was enriched before but its hand-on rolled back: send the same revision again
            Revision again = latest.get();
            FunctionCode f = FunctionCode.valueOf(again.functionCode());
            Declaration out = postalWithOrders(draft, partnerId, again.revision(), f, late, withdrawn, ingressId,
                    again.createdAt());
            return Optional.of(Declarations.withRevision(out, again.revision(), f, again.createdAt()));
        }
        if ((late || withdrawn != null) && (latest.isEmpty() || "CANCELLATION".equals(latest.get().functionCode()))) {
            // re-staged for the platform side, but the post cancelled the item meanwhile: nothing to amend
            trace.record(ingressId, declarationId, "enrich", "not-amended", "item cancelled or not declared");
            return Optional.empty();
        }
        int revision = latest.map(r -> r.revision() + 1).orElse(1);
        FunctionCode function = requested;
        if (latest.isEmpty()) {
            function = requested == FunctionCode.CANCELLATION ? FunctionCode.CANCELLATION : FunctionCode.ORIGINAL;
        } else if (requested == FunctionCode.ORIGINAL) {
            Revision last = latest.get();
            boolean recent = last.createdAt().isAfter(now.minus(properties.limits().duplicateWindow()));
            if (recent && last.contentSha256().equals(contentSha) && !"CANCELLATION".equals(last.functionCode())) {
                trace.record(ingressId, declarationId, "enrich", "duplicate-ignored",
                        "identical to revision " + last.revision());
                return Optional.empty();
            }
            function = FunctionCode.AMENDMENT;
        }
        PostalRefs refs = m.postalRefs();
        String warnings = m.warningsJson();
        Declaration declaration = Declarations.withRevision(
                postalWithOrders(draft, partnerId, revision, function, late, withdrawn, ingressId, now),
                revision, function, now);
        store.insertRevision(new Revision(declarationId, revision, function.name(), "ENRICHED",
                partnerId, ingressId, contentSha, now, null,
                declaration.destinationCustoms().backendId(), refs, warnings, false));
        trace.record(ingressId, declarationId, "enrich", "enriched", function + " revision " + revision);
        return Optional.of(declaration);
    }

    /**
     * A draft whose revision number was fixed at ingress (express API: the partner's 202 names it).
     * Its ingress already deduplicated it; here only a redelivery is recognised: the revision
     * recorded but not yet signed is sent on again, one already signed is dropped.
     */
    private Optional<Declaration> enrichStaged(DraftMessage m, Declaration draft, int revision, FunctionCode function,
                                               Instant now) {
        String declarationId = draft.declarationId().toString();
        String ingressId = m.ingressId();
        Optional<Revision> existing = store.revision(declarationId, revision);
        boolean late = m.lateEnrichment();
        boolean holdExpired = m.holdExpired();
        Withdrawn withdrawn = m.withdrawn();
        Declaration fused = withOrders(draft, revision, function, late, ingressId,
                existing.map(Revision::createdAt).orElse(now));
        // the hold window ended with no order to fuse: say so (CANONICAL-MODEL §7 rule 4)
        draft = fused == draft && holdExpired ? OrderFusion.withoutOrderData(draft) : fused;
        draft = withdraw(draft, withdrawn, ingressId);
        if (existing.isPresent()) {
            if (!"ENRICHED".equals(existing.get().state())) {
                trace.record(ingressId, declarationId, "enrich", "duplicate-ignored",
                        "revision " + revision + " is already " + existing.get().state());
                return Optional.empty();
            }
            return Optional.of(Declarations.withRevision(draft, revision, function, existing.get().createdAt()));
        }
        Declaration declaration = Declarations.withRevision(draft, revision, function, now);
        store.insertRevision(new Revision(declarationId, revision, function.name(), "ENRICHED",
                m.partnerId(), ingressId, m.contentSha256(), now, null,
                declaration.destinationCustoms().backendId(), null, "[]", false));
        trace.record(ingressId, declarationId, "enrich", "enriched", function + " revision " + revision);
        return Optional.of(declaration);
    }

    /**
     * Fuses the express draft with the platform orders linked to it (PARTNER-APIS §7,
     * CANONICAL-MODEL §7). Order first: revision 1 already carries both; order later: the platform
     * ingress re-stages the shipment as an AMENDMENT with {@code LATE_ENRICHMENT}. A match the merge
     * refuses (allocation pointing elsewhere, over-allocation) leaves the carrier's data as it is.
     */
    private Declaration withOrders(Declaration draft, int revision, FunctionCode function, boolean late,
                                   String ingressId, Instant createdAt) {
        if (function == FunctionCode.CANCELLATION || draft.sources().size() != 1
                || draft.sources().get(0).partnerKind() != PartnerKind.EXPRESS) {
            return draft;
        }
        String carrierCode = partners.carrierCode(draft.sources().get(0).partnerId());
        return fuse(draft, correlation.ordersFor(draft, carrierCode), revision, function, late, ingressId, createdAt);
    }

    /**
     * The same for a postal draft (PARTNER-APIS §6.5, §7.1 row 2): the orders linked to its S10 id
     * under one of the post's UPU operator codes (or without code), on every postal revision, so an
     * amendment, a replace or a cancellation-free resend from the post keeps the order data. The
     * transport draft is kept for amendments the platform side causes later (late order, cancelled order).
     */
    private Declaration postalWithOrders(Declaration draft, String partnerId, int revision, FunctionCode function,
                                         boolean late, Withdrawn withdrawn, String ingressId, Instant createdAt) {
        if (function == FunctionCode.CANCELLATION || draft.sources().size() != 1
                || draft.sources().get(0).partnerKind() != PartnerKind.POSTAL) {
            return draft;
        }
        String declarationId = draft.declarationId().toString();
        if (!late && withdrawn == null) {
            // a revision from the post itself: its transport data is the one to fuse from now on
            store.saveTransportDraft(declarationId, partnerId, revision, new String(CanonicalJson.write(draft),
                    java.nio.charset.StandardCharsets.UTF_8), clock.instant());
        }
        Declaration fused = fuse(draft, correlation.ordersForPostal(draft, partnerId), revision, function, late,
                ingressId, createdAt);
        return withdraw(fused, withdrawn, ingressId);
    }

    /** PLATFORM_DATA_MISSING naming the cancelled order, and its link removed (it no longer gets decisions). */
    private Declaration withdraw(Declaration declaration, Withdrawn withdrawn, String ingressId) {
        if (withdrawn == null) {
            return declaration;
        }
        String declarationId = declaration.declarationId().toString();
        platformOrders.unlinkDeclaration(declarationId, withdrawn.platformId(), withdrawn.orderId());
        // cancelled, or still open but its newer version's tracking links name other consignments
        boolean cancelled = platformOrders.find(withdrawn.platformId(), withdrawn.orderId())
                .map(PlatformOrderStore.StoredOrder::cancelled).orElse(true);
        String why = cancelled ? "was cancelled" : "no longer links this consignment";
        trace.record(ingressId, declarationId, "enrich", "order-withdrawn", "order " + withdrawn.platformId() + "/"
                + withdrawn.orderId() + " " + why + "; amended without its data");
        return OrderFusion.withOrderWithdrawn(declaration, withdrawn.platformId(), withdrawn.orderId(), why);
    }

    private Declaration fuse(Declaration draft, List<MatchedOrder> orders, int revision, FunctionCode function,
                             boolean late, String ingressId, Instant createdAt) {
        if (orders.isEmpty()) {
            return draft;
        }
        String declarationId = draft.declarationId().toString();
        try {
            Declaration fused = OrderFusion.fuse(draft, orders, new FusionContext(revision, function,
                    draft.gatewayMessageId(), createdAt, late, draft.consignment().intrinsicValue().currency(),
                    routing.rates(), routing.thresholds(), null, null, null));
            recordLinks(fused, orders);
            trace.record(ingressId, declarationId, "enrich", "fused", "orders " + orders.stream()
                    .map(o -> o.source().partnerId() + "/" + o.order().orderId()).toList() + (late ? " (late)" : ""));
            return fused;
        } catch (FusionInputException e) {
            trace.record(ingressId, declarationId, "enrich", "not-fused", e.getMessage());
            return draft;
        }
    }

    /** Remembers which orders the declaration carries, for decisions to the platforms (§5.1). */
    private void recordLinks(Declaration fused, List<MatchedOrder> orders) {
        for (MatchedOrder o : orders) {
            java.util.Set<String> lineIds = new java.util.HashSet<>();
            o.order().lines().forEach(l -> lineIds.add(l.lineId()));
            java.util.Map<Integer, String> bySequence = new java.util.TreeMap<>();
            fused.items().stream().filter(i -> i.platformLineId() != null && lineIds.contains(i.platformLineId()))
                    .forEach(i -> bySequence.put(i.sequence(), i.platformLineId()));
            try {
                platformOrders.linkDeclaration(fused.declarationId().toString(), o.source().partnerId(),
                        o.order().orderId(), json.writeValueAsString(bySequence), o.source().payloadSha256(),
                        clock.instant());
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private static boolean isRedelivery(Revision latest, String ingressId, String contentSha) {
        return "ENRICHED".equals(latest.state()) && latest.ingressId().equals(ingressId)
                && latest.contentSha256().equals(contentSha);
    }
}
