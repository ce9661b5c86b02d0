package org.clearway.routes.response;

import org.apache.camel.builder.endpoint.EndpointRouteBuilder;
import org.clearway.routes.pipeline.InboundQueueCodec;
import org.clearway.routes.support.Queues;
import org.springframework.stereotype.Component;

/** Stage {@code gw.respond}: customs decisions back to the partners in their own dialects. */
@Component
class ResponseRoute extends EndpointRouteBuilder {
    private final ResponseStage stage;

    ResponseRoute(ResponseStage stage) {
        this.stage = stage;
    }

    @Override
    public void configure() {
        from(jms(Queues.RESPOND)).routeId("respond").routeConfigurationId("stage-errors")
                .process(exchange -> stage.respond(InboundQueueCodec.readRespond(
                        exchange.getIn().getBody(byte[].class), exchange.getIn().getHeaders())));
    }
}
