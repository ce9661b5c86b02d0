package org.clearway.routes.parse;

import org.apache.camel.builder.endpoint.EndpointRouteBuilder;
import org.clearway.routes.support.Queues;
import org.springframework.stereotype.Component;

/** Stage {@code gw.parse}: business validation and mapping; one draft per item to {@code gw.enrich}. */
@Component
class ParseRoute extends EndpointRouteBuilder {
    private final ParseStage stage;

    ParseRoute(ParseStage stage) {
        this.stage = stage;
    }

    @Override
    public void configure() {
        from(jms(Queues.PARSE)).routeId("parse").routeConfigurationId("stage-errors")
                .setBody(method(stage, "parse"))
                .split(body())
                    .process(e -> {
                        ParseStage.Draft draft = e.getIn().getBody(ParseStage.Draft.class);
                        e.getIn().removeHeaders("*");
                        e.getIn().setHeaders(new java.util.HashMap<>(draft.headers()));
                        e.getIn().setBody(draft.body());
                    })
                    .to(jms(Queues.ENRICH))
                .end();
    }
}
