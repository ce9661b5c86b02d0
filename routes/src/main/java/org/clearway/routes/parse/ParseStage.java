package org.clearway.routes.parse;

import org.clearway.routes.dialect.Dialects;
import org.clearway.routes.dialect.DraftSink;
import org.clearway.routes.dialect.InboundDialect;
import org.clearway.routes.dialect.ParseOutcome;
import org.clearway.routes.pipeline.ParseMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Stage {@code gw.parse}: one staged message read by the dialect it names (postal CUSITM, express
 * shipments, any other {@link InboundDialect} bean); the stage itself knows no dialect. An unknown
 * dialect makes the message invalid (dead-lettered with the reason).
 */
@Component
public class ParseStage {
    private static final Logger LOG = LoggerFactory.getLogger(ParseStage.class);

    private final Dialects dialects;

    public ParseStage(Dialects dialects) {
        this.dialects = dialects;
    }

    public ParseOutcome parse(ParseMessage message, DraftSink enrich) {
        ParseOutcome outcome = dialects.require(message.dialect()).parse(message, enrich);
        LOG.debug("{} message of ingress {} from {}: {} draft(s), {} problem(s) answered", message.dialect(),
                message.ingressId(), message.partnerId(), outcome.drafts(), outcome.problems().size());
        return outcome;
    }
}
