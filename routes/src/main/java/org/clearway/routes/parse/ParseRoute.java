package org.clearway.routes.parse;

import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.endpoint.EndpointRouteBuilder;
import org.clearway.routes.ingress.express.ExpressStaging;
import org.clearway.routes.support.Headers;
import org.clearway.routes.support.Queues;
import org.springframework.stereotype.Component;

/**
 * Stage {@code gw.parse}: business validation and mapping of each dialect (postal CUSITM, express
 * shipments, by the {@code clearway_dialect} property); one draft per item or shipment to
 * {@code gw.enrich}, sent from the consumer thread so it joins the consumer's JMS transaction.
 */
@Component
class ParseRoute extends EndpointRouteBuilder {
    private final ParseStage postal;
    private final ExpressParseStage express;
    private final ProducerTemplate producer;

    ParseRoute(ParseStage postal, ExpressParseStage express, ProducerTemplate producer) {
        this.postal = postal;
        this.express = express;
        this.producer = producer;
    }

    @Override
    public void configure() {
        from(jms(Queues.PARSE).concurrentConsumers("{{clearway.pipeline.parse-consumers:2}}"))
                .routeId("parse").routeConfigurationId("stage-errors")
                .process(this::parse);
    }

    private void parse(Exchange exchange) {
        String enrich = "jms:queue:" + Queues.ENRICH;
        ParseStage.DraftSink sink = (body, headers) -> producer.sendBodyAndHeaders(enrich, body, headers);
        if (ExpressStaging.DIALECT.equals(exchange.getIn().getHeader(Headers.DIALECT, String.class))) {
            express.parse(exchange, sink);
        } else {
            postal.parse(exchange, sink);
        }
    }
}
