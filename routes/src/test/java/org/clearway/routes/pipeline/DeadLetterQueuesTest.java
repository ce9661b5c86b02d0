package org.clearway.routes.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import org.clearway.routes.ops.StageEvents;
import org.clearway.routes.store.TraceLog;
import org.clearway.routes.support.Headers;
import org.clearway.routes.support.Queues;
import org.junit.jupiter.api.Test;
import org.mockito.Mockito;

/** The properties a message is dead-lettered with and replayed with, without a broker. */
class DeadLetterQueuesTest {
    private static final Instant NOW = Instant.parse("2025-03-04T10:15:30.123Z");
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final StageEvents events = new StageEvents(registry);
    private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);

    /** A trace log whose database is away: every record fails. */
    private final TraceLog failingTrace = failingTrace();
    private final DeadLetterQueues deadLetters = new DeadLetterQueues(null, failingTrace, events, clock);

    /** What the sign stage receives from enrich (StageQueueCodec names) plus the broker's own. */
    private static Map<String, Object> signInput() {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put(Headers.INGRESS_ID, "0193f1c2-7a4e-7c3b-9d2e-5b1a0c9e4f21");
        p.put(Headers.DECLARATION_ID, "0193f1c2-7a4e-7c3b-9d2e-5b1a0c9e4f22");
        p.put(Headers.PARTNER_ID, "DEMO-POST");
        p.put("clearway_revision", 3);
        p.put("JMSXGroupID", "0193f1c2-7a4e-7c3b-9d2e-5b1a0c9e4f22");
        p.put(StageQueueCodec.ARTEMIS_DUPLICATE_ID, "stage-outbox-42");
        return p;
    }

    private static TraceLog failingTrace() {
        TraceLog trace = Mockito.mock(TraceLog.class);
        Mockito.doThrow(new IllegalStateException("database away")).when(trace)
                .record(Mockito.any(), Mockito.any(), Mockito.any(), Mockito.any(), Mockito.any(), Mockito.any());
        return trace;
    }

    @Test
    void aDeadLetterCarriesReasonOriginAndTimeAndNoDuplicateId() {
        DeadLetterQueues.DeadLetter d = deadLetters.deadLetter(Queues.SIGN, signInput(),
                "InvalidMessageException: not a canonical declaration");

        assertThat(d.queue()).isEqualTo("gw.sign.DLQ");
        assertThat(d.properties())
                .containsEntry(Headers.DLQ_REASON, "InvalidMessageException: not a canonical declaration")
                .containsEntry(Headers.DLQ_ORIGIN, "gw.sign")
                .containsEntry(Headers.DLQ_AT, "2025-03-04T10:15:30.123Z")
                .containsEntry(Headers.INGRESS_ID, "0193f1c2-7a4e-7c3b-9d2e-5b1a0c9e4f21")
                .containsEntry("clearway_revision", 3)
                .containsEntry("JMSXGroupID", "0193f1c2-7a4e-7c3b-9d2e-5b1a0c9e4f22")
                // the dead-letter queue would drop a second dead letter of the same message by it
                .doesNotContainKey(StageQueueCodec.ARTEMIS_DUPLICATE_ID);
    }

    @Test
    void aLongReasonIsCutTo2000CharactersAndAMissingOneIsUnknown() {
        String huge = "SQLException: " + "x".repeat(5000);
        assertThat(deadLetters.deadLetter(Queues.DELIVER, Map.of(), huge).properties().get(Headers.DLQ_REASON))
                .isEqualTo(huge.substring(0, 2000));
        assertThat(deadLetters.deadLetter(Queues.DELIVER, Map.of(), null).reason()).isEqualTo("unknown");
    }

    @Test
    void aReplayCarriesTheGatewayPropertiesAndGroupButNoDeadLetterOrBrokerProperties() {
        Map<String, Object> deadLetter = new LinkedHashMap<>(
                deadLetters.deadLetter(Queues.SIGN, signInput(), "boom").properties());
        // what a consumer of the dead-letter queue finds besides: delivery count, broker bookkeeping
        deadLetter.put("JMSXDeliveryCount", 2);
        deadLetter.put("JMSXUserID", "gateway");
        deadLetter.put("_AMQ_ORIG_ADDRESS", "gw.sign");
        deadLetter.put("_AMQ_DUPL_ID", "stage-outbox-42");

        Map<String, Object> replayed = DeadLetterQueues.restoredProperties(deadLetter);

        Map<String, Object> before = signInput();
        before.remove(StageQueueCodec.ARTEMIS_DUPLICATE_ID);
        assertThat(replayed).isEqualTo(before);
        assertThat(replayed.keySet()).noneMatch(n -> n.startsWith("clearway_dlq_"));
    }

    @Test
    void onlyAWellFormedJmsIdGoesIntoASelector() {
        assertThat(DeadLetterQueues.selector("ID:5f0c1a2e-0b1d-11f0-9a4f-0242ac120002"))
                .isEqualTo("JMSMessageID = 'ID:5f0c1a2e-0b1d-11f0-9a4f-0242ac120002'");
        for (String bad : new String[] {"ID:1' OR '1'='1", "5f0c1a2e", "ID:", "", "ID:" + "a".repeat(201)}) {
            assertThatThrownBy(() -> DeadLetterQueues.selector(bad))
                    .isInstanceOf(DeadLetterQueues.NotAMessageId.class)
                    .hasMessageContaining("not a JMS message id");
        }
        assertThatThrownBy(() -> DeadLetterQueues.selector(null)).isInstanceOf(DeadLetterQueues.NotAMessageId.class);
    }

    @Test
    void aBadIdOrUnknownQueueIsRefusedBeforeTheBrokerIsAsked() {
        // no connection factory: reaching the broker would fail differently
        assertThatThrownBy(() -> deadLetters.discard(Queues.SIGN, "ID:1' OR '1'='1", "test"))
                .isInstanceOf(DeadLetterQueues.NotAMessageId.class);
        assertThatThrownBy(() -> deadLetters.replay(Queues.SIGN, "not-an-id", 1, "test"))
                .isInstanceOf(DeadLetterQueues.NotAMessageId.class);
        assertThatThrownBy(() -> deadLetters.browse("customs.declarations", 10))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no dead-letter queue");
        assertThat(DeadLetterQueues.QUEUES).containsExactly("gw.parse", "gw.enrich", "gw.sign", "gw.deliver",
                "customs.decisions", "gw.respond");
    }

    @Test
    void aTraceFailureAfterTheCommitIsLoggedNotThrownAndTheDeadLetterIsCounted() {
        DeadLetterQueues.DeadLetter d = deadLetters.deadLetter(Queues.ENRICH, signInput(), "boom");

        deadLetters.deadLettered(d);

        Mockito.verify(failingTrace).record(Mockito.eq("0193f1c2-7a4e-7c3b-9d2e-5b1a0c9e4f21"),
                Mockito.eq("0193f1c2-7a4e-7c3b-9d2e-5b1a0c9e4f22"), Mockito.eq("dead-letter"), Mockito.eq("dead-lettered"),
                Mockito.eq("gw.enrich.DLQ: boom"), Mockito.eq("DEMO-POST"));
        assertThat(registry.get(StageEvents.DEAD_LETTERS).tag("queue", "gw.enrich").counter().count()).isEqualTo(1.0);
    }
}
