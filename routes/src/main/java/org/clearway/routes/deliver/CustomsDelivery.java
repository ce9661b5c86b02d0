package org.clearway.routes.deliver;

import java.time.Clock;
import java.time.Duration;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.clearway.routes.ops.StageEvents;
import org.clearway.routes.store.DeclarationStore;
import org.clearway.routes.store.TraceLog;
import org.clearway.routes.support.GatewayProperties;
import org.clearway.routes.support.GatewayProperties.Customs;
import org.clearway.routes.support.GatewayProperties.DeliveryChannel;
import org.clearway.routes.support.GatewayProperties.Role;
import org.clearway.routes.support.Headers;
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
    public static final String CHANNEL = "clearwayChannel";
    public static final String TARGET_QUEUE = "clearwayCustomsQueue";

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

    /** Chooses the channel of the declaration's backend and prepares the external message properties. */
    public void route(Exchange exchange) {
        Message in = exchange.getIn();
        String backendId = in.getHeader(Headers.BACKEND_ID, String.class);
        Customs customs = backend(backendId);
        exchange.setProperty(CHANNEL, customs.channel().name());
        if (customs.channel() == DeliveryChannel.JMS) {
            exchange.setProperty(TARGET_QUEUE, Queues.customsDeclarations(backendId, customs.sharedQueue()
                    || jmsBackends() == 1));
            // Broker duplicate detection on the emission id (§3.2).
            in.setHeader(Headers.ARTEMIS_DUPLICATE_ID, in.getHeader(Headers.GATEWAY_MESSAGE_ID, String.class));
        }
        in.removeHeaders("clearway_(ingress_id|partner_id|message_index|message_ref|received_at|payload_sha256|dialect|interchange_ref)");
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

    public void delivered(Exchange exchange) {
        Message in = exchange.getIn();
        String declarationId = in.getHeader(Headers.DECLARATION_ID, String.class);
        int revision = in.getHeader(Headers.REVISION, Integer.class);
        String backendId = in.getHeader(Headers.BACKEND_ID, String.class);
        java.time.Instant now = clock.instant();
        status.delivered(backendId, now);
        metrics.deliveryAttempt(backendId, "delivered");
        store.markDelivered(declarationId, revision, now);
        trace.record(null, declarationId, "deliver", "delivered", exchange.getProperty(CHANNEL, String.class)
                + " revision " + revision + " gatewayMessageId " + in.getHeader(Headers.GATEWAY_MESSAGE_ID), backendId);
        store.revision(declarationId, revision).ifPresent(r ->
                metrics.deliveryLatency(backendId, Duration.between(r.createdAt(), now)));
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
