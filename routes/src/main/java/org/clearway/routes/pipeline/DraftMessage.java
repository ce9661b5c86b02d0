package org.clearway.routes.pipeline;

import java.util.Objects;
import org.clearway.mappings.canonical.Declaration;
import org.clearway.mappings.canonical.FunctionCode;
import org.clearway.routes.store.DeclarationStore.PostalRefs;

/**
 * What {@code gw.enrich} carries: one canonical draft and what the enrich stage needs besides it.
 * Written by the parse stage, a PENDING release, a postal re-stage for the platform side
 * ({@code PostalRelinker}) and the rule re-evaluation; encoded only by {@link StageQueueCodec}.
 *
 * @param draft             the canonical draft (its declarationId keys the revision and the message group)
 * @param ingressId         the ingress (or gateway re-stage) that produced it; with the content digest it
 *                          recognises a redelivery
 * @param partnerId         the sending partner
 * @param contentSha256     digest of the declared content (MIG V20 duplicate rule)
 * @param requestedFunction the function the sender asked for (enrich decides the revision's function)
 * @param postalRefs        the postal message's references for CUSRSP answers; null for express drafts
 * @param warningsJson      the parse stage's warnings as a JSON array (kept with the revision)
 * @param stagedRevision    the revision number fixed at ingress (express); null when enrich numbers it
 * @param lateEnrichment    re-staged because platform order data arrived after the declaration (§7.2)
 * @param holdExpired       the hold window ended without order data (§7.2 PLATFORM_DATA_MISSING)
 * @param withdrawn         the cancelled order this re-staged version withdraws; null when none
 * @param previousPack      the rule pack the amended revision was evaluated under; null unless re-evaluated
 */
public record DraftMessage(Declaration draft, String ingressId, String partnerId, String contentSha256,
                           FunctionCode requestedFunction, PostalRefs postalRefs, String warningsJson,
                           Integer stagedRevision, boolean lateEnrichment, boolean holdExpired,
                           Withdrawn withdrawn, PreviousPack previousPack) {
    public DraftMessage {
        Objects.requireNonNull(draft, "draft");
        Objects.requireNonNull(ingressId, "ingressId");
        Objects.requireNonNull(partnerId, "partnerId");
        Objects.requireNonNull(contentSha256, "contentSha256");
        Objects.requireNonNull(requestedFunction, "requestedFunction");
        warningsJson = warningsJson == null ? "[]" : warningsJson;
    }

    /** The platform order a re-staged version withdraws. */
    public record Withdrawn(String platformId, String orderId) {
        public Withdrawn {
            Objects.requireNonNull(platformId, "platformId");
            Objects.requireNonNull(orderId, "orderId");
        }
    }

    public String declarationId() {
        return draft.declarationId().toString();
    }
}
