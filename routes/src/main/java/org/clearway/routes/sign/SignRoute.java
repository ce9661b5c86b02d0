package org.clearway.routes.sign;

import org.apache.camel.Exchange;
import org.apache.camel.builder.endpoint.EndpointRouteBuilder;
import org.clearway.routes.pipeline.StageQueueCodec;
import org.clearway.routes.pipeline.StageSender;
import org.clearway.routes.support.Queues;
import org.springframework.stereotype.Component;

/** Stage {@code gw.sign}: canonical bytes + detached CMS signature, then {@code gw.deliver}. */
@Component
class SignRoute extends EndpointRouteBuilder {
    private final SignStage stage;
    private final StageSender sender;

    SignRoute(SignStage stage, StageSender sender) {
        this.stage = stage;
        this.sender = sender;
    }

    @Override
    public void configure() {
        from(jms(Queues.SIGN)).routeId("sign").routeConfigurationId("stage-errors")
                .process(this::sign);
    }

    private void sign(Exchange exchange) {
        sender.send(stage.sign(StageQueueCodec.decodeSign(exchange.getIn().getBody(byte[].class),
                exchange.getIn().getHeaders())));
    }
}
