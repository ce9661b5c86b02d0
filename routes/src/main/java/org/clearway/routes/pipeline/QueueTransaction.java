package org.clearway.routes.pipeline;

import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSException;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import org.clearway.routes.support.Queues;

/**
 * A JMS transaction of its own, for the one sender outside the stages that queues many messages at
 * once before it writes its rows: the postal ingress, which sends one {@code gw.parse} message per
 * CUSITM while it scans an interchange and commits only once UNZ has been checked
 * (docs/TRANSACTIONS.md, "postal ingress"). Records go through {@link InboundQueueCodec}; a
 * transaction closed without {@link #commit} is rolled back, so a rejected interchange queues
 * nothing. Opened through {@link StageSender#openTransaction()}.
 */
public final class QueueTransaction implements AutoCloseable {
    private final Connection connection;
    private final Session session;
    private final MessageProducer producer;

    QueueTransaction(ConnectionFactory factory) throws JMSException {
        // a connection per transaction: an interchange is large and rare next to its messages, and a
        // broker that went away fails this open (the post gets its 503) instead of a cached handle
        this.connection = factory.createConnection();
        try {
            this.session = connection.createSession(true, Session.SESSION_TRANSACTED);
            this.producer = session.createProducer(session.createQueue(Queues.PARSE));
        } catch (JMSException | RuntimeException e) {
            connection.close();
            throw e;
        }
    }

    /** Queues one message on {@code gw.parse} in this transaction. */
    public void send(ParseMessage m) throws JMSException {
        producer.send(InboundQueueCodec.toJms(session, m));
    }

    public void commit() throws JMSException {
        session.commit();
    }

    /** Takes back everything sent so far; the transaction stays open for new sends. */
    public void rollback() throws JMSException {
        session.rollback();
    }

    @Override
    public void close() throws JMSException {
        connection.close();
    }
}
