package org.clearway.routes.enrich;

import org.apache.camel.Exchange;
import org.apache.camel.builder.endpoint.EndpointRouteBuilder;
import org.clearway.routes.pipeline.StageQueueCodec;
import org.clearway.routes.pipeline.StageSender;
import org.clearway.routes.support.Queues;
import org.springframework.stereotype.Component;

/** Stage {@code gw.enrich}: duplicates, revisions and correlation, then {@code gw.sign}. */
@Component
class EnrichRoute extends EndpointRouteBuilder {
    private final EnrichStage stage;
    private final StageSender sender;

    EnrichRoute(EnrichStage stage, StageSender sender) {
        this.stage = stage;
        this.sender = sender;
    }

    @Override
    public void configure() {
        from(jms(Queues.ENRICH)).routeId("enrich").routeConfigurationId("stage-errors")
                .process(this::enrich);
    }

    private void enrich(Exchange exchange) {
        stage.enrich(StageQueueCodec.decodeDraft(exchange.getIn().getBody(byte[].class), exchange.getIn().getHeaders()))
                .ifPresent(sender::send);
    }
}
