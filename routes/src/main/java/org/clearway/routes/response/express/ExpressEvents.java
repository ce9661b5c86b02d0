package org.clearway.routes.response.express;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;
import org.clearway.mappings.canonical.Decision;
import org.clearway.mappings.express.DecisionEvents;
import org.clearway.routes.pipeline.StageTransactions;
import org.clearway.routes.store.ExpressStore;
import org.clearway.routes.store.PartnerEventStore;
import org.clearway.routes.store.WebhookEndpointStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Turns a stored customs decision into a decision event (PARTNER-APIS §5.1) for the express
 * partner that submitted the shipment, stored once per (partner, decision) for push and pull.
 */
@Service
public class ExpressEvents {
    private static final Logger log = LoggerFactory.getLogger(ExpressEvents.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final ExpressStore shipments;
    private final PartnerEventStore events;
    private final WebhookEndpointStore webhooks;
    private final ObjectMapper json;
    private final Clock clock;
    private final StageTransactions tx;
    /**
     * Inserts are serialised and each commits before the next starts, so {@code seq} order is commit
     * order and a reader following the cursor never skips an event that commits late (§5.3).
     */
    private final Object insertLock = new Object();

    public ExpressEvents(ExpressStore shipments, PartnerEventStore events, WebhookEndpointStore webhooks,
                         ObjectMapper json, Clock clock, StageTransactions transactions) {
        this.shipments = shipments;
        this.events = events;
        this.webhooks = webhooks;
        this.json = json;
        this.clock = clock;
        this.tx = transactions;
    }

    /**
     * Publishes the decision to the express partner behind its declaration, if there is one.
     * Idempotent: a redelivered decision finds its event and adds none. Database errors propagate
     * (the {@code gw.respond} stage redelivers).
     *
     * @return the event id, empty when the declaration is not an express shipment
     */
    public Optional<String> publish(Decision decision) {
        Optional<ExpressStore.Shipment> found = shipments.byDeclarationId(decision.declarationId().toString());
        if (found.isEmpty()) {
            return Optional.empty();
        }
        ExpressStore.Shipment shipment = found.get();
        DecisionEvents.Shipment view = DecisionEvents.Shipment.fromSubmission(shipment.shipmentRef(),
                tree(shipment.shipmentJson()));
        return Optional.of(publishTo(shipment.partnerId(), decision, envelope -> DecisionEvents.write(decision,
                envelope, view)));
    }

    /**
     * Stores the event of {@code decision} for {@code partnerId} once (push state per its webhook),
     * its body written by {@code body} for the new event's envelope. Shared with the platform events.
     */
    String publishTo(String partnerId, Decision decision,
                     java.util.function.Function<DecisionEvents.Envelope, byte[]> body) {
        String decisionId = decision.decisionId().toString();
        synchronized (insertLock) {
            // a transaction of its own: committed before the next insert takes the lock, whatever the caller does
            return tx.inOwnTransaction(() -> {
                Optional<PartnerEventStore.Event> existing = events.byDecision(partnerId, decisionId);
                if (existing.isPresent()) {
                    log.debug("decision {} already published to {} as {}", decisionId, partnerId,
                            existing.get().eventId());
                    return existing.get().eventId();
                }
                Instant now = clock.instant();
                String eventId = newEventId(now);
                String eventType = DecisionEvents.eventType(decision);
                byte[] bytes = body.apply(new DecisionEvents.Envelope(eventId, now, partnerId));
                boolean push = webhooks.find(partnerId).map(w -> w.subscribed(eventType)).orElse(false);
                events.insert(eventId, partnerId, eventType, decisionId, decision.declarationId().toString(),
                        decision.sequence(), decision.status().name(), new String(bytes, StandardCharsets.UTF_8), now,
                        push ? PartnerEventStore.PENDING : PartnerEventStore.NONE, push ? now : null);
                log.info("decision {} ({} seq {}) published to {} as {} ({})", decisionId, decision.status(),
                        decision.sequence(), partnerId, eventId, push ? "push and pull" : "pull only");
                return eventId;
            });
        }
    }

    /** {@code evt_} + 20 lowercase hex: 12 of the creation millis (sortable), 8 random. */
    static String newEventId(Instant now) {
        byte[] random = new byte[4];
        RANDOM.nextBytes(random);
        return "evt_" + String.format("%012x", now.toEpochMilli() & 0xffff_ffff_ffffL) + HexFormat.of().formatHex(random);
    }

    private JsonNode tree(String shipmentJson) {
        try {
            return json.readTree(shipmentJson);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored shipment JSON is unreadable", e);
        }
    }
}
