package org.clearway.routes.pipeline;

import java.time.Instant;
import java.util.Objects;
import org.clearway.mappings.canonical.Declaration;
import org.clearway.mappings.canonical.FunctionCode;
import org.clearway.routes.store.DeclarationStore.PostalRefs;

/**
 * A postal item held PENDING before its draft could be mapped: its {@code gw.enrich} record less the
 * draft, and what its dialect needs to map it again (the staged message's receipt time and digest,
 * the item's CNI sequence). Kept as {@code pending_declaration.headers_json}; encoded only by
 * {@link StageQueueCodec} (with the {@code gw.enrich} names, so rows held before this record read alike).
 *
 * @param itemSequence the item's CNI sequence in its staged message
 */
public record HeldDraft(String declarationId, String ingressId, String partnerId, String contentSha256,
                        FunctionCode requestedFunction, PostalRefs postalRefs, String warningsJson,
                        Instant receivedAt, String payloadSha256, String itemSequence) {
    public HeldDraft {
        Objects.requireNonNull(declarationId, "declarationId");
        Objects.requireNonNull(ingressId, "ingressId");
        Objects.requireNonNull(partnerId, "partnerId");
        Objects.requireNonNull(contentSha256, "contentSha256");
        Objects.requireNonNull(requestedFunction, "requestedFunction");
        Objects.requireNonNull(receivedAt, "receivedAt");
        Objects.requireNonNull(itemSequence, "itemSequence");
        warningsJson = warningsJson == null ? "[]" : warningsJson;
    }

    /** The {@code gw.enrich} record of the item once its draft is mapped. */
    public DraftMessage toDraft(Declaration draft) {
        return new DraftMessage(draft, ingressId, partnerId, contentSha256, requestedFunction, postalRefs,
                warningsJson, null, false, false, null, null);
    }
}
