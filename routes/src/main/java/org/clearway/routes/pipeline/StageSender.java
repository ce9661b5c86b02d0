package org.clearway.routes.pipeline;

import jakarta.annotation.PreDestroy;
import jakarta.jms.BytesMessage;
import jakarta.jms.ConnectionFactory;
import java.util.Map;
import org.clearway.routes.pipeline.StageQueueCodec.Encoded;
import org.clearway.routes.support.Queues;
import org.springframework.jms.connection.CachingConnectionFactory;
import org.springframework.jms.connection.DelegatingConnectionFactory;
import org.springframework.jms.connection.SingleConnectionFactory;
import org.springframework.jms.core.JmsTemplate;
import org.springframework.stereotype.Component;

/**
 * The one way the stages and the gateway's re-stages put a record on a queue (docs/TRANSACTIONS.md):
 * <ul>
 * <li>{@link #send}: from a stage consumer, in its JMS transaction (the hand-on commits with the
 *     consumed input, after the stage's database commit); every stage consumer is a batched one
 *     ({@link BatchStageRunner}), so a send on any other thread is a programming error;</li>
 * <li>{@link #stage}: from anywhere else, as a {@code stage_outbox} row in the caller's database
 *     transaction, relayed after its commit with the row id as broker duplicate id, so no consumer sees
 *     the message before its row;</li>
 * <li>{@link #sendToCustoms}: the external customs queue, outside the stage's transaction (a
 *     duplicate emission id must be dropped by the broker, not roll the stage back; see
 *     {@code CustomsQueueSender}).</li>
 * </ul>
 * Bodies and properties come from {@link StageQueueCodec} only.
 */
@Component
public class StageSender {
    private final StageOutbox outbox;
    private final ConnectionFactory connectionFactory;
    private final CachingConnectionFactory own;
    private final JmsTemplate outsideTransaction;

    public StageSender(StageOutbox outbox, ConnectionFactory connectionFactory) {
        this.outbox = outbox;
        this.connectionFactory = connectionFactory;
        // a connection factory of its own: a JmsTemplate on the listener's factory would join the
        // stage's transacted session (Spring binds it to that factory while the listener runs)
        this.own = new CachingConnectionFactory(target(connectionFactory));
        this.own.setSessionCacheSize(4);
        this.outsideTransaction = new JmsTemplate(own);
        this.outsideTransaction.setSessionTransacted(false);
    }

    @PreDestroy
    void close() {
        own.destroy();
    }

    /** Sends on {@code gw.enrich} in the current consumer's JMS transaction. */
    public void send(DraftMessage m) {
        send(StageQueueCodec.encode(m));
    }

    /** Sends on {@code gw.sign} in the current consumer's JMS transaction. */
    public void send(SignMessage m) {
        send(StageQueueCodec.encode(m));
    }

    /** Sends on {@code gw.deliver} in the current consumer's JMS transaction. */
    public void send(DeliverMessage m) {
        send(StageQueueCodec.encode(m));
    }

    /** Sends an accepted customs decision on {@code gw.respond} in the current consumer's JMS transaction. */
    public void send(RespondMessage m) {
        send(new Encoded(Queues.RESPOND, m.decision(), InboundQueueCodec.properties(m)));
    }

    /** Writes the draft's outbox row for {@code gw.enrich} in the caller's database transaction; relayed after its commit. */
    public void stage(DraftMessage m) {
        Encoded e = StageQueueCodec.encode(m);
        stage(e.queue(), e.properties(), e.body());
    }

    /**
     * Writes an accepted decision's outbox row for {@code gw.respond} in the caller's database
     * transaction (the one that stores the decision); relayed after its commit.
     */
    public void stage(RespondMessage m) {
        stage(Queues.RESPOND, InboundQueueCodec.properties(m), m.decision());
    }

    private void stage(String queue, Map<String, Object> properties, byte[] body) {
        try (StageOutbox.Batch batch = outbox.open()) {
            batch.stage(queue, properties, body);
            batch.commit();
        }
    }

    /** A JMS transaction of its own for the postal ingress's messages on {@code gw.parse} ({@link QueueTransaction}). */
    public QueueTransaction openTransaction() throws jakarta.jms.JMSException {
        return new QueueTransaction(connectionFactory);
    }

    /** Sends an emission to a customs queue, durable when this returns, in no transaction. */
    public void sendToCustoms(DeliverMessage m, String customsQueue) {
        Encoded e = StageQueueCodec.encodeForCustoms(m, customsQueue);
        outsideTransaction.send(e.queue(), session -> {
            BytesMessage message = session.createBytesMessage();
            message.writeBytes(e.body());
            for (Map.Entry<String, Object> p : e.properties().entrySet()) {
                message.setObjectProperty(p.getKey(), p.getValue());
            }
            return message;
        });
    }

    private void send(Encoded e) {
        // only into a batch's JMS transaction: a send from anywhere else would be a message without
        // the database commit ordering (docs/TRANSACTIONS.md); such code stages through the outbox
        HandOn batch = StageContext.handOn().orElseThrow(() -> new IllegalStateException(
                "a hand-on to " + e.queue() + " outside a stage consumer: use StageSender.stage (the outbox)"));
        batch.send(e.queue(), e.body(), e.properties());
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
}
