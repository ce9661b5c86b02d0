package org.clearway.routes.pipeline;

import jakarta.annotation.PreDestroy;
import jakarta.jms.BytesMessage;
import jakarta.jms.ConnectionFactory;
import java.util.Map;
import org.apache.camel.ProducerTemplate;
import org.clearway.routes.ingress.express.ExpressStaging;
import org.clearway.routes.pipeline.StageQueueCodec.Encoded;
import org.springframework.jms.connection.CachingConnectionFactory;
import org.springframework.jms.connection.DelegatingConnectionFactory;
import org.springframework.jms.connection.SingleConnectionFactory;
import org.springframework.jms.core.JmsTemplate;
import org.springframework.stereotype.Component;

/**
 * The one way the stages and the gateway's re-stages put a record on a queue (docs/TRANSACTIONS.md):
 * <ul>
 * <li>{@link #send}: from a stage consumer, in its JMS transaction (the hand-on commits with the
 *     consumed input, after the stage's database commit);</li>
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
    private final ProducerTemplate producer;
    private final ExpressStaging outbox;
    private final CachingConnectionFactory own;
    private final JmsTemplate outsideTransaction;

    public StageSender(ProducerTemplate producer, ExpressStaging outbox, ConnectionFactory connectionFactory) {
        this.producer = producer;
        this.outbox = outbox;
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

    /** Writes the draft's outbox row for {@code gw.enrich} in the caller's database transaction; relayed after its commit. */
    public void stage(DraftMessage m) {
        Encoded e = StageQueueCodec.encode(m);
        try (ExpressStaging.Batch batch = outbox.open()) {
            batch.stage(e.queue(), e.properties(), e.body());
            batch.commit();
        }
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
        // on a batched stage's consumer thread: into the batch's JMS transaction; from a Camel
        // consumer thread the JMS producer joins that consumer's transacted session
        java.util.Optional<HandOn> batch = StageContext.handOn();
        if (batch.isPresent()) {
            batch.get().send(e.queue(), e.body(), e.properties());
        } else {
            producer.sendBodyAndHeaders("jms:queue:" + e.queue(), e.body(), e.properties());
        }
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
