package org.clearway.routes.pipeline;

import java.util.Objects;
import org.clearway.mappings.canonical.Declaration;

/**
 * What {@code gw.sign} carries: an enriched declaration revision (revision, function and creation
 * time set) ready for its emission id, customs format and signature.
 *
 * @param declaration  the revision to sign
 * @param ingressId    the ingress it came from (traces)
 * @param partnerId    the partner it came from (traces)
 * @param previousPack the rule pack of the revision a re-evaluation amends; null otherwise
 */
public record SignMessage(Declaration declaration, String ingressId, String partnerId, PreviousPack previousPack) {
    public SignMessage {
        Objects.requireNonNull(declaration, "declaration");
        Objects.requireNonNull(ingressId, "ingressId");
        Objects.requireNonNull(partnerId, "partnerId");
    }

    public String declarationId() {
        return declaration.declarationId().toString();
    }
}
