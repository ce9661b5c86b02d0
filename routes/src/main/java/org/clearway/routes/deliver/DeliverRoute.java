package org.clearway.routes.deliver;

import org.apache.camel.LoggingLevel;
import org.apache.camel.builder.endpoint.EndpointRouteBuilder;
import org.clearway.routes.support.GatewayProperties;
import org.clearway.routes.support.Queues;
import org.springframework.stereotype.Component;

/**
 * Stage {@code gw.deliver}: hands each signed declaration to its customs backend. A backend that is
 * down is retried with exponential backoff until it answers (§3.2, "unlimited until an operator
 * acts"); the group id keeps the revisions of one declaration in order on one consumer.
 */
@Component
class DeliverRoute extends EndpointRouteBuilder {
    private final CustomsDelivery delivery;
    private final GatewayProperties properties;

    DeliverRoute(CustomsDelivery delivery, GatewayProperties properties) {
        this.delivery = delivery;
        this.properties = properties;
    }

    @Override
    public void configure() {
        onException(TransientDeliveryException.class)
                .maximumRedeliveries(-1)
                .redeliveryDelay(properties.pipeline().httpRetryInitial().toMillis())
                .useExponentialBackOff().backOffMultiplier(2)
                .maximumRedeliveryDelay(properties.pipeline().httpRetryMax().toMillis())
                .retryAttemptedLogLevel(LoggingLevel.WARN)
                .handled(false);

        from(jms(Queues.DELIVER)).routeId("deliver").routeConfigurationId("stage-errors")
                .bean(delivery, "route")
                .choice()
                    .when(exchangeProperty(CustomsDelivery.CHANNEL).isEqualTo("JMS"))
                        .toD("jms:queue:${exchangeProperty." + CustomsDelivery.TARGET_QUEUE + "}")
                    .when(exchangeProperty(CustomsDelivery.CHANNEL).isEqualTo("HTTP"))
                        .bean(delivery, "push")
                .end()
                .bean(delivery, "delivered");
    }
}
