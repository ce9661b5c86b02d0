package org.clearway.routes.sign;

import org.apache.camel.builder.endpoint.EndpointRouteBuilder;
import org.clearway.routes.support.Queues;
import org.springframework.stereotype.Component;

/** Stage {@code gw.sign}: canonical bytes + detached CMS signature, then {@code gw.deliver}. */
@Component
class SignRoute extends EndpointRouteBuilder {
    private final SignStage stage;

    SignRoute(SignStage stage) {
        this.stage = stage;
    }

    @Override
    public void configure() {
        from(jms(Queues.SIGN)).routeId("sign").routeConfigurationId("stage-errors")
                .bean(stage, "sign")
                .to(jms(Queues.DELIVER));
    }
}
