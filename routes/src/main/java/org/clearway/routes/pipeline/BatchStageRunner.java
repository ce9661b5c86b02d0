package org.clearway.routes.pipeline;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.jms.BytesMessage;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSException;
import jakarta.jms.JMSRuntimeException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.clearway.routes.ops.StageEvents;
import org.clearway.routes.store.TraceLog;
import org.clearway.routes.support.InvalidMessageException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionStatus;
import org.springframework.transaction.support.DefaultTransactionDefinition;

/**
 * The consumers of one batched stage (issue 12 step 6; docs/TRANSACTIONS.md "Batched stages").
 * Each consumer thread owns a transacted JMS session and repeats: receive up to the batch size (or
 * what arrives within the batch wait), open one database transaction, hand every message to the
 * stage (its hand-ons go into the session), commit the database, then commit the session. A crash
 * between the two commits redelivers the batch, which the stages recognise by their keys.
 *
 * <p>A message that fails rolls back the whole batch: database work and hand-ons of every message
 * in it, its own partial hand-ons among them. The broker gives the messages back in order, and the
 * consumer then takes them one per transaction, so the others commit alone and the failing one is
 * retried alone (backoff doubling from {@code redelivery-delay}) until it succeeds or is
 * dead-lettered to {@code <queue>.DLQ} with its reason; an {@link InvalidMessageException} is
 * dead-lettered on its next delivery without another try. Nothing of a dead-lettered message but the
 * dead letter is committed. A JMS failure (broker away) is not the message's fault: the consumer
 * reconnects after {@code reconnect-delay} and the broker redelivers.
 */
public final class BatchStageRunner {
    private static final Logger log = LoggerFactory.getLogger(BatchStageRunner.class);
    private static final int MAX_TRACKED_FAILURES = 10_000;

    private final StageDefinition stage;
    private final int consumers;
    private final StageProperties properties;
    private final int maximumRedeliveries;
    private final Duration redeliveryDelay;
    private final SharedConnection connections;
    private final PlatformTransactionManager transactions;
    private final DeadLetterQueues deadLetters;
    private final Timer batchTimer;
    private final io.micrometer.core.instrument.DistributionSummary batchSizes;
    private final io.micrometer.core.instrument.Counter handled;
    private final io.micrometer.core.instrument.Counter failed;
    /** Failures by JMS message id, shared by the consumers (a message may come back to another). */
    private final Map<String, Failure> failures = Collections.synchronizedMap(
            new LinkedHashMap<>(64, 0.75f, false) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Failure> eldest) {
                    return size() > MAX_TRACKED_FAILURES;
                }
            });
    private final List<Thread> threads = new ArrayList<>();
    private final AtomicInteger connected = new AtomicInteger();
    private volatile boolean running;

    private record Failure(int attempts, boolean permanent, String reason) {
    }

    public BatchStageRunner(StageDefinition stage, int consumers, StageProperties properties, int maximumRedeliveries,
                     Duration redeliveryDelay, ConnectionFactory connections, PlatformTransactionManager transactions,
                     TraceLog trace, StageEvents events, Clock clock, MeterRegistry meters) {
        this.stage = stage;
        this.consumers = consumers;
        this.properties = properties;
        this.maximumRedeliveries = maximumRedeliveries;
        this.redeliveryDelay = redeliveryDelay;
        this.connections = new SharedConnection(connections);
        this.transactions = transactions;
        this.deadLetters = new DeadLetterQueues(connections, trace, events, clock);
        this.batchTimer = Timer.builder("clearway.stage.batch").tag("stage", stage.name())
                .description("one batch of a stage: receive, database commit, JMS commit")
                .publishPercentileHistogram().register(meters);
        this.handled = io.micrometer.core.instrument.Counter.builder("clearway.stage.handled").tag("stage", stage.name())
                .description("messages a stage committed").register(meters);
        this.failed = io.micrometer.core.instrument.Counter.builder("clearway.stage.failures").tag("stage", stage.name())
                .description("failed attempts (a batch or a message rolled back)").register(meters);
        this.batchSizes = io.micrometer.core.instrument.DistributionSummary.builder("clearway.stage.batch.size")
                .tag("stage", stage.name()).description("messages per committed batch").register(meters);
    }

    public String name() {
        return stage.name();
    }

    public String queue() {
        return stage.queue();
    }

    public synchronized boolean isRunning() {
        return running;
    }

    /** Consumers holding a live broker session now. */
    public int connectedConsumers() {
        return connected.get();
    }

    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        for (int i = 0; i < consumers; i++) {
            Thread t = new Thread(this::consume, "stage-" + stage.name() + "-" + i);
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }
        log.info("stage {} consuming {} with {} consumers, up to {} messages per transaction", stage.name(),
                stage.queue(), consumers, properties.batchSize());
    }

    /** Stops consuming; a batch in progress finishes (commits or rolls back) first. */
    public void stop() {
        List<Thread> stopping;
        synchronized (this) {
            if (!running) {
                return;
            }
            running = false;
            stopping = new ArrayList<>(threads);
            threads.clear();
        }
        for (Thread t : stopping) {
            try {
                t.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        connections.close();
    }

    private void consume() {
        while (running) {
            Connection connection = null;
            Session session = null;
            boolean counted = false;
            try {
                connection = connections.get();
                session = connection.createSession(true, Session.SESSION_TRANSACTED);
                MessageConsumer consumer = session.createConsumer(session.createQueue(stage.queue()));
                MessageProducer producer = session.createProducer(null);
                producer.setDeliveryMode(DeliveryMode.PERSISTENT);
                connected.incrementAndGet();
                counted = true;
                int singles = 0;
                while (running) {
                    List<StageInput> batch = receive(consumer, singles > 0 ? 1 : properties.batchSize());
                    if (batch.isEmpty()) {
                        continue;
                    }
                    if (singles > 0) {
                        singles--;
                    }
                    int retryAlone = handle(session, producer, batch);
                    if (retryAlone > 0) {
                        singles = Math.max(singles, retryAlone);
                    }
                }
                consumer.close();
            } catch (JMSException | JMSRuntimeException | BrokerAway e) {
                connections.invalidate(connection);
                if (running) {
                    log.warn("broker unavailable in stage {}: rolled back for redelivery, reconnecting in {} ({})",
                            stage.name(), properties.reconnectDelay(), e.toString());
                    sleep(properties.reconnectDelay());
                }
            } catch (RuntimeException | Error e) {
                // never let a consumer thread die: log, pause, reconnect
                log.error("stage {} consumer failed; restarting it", stage.name(), e);
                sleep(properties.reconnectDelay());
            } finally {
                if (counted) {
                    connected.decrementAndGet();
                }
                closeQuietly(session);
            }
        }
    }

    /**
     * Receives up to {@code max} messages, each read at once: the broker streams a large message's
     * body through its consumer, and receiving the next message discards what was not read yet.
     */
    private List<StageInput> receive(MessageConsumer consumer, int max) throws JMSException {
        Message first = consumer.receive(500);
        if (first == null) {
            return List.of();
        }
        List<StageInput> batch = new ArrayList<>(Math.min(max, 64));
        StageInput in = input(first);
        batch.add(in);
        long bytes = in.body().length;
        long deadline = System.nanoTime() + properties.batchWait().toNanos();
        // bounded by count and by size: a few large messages (each handing on thousands of drafts)
        // make a batch of their own instead of one transaction holding all their work at once
        while (batch.size() < max && bytes < properties.batchMaxBytes()) {
            long left = (deadline - System.nanoTime()) / 1_000_000;
            Message next = left > 0 ? consumer.receive(left) : consumer.receiveNoWait();
            if (next == null) {
                break;
            }
            in = input(next);
            batch.add(in);
            bytes += in.body().length;
        }
        return batch;
    }

    /**
     * Handles one batch in one database and one JMS transaction.
     *
     * @return 0 when committed; otherwise how many of the next deliveries to take one at a time
     */
    private int handle(Session session, MessageProducer producer, List<StageInput> batch) throws JMSException {
        long started = System.nanoTime();
        HandOn out = (queue, body, props) -> send(session, producer, queue, body, props);
        List<Runnable> afterCommit = new ArrayList<>(0);
        TransactionStatus tx = transactions.getTransaction(new DefaultTransactionDefinition());
        int index = 0;
        String culprit = null;
        try {
            for (; index < batch.size(); index++) {
                StageInput m = batch.get(index);
                culprit = m.messageId();
                Failure failure = culprit == null ? null : failures.get(culprit);
                if (failure != null && (failure.permanent() || failure.attempts() > maximumRedeliveries)) {
                    deadLetter(session, producer, m, failure.reason(), afterCommit);
                    continue;
                }
                StageContext.bind(out);
                try {
                    stage.handler().handle(m, out);
                } finally {
                    StageContext.clear();
                }
            }
            culprit = null;
            transactions.commit(tx);
        } catch (BrokerAway e) {
            rollback(tx);
            throw e;
        } catch (Exception e) {
            rollback(tx);
            Throwable cause = e;
            if (isBrokerFailure(cause)) {
                throw new BrokerAway(cause);
            }
            session.rollback();
            return failed(batch, culprit, cause);
        }
        session.commit();
        for (Runnable r : afterCommit) {
            try {
                r.run();
            } catch (RuntimeException e) {
                log.warn("dead-letter trace not recorded: {}", e.toString());
            }
        }
        for (StageInput m : batch) {
            String id = m.messageId();
            if (id != null && !failures.isEmpty()) {
                failures.remove(id);
            }
        }
        batchSizes.record(batch.size());
        handled.increment(batch.size());
        batchTimer.record(System.nanoTime() - started, java.util.concurrent.TimeUnit.NANOSECONDS);
        return 0;
    }

    private int failed(List<StageInput> batch, String culprit, Throwable cause) {
        failed.increment();
        String reason = reason(cause);
        if (culprit == null) {
            // the commit failed: no single message to blame; take the batch apart
            log.warn("stage {}: batch of {} not committed ({}); retrying its messages one by one", stage.name(),
                    batch.size(), reason);
            return batch.size();
        }
        boolean permanent = cause instanceof InvalidMessageException;
        Failure f = failures.merge(culprit, new Failure(1, permanent, reason),
                (old, now) -> new Failure(old.attempts() + 1, old.permanent() || now.permanent(), now.reason()));
        if (batch.size() > 1) {
            log.warn("stage {}: a message failed in a batch of {} ({}); the batch is retried one message per "
                    + "transaction", stage.name(), batch.size(), reason);
            return batch.size();
        }
        if (!permanent && f.attempts() <= maximumRedeliveries) {
            long delay = redeliveryDelay.toMillis() << Math.min(f.attempts() - 1, 10);
            log.warn("stage {}: attempt {} of {} failed ({}); retrying in {} ms", stage.name(), f.attempts(),
                    maximumRedeliveries + 1, reason, delay);
            sleep(Duration.ofMillis(Math.min(delay, 60_000)));
        }
        return 1;
    }

    private void deadLetter(Session session, MessageProducer producer, StageInput m, String reason,
                            List<Runnable> afterCommit) {
        // sent in this batch's session so that it commits with the batch; logged, counted and traced
        // after the commits (a trace row the database refuses must not block the move)
        DeadLetterQueues.DeadLetter d = deadLetters.deadLetter(stage.queue(), m.properties(), reason);
        send(session, producer, d.queue(), m.body(), d.properties());
        afterCommit.add(() -> deadLetters.deadLettered(d));
    }

    private static void send(Session session, MessageProducer producer, String queue, byte[] body,
                             Map<String, Object> props) {
        try {
            BytesMessage message = session.createBytesMessage();
            message.writeBytes(body);
            for (Map.Entry<String, Object> e : props.entrySet()) {
                Object v = e.getValue();
                if (v == null) {
                    continue;
                }
                if (v instanceof String || v instanceof Number || v instanceof Boolean) {
                    message.setObjectProperty(e.getKey(), v);
                } else {
                    message.setStringProperty(e.getKey(), v.toString());
                }
            }
            producer.send(session.createQueue(queue), message);
        } catch (JMSException e) {
            throw new BrokerAway(e);
        }
    }

    private StageInput input(Message m) throws JMSException {
        int count = m.propertyExists("JMSXDeliveryCount") ? m.getIntProperty("JMSXDeliveryCount") : 1;
        byte[] body;
        try {
            body = body(m);
        } catch (InvalidMessageException e) {
            // no body a stage can read: dead-lettered when the batch reaches it
            if (m.getJMSMessageID() != null) {
                failures.put(m.getJMSMessageID(), new Failure(1, true, reason(e)));
            }
            body = new byte[0];
        }
        return new StageInput(m.getJMSMessageID(), body, Collections.unmodifiableMap(properties(m)), count);
    }

    static byte[] body(Message m) throws JMSException {
        if (m instanceof BytesMessage b) {
            b.reset();
            byte[] bytes = new byte[(int) b.getBodyLength()];
            b.readBytes(bytes);
            return bytes;
        }
        if (m instanceof TextMessage t) {
            String text = t.getText();
            return text == null ? new byte[0] : text.getBytes(StandardCharsets.UTF_8);
        }
        throw new InvalidMessageException("unsupported message type " + m.getClass().getSimpleName());
    }

    static Map<String, Object> properties(Message m) throws JMSException {
        Map<String, Object> props = new HashMap<>();
        Enumeration<?> names = m.getPropertyNames();
        while (names.hasMoreElements()) {
            String name = (String) names.nextElement();
            if (name.startsWith("JMSX") && !"JMSXGroupID".equals(name)) {
                continue;
            }
            props.put(name, m.getObjectProperty(name));
        }
        return props;
    }

    private static boolean isBrokerFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof JMSException || t instanceof JMSRuntimeException || t instanceof BrokerAway
                    || t instanceof org.springframework.jms.JmsException
                    || t instanceof org.apache.activemq.artemis.api.core.ActiveMQException) {
                return true;
            }
        }
        return false;
    }

    private void rollback(TransactionStatus tx) {
        if (!tx.isCompleted()) {
            try {
                transactions.rollback(tx);
            } catch (RuntimeException e) {
                log.warn("stage {}: database rollback failed: {}", stage.name(), e.toString());
            }
        }
    }

    private static String reason(Throwable cause) {
        return cause.getClass().getSimpleName() + ": " + cause.getMessage();
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void closeQuietly(Session c) {
        if (c != null) {
            try {
                c.close();
            } catch (JMSException | RuntimeException e) {
                log.debug("closing a stage connection: {}", e.toString());
            }
        }
    }

    /** A JMS failure inside a hand-on: the session is gone, reconnect. */
    static final class BrokerAway extends RuntimeException {
        BrokerAway(Throwable cause) {
            super(cause);
        }
    }
}
