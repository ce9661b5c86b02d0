package org.clearway.routes.admin;

import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.clearway.routes.ops.BrokerQueues;
import org.clearway.routes.ops.StageEvents;
import org.clearway.routes.store.TraceLog;
import org.clearway.routes.support.ApiAuth;
import org.clearway.routes.support.Headers;
import org.clearway.routes.support.ProblemException;
import org.clearway.routes.support.RequestChecks;
import org.clearway.routes.support.Queues;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
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
    private static final Logger log = LoggerFactory.getLogger(DeadLetterController.class);
    private static final Set<String> QUEUES = Set.of(Queues.PARSE, Queues.ENRICH, Queues.SIGN, Queues.DELIVER,
            Queues.RESPOND, Queues.CUSTOMS_DECISIONS);

    private final ConnectionFactory connectionFactory;
    private final ApiAuth auth;
    private final TraceLog trace;
    private final BrokerQueues queues;
    private final StageEvents metrics;
    private final org.clearway.routes.store.DeliveryJobStore pushJobs;

    public DeadLetterController(ConnectionFactory connectionFactory, ApiAuth auth, TraceLog trace, BrokerQueues queues,
                                StageEvents metrics, org.clearway.routes.store.DeliveryJobStore pushJobs) {
        this.pushJobs = pushJobs;
        this.connectionFactory = connectionFactory;
        this.auth = auth;
        this.trace = trace;
        this.queues = queues;
        this.metrics = metrics;
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
            item.put("replayable", origin != null && QUEUES.contains(origin));
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
        try (Connection connection = connectionFactory.createConnection();
             Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE)) {
            var browser = session.createBrowser(session.createQueue(dlq));
            Enumeration<?> e = browser.getEnumeration();
            while (e.hasMoreElements() && items.size() < limit) {
                Message m = (Message) e.nextElement();
                Map<String, Object> item = new LinkedHashMap<>();
                item.put("messageId", m.getJMSMessageID());
                item.put("reason", m.getStringProperty(Headers.DLQ_REASON));
                item.put("deadLetteredAt", m.getStringProperty(Headers.DLQ_AT));
                item.put("ingressId", m.getStringProperty(Headers.INGRESS_ID));
                item.put("declarationId", m.getStringProperty(Headers.DECLARATION_ID));
                item.put("partnerId", m.getStringProperty(Headers.PARTNER_ID));
                items.add(item);
            }
        }
        return Map.of("queue", dlq, "count", queues.messageCount(dlq), "items", items);
    }

    @PostMapping(value = "/dead-letters/{queue}/replay", produces = MediaType.APPLICATION_JSON_VALUE)
    public Map<String, Object> replay(HttpServletRequest request, @PathVariable String queue,
                                      @RequestParam(required = false, name = "limit") String limitText) throws JMSException {
        auth.requireAdmin(request);
        int limit = RequestChecks.intParam("limit", limitText, 1000, 1, 100_000);
        String target = checked(queue);
        int moved = 0;
        List<String[]> replayedIds = new ArrayList<>();
        try (Connection connection = connectionFactory.createConnection();
             Session session = connection.createSession(true, Session.SESSION_TRANSACTED)) {
            connection.start();
            Queue origin = session.createQueue(target);
            MessageConsumer consumer = session.createConsumer(session.createQueue(Queues.dlq(target)));
            MessageProducer producer = session.createProducer(origin);
            Message m;
            while (moved < limit && (m = consumer.receive(200)) != null) {
                Map<String, Object> properties = new LinkedHashMap<>();
                for (String name : Collections.list((Enumeration<String>) m.getPropertyNames())) {
                    if (!name.startsWith("clearway_dlq_") && !name.startsWith("JMSX") && !name.startsWith("_AMQ")) {
                        properties.put(name, m.getObjectProperty(name));
                    }
                }
                m.clearProperties();
                for (Map.Entry<String, Object> p : properties.entrySet()) {
                    m.setObjectProperty(p.getKey(), p.getValue());
                }
                producer.send(m);
                replayedIds.add(new String[] {m.getStringProperty(Headers.INGRESS_ID),
                        m.getStringProperty(Headers.DECLARATION_ID), m.getStringProperty(Headers.PARTNER_ID)});
                moved++;
            }
            session.commit();
        }
        // traced after the commit: each parcel's trace shows it left the dead-letter queue
        for (String[] ids : replayedIds) {
            try {
                trace.record(ids[0], ids[1], "dead-letter", "replayed", "from " + Queues.dlq(target) + " to " + target,
                        ids[2]);
            } catch (RuntimeException e) {
                // the messages are moved already; a header that is not a gateway id must not turn that into a 500
                log.warn("replay of {} from {} not traced: {}", ids[0], Queues.dlq(target), e.toString());
            }
        }
        metrics.replayed(target, moved);
        trace.record(null, null, "admin", "dlq-replayed", moved + " from " + Queues.dlq(target));
        log.info("replayed {} dead letters from {} to {}", moved, Queues.dlq(target), target);
        return Map.of("queue", target, "replayed", moved);
    }

    private static String checked(String queue) {
        if (!QUEUES.contains(queue)) {
            throw new ProblemException(HttpStatus.NOT_FOUND, "not-found", "no dead-letter queue for " + queue
                    + "; queues: " + QUEUES);
        }
        return queue;
    }
}
