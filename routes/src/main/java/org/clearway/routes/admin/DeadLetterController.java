package org.clearway.routes.admin;

import jakarta.jms.JMSException;
import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.clearway.routes.ops.BrokerQueues;
import org.clearway.routes.pipeline.DeadLetterQueues;
import org.clearway.routes.store.DeliveryJobStore;
import org.clearway.routes.support.ApiAuth;
import org.clearway.routes.support.ProblemException;
import org.clearway.routes.support.Queues;
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
 * Operator access to dead letters: list them with their reasons, and replay them onto the queue
 * they came from once the cause is fixed (moved in one JMS transaction: never lost, never doubled).
 * Protected by the admin API key ({@code CLEARWAY_ADMIN_API_KEY}); without one configured it is off.
 */
@RestController
@RequestMapping("/v1/admin")
public class DeadLetterController {
    private final DeadLetterQueues deadLetters;
    private final ApiAuth auth;
    private final BrokerQueues queues;
    private final DeliveryJobStore pushJobs;

    public DeadLetterController(DeadLetterQueues deadLetters, ApiAuth auth, BrokerQueues queues,
                                DeliveryJobStore pushJobs) {
        this.deadLetters = deadLetters;
        this.auth = auth;
        this.queues = queues;
        this.pushJobs = pushJobs;
    }

    /** Every dead-letter queue with its message count, and the stage queue a replay puts it back on. */
    @GetMapping(value = "/dead-letters", produces = MediaType.APPLICATION_JSON_VALUE)
    public Map<String, Object> all(HttpServletRequest request) {
        auth.requireAdmin(request);
        List<Map<String, Object>> items = new ArrayList<>();
        long total = 0;
        for (Map.Entry<String, Long> q : queues.deadLetterQueues().entrySet()) {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("queue", q.getKey());
            String origin = q.getKey().endsWith(Queues.DLQ_SUFFIX)
                    ? q.getKey().substring(0, q.getKey().length() - Queues.DLQ_SUFFIX.length()) : null;
            item.put("origin", origin);
            item.put("replayable", origin != null && DeadLetterQueues.known(origin));
            item.put("count", q.getValue());
            items.add(item);
            total += Math.max(0, q.getValue());
        }
        // DEAD HTTP push jobs are rows, not messages: counted per backend beside the queues, listed and
        // replayed under /v1/admin/deliveries
        Map<String, Long> deadPushes = new LinkedHashMap<>();
        pushJobs.summary().forEach((backend, s) -> deadPushes.put(backend, s.dead()));
        return Map.of("total", total, "queues", items, "deadPushJobs", deadPushes,
                "deadPushJobsUrl", "/v1/admin/deliveries?state=DEAD");
    }

    @GetMapping(value = "/dead-letters/{queue}", produces = MediaType.APPLICATION_JSON_VALUE)
    public Map<String, Object> list(HttpServletRequest request, @PathVariable String queue,
                                    @RequestParam(required = false, name = "limit") String limitText) throws JMSException {
        auth.requireAdmin(request);
        int limit = RequestChecks.intParam("limit", limitText, 100, 1, 10_000);
        String dlq = Queues.dlq(checked(queue));
        List<Map<String, Object>> items = new ArrayList<>();
        for (DeadLetterQueues.Letter letter : deadLetters.browse(queue, limit)) {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("messageId", letter.messageId());
            item.put("reason", letter.reason());
            item.put("deadLetteredAt", letter.deadLetteredAt());
            item.put("ingressId", letter.ingressId());
            item.put("declarationId", letter.declarationId());
            item.put("partnerId", letter.partnerId());
            items.add(item);
        }
        return Map.of("queue", dlq, "count", queues.messageCount(dlq), "items", items);
    }

    /**
     * Moves the dead letters of {@code queue} (up to {@code limit}, or the one named by {@code id})
     * back onto it; an id that names no dead letter there is 404.
     */
    @PostMapping(value = "/dead-letters/{queue}/replay", produces = MediaType.APPLICATION_JSON_VALUE)
    public Map<String, Object> replay(HttpServletRequest request, @PathVariable String queue,
                                      @RequestParam(required = false, name = "limit") String limitText,
                                      @RequestParam(required = false, name = "id") String id) throws JMSException {
        auth.requireAdmin(request);
        int limit = RequestChecks.intParam("limit", limitText, 1000, 1, 100_000);
        String target = checked(queue);
        String messageId = id == null || id.isBlank() ? null : id;
        int moved;
        try {
            moved = deadLetters.replay(target, messageId, messageId == null ? limit : 1, null);
        } catch (DeadLetterQueues.NotAMessageId e) {
            throw RequestChecks.invalid("id", "FORMAT", e.getMessage());
        }
        if (messageId != null && moved == 0) {
            throw new ProblemException(HttpStatus.NOT_FOUND, "not-found", "no dead letter " + messageId + " in "
                    + Queues.dlq(target) + " (replayed or discarded already?)");
        }
        return Map.of("queue", target, "replayed", moved);
    }

    private static String checked(String queue) {
        if (!DeadLetterQueues.known(queue)) {
            throw new ProblemException(HttpStatus.NOT_FOUND, "not-found", "no dead-letter queue for " + queue
                    + "; queues: " + DeadLetterQueues.QUEUES);
        }
        return queue;
    }
}
