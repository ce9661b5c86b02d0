package org.clearway.routes.admin;

import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.clearway.routes.store.As2DeliveryStore;
import org.clearway.routes.store.PartnerEventStore;
import org.clearway.routes.store.TraceLog;
import org.clearway.routes.support.ApiAuth;
import org.clearway.routes.support.RequestChecks;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Operator access to the other durable outbound retries (issue 13): webhook pushes of decision
 * events ({@code partner_event}, FAILED after the retry schedule) and AS2 outbound deliveries
 * ({@code as2_delivery}, FAILED after the async MDN attempts). Both were already retried from the
 * database with leases and bounded; what was missing is listing the given-up ones with their cause
 * and replaying them once the partner is fixed. Admin API key.
 */
@RestController
@RequestMapping("/v1/admin")
public class OutboundReplayController {
    private static final Logger log = LoggerFactory.getLogger(OutboundReplayController.class);

    private final PartnerEventStore events;
    private final As2DeliveryStore as2;
    private final ApiAuth auth;
    private final TraceLog trace;
    private final Clock clock;

    public OutboundReplayController(PartnerEventStore events, As2DeliveryStore as2, ApiAuth auth, TraceLog trace,
                                    Clock clock) {
        this.events = events;
        this.as2 = as2;
        this.auth = auth;
        this.trace = trace;
        this.clock = clock;
    }

    /** Webhook pushes in a state (FAILED by default, or PENDING) with attempts, next try and last error. */
    @GetMapping(value = "/webhook-events", produces = MediaType.APPLICATION_JSON_VALUE)
    public Map<String, Object> webhookEvents(HttpServletRequest request,
                                             @RequestParam(required = false, name = "state") String stateText,
                                             @RequestParam(required = false, name = "partner") String partnerText,
                                             @RequestParam(required = false, name = "after") String afterText,
                                             @RequestParam(required = false, name = "limit") String limitText) {
        auth.requireAdmin(request);
        String state = state(stateText, List.of(PartnerEventStore.FAILED, PartnerEventStore.PENDING));
        String partner = RequestChecks.text("partner", partnerText, 35);
        long after = RequestChecks.intParam("after", afterText, 0, 0, Integer.MAX_VALUE);
        int limit = RequestChecks.intParam("limit", limitText, 100, 1, 1000);
        List<Map<String, Object>> items = new ArrayList<>();
        for (PartnerEventStore.Event e : events.byPushState(state, partner, after, limit)) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("seq", e.seq());
            m.put("eventId", e.eventId());
            m.put("partner", e.partnerId());
            m.put("declarationId", e.declarationId());
            m.put("sequence", e.sequence());
            m.put("pushState", e.pushState());
            m.put("attempts", e.pushAttempts());
            m.put("nextAttemptAt", e.nextAttemptAt() == null ? null : e.nextAttemptAt().toString());
            m.put("lastError", e.lastError());
            items.add(m);
        }
        return Map.of("state", state, "items", items);
    }

    /** Replays FAILED webhook pushes of a partner (or one event by {@code seq}): due now, the schedule from its start. */
    @PostMapping(value = "/webhook-events/replay", produces = MediaType.APPLICATION_JSON_VALUE)
    public Map<String, Object> replayWebhookEvents(HttpServletRequest request,
                                                   @RequestParam(required = false, name = "partner") String partnerText,
                                                   @RequestParam(required = false, name = "seq") String seqText,
                                                   @RequestParam(required = false, name = "limit") String limitText) {
        auth.requireAdmin(request);
        String partner = RequestChecks.text("partner", partnerText, 35);
        Long seq = seqText == null || seqText.isEmpty() ? null
                : (long) RequestChecks.intParam("seq", seqText, 0, 1, Integer.MAX_VALUE);
        int limit = RequestChecks.intParam("limit", limitText, 1000, 1, 100_000);
        List<PartnerEventStore.Event> replayed = events.replayFailed(partner, seq, clock.instant(), limit);
        for (PartnerEventStore.Event e : replayed) {
            traceQuietly(e.declarationId(), "webhook-replayed", "event " + e.eventId() + " to " + e.partnerId()
                    + " after " + e.pushAttempts() + " attempts (" + e.lastError() + ")", e.partnerId());
        }
        log.info("replayed {} FAILED webhook pushes{}", replayed.size(), partner == null ? "" : " of " + partner);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("partner", partner);
        out.put("replayed", replayed.size());
        return out;
    }

    /** AS2 outbound deliveries in a state (FAILED by default, PENDING or AWAITING_MDN). */
    @GetMapping(value = "/as2-deliveries", produces = MediaType.APPLICATION_JSON_VALUE)
    public Map<String, Object> as2Deliveries(HttpServletRequest request,
                                             @RequestParam(required = false, name = "state") String stateText,
                                             @RequestParam(required = false, name = "partner") String partnerText,
                                             @RequestParam(required = false, name = "limit") String limitText) {
        auth.requireAdmin(request);
        String state = state(stateText, List.of(As2DeliveryStore.FAILED, As2DeliveryStore.PENDING,
                As2DeliveryStore.AWAITING_MDN));
        String partner = RequestChecks.text("partner", partnerText, 35);
        int limit = RequestChecks.intParam("limit", limitText, 100, 1, 1000);
        List<Map<String, Object>> items = new ArrayList<>();
        for (Map<String, Object> row : as2.byState(state, partner, limit)) {
            Map<String, Object> m = new LinkedHashMap<>();
            row.forEach((k, v) -> m.put(camel(k), v instanceof java.sql.Timestamp t ? t.toInstant().toString() : v));
            items.add(m);
        }
        return Map.of("state", state, "items", items);
    }

    /** Replays FAILED AS2 deliveries of a partner (or one outbox entry): due now, attempts from 0. */
    @PostMapping(value = "/as2-deliveries/replay", produces = MediaType.APPLICATION_JSON_VALUE)
    public Map<String, Object> replayAs2(HttpServletRequest request,
                                         @RequestParam(required = false, name = "partner") String partnerText,
                                         @RequestParam(required = false, name = "outboxId") String outboxText,
                                         @RequestParam(required = false, name = "limit") String limitText) {
        auth.requireAdmin(request);
        String partner = RequestChecks.text("partner", partnerText, 35);
        String outboxId = outboxText == null ? null : RequestChecks.id("outboxId", outboxText, 36);
        int limit = RequestChecks.intParam("limit", limitText, 1000, 1, 100_000);
        List<String> replayed = as2.replayFailed(partner, outboxId, clock.instant(), limit);
        for (String id : replayed) {
            traceQuietly(null, "as2-replayed", "AS2 delivery of outbox entry " + id + " replayed", partner);
        }
        log.info("replayed {} FAILED AS2 deliveries{}", replayed.size(), partner == null ? "" : " of " + partner);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("partner", partner);
        out.put("replayed", replayed.size());
        out.put("outboxIds", replayed);
        return out;
    }

    private void traceQuietly(String declarationId, String event, String detail, String partner) {
        try {
            trace.record(null, declarationId, "admin", event, detail, partner);
        } catch (RuntimeException e) {
            log.warn("trace of {} not recorded: {}", event, e.toString());
        }
    }

    private static String state(String raw, List<String> allowed) {
        if (raw == null || raw.isEmpty()) {
            return allowed.get(0);
        }
        String s = raw.strip().toUpperCase(Locale.ROOT);
        if (!allowed.contains(s)) {
            throw RequestChecks.invalid("state", "ENUM", "state is one of " + allowed);
        }
        return s;
    }

    private static String camel(String column) {
        StringBuilder b = new StringBuilder();
        boolean up = false;
        for (char c : column.toLowerCase(Locale.ROOT).toCharArray()) {
            if (c == '_') {
                up = true;
            } else {
                b.append(up ? Character.toUpperCase(c) : c);
                up = false;
            }
        }
        return b.toString();
    }
}
