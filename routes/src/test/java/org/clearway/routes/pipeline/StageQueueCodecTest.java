package org.clearway.routes.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.clearway.mappings.canonical.CanonicalJson;
import org.clearway.mappings.canonical.Declaration;
import org.clearway.mappings.canonical.FunctionCode;
import org.clearway.routes.pipeline.StageQueueCodec.Encoded;
import org.clearway.routes.store.DeclarationStore.PostalRefs;
import org.clearway.routes.support.InvalidMessageException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The queue records survive their JMS form unchanged (also through the stage outbox's JSON and with
 * the broker's own properties added), and a message the codec cannot read is a clear permanent
 * error naming what is wrong: dead-lettered with that reason, never retried.
 */
class StageQueueCodecTest {
    /** JMS 3.0 §3.5.1 property identifiers. */
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_$][A-Za-z0-9_$]*");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Declaration DECLARATION = example();
    private static final PostalRefs REFS = new PostalRefs("DP0000000777", "1", "DEPOST-X-1", "202611240830", "DEA",
            "DE004850", "1", "CP473124829GB", "UNOC", "3");

    private static Declaration example() {
        try (InputStream in = StageQueueCodecTest.class.getResourceAsStream("/rules/declaration-example.json")) {
            return CanonicalJson.readDeclaration(in.readAllBytes());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static DraftMessage postalDraft() {
        return new DraftMessage(DECLARATION, "ing-1", "DEMO-POST", "a".repeat(64), FunctionCode.ORIGINAL, REFS,
                "[{\"code\":\"W142\"}]", null, false, false, null, null);
    }

    private static DraftMessage expressDraft() {
        return new DraftMessage(DECLARATION, "ing-2", "DEMO-EXPRESS", "b".repeat(64), FunctionCode.AMENDMENT, null,
                "[]", 3, true, true, new DraftMessage.Withdrawn("DEMO-PLATFORM", "ORD-9"),
                new PreviousPack("EU-2026-07", 2));
    }

    private static SignMessage sign() {
        return new SignMessage(DECLARATION, "ing-1", "DEMO-POST", new PreviousPack("EU-2026-07", 1));
    }

    private static DeliverMessage deliver() {
        return new DeliverMessage("{\"x\":1}".getBytes(StandardCharsets.UTF_8), "0193f1c2-8b10-7d44-a1f3-2c6e9d0b7a55",
                DECLARATION.declarationId().toString(), 2, "DEMO-CUSTOMS", "MIIBsig", "key-1", "application/json",
                "ing-1", "DEMO-POST");
    }

    @Test
    void draftsRoundTripPostalAndExpress() {
        for (DraftMessage m : new DraftMessage[] {postalDraft(), expressDraft()}) {
            Encoded e = StageQueueCodec.encode(m);
            assertThat(e.queue()).isEqualTo("gw.enrich");
            assertThat(StageQueueCodec.decodeDraft(e.body(), e.properties())).isEqualTo(m);
        }
    }

    @Test
    void aHeldPostalItemRoundTripsThroughItsStoredJsonAndBecomesItsDraft() throws Exception {
        HeldDraft held = new HeldDraft(DECLARATION.declarationId().toString(), "ing-1", "DEMO-POST", "a".repeat(64),
                FunctionCode.ORIGINAL, REFS, "[{\"code\":\"W142\"}]", java.time.Instant.parse("2026-11-24T08:30:00Z"),
                "e".repeat(64), "1");
        // kept as pending_declaration.headers_json
        Map<String, Object> stored = JSON.readValue(JSON.writeValueAsString(StageQueueCodec.encodeHeld(held)),
                new TypeReference<>() { });
        HeldDraft back = StageQueueCodec.decodeHeld(held.declarationId(), stored);
        assertThat(back).isEqualTo(held);
        assertThat(back.toDraft(DECLARATION)).isEqualTo(postalDraft());
    }

    @Test
    void aHeldItemStoredBeforeItsRecordExistedIsReadAndOneWithoutItsPlaceIsRefused() {
        // the stored form the postal dialect wrote by hand before HeldDraft (its gw.enrich headers + three)
        Map<String, Object> old = new HashMap<>();
        old.put("clearway_ingress_id", "ing-1");
        old.put("clearway_partner_id", "DEMO-POST");
        old.put("clearway_declaration_id", "0193f1c2-8b10-7d44-a1f3-2c6e9d0b7a55");
        old.put("JMSXGroupID", "0193f1c2-8b10-7d44-a1f3-2c6e9d0b7a55");
        old.put("clearway_content_sha256", "a".repeat(64));
        old.put("clearway_requested_function", "AMENDMENT");
        old.put("clearway_postal_refs", "{\"interchangeRef\":\"DP0000000777\",\"s10AsReceived\":\"CP473124829GB\"}");
        old.put("clearway_warnings", "[]");
        old.put("clearway_received_at", "2026-11-24T08:30:00Z");
        old.put("clearway_payload_sha256", "e".repeat(64));
        old.put("clearway_pending_cni", "2");
        HeldDraft held = StageQueueCodec.decodeHeld("0193f1c2-8b10-7d44-a1f3-2c6e9d0b7a55", old);
        assertThat(held.requestedFunction()).isEqualTo(FunctionCode.AMENDMENT);
        assertThat(held.itemSequence()).isEqualTo("2");
        assertThat(held.postalRefs().s10AsReceived()).isEqualTo("CP473124829GB");
        assertThat(held.receivedAt()).isEqualTo(java.time.Instant.parse("2026-11-24T08:30:00Z"));

        old.remove("clearway_pending_cni");
        assertThatThrownBy(() -> StageQueueCodec.decodeHeld("0193f1c2-8b10-7d44-a1f3-2c6e9d0b7a55", old))
                .isInstanceOf(InvalidMessageException.class).hasMessageContaining("clearway_pending_cni");
        old.put("clearway_pending_cni", "2");
        old.put("clearway_received_at", "yesterday");
        assertThatThrownBy(() -> StageQueueCodec.decodeHeld("0193f1c2-8b10-7d44-a1f3-2c6e9d0b7a55", old))
                .isInstanceOf(InvalidMessageException.class).hasMessageContaining("clearway_received_at");
    }

    @Test
    void signMessagesRoundTripWithAndWithoutAPreviousPack() {
        for (SignMessage m : new SignMessage[] {sign(), new SignMessage(DECLARATION, "ing-1", "DEMO-POST", null)}) {
            Encoded e = StageQueueCodec.encode(m);
            assertThat(e.queue()).isEqualTo("gw.sign");
            assertThat(StageQueueCodec.decodeSign(e.body(), e.properties())).isEqualTo(m);
        }
    }

    @Test
    void deliverMessagesRoundTripWithTheSignedBytesUntouched() {
        DeliverMessage m = deliver();
        Encoded e = StageQueueCodec.encode(m);
        assertThat(e.queue()).isEqualTo("gw.deliver");
        assertThat(e.body()).isEqualTo(m.payload());
        DeliverMessage back = StageQueueCodec.decodeDeliver(e.body(), e.properties());
        assertThat(back).usingRecursiveComparison().isEqualTo(m);
        DeliverMessage anonymous = new DeliverMessage(m.payload(), m.gatewayMessageId(), m.declarationId(), 1,
                m.backendId(), m.signature(), m.signatureKey(), m.mediaType(), null, null);
        Encoded a = StageQueueCodec.encode(anonymous);
        assertThat(StageQueueCodec.decodeDeliver(a.body(), a.properties())).usingRecursiveComparison()
                .isEqualTo(anonymous);
    }

    @Test
    void everyMessageIsGroupedByItsDeclarationAndCarriesOnlyJmsPropertyTypes() {
        String id = DECLARATION.declarationId().toString();
        for (Encoded e : new Encoded[] {StageQueueCodec.encode(postalDraft()), StageQueueCodec.encode(expressDraft()),
                StageQueueCodec.encode(sign()), StageQueueCodec.encode(deliver()),
                StageQueueCodec.encodeForCustoms(deliver(), "customs.declarations")}) {
            assertThat(e.properties()).containsEntry("JMSXGroupID", id).containsEntry("clearway_declaration_id", id);
            e.properties().forEach((name, value) -> {
                assertThat(name).matches(IDENTIFIER);
                assertThat(value).isInstanceOfAny(String.class, Integer.class, Boolean.class);
            });
        }
    }

    @Test
    void theCustomsMessageHasTheInterfacePropertiesAndTheBrokerDuplicateId() {
        DeliverMessage m = deliver();
        Encoded e = StageQueueCodec.encodeForCustoms(m, "customs.declarations.DEMO-CUSTOMS");
        // CUSTOMS-AND-POSTAL-INTERFACES §3.2
        assertThat(e.queue()).isEqualTo("customs.declarations.DEMO-CUSTOMS");
        assertThat(e.properties()).containsEntry("clearway_message_id", m.gatewayMessageId())
                .containsEntry("clearway_declaration_id", m.declarationId()).containsEntry("clearway_revision", 2)
                .containsEntry("clearway_sig", "MIIBsig").containsEntry("clearway_sig_key", "key-1")
                .containsEntry("_AMQ_DUPL_ID", m.gatewayMessageId());
        // the gateway's own ids stay inside: customs gets the §3.2 properties
        assertThat(e.properties()).doesNotContainKeys("clearway_ingress_id", "clearway_partner_id");
        assertThat(StageQueueCodec.encode(m).properties()).doesNotContainKey("_AMQ_DUPL_ID")
                .containsEntry("clearway_ingress_id", "ing-1");
    }

    @Test
    void aDraftRelayedThroughTheStageOutboxJsonAndCarryingBrokerPropertiesDecodesTheSame() throws Exception {
        DraftMessage m = expressDraft();
        Encoded e = StageQueueCodec.encode(m);
        Map<String, Object> relayed = JSON.readValue(JSON.writeValueAsString(e.properties()), new TypeReference<>() { });
        relayed.put("JMSXDeliveryCount", 2);
        relayed.put("_AMQ_DUPL_ID", "stage-outbox-17");
        relayed.put("CamelJmsDeliveryMode", 2);
        assertThat(StageQueueCodec.decodeDraft(e.body(), relayed)).isEqualTo(m);
    }

    @Test
    void numbersAndFlagsSentAsTextAreRead() {
        Encoded e = StageQueueCodec.encode(expressDraft());
        Map<String, Object> p = new HashMap<>(e.properties());
        p.put("clearway_staged_revision", "3");
        p.put("clearway_late_enrichment", "true");
        p.put("clearway_hold_expired", "TRUE");
        assertThat(StageQueueCodec.decodeDraft(e.body(), p)).isEqualTo(expressDraft());
    }

    static Stream<Arguments> mandatory() {
        return Stream.of(
                Arguments.of("gw.enrich", "clearway_ingress_id"), Arguments.of("gw.enrich", "clearway_partner_id"),
                Arguments.of("gw.enrich", "clearway_content_sha256"),
                Arguments.of("gw.enrich", "clearway_requested_function"),
                Arguments.of("gw.sign", "clearway_ingress_id"), Arguments.of("gw.sign", "clearway_partner_id"),
                Arguments.of("gw.deliver", "clearway_message_id"), Arguments.of("gw.deliver", "clearway_declaration_id"),
                Arguments.of("gw.deliver", "clearway_revision"), Arguments.of("gw.deliver", "clearway_backend_id"),
                Arguments.of("gw.deliver", "clearway_sig"), Arguments.of("gw.deliver", "clearway_sig_key"),
                Arguments.of("gw.deliver", "clearway_media_type"));
    }

    @ParameterizedTest(name = "{0} without {1}")
    @MethodSource("mandatory")
    void aMissingMandatoryPropertyIsAPermanentErrorNamingIt(String queue, String property) {
        Encoded e = encoded(queue);
        Map<String, Object> p = new HashMap<>(e.properties());
        p.remove(property);
        assertThatThrownBy(() -> decode(queue, e.body(), p)).isInstanceOf(InvalidMessageException.class)
                .hasMessage("message property " + property + " is missing");
        p.put(property, " ");
        assertThatThrownBy(() -> decode(queue, e.body(), p)).isInstanceOf(InvalidMessageException.class)
                .hasMessageContaining(property);
    }

    @Test
    void valuesTheCodecDoesNotKnowArePermanentErrors() {
        Encoded draft = StageQueueCodec.encode(postalDraft());
        assertThatThrownBy(() -> StageQueueCodec.decodeDraft(draft.body(),
                with(draft, "clearway_requested_function", "REPLACE")))
                .isInstanceOf(InvalidMessageException.class).hasMessageContaining("names no function: REPLACE");
        assertThatThrownBy(() -> StageQueueCodec.decodeDraft(draft.body(), with(draft, "clearway_staged_revision", "two")))
                .isInstanceOf(InvalidMessageException.class).hasMessageContaining("clearway_staged_revision is not a number");
        assertThatThrownBy(() -> StageQueueCodec.decodeDraft(draft.body(), with(draft, "clearway_late_enrichment", "yes")))
                .isInstanceOf(InvalidMessageException.class).hasMessageContaining("clearway_late_enrichment");
        assertThatThrownBy(() -> StageQueueCodec.decodeDraft(draft.body(), with(draft, "clearway_postal_refs", "{oops")))
                .isInstanceOf(InvalidMessageException.class).hasMessageContaining("clearway_postal_refs");
        assertThatThrownBy(() -> StageQueueCodec.decodeDraft(draft.body(), with(draft, "clearway_withdrawn_order", "ORD-1")))
                .as("a withdrawn order without its platform").isInstanceOf(InvalidMessageException.class);
        Encoded deliver = StageQueueCodec.encode(deliver());
        assertThatThrownBy(() -> StageQueueCodec.decodeDeliver(deliver.body(), with(deliver, "clearway_revision", "1.5")))
                .isInstanceOf(InvalidMessageException.class).hasMessageContaining("clearway_revision is not a number");
    }

    @Test
    void aBodyThatIsNoCanonicalDeclarationIsAPermanentError() {
        Encoded e = StageQueueCodec.encode(sign());
        for (byte[] body : new byte[][] {"{\"not\":\"a declaration\"}".getBytes(StandardCharsets.UTF_8), new byte[0], null}) {
            assertThatThrownBy(() -> StageQueueCodec.decodeSign(body, e.properties()))
                    .isInstanceOf(InvalidMessageException.class).hasMessageStartingWith("not a canonical declaration");
            assertThatThrownBy(() -> StageQueueCodec.decodeDraft(body, e.properties()))
                    .isInstanceOf(InvalidMessageException.class).hasMessageStartingWith("not a canonical declaration");
        }
        assertThatThrownBy(() -> StageQueueCodec.decodeDeliver(new byte[0], StageQueueCodec.encode(deliver()).properties()))
                .isInstanceOf(InvalidMessageException.class).hasMessageContaining("without body");
    }

    private static Map<String, Object> with(Encoded e, String name, Object value) {
        Map<String, Object> p = new HashMap<>(e.properties());
        p.put(name, value);
        return p;
    }

    private static Encoded encoded(String queue) {
        return switch (queue) {
            case "gw.enrich" -> StageQueueCodec.encode(postalDraft());
            case "gw.sign" -> StageQueueCodec.encode(sign());
            default -> StageQueueCodec.encode(deliver());
        };
    }

    private static Object decode(String queue, byte[] body, Map<String, Object> p) {
        return switch (queue) {
            case "gw.enrich" -> StageQueueCodec.decodeDraft(body, p);
            case "gw.sign" -> StageQueueCodec.decodeSign(body, p);
            default -> StageQueueCodec.decodeDeliver(body, p);
        };
    }
}
