package org.clearway.routes.response.express;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.clearway.mappings.canonical.Decision;
import org.clearway.mappings.express.DecisionEvents;
import org.clearway.routes.store.PlatformOrderStore;
import org.clearway.routes.store.PlatformOrderStore.DeclarationOrder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Decisions to the platforms whose order data a declaration carries (PARTNER-APIS §5.1 "platform
 * events", CANONICAL-MODEL §6.3 last column): the same event shape as for carriers, with the
 * platform's {@code orderId}, {@code lineId} on tax lines and requested fields as pointers into
 * the order; pushed by the platform's webhook and pulled with {@code GET /v1/decisions}.
 */
@Service
public class PlatformEvents {
    private static final Logger log = LoggerFactory.getLogger(PlatformEvents.class);
    private static final TypeReference<Map<Integer, String>> LINE_IDS = new TypeReference<>() {
    };

    private final PlatformOrderStore orders;
    private final ExpressEvents events;
    private final ObjectMapper json;

    public PlatformEvents(PlatformOrderStore orders, ExpressEvents events, ObjectMapper json) {
        this.orders = orders;
        this.events = events;
        this.json = json;
    }

    /** Publishes the decision to every platform linked to its declaration, when §6.3 delivers it to platforms. */
    public void publish(Decision decision) {
        if (!DecisionEvents.deliveredToPlatforms(decision)) {
            return;
        }
        for (DeclarationOrder link : orders.ordersOfDeclaration(decision.declarationId().toString())) {
            Map<Integer, String> lineIds;
            try {
                lineIds = json.readValue(link.lineIdsJson(), LINE_IDS);
            } catch (IOException e) {
                throw new IllegalStateException("stored line ids of " + link.declarationId() + " are unreadable", e);
            }
            Map<String, Integer> index = new HashMap<>();
            orders.find(link.partnerId(), link.orderId()).ifPresent(o -> {
                try {
                    JsonNode lines = json.readTree(o.orderJson()).path("lines");
                    for (int i = 0; i < lines.size(); i++) {
                        index.putIfAbsent(lines.get(i).path("lineId").asText(), i);
                    }
                } catch (IOException e) {
                    throw new IllegalStateException("stored order " + link.orderId() + " is unreadable", e);
                }
            });
            DecisionEvents.Shipment view = DecisionEvents.Shipment.forPlatform(
                    decision.correlation().houseWaybill(), link.orderId(), List.of(link.orderId()), lineIds, index);
            String eventId = events.publishTo(link.partnerId(), decision,
                    envelope -> DecisionEvents.write(decision, envelope, view));
            log.debug("decision {} to platform {} (order {}) as {}", decision.decisionId(), link.partnerId(),
                    link.orderId(), eventId);
        }
    }
}
