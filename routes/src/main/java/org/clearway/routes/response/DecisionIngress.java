package org.clearway.routes.response;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.clearway.routes.pipeline.StageInput;
import org.clearway.routes.support.GatewayProperties.DeliveryChannel;
import org.clearway.routes.support.GatewayProperties.Partner;
import org.clearway.routes.support.GatewayProperties.Role;
import org.clearway.routes.support.Headers;
import org.clearway.routes.support.InvalidMessageException;
import org.clearway.routes.support.Partners;
import org.clearway.routes.support.ProblemException;
import org.springframework.stereotype.Component;

/**
 * Decision submissions on the JMS queue {@code customs.decisions} (§3.3), one message at a time on
 * the batched stage {@code decision-ingress} ({@code PipelineStages}): inside the batch's database
 * transaction the decision is stored, and it is handed on to {@code gw.respond} in the batch's JMS
 * transaction. The backend names itself with the property {@code clearway_backend_id} (optional when
 * only one backend uses the JMS channel). An invalid or unmatched submission is an
 * {@link InvalidMessageException}: dead-lettered to {@code customs.decisions.DLQ} with its reason
 * (the HTTP status and problem the same submission would get over HTTP), never retried.
 */
@Component
public class DecisionIngress {
    private final DecisionService decisions;
    private final Partners partners;

    DecisionIngress(DecisionService decisions, Partners partners) {
        this.decisions = decisions;
        this.partners = partners;
    }

    public void submit(StageInput in) {
        byte[] body = in.body();
        String backend = in.property(Headers.BACKEND_ID);
        Map.Entry<String, Partner> partner = partners.withRole(Role.CUSTOMS).entrySet().stream()
                .filter(e -> e.getValue().customs() != null)
                .filter(e -> backend == null ? e.getValue().customs().channel() == DeliveryChannel.JMS
                        : backend.equals(e.getValue().customs().backendId()))
                .reduce((a, b) -> {
                    throw new InvalidMessageException("several customs backends use JMS: set " + Headers.BACKEND_ID);
                })
                .orElseThrow(() -> new InvalidMessageException("no customs backend " + backend + " is configured"));
        boolean xml = body != null
                && new String(body, 0, Math.min(body.length, 64), StandardCharsets.UTF_8).trim().startsWith("<");
        try {
            decisions.submitFromQueue(partner.getKey(), partner.getValue(), body, xml, in.property(Headers.SIGNATURE));
        } catch (ProblemException e) {
            throw new InvalidMessageException(e.status().value() + " " + e.getMessage()
                    + (e.errors().isEmpty() ? "" : " " + e.errors()), e);
        }
    }
}
