package org.clearway.routes.parse;

import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.endpoint.EndpointRouteBuilder;
import org.clearway.routes.dialect.DraftSink;
import org.clearway.routes.pipeline.InboundQueueCodec;
import org.clearway.routes.support.Queues;
import org.springframework.stereotype.Component;

/**
 * Stage {@code gw.parse}: each staged message read by its dialect ({@link ParseStage}); one draft
 * per item or shipment to {@code gw.enrich}, sent from the consumer thread so it joins the
 * consumer's JMS transaction.
 */
@Component
class ParseRoute extends EndpointRouteBuilder {
    private final ParseStage stage;
    private final ProducerTemplate producer;

    ParseRoute(ParseStage stage, ProducerTemplate producer) {
        this.stage = stage;
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
        DraftSink sink = (body, headers) -> producer.sendBodyAndHeaders(enrich, body, headers);
        stage.parse(InboundQueueCodec.readParse(exchange.getIn().getBody(byte[].class),
                exchange.getIn().getHeaders()), sink);
    }
}
