package org.clearway.routes.enrich;

import org.apache.camel.builder.endpoint.EndpointRouteBuilder;
import org.clearway.routes.support.Queues;
import org.springframework.stereotype.Component;

/** Stage {@code gw.enrich}: duplicates, revisions and correlation, then {@code gw.sign}. */
@Component
class EnrichRoute extends EndpointRouteBuilder {
    private final EnrichStage stage;

    EnrichRoute(EnrichStage stage) {
        this.stage = stage;
    }

    @Override
    public void configure() {
        from(jms(Queues.ENRICH)).routeId("enrich").routeConfigurationId("stage-errors")
                .bean(stage, "enrich")
                .filter(body().isNotNull())
                    .to(jms(Queues.SIGN));
    }
}
