package org.clearway.routes.response;

import org.clearway.mappings.canonical.CanonicalFormatException;
import org.clearway.mappings.canonical.CanonicalJson;
import org.clearway.mappings.canonical.Decision;
import org.clearway.routes.dialect.DecisionAnswerer;
import org.clearway.routes.dialect.Dialects;
import org.clearway.routes.pipeline.RespondMessage;
import org.clearway.routes.support.InvalidMessageException;
import org.springframework.stereotype.Component;

/**
 * Stage {@code gw.respond}: routes one stored decision back to every party that contributed data to
 * the consignment, each in its own dialect (CUSTOMS-AND-POSTAL-INTERFACES §3.3): every
 * {@link DecisionAnswerer} is handed the decision and answers the declarations of its partners
 * (postal operators a CUSRSP, express carriers and platforms a decision event, PARTNER-APIS §5).
 * Each answerer is idempotent, so a redelivered decision is not answered twice.
 */
@Component
public class ResponseStage {
    private final Dialects dialects;

    public ResponseStage(Dialects dialects) {
        this.dialects = dialects;
    }

    public void respond(RespondMessage message) {
        Decision decision;
        try {
            decision = CanonicalJson.readDecision(message.decision());
        } catch (CanonicalFormatException e) {
            throw new InvalidMessageException("not a canonical decision: " + e.getMessage(), e);
        }
        for (DecisionAnswerer answerer : dialects.answerers()) {
            answerer.answer(decision);
        }
    }
}
