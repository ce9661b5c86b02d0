package org.clearway.routes.admin;

import jakarta.servlet.http.HttpServletRequest;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.clearway.routes.store.TraceSearch;
import org.clearway.routes.support.ApiAuth;
import org.clearway.routes.support.ProblemException;
import org.clearway.routes.support.RequestChecks;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Operator trace (CUSTOMS-AND-POSTAL-INTERFACES §4): every stage event of one parcel, found by
 * {@code ingressId}, {@code declarationId}, S10 item id, house waybill, tracking number, platform
 * order id or gateway message id (all senders); or a search over all events by partner, stage,
 * event and time range. Filters combine (and); at most {@code limit} events, oldest first.
 */
@RestController
@RequestMapping("/v1/admin")
public class TraceController {
    static final int MAX_LIMIT = 5000;

    private final TraceSearch search;
    private final ApiAuth auth;

    public TraceController(TraceSearch search, ApiAuth auth) {
        this.search = search;
        this.auth = auth;
    }

    @GetMapping(value = "/trace", produces = MediaType.APPLICATION_JSON_VALUE)
    public Map<String, Object> trace(HttpServletRequest request,
                                     @RequestParam(required = false) String ingressId,
                                     @RequestParam(required = false) String declarationId,
                                     @RequestParam(required = false) String s10ItemId,
                                     @RequestParam(required = false) String houseWaybill,
                                     @RequestParam(required = false) String trackingNumber,
                                     @RequestParam(required = false) String orderId,
                                     @RequestParam(required = false) String gatewayMessageId,
                                     @RequestParam(required = false) String partner,
                                     @RequestParam(required = false) String stage,
                                     @RequestParam(required = false) String event,
                                     @RequestParam(required = false) String status,
                                     @RequestParam(required = false) String from,
                                     @RequestParam(required = false) String to,
                                     @RequestParam(defaultValue = "500") int limit) {
        auth.requireAdmin(request);
        RequestChecks.text("ingressId", ingressId, 36);
        RequestChecks.text("declarationId", declarationId, 36);
        RequestChecks.text("s10ItemId", s10ItemId, 35);
        RequestChecks.text("gatewayMessageId", gatewayMessageId, 36);
        RequestChecks.text("orderId", orderId, 70);
        if (event != null && status != null && !event.equals(status)) {
            throw new ProblemException(HttpStatus.BAD_REQUEST, "invalid-parameter", "status is another name for event; give one");
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new ProblemException(HttpStatus.BAD_REQUEST, "invalid-parameter", "limit must be 1.." + MAX_LIMIT);
        }
        TraceSearch.Filter filter = new TraceSearch.Filter(blank(ingressId), blank(declarationId), blank(s10ItemId),
                blank(houseWaybill), blank(trackingNumber), blank(orderId), blank(gatewayMessageId), blank(partner),
                blank(stage), blank(event != null ? event : status), instant("from", from), instant("to", to), limit);
        if (!filter.hasKey() && filter.partnerId() == null && filter.stage() == null && filter.event() == null
                && filter.from() == null && filter.to() == null) {
            throw new ProblemException(HttpStatus.BAD_REQUEST, "invalid-parameter", "give at least one filter: ingressId, "
                    + "declarationId, s10ItemId, houseWaybill, trackingNumber, orderId, gatewayMessageId, partner, stage, "
                    + "event (status), from, to");
        }
        TraceSearch.Result result = search.search(filter);
        if (filter.hasKey() && filter.ingressId() == null && result.declarationIds().isEmpty()) {
            throw ProblemException.notFound("parcel");
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("declarationIds", result.declarationIds());
        body.put("events", result.events());
        body.put("truncated", result.truncated());
        return body;
    }

    private static String blank(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    private static Instant instant(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(value.trim());
        } catch (DateTimeParseException e) {
            throw new ProblemException(HttpStatus.BAD_REQUEST, "invalid-parameter",
                    name + " must be an RFC 3339 UTC time such as 2026-11-24T08:00:00Z (got " + value + ")");
        }
    }
}
