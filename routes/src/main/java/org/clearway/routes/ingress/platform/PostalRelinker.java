package org.clearway.routes.ingress.platform;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.clearway.mappings.canonical.CanonicalFormatException;
import org.clearway.mappings.canonical.CanonicalJson;
import org.clearway.mappings.canonical.Declaration;
import org.clearway.mappings.canonical.FunctionCode;
import org.clearway.mappings.canonical.Ids;
import org.clearway.routes.enrich.OrderCorrelation;
import org.clearway.routes.enrich.PostalLinkRules;
import org.clearway.routes.pipeline.DraftMessage;
import org.clearway.routes.pipeline.StageSender;
import org.clearway.routes.pipeline.StageTransactions;
import org.clearway.routes.store.DecisionStore;
import org.clearway.routes.store.DeclarationStore;
import org.clearway.routes.store.PlatformOrderStore;
import org.clearway.routes.store.DeclarationStore.Revision;
import org.clearway.routes.store.DeclarationStore.TransportDraft;
import org.clearway.routes.store.TraceLog;
import org.clearway.routes.support.GatewayProperties.Role;
import org.clearway.routes.support.Partners;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The postal side of PARTNER-APIS §7.2 and of order cancellation: a postal item (S10 id) whose
 * platform order arrived after its declaration went out, or whose fused order was cancelled, is
 * staged for {@code gw.enrich} again (an outbox row relayed after the commit) from its stored
 * transport draft (V21) as an AMENDMENT; enrich
 * fuses it with the orders linked now ({@code LATE_ENRICHMENT}) or withdraws the cancelled one
 * ({@code PLATFORM_DATA_MISSING}). Not amended: an item not declared yet (enrich fuses it when it
 * gets there), one the post cancelled, one with a final decision (traced: the order stays linked).
 * Postal partners have no hold window (docs/SPEC-NOTES.md §7.2), so there is nothing held to release.
 */
@Component
class PostalRelinker implements TransportRelinker {
    private static final Logger log = LoggerFactory.getLogger(PostalRelinker.class);

    private final DeclarationStore declarations;
    private final DecisionStore decisions;
    private final OrderCorrelation correlation;
    private final Partners partners;
    private final TraceLog trace;
    private final StageSender sender;
    private final StageTransactions transactions;
    private final PlatformOrderStore platformOrders;

    PostalRelinker(DeclarationStore declarations, DecisionStore decisions, OrderCorrelation correlation,
                   Partners partners, TraceLog trace, StageSender sender, PlatformOrderStore platformOrders,
                   StageTransactions transactions) {
        this.platformOrders = platformOrders;
        this.transactions = transactions;
        this.declarations = declarations;
        this.decisions = decisions;
        this.correlation = correlation;
        this.partners = partners;
        this.trace = trace;
        this.sender = sender;
    }

    @Override
    public void parcelChanged(String carrierCode, String trackingNorm, String reason) {
        if (!PostalLinkRules.isS10(trackingNorm)) {
            return;
        }
        List<String> posts = new ArrayList<>();
        if (PostalLinkRules.uncoded(carrierCode)) {
            partners.withRole(Role.POSTAL).keySet().stream().filter(id -> !partners.operatorCodes(id).isEmpty())
                    .sorted().forEach(posts::add);
        } else {
            partners.postalPartnerForOperatorCode(carrierCode).ifPresent(posts::add);
        }
        for (String post : posts) {
            declarations.findPostalItem(post, trackingNorm).ifPresent(item -> {
                Optional<TransportDraft> draft = declarations.transportDraft(item.declarationId());
                // only when an order (still) counts for this post's item: an uncoded link of a platform
                // that may not link this post, for one, changes nothing
                if (draft.isPresent() && !correlation.ordersForPostal(read(draft.get()), post).isEmpty()) {
                    restage(item.declarationId(), post, true, null, null, reason);
                }
            });
        }
    }

    @Override
    public boolean orderRelinked(String declarationId, String platformId, String orderId) {
        Optional<DeclarationStore.PostalItem> item = declarations.findPostalItemById(declarationId);
        if (item.isEmpty()) {
            return false;
        }
        Optional<TransportDraft> draft = declarations.transportDraft(declarationId);
        boolean counts = draft.isPresent() && correlation.ordersForPostal(read(draft.get()), item.get().partnerId())
                .stream().anyMatch(o -> o.source().partnerId().equals(platformId) && o.order().orderId().equals(orderId));
        if (!counts) {
            restage(declarationId, item.get().partnerId(), false, platformId, orderId,
                    "order " + platformId + "/" + orderId + " no longer links item " + item.get().s10ItemId());
        }
        return true;
    }

    @Override
    public boolean orderWithdrawn(String declarationId, String platformId, String orderId) {
        Optional<DeclarationStore.PostalItem> item = declarations.findPostalItemById(declarationId);
        if (item.isEmpty()) {
            return false;
        }
        restage(declarationId, item.get().partnerId(), false, platformId, orderId,
                "order " + platformId + "/" + orderId + " cancelled");
        return true;
    }

    /**
     * Under the postal item's row lock, which the enrich stage holds while it reads the orders and
     * records a revision: a revision recorded before this order committed is amended, one recorded
     * after it already carries the order (no lost or doubled merge, issue 6).
     */
    private void restage(String declarationId, String postId, boolean late, String withdrawnPlatform,
                         String withdrawnOrder, String reason) {
        transactions.run(() -> {
            declarations.lockPostalItem(declarationId);
            restageLocked(declarationId, postId, late, withdrawnPlatform, withdrawnOrder, reason);
        });
    }

    private void restageLocked(String declarationId, String postId, boolean late, String withdrawnPlatform,
                               String withdrawnOrder, String reason) {
        String event = late ? "order-linked" : "order-cancelled";
        Optional<Revision> latest = declarations.latest(declarationId);
        if (latest.isEmpty()) {
            trace.record(null, declarationId, "enrich", event, reason + "; not declared yet, enrich fuses it");
            return;
        }
        if (FunctionCode.CANCELLATION.name().equals(latest.get().functionCode())) {
            trace.record(null, declarationId, "enrich", event, reason + "; item cancelled by the post, not amended");
            return;
        }
        if (decisions.forDeclaration(declarationId).stream().anyMatch(DecisionStore.StoredDecision::isFinal)) {
            trace.record(null, declarationId, "enrich", event, reason + (late
                    ? "; declaration closed, kept" : " after a final decision; not amended"));
            return;
        }
        Optional<TransportDraft> draft = declarations.transportDraft(declarationId);
        if (draft.isEmpty()) {
            trace.record(null, declarationId, "enrich", event, reason + "; no postal transport draft kept, not amended");
            log.warn("postal declaration {} has no transport draft; {} not applied", declarationId, reason);
            return;
        }
        if (late && carriesCurrentOrders(declarationId, postId, draft.get())) {
            trace.record(null, declarationId, "enrich", event, reason + "; the declaration already carries this order data");
            return;
        }
        Revision last = latest.get();
        String ingressId = Ids.uuidV7().toString();
        // the post's warnings stay with the item: they travel on its first CUSRSP, whichever revision is decided
        sender.stage(new DraftMessage(read(draft.get()), ingressId, postId, last.contentSha256(), FunctionCode.AMENDMENT,
                last.postal(), last.warnings(), null, late, false,
                late ? null : new DraftMessage.Withdrawn(withdrawnPlatform, withdrawnOrder), null));
        trace.record(ingressId, declarationId, "enrich", late ? "late-enrichment" : "order-cancelled",
                reason + "; postal amendment after revision " + last.revision());
    }

    /** Whether the latest revision was fused with every order that counts for the item now, at its current content. */
    private boolean carriesCurrentOrders(String declarationId, String postId, TransportDraft draft) {
        List<org.clearway.mappings.fusion.MatchedOrder> current = correlation.ordersForPostal(read(draft), postId);
        Map<String, String> fusedWith = platformOrders.linkedOrderContent(declarationId);
        return !current.isEmpty() && current.stream().allMatch(o -> o.source().payloadSha256() != null
                && o.source().payloadSha256().equals(fusedWith.get(o.source().partnerId() + "/" + o.order().orderId())));
    }

    private static Declaration read(TransportDraft draft) {
        try {
            return CanonicalJson.readDeclaration(draft.draftJson().getBytes(StandardCharsets.UTF_8));
        } catch (CanonicalFormatException e) {
            throw new IllegalStateException("stored transport draft of " + draft.declarationId() + " is unreadable", e);
        }
    }
}
