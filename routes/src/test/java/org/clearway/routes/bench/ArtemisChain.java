package org.clearway.routes.bench;

import jakarta.jms.BytesMessage;
import jakarta.jms.Connection;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;

/**
 * The raw limit Clearway's stages are compared with: a chain of persistent Artemis queues
 * (producer -> q0 -> hop -> q1 ... -> q{hops} -> sink), one thread per hop, each hop consuming and
 * sending in one local JMS transaction, on a broker of its own configured as the gateway's embedded
 * one (persistence and journal sync on, the same journal buffer timeout), in this JVM.
 */
final class ArtemisChain implements AutoCloseable {
    static final int HOPS = 5;
    static final int MESSAGE_BYTES = 1024;

    private final EmbeddedActiveMQ broker = new EmbeddedActiveMQ();
    private final ActiveMQConnectionFactory factory;
    private int run;

    ArtemisChain(Path dir, int bufferTimeoutNs) throws Exception {
        ConfigurationImpl c = new ConfigurationImpl();
        c.setPersistenceEnabled(true);
        c.setSecurityEnabled(false);
        c.setJournalDirectory(dir.resolve("journal").toString());
        c.setBindingsDirectory(dir.resolve("bindings").toString());
        c.setPagingDirectory(dir.resolve("paging").toString());
        c.setLargeMessagesDirectory(dir.resolve("large").toString());
        c.setJournalSyncTransactional(true);
        c.setJournalSyncNonTransactional(true);
        c.setJournalBufferTimeout_NIO(bufferTimeoutNs);
        c.setJournalBufferTimeout_AIO(bufferTimeoutNs);
        c.addAcceptorConfiguration("in-vm", "vm://42");
        broker.setConfiguration(c);
        broker.start();
        factory = new ActiveMQConnectionFactory("vm://42");
        factory.setCacheDestinations(true);
        factory.setConsumerWindowSize(64 * 1024);
    }

    /** Messages per second through the whole chain: {@code messages} sent, {@code perTx} per transaction at every hop. */
    double throughput(int messages, int perTx) throws Exception {
        String prefix = "chain" + (++run) + ".q";
        byte[] payload = new byte[MESSAGE_BYTES];
        Arrays.fill(payload, (byte) 'x');
        ExecutorService pool = Executors.newFixedThreadPool(HOPS + 2);
        try (Connection connection = factory.createConnection()) {
            connection.start();
            List<Future<?>> hops = new ArrayList<>();
            for (int h = 0; h < HOPS; h++) {
                int hop = h;
                hops.add(pool.submit(() -> move(connection, prefix + hop, prefix + (hop + 1), messages, perTx)));
            }
            long started = System.nanoTime();
            Future<?> producer = pool.submit(() -> {
                Session s = connection.createSession(true, Session.SESSION_TRANSACTED);
                MessageProducer p = s.createProducer(s.createQueue(prefix + 0));
                for (int i = 1; i <= messages; i++) {
                    BytesMessage m = s.createBytesMessage();
                    m.writeBytes(payload);
                    p.send(m);
                    if (i % perTx == 0) {
                        s.commit();
                    }
                }
                s.commit();
                s.close();
                return null;
            });
            long ended = pool.submit(() -> sink(connection, prefix + HOPS, messages, perTx, null)).get(30, TimeUnit.MINUTES);
            producer.get();
            for (Future<?> f : hops) {
                f.get();
            }
            return messages / ((ended - started) / 1e9);
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * Latency through the chain at a fixed rate, one message per transaction at every hop: the
     * 50th and 99th percentile in milliseconds of messages sent during {@code seconds} at {@code perSecond}.
     */
    double[] latency(double perSecond, int seconds) throws Exception {
        String prefix = "latency" + (++run) + ".q";
        int messages = Math.max(1, (int) (perSecond * seconds));
        byte[] payload = new byte[MESSAGE_BYTES];
        long[] latencies = new long[messages];
        ExecutorService pool = Executors.newFixedThreadPool(HOPS + 2);
        try (Connection connection = factory.createConnection()) {
            connection.start();
            for (int h = 0; h < HOPS; h++) {
                int hop = h;
                pool.submit(() -> move(connection, prefix + hop, prefix + (hop + 1), messages, 1));
            }
            Future<Long> sink = pool.submit(() -> sink(connection, prefix + HOPS, messages, 1, latencies));
            Session s = connection.createSession(true, Session.SESSION_TRANSACTED);
            MessageProducer p = s.createProducer(s.createQueue(prefix + 0));
            long started = System.nanoTime();
            long interval = (long) (1e9 / perSecond);
            for (int i = 0; i < messages; i++) {
                long due = started + i * interval;
                while (System.nanoTime() < due) {
                    Thread.onSpinWait();
                    if (due - System.nanoTime() > 1_000_000) {
                        Thread.sleep(0, 500_000);
                    }
                }
                BytesMessage m = s.createBytesMessage();
                m.writeBytes(payload);
                m.setLongProperty("sentNanos", System.nanoTime());
                m.setIntProperty("index", i);
                p.send(m);
                s.commit();
            }
            s.close();
            sink.get(10, TimeUnit.MINUTES);
            return percentiles(latencies);
        } finally {
            pool.shutdownNow();
        }
    }

    static double[] percentiles(long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return new double[] {sorted[(int) Math.floor(0.50 * (sorted.length - 1))] / 1e6,
                sorted[(int) Math.floor(0.99 * (sorted.length - 1))] / 1e6};
    }

    private static Void move(Connection connection, String from, String to, int messages, int perTx) throws Exception {
        Session s = connection.createSession(true, Session.SESSION_TRANSACTED);
        MessageConsumer in = s.createConsumer(s.createQueue(from));
        MessageProducer out = s.createProducer(s.createQueue(to));
        int moved = 0;
        int pending = 0;
        while (moved < messages) {
            Message m = in.receive(pending == 0 ? 1000 : 5);
            if (m == null) {
                if (pending > 0) {
                    s.commit();
                    pending = 0;
                }
                continue;
            }
            out.send(m);
            moved++;
            if (++pending >= perTx) {
                s.commit();
                pending = 0;
            }
        }
        s.commit();
        s.close();
        return null;
    }

    /** Consumes {@code messages}; the nanoTime of the last; latencies by the message's index when asked. */
    private static long sink(Connection connection, String queue, int messages, int perTx, long[] latencies) throws Exception {
        Session s = connection.createSession(true, Session.SESSION_TRANSACTED);
        MessageConsumer in = s.createConsumer(s.createQueue(queue));
        int received = 0;
        int pending = 0;
        long last = 0;
        while (received < messages) {
            Message m = in.receive(pending == 0 ? 1000 : 5);
            if (m == null) {
                if (pending > 0) {
                    s.commit();
                    pending = 0;
                }
                continue;
            }
            received++;
            if (++pending >= perTx) {
                s.commit();
                pending = 0;
            }
            last = System.nanoTime();
            if (latencies != null) {
                latencies[m.getIntProperty("index")] = last - m.getLongProperty("sentNanos");
            }
        }
        s.commit();
        s.close();
        return last;
    }

    @Override
    public void close() throws Exception {
        factory.close();
        broker.stop();
    }
}
