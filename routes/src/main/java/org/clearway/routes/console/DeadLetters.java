package org.clearway.routes.console;

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
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.clearway.routes.support.Headers;
import org.clearway.routes.support.Queues;
import org.springframework.stereotype.Component;

/**
 * The dead letters of every stage queue for the console: browse them with their reason, inspect
 * one, replay one (or all) onto the queue it came from, or discard one. Moves happen in one JMS
 * transaction, like {@code DeadLetterController}: never lost, never doubled.
 */
@Component
public class DeadLetters {
    /** The queues whose failures are dead-lettered with a reason (ErrorHandling), in flow order. */
    public static final List<String> QUEUES = List.of(Queues.PARSE, Queues.ENRICH, Queues.SIGN, Queues.DELIVER,
            Queues.CUSTOMS_DECISIONS, Queues.RESPOND);
    private static final int PREVIEW = 20_000;

    public record Letter(String queue, String messageId, String reason, String deadLetteredAt, String ingressId,
                         String declarationId, String partnerId, Map<String, String> properties, String body,
                         long bodyBytes) {
    }

    private final ConnectionFactory connectionFactory;

    public DeadLetters(ConnectionFactory connectionFactory) {
        this.connectionFactory = connectionFactory;
    }

    public static boolean known(String queue) {
        return QUEUES.contains(queue);
    }

    /** Up to {@code limit} dead letters of {@code queue}, oldest first. */
    public List<Letter> browse(String queue, int limit) throws JMSException {
        return browse(queue, null, limit);
    }

    public Optional<Letter> find(String queue, String messageId) throws JMSException {
        return browse(queue, selector(messageId), 1).stream().findFirst();
    }

    private List<Letter> browse(String queue, String selector, int limit) throws JMSException {
        List<Letter> letters = new ArrayList<>();
        try (Connection connection = connectionFactory.createConnection();
             Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE)) {
            var browser = session.createBrowser(session.createQueue(Queues.dlq(queue)), selector);
            Enumeration<?> e = browser.getEnumeration();
            while (e.hasMoreElements() && letters.size() < limit) {
                letters.add(letter(queue, (Message) e.nextElement()));
            }
        }
        return letters;
    }

    /** Moves one dead letter (or, with a null id, up to {@code limit}) back to its queue; returns how many moved. */
    public int replay(String queue, String messageId, int limit) throws JMSException {
        return move(queue, messageId, limit, true);
    }

    /** Removes one dead letter for good; returns whether it was there. */
    public boolean discard(String queue, String messageId) throws JMSException {
        return move(queue, messageId, 1, false) == 1;
    }

    private int move(String queue, String messageId, int limit, boolean resend) throws JMSException {
        int moved = 0;
        try (Connection connection = connectionFactory.createConnection();
             Session session = connection.createSession(true, Session.SESSION_TRANSACTED)) {
            connection.start();
            MessageConsumer consumer = session.createConsumer(session.createQueue(Queues.dlq(queue)),
                    messageId == null ? null : selector(messageId));
            MessageProducer producer = session.createProducer(session.createQueue(queue));
            Message m;
            while (moved < limit && (m = consumer.receive(messageId == null ? 200 : 1000)) != null) {
                if (resend) {
                    producer.send(withoutDeadLetterProperties(m));
                }
                moved++;
            }
            session.commit();
        }
        return moved;
    }

    /** The message as it was before it failed: the dead-letter reason and broker bookkeeping removed. */
    private static Message withoutDeadLetterProperties(Message m) throws JMSException {
        Map<String, Object> kept = new LinkedHashMap<>();
        for (String name : Collections.list((Enumeration<String>) m.getPropertyNames())) {
            if (!name.startsWith("clearway_dlq_") && !name.startsWith("JMSX") && !name.startsWith("_AMQ")) {
                kept.put(name, m.getObjectProperty(name));
            }
        }
        m.clearProperties();
        for (Map.Entry<String, Object> p : kept.entrySet()) {
            m.setObjectProperty(p.getKey(), p.getValue());
        }
        return m;
    }

    private static String selector(String messageId) {
        if (!messageId.matches("^ID:[A-Za-z0-9:_-]{1,200}$")) {
            throw new IllegalArgumentException("not a JMS message id: " + messageId);
        }
        return "JMSMessageID = '" + messageId + "'";
    }

    private static Letter letter(String queue, Message m) throws JMSException {
        Map<String, String> properties = new TreeMap<>();
        for (String name : Collections.list((Enumeration<String>) m.getPropertyNames())) {
            if (!name.startsWith("_AMQ")) {
                properties.put(name, String.valueOf(m.getObjectProperty(name)));
            }
        }
        String body;
        long size;
        if (m instanceof TextMessage t) {
            String text = t.getText() == null ? "" : t.getText();
            size = text.getBytes(StandardCharsets.UTF_8).length;
            body = text.length() > PREVIEW ? text.substring(0, PREVIEW) : text;
        } else if (m instanceof BytesMessage b) {
            size = b.getBodyLength();
            byte[] bytes = new byte[(int) Math.min(size, PREVIEW)];
            b.readBytes(bytes);
            b.reset();
            body = new String(bytes, StandardCharsets.UTF_8);
        } else {
            size = 0;
            body = "(" + m.getClass().getSimpleName() + ")";
        }
        return new Letter(queue, m.getJMSMessageID(), m.getStringProperty(Headers.DLQ_REASON),
                m.getStringProperty(Headers.DLQ_AT), m.getStringProperty(Headers.INGRESS_ID),
                m.getStringProperty(Headers.DECLARATION_ID), m.getStringProperty(Headers.PARTNER_ID), properties,
                body, size);
    }
}
