package org.clearway.routes.deliver;

import jakarta.jms.BytesMessage;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.camel.Exchange;
import org.clearway.routes.support.Headers;
import org.springframework.jms.connection.CachingConnectionFactory;
import org.springframework.jms.connection.DelegatingConnectionFactory;
import org.springframework.jms.connection.SingleConnectionFactory;
import org.springframework.jms.core.JmsTemplate;
import org.springframework.stereotype.Component;

/**
 * Puts a signed declaration on a customs JMS queue (CUSTOMS-AND-POSTAL-INTERFACES §3.2) outside the
 * deliver stage's transaction. The message carries the broker's duplicate id (the gatewayMessageId),
 * and a revision may legitimately reach the deliver stage twice (a redelivered sign or deliver input
 * reuses its emission's id). Artemis refuses a whole transaction that holds a duplicate, which would
 * roll the stage back, redeliver and finally dead-letter a declaration customs already has; a
 * non-transacted durable send returns once the broker stored the message, and a duplicate is dropped
 * by the broker. The stage input is acknowledged after the send: a crash in between redelivers it, the
 * resend is dropped as a duplicate, and customs gets the revision exactly once.
 */
@Component
public class CustomsQueueSender {
    /** Property names a JMS message may carry (JMS 3.0 §3.5.1 identifiers), not the JMS-defined ones. */
    private static final Pattern PROPERTY = Pattern.compile("[A-Za-z_$][A-Za-z0-9_$]*");

    private final JmsTemplate template;

    public CustomsQueueSender(ConnectionFactory connectionFactory) {
        // a connection factory of its own: a JmsTemplate on the listener's factory would join the
        // stage's transacted session (Spring binds it to that factory while the listener runs)
        CachingConnectionFactory own = new CachingConnectionFactory(target(connectionFactory));
        own.setSessionCacheSize(4);
        this.template = new JmsTemplate(own);
        this.template.setSessionTransacted(false);
    }

    private static ConnectionFactory target(ConnectionFactory factory) {
        if (factory instanceof SingleConnectionFactory single && single.getTargetConnectionFactory() != null) {
            return single.getTargetConnectionFactory();
        }
        if (factory instanceof DelegatingConnectionFactory delegating && delegating.getTargetConnectionFactory() != null) {
            return delegating.getTargetConnectionFactory();
        }
        return factory;
    }

    /** Sends the exchange's body with its message properties to the queue chosen by {@link CustomsDelivery#route}. */
    public void send(Exchange exchange) {
        String queue = exchange.getProperty(CustomsDelivery.TARGET_QUEUE, String.class);
        byte[] body = exchange.getIn().getBody(byte[].class);
        Map<String, Object> headers = exchange.getIn().getHeaders();
        template.send(queue, session -> {
            BytesMessage m = session.createBytesMessage();
            m.writeBytes(body);
            for (Map.Entry<String, Object> h : headers.entrySet()) {
                copy(m, h.getKey(), h.getValue());
            }
            return m;
        });
    }

    private static void copy(Message m, String name, Object value) throws JMSException {
        if (value == null || !PROPERTY.matcher(name).matches() || name.startsWith("Camel")
                || name.startsWith("JMS") && !"JMSXGroupID".equals(name)) {
            return;
        }
        if (value instanceof String || value instanceof Boolean || value instanceof Integer || value instanceof Long
                || value instanceof Short || value instanceof Byte || value instanceof Double || value instanceof Float) {
            m.setObjectProperty(name, value);
        } else if (value instanceof Number || Headers.ARTEMIS_DUPLICATE_ID.equals(name)) {
            m.setStringProperty(name, value.toString());
        }
    }
}
