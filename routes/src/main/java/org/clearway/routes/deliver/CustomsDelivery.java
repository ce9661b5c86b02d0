package org.clearway.routes.deliver;

import java.time.Clock;
import java.time.Duration;
import org.clearway.routes.ops.StageEvents;
import org.clearway.routes.pipeline.DeliverMessage;
import org.clearway.routes.store.DeclarationStore;
import org.clearway.routes.store.TraceLog;
import org.clearway.routes.support.GatewayProperties;
import org.clearway.routes.support.GatewayProperties.Customs;
import org.clearway.routes.support.GatewayProperties.DeliveryChannel;
import org.clearway.routes.support.GatewayProperties.Role;
import org.clearway.routes.support.InvalidMessageException;
import org.clearway.routes.support.Partners;
import org.clearway.routes.support.Queues;
import org.springframework.stereotype.Component;

/**
 * Delivery of signed declarations to a customs backend (CUSTOMS-AND-POSTAL-INTERFACES §3.2): JMS
 * queue (default), HTTP push (a job in the {@link DeliveryOutbox}, pushed by its dispatcher), or
 * pull (the emission is already stored; the backend polls).
 */
@Component
public class CustomsDelivery {
    private final Partners partners;
    private final DeclarationStore store;
    private final TraceLog trace;
    private final Clock clock;
    private final StageEvents metrics;
    private final DeliveryStatus status;

    public CustomsDelivery(Partners partners, DeclarationStore store, TraceLog trace, Clock clock,
                           GatewayProperties properties, StageEvents metrics, DeliveryStatus status) {
        this.metrics = metrics;
        this.status = status;
        this.partners = partners;
        this.store = store;
        this.trace = trace;
        this.clock = clock;
    }

    /** Where one emission goes: its backend's channel and, for JMS, the customs queue. */
    public record Target(DeliveryChannel channel, String queue) {
    }

    /** Chooses the channel of the emission's backend (and its customs queue for JMS). */
    public Target route(DeliverMessage m) {
        Customs customs = backend(m.backendId());
        String queue = customs.channel() != DeliveryChannel.JMS ? null
                : Queues.customsDeclarations(m.backendId(), customs.sharedQueue() || jmsBackends() == 1);
        return new Target(customs.channel(), queue);
    }

    /** The exception and its causes as "Type: message" (a ConnectException has no message of its own). */
    static String cause(Throwable e) {
        StringBuilder s = new StringBuilder();
        for (Throwable t = e; t != null && s.length() < 500; t = t.getCause()) {
            s.append(s.isEmpty() ? "" : " <- ").append(t.getClass().getSimpleName());
            if (t.getMessage() != null) {
                s.append(": ").append(t.getMessage());
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return s.toString();
    }

    /** Records a delivered revision (JMS: on the customs queue; pull: stored for the backend). */
    public void delivered(DeliverMessage m, DeliveryChannel channel) {
        java.time.Instant now = clock.instant();
        status.delivered(m.backendId(), now);
        metrics.deliveryAttempt(m.backendId(), "delivered");
        store.markDelivered(m.declarationId(), m.revision(), now);
        trace.record(null, m.declarationId(), "deliver", "delivered", channel.name() + " revision " + m.revision()
                + " gatewayMessageId " + m.gatewayMessageId(), m.backendId());
        store.revision(m.declarationId(), m.revision()).ifPresent(r ->
                metrics.deliveryLatency(m.backendId(), Duration.between(r.createdAt(), now)));
    }

    private Customs backend(String backendId) {
        return partners.customsBackend(backendId)
                .orElseThrow(() -> new InvalidMessageException("no customs backend " + backendId + " is configured"));
    }

    private long jmsBackends() {
        return partners.withRole(Role.CUSTOMS).values().stream()
                .filter(p -> p.customs() != null && p.customs().channel() == DeliveryChannel.JMS).count();
    }
}
