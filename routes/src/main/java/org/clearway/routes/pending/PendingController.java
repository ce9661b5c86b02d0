package org.clearway.routes.pending;

import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.clearway.routes.parse.DeclarationRouting;
import org.clearway.routes.store.PendingStore;
import org.clearway.routes.store.TraceLog;
import org.clearway.routes.support.ApiAuth;
import org.clearway.routes.support.ProblemException;
import org.clearway.routes.support.RequestChecks;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Operator access to PENDING declarations (admin key): list them with their reasons, reload the
 * exchange-rate sources (no restart) and release what the new table resolves. A refused reload
 * answers 422; the table in force stays.
 */
@RestController
@RequestMapping("/v1/admin")
public class PendingController {
    private static final Set<String> STATES = Set.of(PendingStore.PENDING, PendingStore.RELEASED, PendingStore.REFUSED,
            PendingStore.SUPERSEDED);

    private final PendingStore store;
    private final PendingRelease release;
    private final DeclarationRouting routing;
    private final ApiAuth auth;
    private final TraceLog trace;

    public PendingController(PendingStore store, PendingRelease release, DeclarationRouting routing, ApiAuth auth,
                             TraceLog trace) {
        this.store = store;
        this.release = release;
        this.routing = routing;
        this.auth = auth;
        this.trace = trace;
    }

    /** {@code GET /v1/admin/pending?state=PENDING&partnerId=&after=&limit=}: held items, oldest first. */
    @GetMapping(value = "/pending", produces = MediaType.APPLICATION_JSON_VALUE)
    public Map<String, Object> list(HttpServletRequest request,
                                    @RequestParam(required = false, name = "state") String stateText,
                                    @RequestParam(required = false, name = "partnerId") String partnerText,
                                    @RequestParam(required = false, name = "after") String afterText,
                                    @RequestParam(required = false, name = "limit") String limitText) {
        auth.requireAdmin(request);
        String state = stateText == null || stateText.isEmpty() ? PendingStore.PENDING
                : stateText.strip().toUpperCase(Locale.ROOT);
        if (!"ALL".equals(state) && !STATES.contains(state)) {
            throw RequestChecks.invalid("state", "VALUE", "state must be PENDING, RELEASED, REFUSED, SUPERSEDED or ALL");
        }
        String partnerId = partnerText == null || partnerText.isEmpty() ? null
                : RequestChecks.id("partnerId", partnerText, 35);
        int after = RequestChecks.intParam("after", afterText, 0, 0, Integer.MAX_VALUE);
        int limit = RequestChecks.intParam("limit", limitText, 100, 1, 1000);
        List<Map<String, Object>> items = new ArrayList<>();
        List<PendingStore.Pending> rows = store.list("ALL".equals(state) ? null : state, partnerId, after, limit);
        for (PendingStore.Pending p : rows) {
            items.add(view(p));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("counts", store.countsByReason());
        body.put("items", items);
        body.put("nextAfter", rows.isEmpty() ? after : rows.get(rows.size() - 1).pendingId());
        return body;
    }

    /**
     * {@code POST /v1/admin/exchange-rates:reload}: reads every {@code clearway.rates} source again
     * and releases the pending items the new table resolves.
     */
    @PostMapping(value = "/exchange-rates:reload", produces = MediaType.APPLICATION_JSON_VALUE)
    public Map<String, Object> reloadRates(HttpServletRequest request) {
        auth.requireAdmin(request);
        DeclarationRouting.RatesReload r = routing.reloadRates();
        trace.record(null, null, "admin", r.loaded() ? "exchange-rates-reloaded" : "exchange-rates-refused", r.detail());
        if (!r.loaded()) {
            throw new ProblemException(HttpStatus.UNPROCESSABLE_ENTITY, "exchange-rates-refused",
                    "exchange rates refused, the table in force stays: " + r.detail(), List.of(), Map.of());
        }
        PendingRelease.Pass pass = release.releaseAll();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("loaded", true);
        body.put("summary", r.detail());
        body.put("released", pass.released());
        body.put("stillPending", pass.stillPending());
        return body;
    }

    /** The public view of one held item (also used by the status APIs). */
    public static Map<String, Object> view(PendingStore.Pending p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("pendingId", p.pendingId());
        m.put("declarationId", p.declarationId());
        m.put("partnerId", p.partnerId());
        m.put("ingressId", p.ingressId());
        m.put("itemRef", p.itemRef());
        m.put("dialect", p.dialect());
        m.put("state", p.state());
        m.put("reason", p.reason().name());
        m.put("detail", p.reasonDetail());
        m.put("since", p.createdAt().toString());
        m.put("deadline", p.deadline().toString());
        m.put("attempts", p.attempts());
        if (p.lastAttemptAt() != null) {
            m.put("lastAttemptAt", p.lastAttemptAt().toString());
        }
        if (p.resolvedAt() != null) {
            m.put("resolvedAt", p.resolvedAt().toString());
            m.put("resolution", p.resolution());
        }
        return m;
    }
}
