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

    /**
     * The enrich stage's headers every dialect's drafts carry (gw.enrich): the postal source
     * references, the rule results, the content hash and the requested function.
     */
    public static final String POSTAL_REFS = "clearway_postal_refs";
    public static final String WARNINGS = "clearway_warnings";
    public static final String CONTENT_SHA256 = "clearway_content_sha256";
    public static final String REQUESTED_FUNCTION = "clearway_requested_function";

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
