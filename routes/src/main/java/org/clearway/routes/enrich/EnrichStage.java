package org.clearway.routes.enrich;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.clearway.mappings.canonical.CanonicalFormatException;
import org.clearway.mappings.canonical.CanonicalJson;
import org.clearway.mappings.canonical.Declaration;
import org.clearway.mappings.canonical.FunctionCode;
import java.util.List;
import org.clearway.mappings.canonical.PartnerKind;
import org.clearway.mappings.fusion.FusionContext;
import org.clearway.mappings.fusion.FusionInputException;
import org.clearway.mappings.fusion.MatchedOrder;
import org.clearway.mappings.fusion.OrderFusion;
import org.clearway.routes.ingress.express.ExpressStaging;
import org.clearway.routes.parse.DeclarationRouting;
import org.clearway.routes.store.PlatformOrderStore;
import org.clearway.routes.support.Partners;
import org.clearway.routes.parse.ParseStage;
import org.clearway.routes.sign.Declarations;
import org.clearway.routes.store.DeclarationStore;
import org.clearway.routes.store.ExpressStore;
import org.clearway.routes.store.DeclarationStore.PostalRefs;
import org.clearway.routes.store.DeclarationStore.Revision;
import org.clearway.routes.store.TraceLog;
import org.clearway.routes.support.GatewayProperties;
import org.clearway.routes.support.Headers;
import org.clearway.routes.support.InvalidMessageException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

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
    /** Properties used between parse and enrich only; not handed on to signing. */
    private static final String HANDED_OFF_HEADERS =
            "clearway_(postal_refs|warnings|content_sha256|requested_function|staged_revision|function|express_content_sha256|idempotency_key|late_enrichment|hold_expired|source_dialect|withdrawn_platform|withdrawn_order)";
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
    private final TransactionTemplate tx;

    public EnrichStage(DeclarationStore store, TraceLog trace, GatewayProperties properties, ObjectMapper json,
                       Clock clock, OrderCorrelation correlation, Partners partners, DeclarationRouting routing,
                       PlatformOrderStore platformOrders, ExpressStore shipments, PlatformTransactionManager transactions) {
        this.shipments = shipments;
        this.tx = new TransactionTemplate(transactions);
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

    /** Sets the body to the revision to sign, or to null when the draft is a duplicate to ignore. */
    public void enrich(Exchange exchange) throws Exception {
        Message in = exchange.getIn();
        Declaration draft;
        try {
            draft = CanonicalJson.readDeclaration(in.getBody(byte[].class));
        } catch (CanonicalFormatException e) {
            throw new InvalidMessageException("not a canonical declaration: " + e.getMessage(), e);
        }
        String declarationId = draft.declarationId().toString();
        String ingressId = in.getHeader(Headers.INGRESS_ID, String.class);
        String contentSha = in.getHeader(ParseStage.CONTENT_SHA256, String.class);
        FunctionCode requested = FunctionCode.valueOf(in.getHeader(ParseStage.REQUESTED_FUNCTION, String.class));
        Instant now = clock.instant();
        Integer staged = in.getHeader(ExpressStaging.STAGED_REVISION, Integer.class);
        if (staged != null) {
            Declaration d = draft;
            // one database transaction holding the shipment's row lock while the orders are read and
            // the revision is recorded: the platform side takes the same lock before it decides that
            // late order data needs an amendment, so an order is neither missed nor merged twice
            tx.executeWithoutResult(status -> {
                shipments.lockByDeclarationId(declarationId);
                enrichStaged(in, d, staged, requested, ingressId, contentSha, now);
            });
            return;
        }
        // the postal item's row lock plays the same part for postal items and the PostalRelinker
        tx.executeWithoutResult(status -> {
            store.lockPostalItem(declarationId);
            try {
                enrichRevision(in, draft, declarationId, ingressId, contentSha, requested, now);
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    /** A draft whose revision number is given here (postal, and the postal side's re-stages). */
    private void enrichRevision(Message in, Declaration draft, String declarationId, String ingressId,
                                String contentSha, FunctionCode requested, Instant now) throws Exception {
        Optional<Revision> latest = store.latest(declarationId);
        String partnerId = in.getHeader(Headers.PARTNER_ID, String.class);
        boolean late = Boolean.TRUE.equals(in.getHeader(ExpressStaging.LATE_ENRICHMENT, Boolean.class));
        Withdrawn withdrawn = Withdrawn.of(in);
        if (latest.isPresent() && isRedelivery(latest.get(), ingressId, contentSha)) {
            // this draft was enriched before but its hand-on rolled back: send the same revision again
            Revision again = latest.get();
            FunctionCode f = FunctionCode.valueOf(again.functionCode());
            Declaration out = postalWithOrders(draft, partnerId, again.revision(), f, late, withdrawn, ingressId,
                    again.createdAt());
            in.removeHeaders(HANDED_OFF_HEADERS);
            in.setBody(CanonicalJson.write(Declarations.withRevision(out, again.revision(), f, again.createdAt())));
            return;
        }
        if ((late || withdrawn != null) && (latest.isEmpty() || "CANCELLATION".equals(latest.get().functionCode()))) {
            // re-staged for the platform side, but the post cancelled the item meanwhile: nothing to amend
            trace.record(ingressId, declarationId, "enrich", "not-amended", "item cancelled or not declared");
            in.setBody(null);
            return;
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
                in.setBody(null);
                return;
            }
            function = FunctionCode.AMENDMENT;
        }
        PostalRefs refs = json.readValue(in.getHeader(ParseStage.POSTAL_REFS, String.class), PostalRefs.class);
        String warnings = in.getHeader(ParseStage.WARNINGS, String.class);
        Declaration declaration = Declarations.withRevision(
                postalWithOrders(draft, partnerId, revision, function, late, withdrawn, ingressId, now),
                revision, function, now);
        store.insertRevision(new Revision(declarationId, revision, function.name(), "ENRICHED",
                partnerId, ingressId, contentSha, now, null,
                declaration.destinationCustoms().backendId(), refs, warnings, false));
        trace.record(ingressId, declarationId, "enrich", "enriched", function + " revision " + revision);
        in.removeHeaders(HANDED_OFF_HEADERS);
        in.setBody(CanonicalJson.write(declaration));
    }

    /**
     * A draft whose revision number was fixed at ingress (express API: the partner's 202 names it).
     * Its ingress already deduplicated it; here only a redelivery is recognised: the revision
     * recorded but not yet signed is sent on again, one already signed is dropped.
     */
    private void enrichStaged(Message in, Declaration draft, int revision, FunctionCode function, String ingressId,
                              String contentSha, Instant now) {
        String declarationId = draft.declarationId().toString();
        Optional<Revision> existing = store.revision(declarationId, revision);
        boolean late = Boolean.TRUE.equals(in.getHeader(ExpressStaging.LATE_ENRICHMENT, Boolean.class));
        boolean holdExpired = Boolean.TRUE.equals(in.getHeader(ExpressStaging.HOLD_EXPIRED, Boolean.class));
        Withdrawn withdrawn = Withdrawn.of(in);
        Declaration fused = withOrders(draft, revision, function, late, ingressId,
                existing.map(Revision::createdAt).orElse(now));
        // the hold window ended with no order to fuse: say so (CANONICAL-MODEL §7 rule 4)
        draft = fused == draft && holdExpired ? OrderFusion.withoutOrderData(draft) : fused;
        draft = withdraw(draft, withdrawn, ingressId);
        in.removeHeaders(HANDED_OFF_HEADERS);
        if (existing.isPresent()) {
            if (!"ENRICHED".equals(existing.get().state())) {
                trace.record(ingressId, declarationId, "enrich", "duplicate-ignored",
                        "revision " + revision + " is already " + existing.get().state());
                in.setBody(null);
                return;
            }
            in.setBody(CanonicalJson.write(Declarations.withRevision(draft, revision, function,
                    existing.get().createdAt())));
            return;
        }
        Declaration declaration = Declarations.withRevision(draft, revision, function, now);
        store.insertRevision(new Revision(declarationId, revision, function.name(), "ENRICHED",
                in.getHeader(Headers.PARTNER_ID, String.class), ingressId, contentSha, now, null,
                declaration.destinationCustoms().backendId(), null, "[]", false));
        trace.record(ingressId, declarationId, "enrich", "enriched", function + " revision " + revision);
        in.setBody(CanonicalJson.write(declaration));
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

    /** The cancelled order a re-staged version withdraws (headers {@code clearway_withdrawn_*}), if any. */
    private record Withdrawn(String platformId, String orderId) {
        static Withdrawn of(Message in) {
            String platform = in.getHeader(ExpressStaging.WITHDRAWN_PLATFORM, String.class);
            String order = in.getHeader(ExpressStaging.WITHDRAWN_ORDER, String.class);
            return platform == null || order == null ? null : new Withdrawn(platform, order);
        }
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
