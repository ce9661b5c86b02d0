package org.clearway.routes.pending;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import org.clearway.routes.store.PendingStore;
import org.clearway.routes.store.TraceLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Holds items that cannot be completed for a reason an operator can fix (CANONICAL-MODEL §4: no
 * exchange rate; later no rule pack): the item is stored PENDING with its reason and the stage
 * input it came from, traced ({@code parse / pending}) and counted, while the rest of its message
 * goes on. {@link PendingRelease} releases or refuses it later.
 */
@Component
public class PendingDeclarations {
    private static final Logger log = LoggerFactory.getLogger(PendingDeclarations.class);
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() { };

    /** An item to hold: the stage headers its release needs and the staged input (message or shipment). */
    public record Held(String declarationId, String ingressId, String partnerId, String dialect, String itemRef,
                       PendingReason reason, String detail, Map<String, Object> headers, byte[] body,
                       String sourceKey) {
        /** A hold with its own copy of the input (one input, one item). */
        public Held(String declarationId, String ingressId, String partnerId, String dialect, String itemRef,
                    PendingReason reason, String detail, Map<String, Object> headers, byte[] body) {
            this(declarationId, ingressId, partnerId, dialect, itemRef, reason, detail, headers, body, null);
        }
    }

    private final PendingStore store;
    private final TraceLog trace;
    private final PendingProperties properties;
    private final ObjectMapper json;
    private final Clock clock;

    public PendingDeclarations(PendingStore store, TraceLog trace, PendingProperties properties, ObjectMapper json,
                               Clock clock) {
        this.store = store;
        this.trace = trace;
        this.properties = properties;
        this.json = json;
        this.clock = clock;
    }

    /**
     * Holds the item (in the caller's database work, before its JMS commit: a redelivered input
     * finds the item already held and holds it once).
     *
     * @return false when this input already held it
     */
    public boolean hold(Held h) {
        Instant now = clock.instant();
        superseded(h.declarationId(), h.ingressId(), h.partnerId());
        boolean held = store.hold(new PendingStore.Hold(h.declarationId(), h.ingressId(), h.partnerId(), h.dialect(),
                h.itemRef(), h.reason(), h.detail(), write(h.headers()), h.body(), h.sourceKey()), now,
                now.plus(properties.maxAge()));
        if (held) {
            trace.record(h.ingressId(), h.declarationId(), "parse", "pending", h.reason() + ": " + h.detail()
                    + "; refused after " + now.plus(properties.maxAge()), h.partnerId());
            log.warn("declaration {} ({}) PENDING: {} {}", h.declarationId(), h.itemRef(), h.reason(), h.detail());
        }
        return held;
    }

    /**
     * A newer input of the declaration went on to enrich (or is held now): older holds of it are
     * superseded, never released behind it.
     */
    public void superseded(String declarationId, String ingressId, String partnerId) {
        int n = store.supersede(declarationId, ingressId, clock.instant());
        if (n > 0) {
            trace.record(ingressId, declarationId, "pending", "superseded", n + " older hold(s) superseded by this input",
                    partnerId);
        }
    }

    Map<String, Object> headers(PendingStore.Pending p) {
        try {
            return json.readValue(p.headersJson(), MAP);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("pending " + p.pendingId() + ": headers unreadable", e);
        }
    }

    private String write(Map<String, Object> headers) {
        try {
            return json.writeValueAsString(headers);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
