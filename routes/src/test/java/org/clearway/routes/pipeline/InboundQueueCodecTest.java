package org.clearway.routes.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.clearway.routes.support.InvalidMessageException;
import org.junit.jupiter.api.Test;

/**
 * The gw.parse and gw.respond records survive their JMS form, also after a trip through JSON (the
 * stage outbox and held declarations keep the properties as JSON), and a message that lacks what
 * every dialect needs is refused with a reason naming the missing property.
 */
class InboundQueueCodecTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final byte[] BODY = "{\"shipmentId\":\"S-1\"}".getBytes(StandardCharsets.UTF_8);

    @Test
    void aStagedVersionReadsBackFieldByFieldAfterTheOutboxJson() throws Exception {
        ParseMessage.StagedVersion version = new ParseMessage.StagedVersion("0193a1b2-0000-7000-8000-000000000001",
                "SHP-1", 3, "AMENDMENT", "c0ffee", "idem-1", "CLEARWAY-EXPRESS-SOAP-1", true, false, "DEMO-PLATFORM",
                "SV-1", "EU-2026-07", "1");
        ParseMessage message = ParseMessage.ofVersion("CLEARWAY-EXPRESS-REST-1", "DEMO-EXPRESS", "ing-1",
                Instant.parse("2026-11-24T10:00:00.123Z"), "abc", version, BODY);
        Map<String, Object> properties = InboundQueueCodec.properties(message);
        Map<String, Object> viaJson = JSON.readValue(JSON.writeValueAsString(properties), new TypeReference<>() { });

        ParseMessage read = InboundQueueCodec.readParse(BODY, viaJson);
        assertThat(read.version()).isEqualTo(version);
        assertThat(read.dialect()).isEqualTo("CLEARWAY-EXPRESS-REST-1");
        assertThat(read.receivedAt()).isEqualTo(Instant.parse("2026-11-24T10:00:00.123Z"));
        assertThat(read.payloadSha256()).isEqualTo("abc");
        assertThat(read.messageIndex()).isNull();
        assertThat(read.payload()).isEqualTo(BODY);
        // the versions of one declaration are one JMS group (parsed in order)
        assertThat(properties).containsEntry("JMSXGroupID", version.declarationId());
    }

    @Test
    void anInterchangeMessageKeepsItsPositionAndHasNoVersion() {
        ParseMessage message = ParseMessage.ofInterchange("UPU-CUSITM-EDIFACT", "DEMO-POST", "ing-2",
                Instant.parse("2026-11-24T10:00:00Z"), "def", 2, "MSG0002", BODY);
        ParseMessage read = InboundQueueCodec.readParse(BODY, InboundQueueCodec.properties(message));
        assertThat(read.messageIndex()).isEqualTo(2);
        assertThat(read.messageRef()).isEqualTo("MSG0002");
        assertThat(read.version()).isNull();
        assertThat(InboundQueueCodec.properties(message)).doesNotContainKey("JMSXGroupID");
    }

    @Test
    void aMessageWithoutDialectOrWithABadTimeIsInvalidAndSaysWhy() {
        Map<String, Object> properties = new HashMap<>(InboundQueueCodec.properties(ParseMessage.ofInterchange(
                "UPU-CUSITM-EDIFACT", "DEMO-POST", "ing-3", Instant.now(), "x", 1, "M1", BODY)));
        Map<String, Object> noDialect = new HashMap<>(properties);
        noDialect.values().remove("UPU-CUSITM-EDIFACT");
        assertThatThrownBy(() -> InboundQueueCodec.readParse(BODY, noDialect))
                .isInstanceOf(InvalidMessageException.class).hasMessage("gw.parse message without clearway_dialect");
        Map<String, Object> badTime = new HashMap<>(properties);
        badTime.replaceAll((k, v) -> k.endsWith("received_at") ? "yesterday" : v);
        assertThatThrownBy(() -> InboundQueueCodec.readParse(BODY, badTime))
                .isInstanceOf(InvalidMessageException.class).hasMessageContaining("is not an instant: yesterday");
        assertThatThrownBy(() -> InboundQueueCodec.readParse(null, properties))
                .isInstanceOf(InvalidMessageException.class);
    }

    @Test
    void aDecisionReadsBack() {
        RespondMessage m = new RespondMessage("dec-1", "{}".getBytes(StandardCharsets.UTF_8));
        RespondMessage read = InboundQueueCodec.readRespond(m.decision(), InboundQueueCodec.properties(m));
        assertThat(read.decisionId()).isEqualTo("dec-1");
        assertThat(read.decision()).isEqualTo(m.decision());
    }
}
