package org.clearway.routes.deliver;

import org.apache.camel.Exchange;
import org.apache.camel.builder.endpoint.EndpointRouteBuilder;
import org.clearway.routes.pipeline.DeliverMessage;
import org.clearway.routes.pipeline.StageQueueCodec;
import org.clearway.routes.support.Queues;
import org.springframework.stereotype.Component;

/**
 * Stage {@code gw.deliver}: hands each signed declaration to its customs backend. JMS backends get
 * it on their queue and pull backends find it stored; for an HTTP backend the stage records a push
 * job in the {@link DeliveryOutbox} and returns: the push, its retries with backoff and their bound
 * happen there, never holding this consumer, its transaction or the message while a backend is
 * down. The group id keeps the revisions of one declaration in order on one consumer; the outbox
 * keeps that order for pushes.
 */
@Component
class DeliverRoute extends EndpointRouteBuilder {
    private final CustomsDelivery delivery;
    private final DeliveryOutbox outbox;
    private final CustomsQueueSender queueSender;

    DeliverRoute(CustomsDelivery delivery, DeliveryOutbox outbox, CustomsQueueSender queueSender) {
        this.queueSender = queueSender;
        this.delivery = delivery;
        this.outbox = outbox;
    }

    @Override
    public void configure() {
        from(jms(Queues.DELIVER)).routeId("deliver").routeConfigurationId("stage-errors")
                .process(this::deliver);
    }

    private void deliver(Exchange exchange) {
        DeliverMessage m = StageQueueCodec.decodeDeliver(exchange.getIn().getBody(byte[].class),
                exchange.getIn().getHeaders());
        CustomsDelivery.Target target = delivery.route(m);
        switch (target.channel()) {
            case JMS -> {
                queueSender.send(m, target.queue());
                delivery.delivered(m, target.channel());
            }
            case HTTP -> outbox.enqueue(m);
            default -> delivery.delivered(m, target.channel());
        }
    }
}
