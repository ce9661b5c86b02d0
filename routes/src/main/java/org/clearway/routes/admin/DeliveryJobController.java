package org.clearway.routes.admin;

import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.clearway.routes.deliver.DeliveryOutbox;
import org.clearway.routes.store.DeliveryJobStore;
import org.clearway.routes.store.DeliveryJobStore.Job;
import org.clearway.routes.store.DeliveryJobStore.Summary;
import org.clearway.routes.store.TraceLog;
import org.clearway.routes.support.ApiAuth;
import org.clearway.routes.support.ProblemException;
import org.clearway.routes.support.RequestChecks;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Operator access to the HTTP push outbox, the sibling of the dead-letter queues for pushes to
 * customs backends: per backend the pending and DEAD jobs, each job with its attempts, next try
 * and last cause, and the replay of DEAD jobs (due at once with a fresh retry bound; traced).
 * Admin API key, like {@link DeadLetterController}.
 */
@RestController
@RequestMapping("/v1/admin/deliveries")
public class DeliveryJobController {
    private static final Set<String> STATES = Set.of(DeliveryJobStore.PENDING, DeliveryJobStore.DEAD,
            DeliveryJobStore.DELIVERED);

    private final DeliveryJobStore jobs;
    private final DeliveryOutbox outbox;
    private final ApiAuth auth;
    private final TraceLog trace;

    public DeliveryJobController(DeliveryJobStore jobs, DeliveryOutbox outbox, ApiAuth auth, TraceLog trace) {
        this.jobs = jobs;
        this.outbox = outbox;
        this.auth = auth;
        this.trace = trace;
    }

    /**
     * Jobs, oldest first, filtered by {@code state} (PENDING, DEAD, DELIVERED), {@code backend}
     * and {@code declarationId}; pages by {@code after} (the last id seen). With the per-backend
     * summary (pending, dead, oldest pending, next try, pushes in flight here).
     */
    @GetMapping(produces = MediaType.APPLICATION_JSON_VALUE)
    public Map<String, Object> list(HttpServletRequest request,
                                    @RequestParam(required = false, name = "state") String stateText,
                                    @RequestParam(required = false, name = "backend") String backendText,
                                    @RequestParam(required = false, name = "declarationId") String declarationText,
                                    @RequestParam(required = false, name = "after") String afterText,
                                    @RequestParam(required = false, name = "limit") String limitText) {
        auth.requireAdmin(request);
        String state = state(stateText);
        String backend = RequestChecks.text("backend", backendText, 35);
        String declarationId = RequestChecks.text("declarationId", declarationText, 36);
        long after = RequestChecks.intParam("after", afterText, 0, 0, Integer.MAX_VALUE);
        int limit = RequestChecks.intParam("limit", limitText, 100, 1, 1000);
        List<Map<String, Object>> items = new ArrayList<>();
        List<Job> page = jobs.list(state, backend, declarationId, after, limit);
        page.forEach(j -> items.add(view(j)));
        Map<String, Object> backends = new LinkedHashMap<>();
        for (Map.Entry<String, Summary> s : outbox.summary().entrySet()) {
            Map<String, Object> b = new LinkedHashMap<>();
            b.put("pending", s.getValue().pending());
            b.put("dead", s.getValue().dead());
            b.put("oldestPending", s.getValue().oldestPending() == null ? null : s.getValue().oldestPending().toString());
            b.put("nextTry", s.getValue().nextTry() == null ? null : s.getValue().nextTry().toString());
            b.put("inFlightHere", outbox.inFlight(s.getKey()));
            backends.put(s.getKey(), b);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("backends", backends);
        out.put("items", items);
        out.put("nextAfter", page.size() == limit ? page.get(page.size() - 1).id() : null);
        return out;
    }

    @GetMapping(value = "/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
    public Map<String, Object> one(HttpServletRequest request, @PathVariable("id") String idText) {
        auth.requireAdmin(request);
        return view(jobs.byId(id(idText)).orElseThrow(() -> ProblemException.notFound("delivery job " + idText)));
    }

    /** Replays one DEAD job: 200 with the job, 404 unknown, 409 when it is not DEAD. */
    @PostMapping(value = "/{id}/replay", produces = MediaType.APPLICATION_JSON_VALUE)
    public Map<String, Object> replay(HttpServletRequest request, @PathVariable("id") String idText) {
        auth.requireAdmin(request);
        long id = id(idText);
        Job job = jobs.byId(id).orElseThrow(() -> ProblemException.notFound("delivery job " + idText));
        if (!outbox.replay(id, "admin API")) {
            throw new ProblemException(HttpStatus.CONFLICT, "not-dead", "delivery job " + id + " is " + job.state()
                    + ", only a DEAD job can be replayed");
        }
        return view(jobs.byId(id).orElseThrow());
    }

    /** Replays every DEAD job of {@code backend} (or of every backend), at most {@code limit}. */
    @PostMapping(value = "/replay", produces = MediaType.APPLICATION_JSON_VALUE)
    public Map<String, Object> replayAll(HttpServletRequest request,
                                         @RequestParam(required = false, name = "backend") String backendText,
                                         @RequestParam(required = false, name = "limit") String limitText) {
        auth.requireAdmin(request);
        String backend = RequestChecks.text("backend", backendText, 35);
        int limit = RequestChecks.intParam("limit", limitText, 1000, 1, 100_000);
        int replayed = 0;
        for (Long id : jobs.deadIds(backend, limit)) {
            if (outbox.replay(id, "admin API")) {
                replayed++;
            }
        }
        trace.record(null, null, "admin", "push-replayed", replayed + " DEAD push jobs"
                + (backend == null ? "" : " of " + backend));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("backend", backend);
        out.put("replayed", replayed);
        return out;
    }

    private static String state(String raw) {
        if (raw == null || raw.isEmpty()) {
            return null;
        }
        String s = raw.strip().toUpperCase(Locale.ROOT);
        if (!STATES.contains(s)) {
            throw RequestChecks.invalid("state", "ENUM", "state is one of " + STATES);
        }
        return s;
    }

    private static long id(String raw) {
        return RequestChecks.intParam("id", raw, 0, 1, Integer.MAX_VALUE);
    }

    static Map<String, Object> view(Job j) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", j.id());
        m.put("gatewayMessageId", j.gatewayMessageId());
        m.put("declarationId", j.declarationId());
        m.put("revision", j.revision());
        m.put("backend", j.backendId());
        m.put("state", j.state());
        m.put("attempts", j.attempts());
        m.put("nextTryAt", DeliveryJobStore.PENDING.equals(j.state()) ? j.nextTryAt().toString() : null);
        m.put("lastStatus", j.lastStatus());
        m.put("lastCause", j.lastCause());
        m.put("retrySince", j.retrySince().toString());
        m.put("leasedBy", j.leaseOwner());
        m.put("createdAt", j.createdAt().toString());
        m.put("updatedAt", j.updatedAt().toString());
        return m;
    }
}
