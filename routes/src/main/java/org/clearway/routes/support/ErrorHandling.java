package org.clearway.routes.support;

import java.time.Clock;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteConfigurationBuilder;
import org.apache.camel.component.jms.JmsEndpoint;
import org.clearway.routes.ops.StageEvents;
import org.clearway.routes.store.TraceLog;
import org.springframework.stereotype.Component;

/**
 * One error policy for every stage route: permanent failures ({@link InvalidMessageException})
 * go straight to {@code <queue>.DLQ}; anything else is redelivered with backoff and then
 * dead-lettered. The dead letter carries the reason, the origin queue and the time, and is sent in
 * the consumer's JMS transaction, so the message is moved, never lost or doubled. Replay with
 * {@code POST /v1/admin/dead-letters/{queue}/replay}. A JMS failure (the broker away) is neither:
 * the message is rolled back to the broker and redelivered once it is back.
 */
@Component
public class ErrorHandling extends RouteConfigurationBuilder {
    static final String DLQ = "clearwayDeadLetterQueue";

    private final GatewayProperties properties;
    private final Clock clock;
    private final TraceLog trace;
    private final StageEvents metrics;

    public ErrorHandling(GatewayProperties properties, Clock clock, TraceLog trace, StageEvents metrics) {
        this.properties = properties;
        this.clock = clock;
        this.trace = trace;
        this.metrics = metrics;
    }

    @Override
    public void configuration() {
        routeConfiguration("stage-errors")
                .onException(InvalidMessageException.class)
                    .handled(true)
                    .process(this::markDeadLetter)
                    .toD("jms:queue:${exchangeProperty." + DLQ + "}")
                .end()
                // The broker went away mid-stage (restart, failover): the consumer's session is gone
                // with it, so neither a hand-on nor a dead letter can be sent. Not handled, not
                // redelivered in process: the listener rolls back and reconnects, and the broker
                // redelivers the message when it is back (the stages are idempotent by their keys).
                // A JMS error that persists ends in the broker's own DLQ after its delivery attempts.
                .onException(jakarta.jms.JMSException.class, org.springframework.jms.JmsException.class,
                        org.apache.activemq.artemis.api.core.ActiveMQException.class)
                    .handled(false)
                    .maximumRedeliveries(0)
                    .logStackTrace(false)
                    .logExhausted(false)
                    .process(this::brokerAway)
                .end()
                .onException(Exception.class)
                    .handled(true)
                    .maximumRedeliveries(properties.pipeline().maximumRedeliveries())
                    .redeliveryDelay(properties.pipeline().redeliveryDelay().toMillis())
                    .useExponentialBackOff()
                    .backOffMultiplier(2)
                    .retryAttemptedLogLevel(org.apache.camel.LoggingLevel.WARN)
                    .process(this::markDeadLetter)
                    .toD("jms:queue:${exchangeProperty." + DLQ + "}")
                .end();
    }

    private void brokerAway(Exchange exchange) {
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        String origin = exchange.getFromEndpoint() instanceof JmsEndpoint jms ? jms.getDestinationName()
                : exchange.getFromRouteId();
        org.slf4j.LoggerFactory.getLogger(ErrorHandling.class)
                .warn("broker unavailable in {}: rolled back for redelivery ({})", origin, String.valueOf(cause));
    }

    private void markDeadLetter(Exchange exchange) {
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        String origin = exchange.getFromEndpoint() instanceof JmsEndpoint jms ? jms.getDestinationName()
                : exchange.getFromRouteId();
        String reason = cause == null ? "unknown" : cause.getClass().getSimpleName() + ": " + cause.getMessage();
        exchange.getIn().setHeader(Headers.DLQ_REASON, reason.length() > 2000 ? reason.substring(0, 2000) : reason);
        exchange.getIn().setHeader(Headers.DLQ_ORIGIN, origin);
        exchange.getIn().setHeader(Headers.DLQ_AT, clock.instant().toString());
        exchange.setProperty(DLQ, Queues.dlq(origin));
        String ingressId = exchange.getIn().getHeader(Headers.INGRESS_ID, String.class);
        String declarationId = exchange.getIn().getHeader(Headers.DECLARATION_ID, String.class);
        org.slf4j.LoggerFactory.getLogger(ErrorHandling.class)
                .warn("dead-lettered from {} to {} (ingress {}, declaration {}): {}", origin, Queues.dlq(origin),
                        ingressId, declarationId, reason);
        metrics.deadLettered(origin);
        try {
            trace.record(ingressId, declarationId, "dead-letter", "dead-lettered", Queues.dlq(origin) + ": " + reason,
                    exchange.getIn().getHeader(Headers.PARTNER_ID, String.class));
        } catch (RuntimeException e) {
            // the dead letter itself carries the reason; a database outage must not block the move
            org.slf4j.LoggerFactory.getLogger(ErrorHandling.class).warn("dead-letter trace not recorded: {}", e.toString());
        }
    }
}
