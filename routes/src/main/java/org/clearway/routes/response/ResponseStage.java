package org.clearway.routes.response;

import java.util.Optional;
import org.apache.camel.Exchange;
import org.clearway.mappings.canonical.CanonicalFormatException;
import org.clearway.mappings.canonical.CanonicalJson;
import org.clearway.mappings.canonical.Decision;
import org.clearway.routes.response.express.ExpressEvents;
import org.clearway.routes.store.DecisionStore;
import org.clearway.routes.support.InvalidMessageException;
import org.springframework.stereotype.Component;

/**
 * Stage {@code gw.respond}: routes one stored decision back to every party that contributed data to
 * the consignment, each in its own dialect (CUSTOMS-AND-POSTAL-INTERFACES §3.3). Postal operators
 * get a CUSRSP; express carriers a decision event (PARTNER-APIS §5), and so do the platforms whose orders the
 * declaration carries. Idempotent: a decision already answered (outbox id stored) is not answered again.
 */
@Component
public class ResponseStage {
    private final PostalResponder postal;
    private final ExpressEvents express;
    private final org.clearway.routes.response.express.PlatformEvents platforms;
    private final DecisionStore decisions;

    public ResponseStage(PostalResponder postal, ExpressEvents express,
                         org.clearway.routes.response.express.PlatformEvents platforms, DecisionStore decisions) {
        this.postal = postal;
        this.express = express;
        this.platforms = platforms;
        this.decisions = decisions;
    }

    public void respond(Exchange exchange) {
        Decision decision;
        try {
            decision = CanonicalJson.readDecision(exchange.getIn().getBody(byte[].class));
        } catch (CanonicalFormatException e) {
            throw new InvalidMessageException("not a canonical decision: " + e.getMessage(), e);
        }
        String decisionId = decision.decisionId().toString();
        express.publish(decision);
        platforms.publish(decision);
        Optional<DecisionStore.StoredDecision> stored = decisions.byId(decisionId);
        if (stored.isPresent() && stored.get().outboxId() != null) {
            return;
        }
        postal.respond(decision).ifPresent(outboxId -> decisions.setOutbox(decisionId, outboxId));
    }
}
