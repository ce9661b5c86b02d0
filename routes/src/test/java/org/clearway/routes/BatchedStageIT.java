package org.clearway.routes;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import jakarta.jms.BytesMessage;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.clearway.routes.ops.StageEvents;
import org.clearway.routes.pipeline.BatchStageRunner;
import org.clearway.routes.pipeline.StageDefinition;
import org.clearway.routes.pipeline.StageHandler;
import org.clearway.routes.pipeline.StageProperties;
import org.clearway.routes.store.TraceLog;
import org.clearway.routes.support.Headers;
import org.clearway.routes.support.InvalidMessageException;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * The batched stage consumer (issue 12 step 6) on the gateway's own broker and database: many
 * messages per transaction, order per group kept, a failing message retried or dead-lettered alone
 * with none of its partial hand-ons committed, and database work (here trace rows) committed exactly
 * for the messages handed on.
 */
class BatchedStageIT extends GatewayIT {
    @Autowired
    ConnectionFactory connections;
    @Autowired
    PlatformTransactionManager transactions;
    @Autowired
    TraceLog trace;
    @Autowired
    StageEvents events;
    @Autowired
    MeterRegistry meters;
    @Autowired
    JdbcClient jdbc;

    private BatchStageRunner runner(String name, String queue, int consumers, StageHandler handler) {
        return runner(name, queue, consumers, 262_144, handler);
    }

    private BatchStageRunner runner(String name, String queue, int consumers, long batchMaxBytes, StageHandler handler) {
        return new BatchStageRunner(new StageDefinition(name, queue, consumers, handler),
                consumers, new StageProperties(50, Duration.ofMillis(20), Duration.ofMillis(200), batchMaxBytes), 2,
                Duration.ofMillis(20), connections, transactions, trace, events, Clock.systemUTC(), meters);
    }

    @Test
    void handsOnEveryMessageOnceInBatchesAndKeepsEachGroupInOrder() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String in = "test.batch.in." + run;
        String out = "test.batch.out." + run;
        send(in, 600, i -> "m-" + i, i -> "g-" + (i % 7));
        BatchStageRunner runner = runner("batch-" + run, in, 2, (msg, handOn) -> {
            trace.record("ingress-" + run, null, "batch-test", "handled", new String(msg.body(), StandardCharsets.UTF_8));
            handOn.send(out, msg.body(), Map.of("JMSXGroupID", msg.property("JMSXGroupID")));
        });
        runner.start();
        try {
            List<String[]> received = receive(out, 600, Duration.ofSeconds(60));
            assertThat(received).hasSize(600);
            assertThat(received.stream().map(r -> r[0]).distinct()).hasSize(600);
            Map<String, Integer> lastPerGroup = new HashMap<>();
            for (String[] r : received) {
                int n = Integer.parseInt(r[0].substring(2));
                Integer before = lastPerGroup.put(r[1], n);
                assertThat(before == null || before < n).as("order within group %s: %s after %s", r[1], n, before).isTrue();
            }
        } finally {
            runner.stop();
        }
        assertThat(traceCount("ingress-" + run)).isEqualTo(600);
        double batches = meters.get("clearway.stage.batch.size").tag("stage", "batch-" + run).summary().count();
        assertThat(batches).as("600 messages in fewer transactions than messages").isLessThan(300);
    }

    /** The broker streams bodies over 100 KiB: every one must be read whole, whatever follows it in the batch. */
    @Test
    void largeMessagesInABatchArriveWhole() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String in = "test.batch.in." + run;
        String out = "test.batch.out." + run;
        String big = "x".repeat(300_000);
        send(in, 30, i -> i % 3 == 0 ? "m-" + i + "-" + big : "m-" + i, i -> "g-" + (i % 2));
        Map<String, Integer> lengths = new ConcurrentHashMap<>();
        BatchStageRunner runner = runner("batch-" + run, in, 1, (msg, handOn) -> {
            String body = new String(msg.body(), StandardCharsets.UTF_8);
            lengths.put(body.substring(0, body.indexOf('-', 2) > 0 ? body.indexOf('-', 2) : body.length()), body.length());
            handOn.send(out, msg.body(), Map.of());
        });
        runner.start();
        try {
            List<String[]> received = receive(out, 30, Duration.ofSeconds(60));
            assertThat(received).hasSize(30);
            assertThat(received.stream().filter(r -> r[0].length() > 300_000)).hasSize(10);
            assertThat(receive(in + ".DLQ", 1, Duration.ofMillis(500))).isEmpty();
        } finally {
            runner.stop();
        }
        assertThat(lengths).hasSize(30);
    }

    /**
     * clearway.stages.batch-max-bytes: with all 24 messages of 60 KB waiting, a batch stops taking
     * more once its bodies reach 150 KB (three messages), instead of taking all 24 at once.
     */
    @Test
    void aBatchTakesNoFurtherMessageOnceItsBodiesReachTheByteCap() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String in = "test.batch.in." + run;
        String out = "test.batch.out." + run;
        String body = "y".repeat(60_000);
        send(in, 24, i -> "m-" + i + "-" + body, i -> "g-" + (i % 4));
        BatchStageRunner runner = runner("batch-" + run, in, 1, 150_000, (msg, handOn) ->
                handOn.send(out, msg.body(), Map.of()));
        runner.start();
        try {
            assertThat(receive(out, 24, Duration.ofSeconds(60))).hasSize(24);
        } finally {
            runner.stop();
        }
        var sizes = meters.get("clearway.stage.batch.size").tag("stage", "batch-" + run).summary();
        assertThat(sizes.max()).as("largest batch").isLessThanOrEqualTo(3);
        assertThat(sizes.count()).as("batches for 24 messages").isGreaterThanOrEqualTo(8);
    }

    @Test
    void aFailingMessageIsDeadLetteredAloneWithoutItsPartialHandOns() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String in = "test.batch.in." + run;
        String out = "test.batch.out." + run;
        AtomicInteger transientFailures = new AtomicInteger();
        send(in, 120, i -> i == 40 ? "poison" : i == 80 ? "flaky" : "m-" + i, i -> "g-" + (i % 3));
        BatchStageRunner runner = runner("batch-" + run, in, 1, (msg, handOn) -> {
            String body = new String(msg.body(), StandardCharsets.UTF_8);
            trace.record("ingress-" + run, null, "batch-test", "handled", body);
            handOn.send(out, ("part-of-" + body).getBytes(StandardCharsets.UTF_8), Map.of());
            if (body.equals("poison")) {
                throw new InvalidMessageException("poison message: never valid");
            }
            if (body.equals("flaky") && transientFailures.incrementAndGet() <= 2) {
                throw new IllegalStateException("transient failure " + transientFailures.get());
            }
        });
        runner.start();
        try {
            List<String[]> received = receive(out, 119, Duration.ofSeconds(60));
            assertThat(received.stream().map(r -> r[0])).doesNotContain("part-of-poison").doesNotHaveDuplicates()
                    .contains("part-of-flaky").hasSize(119);
            List<String[]> dead = receive(in + ".DLQ", 1, Duration.ofSeconds(20));
            assertThat(dead).hasSize(1);
            assertThat(dead.get(0)[0]).isEqualTo("poison");
            assertThat(dead.get(0)[2]).contains("InvalidMessageException").contains("poison message");
            assertThat(receive(out, 1, Duration.ofMillis(500))).as("nothing more, nothing doubled").isEmpty();
        } finally {
            runner.stop();
        }
        // trace rows: one per committed handling (119) plus the dead letter's own event
        assertThat(traceCount("ingress-" + run)).isEqualTo(119);
        assertThat(transientFailures.get()).isEqualTo(3);
    }

    private long traceCount(String ingressId) {
        return jdbc.sql("select count(*) from trace_event where ingress_id = ? and stage = 'batch-test'")
                .param(ingressId).query(Long.class).single();
    }

    private void send(String queue, int count, java.util.function.IntFunction<String> body,
                      java.util.function.IntFunction<String> group) throws Exception {
        try (Connection c = connections.createConnection()) {
            Session s = c.createSession(true, Session.SESSION_TRANSACTED);
            MessageProducer p = s.createProducer(s.createQueue(queue));
            for (int i = 0; i < count; i++) {
                BytesMessage m = s.createBytesMessage();
                m.writeBytes(body.apply(i).getBytes(StandardCharsets.UTF_8));
                m.setStringProperty("JMSXGroupID", group.apply(i));
                p.send(m);
            }
            s.commit();
        }
    }

    /** Receives up to {@code count} messages: body, group, dead-letter reason. */
    private List<String[]> receive(String queue, int count, Duration within) throws Exception {
        List<String[]> got = new ArrayList<>();
        long end = System.nanoTime() + within.toNanos();
        try (Connection c = connections.createConnection()) {
            c.start();
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageConsumer consumer = s.createConsumer(s.createQueue(queue));
            while (got.size() < count && System.nanoTime() < end) {
                Message m = consumer.receive(200);
                if (m instanceof BytesMessage b) {
                    byte[] bytes = new byte[(int) b.getBodyLength()];
                    b.readBytes(bytes);
                    got.add(new String[] {new String(bytes, StandardCharsets.UTF_8), m.getStringProperty("JMSXGroupID"),
                            m.getStringProperty(Headers.DLQ_REASON)});
                }
            }
        }
        return got;
    }
}
