package org.clearway.routes.pipeline;

import jakarta.jms.BytesMessage;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSException;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.annotation.PreDestroy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jms.connection.CachingConnectionFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The transactional outbox (docs/TRANSACTIONS.md): how anything outside a stage consumer puts a
 * message on a stage queue. The message is a {@code stage_outbox} row written in the caller's
 * database transaction, relayed to the broker after that transaction commits and deleted once
 * relayed. So a message exists exactly when the rows it belongs to do, whatever the crash point, and
 * a consumer never sees a message before its rows. Relays are idempotent at the broker (the row id
 * is the Artemis duplicate id). Callers: the express ingress ({@code ExpressStaging}), the
 * gateway's re-stages and decisions over HTTP ({@link StageSender#stage}).
 */
@Component
public class StageOutbox {
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(StageOutbox.class);
    private static final com.fasterxml.jackson.databind.ObjectMapper HEADERS = new com.fasterxml.jackson.databind.ObjectMapper();
    /** Most rows one relay round sends (one JMS transaction, one delete). */
    private static final int RELAY_ROUND = 500;

    private final CachingConnectionFactory connections;
    private final JdbcClient jdbc;
    private final java.time.Clock clock;
    /** The relay's own short transactions: after the caller's commit its connection is still bound. */
    private final StageTransactions transactions;
    /** Committed rows waiting for the relay thread, in commit order. */
    private final java.util.concurrent.LinkedBlockingQueue<Long> committed = new java.util.concurrent.LinkedBlockingQueue<>();
    /** Rows handed to the relay thread and not yet relayed: the sweep leaves them alone. */
    private final java.util.Set<Long> queued = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final Thread relayThread;
    private volatile boolean running = true;

    public StageOutbox(ConnectionFactory connectionFactory, JdbcClient jdbc, java.time.Clock clock,
                          StageTransactions transactions) {
        // one shared connection with cached transacted sessions and producers: opening a broker
        // connection per request costs more than the request itself
        this.connections = new CachingConnectionFactory(connectionFactory);
        this.connections.setSessionCacheSize(32);
        this.connections.setCacheProducers(true);
        this.connections.setReconnectOnException(true);
        this.jdbc = jdbc;
        this.clock = clock;
        this.transactions = transactions;
        this.relayThread = new Thread(this::relayCommitted, "outbox-relay");
        this.relayThread.setDaemon(true);
        this.relayThread.start();
    }

    @PreDestroy
    void close() {
        running = false;
        relayThread.interrupt();
        try {
            relayThread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        connections.destroy();
    }

    /**
     * The relay thread: whatever committed rows have gathered since its last round go to the broker
     * in one JMS transaction and leave the outbox in one statement. Under concurrent requests a
     * round carries several requests' rows, and no request waits for its relay: its 202 follows its
     * own database commit, which is what makes the version durable. Rows this misses (a crash, the
     * broker away) stay in the outbox for {@link #relayPending}.
     */
    private void relayCommitted() {
        List<Long> round = new ArrayList<>();
        while (running) {
            try {
                Long first = committed.poll(1, java.util.concurrent.TimeUnit.SECONDS);
                if (first == null) {
                    continue;
                }
                round.add(first);
                committed.drainTo(round, RELAY_ROUND - 1);
                relay(round);
            } catch (InterruptedException e) {
                if (!running) {
                    return;
                }
            } catch (RuntimeException e) {
                // the database or broker away: the rows stay in the outbox and the sweep relays them
                log.warn("relay of {} staged messages failed, retried from the outbox: {}", round.size(), e.toString());
            } finally {
                queued.removeAll(round);
                round.clear();
            }
        }
    }

    /** Hands rows committed by the caller to the relay thread. */
    private void relayLater(List<Long> ids) {
        if (!running) {
            return; // shutting down: the sweep of the next start relays them
        }
        queued.addAll(ids);
        committed.addAll(ids);
    }

    /**
     * Versions staged together. Each {@link Batch#stage} writes an outbox row in the caller's
     * database transaction (docs/TRANSACTIONS.md); {@link Batch#commit} hands the rows to the relay
     * thread once that transaction has committed (at once when there is none), which sends them to
     * their queue. A row whose relay did not happen (crash, broker down) is relayed by
     * {@link #relayPending}.
     */
    public Batch open() {
        return new Batch();
    }

    /** Relays outbox rows left behind by a crash or a failed relay (every instance; duplicates are dropped by id). */
    @org.springframework.scheduling.annotation.Scheduled(initialDelayString = "${clearway.pipeline.outbox-poll-interval:2s}",
            fixedDelayString = "${clearway.pipeline.outbox-poll-interval:2s}")
    public void relayPending() {
        java.time.Instant before = clock.instant().minusSeconds(2);
        List<Long> ids = new ArrayList<>(jdbc.sql("select id from stage_outbox where created_at < ? order by id limit 500")
                .param(java.sql.Timestamp.from(before)).query(Long.class).list());
        // rows the relay thread is about to send are its own (a backlog under load is not a crash)
        ids.removeAll(queued);
        if (!ids.isEmpty()) {
            int relayed = relay(ids);
            log.info("relayed {} staged versions left in the outbox", relayed);
        }
    }

    /** Sends the rows (those still there) in one JMS transaction, then deletes them; returns how many were sent. */
    int relay(List<Long> ids) {
        // in id order (the order the rows were written in): versions of one shipment keep their order
        List<OutboxRow> rows = new ArrayList<>(transactions.inOwnTransaction(() -> jdbc
                .sql("select id, queue_name, headers_json, body from stage_outbox where id in (:ids) order by id")
                .param("ids", ids)
                .query((rs, n) -> new OutboxRow(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getBytes(4)))
                .list()));
        if (rows.isEmpty()) {
            return 0;
        }
        try {
            send(rows, true);
        } catch (JMSException | java.io.IOException e) {
            // Artemis rolls a whole transaction back when one of its messages is a duplicate (a row
            // relayed before whose deletion was cut): send the rows one by one outside a transaction,
            // where the broker drops a duplicate and the send of each row is durable when it returns
            if (!duplicate(e)) {
                log.warn("relay of {} staged versions to the broker failed, retried from the outbox: {}", rows.size(),
                        e.toString());
                return 0;
            }
            try {
                send(rows, false);
            } catch (JMSException | java.io.IOException again) {
                log.warn("relay of {} staged versions (one of them relayed before) failed, retried from the outbox: {}",
                        rows.size(), again.toString());
                return 0;
            }
        }
        List<Long> relayed = rows.stream().map(OutboxRow::id).toList();
        transactions.runInOwnTransaction(() -> jdbc.sql("delete from stage_outbox where id in (:ids)")
                .param("ids", relayed).update());
        return rows.size();
    }

    private void send(List<OutboxRow> rows, boolean transacted) throws JMSException, java.io.IOException {
        try (Connection connection = connections.createConnection();
             Session session = transacted ? connection.createSession(true, Session.SESSION_TRANSACTED)
                     : connection.createSession(false, Session.AUTO_ACKNOWLEDGE)) {
            MessageProducer producer = session.createProducer(null);
            for (OutboxRow row : rows) {
                BytesMessage m = session.createBytesMessage();
                m.writeBytes(row.body());
                Map<String, Object> headers = HEADERS.readValue(row.headers(),
                        new com.fasterxml.jackson.core.type.TypeReference<Map<String, Object>>() { });
                for (Map.Entry<String, Object> h : headers.entrySet()) {
                    m.setObjectProperty(h.getKey(), h.getValue());
                }
                // a relayed row sent twice is stored once (Artemis' duplicate detection)
                m.setStringProperty(StageQueueCodec.ARTEMIS_DUPLICATE_ID, "stage-outbox-" + row.id());
                producer.send(session.createQueue(row.queue()), m);
            }
            if (transacted) {
                session.commit();
            }
        }
    }

    /** Whether the broker refused the send as a duplicate (Artemis' duplicate detection). */
    private static boolean duplicate(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t.getClass().getSimpleName().contains("DuplicateId")
                    || t.getMessage() != null && t.getMessage().contains("Duplicate message detected")) {
                return true;
            }
        }
        return false;
    }

    /** One outbox row: the message for {@code queue}. */
    private record OutboxRow(long id, String queue, String headers, byte[] body) {
    }

    private long insert(String queue, Map<String, Object> headers, byte[] body) {
        try {
            org.springframework.jdbc.support.GeneratedKeyHolder keys = new org.springframework.jdbc.support.GeneratedKeyHolder();
            jdbc.sql("insert into stage_outbox (queue_name, headers_json, body, created_at) values (?, ?, ?, ?)")
                    .params(queue, HEADERS.writeValueAsString(headers), body,
                            java.sql.Timestamp.from(clock.instant()))
                    .update(keys, "id");
            return keys.getKeyAs(Number.class).longValue();
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Messages staged in the caller's database transaction, relayed after its commit. */
    public final class Batch implements AutoCloseable {
        private final List<Long> ids = new ArrayList<>();
        private boolean committed;

        private Batch() {
        }

        /**
         * One message for {@code queue} (an express version for {@code gw.parse}, a released PENDING
         * declaration's draft or a re-evaluated postal amendment for {@code gw.enrich}, a decision for
         * {@code gw.respond}): properties of JSON-representable values, written as they come from
         * the queue's codec and relayed as message properties.
         */
        public void stage(String queue, Map<String, Object> headers, byte[] body) {
            ids.add(insert(queue, headers, body));
        }

        public void commit() {
            committed = true;
            List<Long> staged = List.copyOf(ids);
            if (TransactionSynchronizationManager.isSynchronizationActive()) {
                TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                    @Override
                    public void afterCommit() {
                        relayLater(staged);
                    }
                });
            } else {
                relayLater(staged);
            }
        }

        @Override
        public void close() {
            if (!committed && !ids.isEmpty() && !TransactionSynchronizationManager.isActualTransactionActive()) {
                // written outside a transaction and never committed: take the rows back
                for (Long id : ids) {
                    jdbc.sql("delete from stage_outbox where id = ?").param(id).update();
                }
            }
        }
    }
}
