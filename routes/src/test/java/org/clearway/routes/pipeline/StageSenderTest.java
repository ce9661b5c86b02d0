package org.clearway.routes.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.mock;

import jakarta.jms.ConnectionFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@link StageSender#send} only hands on into a batch: every stage consumer is batched, nothing else may send. */
class StageSenderTest {
    private final StageSender sender = new StageSender(mock(org.clearway.routes.pipeline.StageOutbox.class), mock(ConnectionFactory.class));

    @AfterEach
    void unbind() {
        StageContext.clear();
    }

    @Test
    void aDecisionIsHandedOnToGwRespondInTheBatch() {
        record Sent(String queue, byte[] body, Map<String, Object> properties) {
        }
        List<Sent> sent = new ArrayList<>();
        StageContext.bind((queue, body, props) -> sent.add(new Sent(queue, body, props)));
        byte[] decision = "{\"decisionId\":\"0190f0c4-0000-7000-8000-000000000001\"}".getBytes(StandardCharsets.UTF_8);

        sender.send(new RespondMessage("0190f0c4-0000-7000-8000-000000000001", decision));

        assertThat(sent).singleElement().satisfies(s -> {
            assertThat(s.queue()).isEqualTo("gw.respond");
            assertThat(s.body()).isEqualTo(decision);
            assertThat(s.properties()).containsEntry("clearway_decision_id", "0190f0c4-0000-7000-8000-000000000001");
            // what the response stage reads back
            assertThat(InboundQueueCodec.readRespond(s.body(), s.properties()).decisionId())
                    .isEqualTo("0190f0c4-0000-7000-8000-000000000001");
        });
    }

    @Test
    void aSendOutsideAStageConsumerIsRefusedNotSentAround() {
        assertThatThrownBy(() -> sender.send(new RespondMessage("d-1", "{}".getBytes(StandardCharsets.UTF_8))))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("gw.respond")
                .hasMessageContaining("StageSender.stage");
    }
}
