package org.clearway.routes.response;

import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.builder.endpoint.EndpointRouteBuilder;
import org.clearway.routes.pipeline.InboundQueueCodec;
import org.clearway.routes.pipeline.RespondMessage;
import org.clearway.routes.support.GatewayProperties.DeliveryChannel;
import org.clearway.routes.support.GatewayProperties.Partner;
import org.clearway.routes.support.GatewayProperties.Role;
import org.clearway.routes.support.Headers;
import org.clearway.routes.support.InvalidMessageException;
import org.clearway.routes.support.Partners;
import org.clearway.routes.support.ProblemException;
import org.clearway.routes.support.Queues;
import org.springframework.stereotype.Component;

/**
 * Decision submissions on the JMS queue {@code customs.decisions} (§3.3). The backend names itself
 * with the property {@code clearway_backend_id} (optional when only one backend uses the JMS channel);
 * an invalid or unmatched submission is dead-lettered to {@code customs.decisions.DLQ} with its reason.
 */
@Component
class DecisionIngressRoute extends EndpointRouteBuilder {
    private final DecisionService decisions;
    private final Partners partners;

    DecisionIngressRoute(DecisionService decisions, Partners partners) {
        this.decisions = decisions;
        this.partners = partners;
    }

    @Override
    public void configure() {
        from(jms(Queues.CUSTOMS_DECISIONS)).routeId("decision-ingress").routeConfigurationId("stage-errors")
                .process(this::submit)
                .filter(body().isNotNull())
                    .to(jms(Queues.RESPOND));
    }

    private void submit(Exchange exchange) {
        byte[] body = exchange.getIn().getBody(byte[].class);
        String backend = exchange.getIn().getHeader(Headers.BACKEND_ID, String.class);
        Map.Entry<String, Partner> partner = partners.withRole(Role.CUSTOMS).entrySet().stream()
                .filter(e -> e.getValue().customs() != null)
                .filter(e -> backend == null ? e.getValue().customs().channel() == DeliveryChannel.JMS
                        : backend.equals(e.getValue().customs().backendId()))
                .reduce((a, b) -> {
                    throw new InvalidMessageException("several customs backends use JMS: set " + Headers.BACKEND_ID);
                })
                .orElseThrow(() -> new InvalidMessageException("no customs backend " + backend + " is configured"));
        boolean xml = body != null && new String(body, 0, Math.min(body.length, 64)).trim().startsWith("<");
        try {
            DecisionService.Accepted accepted = decisions.submit(partner.getKey(), partner.getValue(), body, xml,
                    exchange.getIn().getHeader(Headers.SIGNATURE, String.class));
            exchange.getIn().removeHeaders("*");
            exchange.getIn().setBody(null);
            accepted.forward().ifPresent(decision -> {
                RespondMessage respond = new RespondMessage(accepted.decisionId(), decision);
                exchange.getIn().setHeaders(InboundQueueCodec.properties(respond));
                exchange.getIn().setBody(respond.decision());
            });
        } catch (ProblemException e) {
            throw new InvalidMessageException(e.status().value() + " " + e.getMessage()
                    + (e.errors().isEmpty() ? "" : " " + e.errors()), e);
        }
    }
}
