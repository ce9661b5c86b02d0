package org.clearway.routes.pipeline;

import jakarta.jms.BytesMessage;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.clearway.routes.ops.StageEvents;
import org.clearway.routes.store.TraceLog;
import org.clearway.routes.support.Headers;
import org.clearway.routes.support.Queues;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The dead letters of every queue the gateway consumes ({@link Queues#CONSUMED}), in one place: the
 * properties a failed message is dead-lettered with, and the operator's browse, replay and discard
 * (REST {@code admin.DeadLetterController} and the console use this class only). A move is one JMS
 * transaction: never lost, never doubled. Log, metrics and trace follow the commit, and a trace
 * the database refuses never blocks or undoes a move (the dead letter itself carries its reason).
 */
@Component
public class DeadLetterQueues {
    private static final Logger log = LoggerFactory.getLogger(DeadLetterQueues.class);
    /** The queues whose failures are dead-lettered with a reason, in flow order. */
    public static final List<String> QUEUES = Queues.CONSUMED;
    /** The properties of the dead letter only ({@link Headers#DLQ_REASON} and the others). */
    static final String PREFIX = "clearway_dlq_";
    static final int MAX_REASON = 2000;
    private static final int PREVIEW = 20_000;
    private static final Pattern MESSAGE_ID = Pattern.compile("^ID:[A-Za-z0-9:_-]{1,200}$");

    /** A dead letter as browsed; {@code body} is a preview, read by {@link #find} only (null when listed). */
    public record Letter(String queue, String messageId, String reason, String deadLetteredAt, String ingressId,
                         String declarationId, String partnerId, Map<String, String> properties, String body,
                         long bodyBytes) {
    }

    /** A dead letter to send in the failing consumer's transaction; {@link #deadLettered} once it committed. */
    public record DeadLetter(String origin, String queue, String reason, Map<String, Object> properties) {
    }

    /** Not the form of a JMS message id: the caller's mistake (400), never put in a selector. */
    public static final class NotAMessageId extends IllegalArgumentException {
        NotAMessageId(String id) {
            super("not a JMS message id: " + id + " (expected ID: followed by letters, digits, ':', '_' or '-')");
        }
    }

    private final ConnectionFactory connectionFactory;
    private final TraceLog trace;
    private final StageEvents metrics;
    private final Clock clock;

    public DeadLetterQueues(ConnectionFactory connectionFactory, TraceLog trace, StageEvents metrics, Clock clock) {
        this.connectionFactory = connectionFactory;
        this.trace = trace;
        this.metrics = metrics;
        this.clock = clock;
    }

    public static boolean known(String queue) {
        return QUEUES.contains(queue);
    }

    // ---- dead-lettering

    /**
     * The dead letter of a message that failed on {@code origin}: its properties plus reason
     * (at most {@value #MAX_REASON} characters), origin and time. The broker's duplicate id is
     * left out: the dead-letter queue would drop a second dead letter of the same message by it.
     */
    public DeadLetter deadLetter(String origin, Map<String, Object> failed, String reason) {
        String r = reason == null ? "unknown" : reason.length() > MAX_REASON ? reason.substring(0, MAX_REASON) : reason;
        Map<String, Object> props = new LinkedHashMap<>(failed);
        props.remove(StageQueueCodec.ARTEMIS_DUPLICATE_ID);
        props.put(Headers.DLQ_REASON, r);
        props.put(Headers.DLQ_ORIGIN, origin);
        props.put(Headers.DLQ_AT, clock.instant().toString());
        return new DeadLetter(origin, Queues.dlq(origin), r, props);
    }

    /** After the dead letter's commit: log line, metric and trace event. Never throws. */
    public void deadLettered(DeadLetter d) {
        String ingressId = str(d.properties().get(Headers.INGRESS_ID));
        String declarationId = str(d.properties().get(Headers.DECLARATION_ID));
        log.warn("dead-lettered from {} to {} (ingress {}, declaration {}): {}", d.origin(), d.queue(), ingressId,
                declarationId, d.reason());
        metrics.deadLettered(d.origin());
        traceQuietly(ingressId, declarationId, "dead-letter", "dead-lettered", d.queue() + ": " + d.reason(),
                str(d.properties().get(Headers.PARTNER_ID)));
    }

    /**
     * The properties a dead letter had before it failed: without the dead-letter properties and the
     * broker's bookkeeping ({@code JMSX*} but the group, {@code _AMQ*}: a duplicate id would make the
     * broker drop the replay). The group is kept, so a replay keeps its declaration's order.
     */
    static Map<String, Object> restoredProperties(Map<String, Object> deadLetter) {
        Map<String, Object> kept = new LinkedHashMap<>();
        deadLetter.forEach((name, value) -> {
            boolean bookkeeping = name.startsWith("JMSX") && !"JMSXGroupID".equals(name) || name.startsWith("_AMQ");
            if (!name.startsWith(PREFIX) && !bookkeeping && value != null) {
                kept.put(name, value);
            }
        });
        return kept;
    }

    // ---- operators

    /** Up to {@code limit} dead letters of {@code queue}, oldest first (bodies not read). */
    public List<Letter> browse(String queue, int limit) throws JMSException {
        return browse(queue, null, limit, false);
    }

    /** One dead letter with a preview of its body. */
    public Optional<Letter> find(String queue, String messageId) throws JMSException {
        return browse(queue, selector(messageId), 1, true).stream().findFirst();
    }

    private List<Letter> browse(String queue, String selector, int limit, boolean withBody) throws JMSException {
        String dlq = Queues.dlq(checked(queue));
        List<Letter> letters = new ArrayList<>();
        try (Connection connection = connectionFactory.createConnection();
             Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE)) {
            var browser = session.createBrowser(session.createQueue(dlq), selector);
            Enumeration<?> e = browser.getEnumeration();
            while (e.hasMoreElements() && letters.size() < limit) {
                letters.add(letter(queue, (Message) e.nextElement(), withBody));
            }
        }
        return letters;
    }

    /**
     * Moves one dead letter (or, with a null id, up to {@code limit}) back onto {@code queue} in one
     * JMS transaction, with the properties it had before it failed. After the commit each moved
     * message gets a {@code replayed} trace event and the replay an {@code admin} event naming
     * {@code by} (who asked; null for the admin API). Returns how many moved.
     */
    public int replay(String queue, String messageId, int limit, String by) throws JMSException {
        String dlq = Queues.dlq(checked(queue));
        List<Map<String, Object>> replayed = move(queue, messageId, limit, true);
        for (Map<String, Object> props : replayed) {
            traceQuietly(str(props.get(Headers.INGRESS_ID)), str(props.get(Headers.DECLARATION_ID)), "dead-letter",
                    "replayed", "from " + dlq + " to " + queue, str(props.get(Headers.PARTNER_ID)));
        }
        int moved = replayed.size();
        metrics.replayed(queue, moved);
        String what = moved + " from " + dlq + (messageId == null ? "" : " (" + messageId + ")");
        traceQuietly(null, null, "admin", "dlq-replayed", what + (by == null ? "" : " by " + by), null);
        log.info("replayed {} dead letters from {} to {}{}", moved, dlq, queue, by == null ? "" : " (" + by + ")");
        return moved;
    }

    /** Removes one dead letter for good; returns whether it was there. */
    public boolean discard(String queue, String messageId, String by) throws JMSException {
        String dlq = Queues.dlq(checked(queue));
        boolean gone = move(queue, selectorChecked(messageId), 1, false).size() == 1;
        if (gone) {
            traceQuietly(null, null, "admin", "dlq-discarded", messageId + " from " + dlq
                    + (by == null ? "" : " by " + by), null);
        }
        log.info("discard of {} from {}{}: {}", messageId, dlq, by == null ? "" : " by " + by,
                gone ? "done" : "not found");
        return gone;
    }

    /** @return the restored properties of each message moved */
    private List<Map<String, Object>> move(String queue, String messageId, int limit, boolean resend)
            throws JMSException {
        String selector = messageId == null ? null : selector(messageId);
        List<Map<String, Object>> moved = new ArrayList<>();
        try (Connection connection = connectionFactory.createConnection();
             Session session = connection.createSession(true, Session.SESSION_TRANSACTED)) {
            connection.start();
            MessageConsumer consumer = session.createConsumer(session.createQueue(Queues.dlq(queue)), selector);
            MessageProducer producer = session.createProducer(session.createQueue(queue));
            Message m;
            while (moved.size() < limit && (m = consumer.receive(messageId == null ? 200 : 1000)) != null) {
                Map<String, Object> props = restoredProperties(properties(m));
                if (resend) {
                    m.clearProperties();
                    for (Map.Entry<String, Object> p : props.entrySet()) {
                        m.setObjectProperty(p.getKey(), p.getValue());
                    }
                    producer.send(m);
                }
                moved.add(props);
            }
            // closing the session without this commit rolls every receive and send back
            session.commit();
        }
        return moved;
    }

    private static String checked(String queue) {
        if (!known(queue)) {
            throw new IllegalArgumentException("no dead-letter queue for " + queue + "; queues: " + QUEUES);
        }
        return queue;
    }

    private static String selectorChecked(String messageId) {
        selector(messageId);
        return messageId;
    }

    /** The selector of one message: only a well-formed id goes into it. */
    static String selector(String messageId) {
        if (messageId == null || !MESSAGE_ID.matcher(messageId).matches()) {
            throw new NotAMessageId(messageId);
        }
        return "JMSMessageID = '" + messageId + "'";
    }

    private static Map<String, Object> properties(Message m) throws JMSException {
        Map<String, Object> props = new LinkedHashMap<>();
        Enumeration<?> names = m.getPropertyNames();
        while (names.hasMoreElements()) {
            String name = (String) names.nextElement();
            props.put(name, m.getObjectProperty(name));
        }
        return props;
    }

    private static Letter letter(String queue, Message m, boolean withBody) throws JMSException {
        Map<String, String> properties = new TreeMap<>();
        properties(m).forEach((name, value) -> {
            if (!name.startsWith("_AMQ")) {
                properties.put(name, String.valueOf(value));
            }
        });
        String body = null;
        long size;
        if (m instanceof TextMessage t) {
            String text = t.getText() == null ? "" : t.getText();
            size = text.getBytes(StandardCharsets.UTF_8).length;
            body = text.length() > PREVIEW ? text.substring(0, PREVIEW) : text;
        } else if (m instanceof BytesMessage b) {
            size = b.getBodyLength();
            if (withBody) {
                byte[] bytes = new byte[(int) Math.min(size, PREVIEW)];
                b.readBytes(bytes);
                b.reset();
                body = new String(bytes, StandardCharsets.UTF_8);
            }
        } else {
            size = 0;
            body = "(" + m.getClass().getSimpleName() + ")";
        }
        return new Letter(queue, m.getJMSMessageID(), m.getStringProperty(Headers.DLQ_REASON),
                m.getStringProperty(Headers.DLQ_AT), m.getStringProperty(Headers.INGRESS_ID),
                m.getStringProperty(Headers.DECLARATION_ID), m.getStringProperty(Headers.PARTNER_ID), properties,
                withBody ? body : null, size);
    }

    private void traceQuietly(String ingressId, String declarationId, String stage, String event, String detail,
                              String partnerId) {
        try {
            trace.record(ingressId, declarationId, stage, event, detail, partnerId);
        } catch (RuntimeException e) {
            // the move is committed; a header that is not a gateway id, or a database away, must not undo
            // it or turn the answer into a 500
            log.warn("{} {} not traced (ingress {}): {}", stage, event, ingressId, e.toString());
        }
    }

    private static String str(Object o) {
        return o == null ? null : o.toString();
    }
}
