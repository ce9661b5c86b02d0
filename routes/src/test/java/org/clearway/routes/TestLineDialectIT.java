package org.clearway.routes;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.jms.Message;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;
import org.clearway.mappings.canonical.CanonicalJson;
import org.clearway.mappings.canonical.Declaration;
import org.clearway.routes.dialect.Dialects;
import org.clearway.routes.dialect.testline.TestLineDialect;
import org.clearway.routes.pipeline.InboundQueueCodec;
import org.clearway.routes.pipeline.ParseMessage;
import org.clearway.routes.support.Headers;
import org.clearway.routes.support.Queues;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jms.core.JmsTemplate;

/**
 * The dialect seam (issue 12) proven by a dialect the gateway does not ship: {@link TestLineDialect}
 * lives in the test tree and is enabled by configuration only. A message of it staged on
 * {@code gw.parse} (through the one codec, as any ingress stages) goes through the shared parse,
 * enrich, sign and deliver stages to a customs backend; the backend's decision comes back through
 * the shared response stage to the dialect's own answer. Its bad lines are answered in its own
 * format, and a message no dialect reads is dead-lettered with the reason.
 */
class TestLineDialectIT extends GatewayIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PARTNER = "LINE-CARRIER";

    @Autowired
    TestLineDialect dialect;

    @Autowired
    Dialects dialects;

    @Test
    void aTestLineDeclarationReachesCustomsAndItsDecisionComesBackInTheDialect() throws Exception {
        assertThat(dialects.names()).contains(TestLineDialect.NAME, "UPU-CUSITM-EDIFACT", "CLEARWAY-EXPRESS-REST-1");
        String ok = "TL-" + UUID.randomUUID().toString().substring(0, 8).toUpperCase(java.util.Locale.ROOT);
        String bad = "TL-" + UUID.randomUUID().toString().substring(0, 8).toUpperCase(java.util.Locale.ROOT);
        String ingressId = UUID.randomUUID().toString();
        stage(ingressId, """
                # one good line for PULL-CUSTOMS (NL), one with a broken HS code
                %s|Cotton T-shirt|610910|24.50|EUR|0.4|NL|Anna de Vries|Keizersgracht 1|1015 CJ|Amsterdam
                %s|Phone case|39.26|9.90|EUR|0.1|NL|Jan Jansen|Damrak 2|1012 LG|Amsterdam
                """.formatted(ok, bad));

        String declarationId = await(() -> dialect.declarationId(ok).orElse(null), "the draft of " + ok);
        assertThat(dialect.declarationId(bad)).isEmpty();
        assertThat(await(() -> dialect.answers().stream().filter(a -> a.startsWith("REJECTED " + bad)).findFirst()
                .orElse(null), "the rejection of " + bad))
                .isEqualTo("REJECTED " + bad + " line 3: hsCode must be 6, 8 or 10 digits, was '39.26'");

        JsonNode pulled = pull("pull-customs-key-123", declarationId);
        Declaration declaration = CanonicalJson.readDeclaration(Base64.getDecoder().decode(pulled.get("body").asText()));
        assertThat(declaration.destinationCustoms().backendId()).isEqualTo("PULL-CUSTOMS");
        assertThat(declaration.revision()).isEqualTo(1);
        assertThat(declaration.sources()).hasSize(1);
        assertThat(declaration.sources().get(0).dialect()).isEqualTo(TestLineDialect.NAME);
        assertThat(declaration.sources().get(0).partnerId()).isEqualTo(PARTNER);
        assertThat(declaration.items()).hasSize(1);
        assertThat(JSON.readTree(CanonicalJson.write(declaration)).at("/items/0/description").asText())
                .isEqualTo("Cotton T-shirt");

        String backendRef = "TL-DEC-" + UUID.randomUUID();
        HttpResponse<String> decided = ExpressFixtures.post(port, "/v1/customs/decisions", "pull-customs-key-123", null,
                "application/json", ("{\"schema\":\"urn:clearway:customs-decision-submission:1\",\"specVersion\":\"1.0\","
                        + "\"backendDecisionRef\":\"" + backendRef + "\",\"declarationId\":\"" + declarationId + "\","
                        + "\"kind\":\"DECISION\",\"status\":\"RELEASED\",\"track\":\"CLEARANCE\",\"final\":true,"
                        + "\"customsAuthority\":{\"country\":\"NL\",\"officeRef\":\"NL000396\"},"
                        + "\"decidedAt\":\"2026-11-24T10:03:00.000Z\"}").getBytes(StandardCharsets.UTF_8));
        assertThat(decided.statusCode()).as(decided.body()).isEqualTo(202);
        String decisionId = JSON.readTree(decided.body()).get("decisionId").asText();
        String answer = await(() -> dialect.answers().stream().filter(a -> a.startsWith("DECISION " + ok)).findFirst()
                .orElse(null), "the decision answer for " + ok);
        assertThat(answer).isEqualTo("DECISION " + ok + " RELEASED " + decisionId);
        Http.pause(1000);
        assertThat(dialect.answers().stream().filter(a -> a.startsWith("DECISION " + ok))).as("answered once")
                .hasSize(1);
    }

    @Test
    void aTestLineMessageWithoutADeclarationLineIsDeadLetteredWithTheReason() {
        String ingressId = UUID.randomUUID().toString();
        stage(ingressId, "# only a comment\n\n");
        assertThat(deadLetterReason(ingressId)).contains("TESTLINE-1 message of ingress " + ingressId
                + " holds no declaration line");
    }

    @Test
    void aMessageOfAnUnknownDialectIsDeadLetteredWithTheReason() throws Exception {
        String ingressId = UUID.randomUUID().toString();
        send(new ParseMessage("NO-SUCH-DIALECT", PARTNER, ingressId, Instant.now(), null, null, null, null,
                "x".getBytes(StandardCharsets.UTF_8)));
        assertThat(deadLetterReason(ingressId)).contains("no inbound dialect NO-SUCH-DIALECT is configured");
    }

    /** Stages one message of the test dialect the way every ingress does: the record through the codec. */
    private void stage(String ingressId, String text) {
        byte[] payload = text.getBytes(StandardCharsets.UTF_8);
        send(new ParseMessage(TestLineDialect.NAME, PARTNER, ingressId, Instant.now(), sha256(payload), null, null,
                null, payload));
    }

    private void send(ParseMessage message) {
        new JmsTemplate(connectionFactory).send(Queues.PARSE, session -> InboundQueueCodec.toJms(session, message));
    }

    private String deadLetterReason(String ingressId) {
        JmsTemplate jms = new JmsTemplate(connectionFactory);
        jms.setReceiveTimeout(20_000);
        Message dead = jms.receiveSelected(Queues.dlq(Queues.PARSE), "clearway_ingress_id = '" + ingressId + "'");
        assertThat(dead).as("dead letter of " + ingressId).isNotNull();
        try {
            return dead.getStringProperty(Headers.DLQ_REASON);
        } catch (jakarta.jms.JMSException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Pages a backend's pull feed until the declaration appears (30 s). */
    private JsonNode pull(String key, String declarationId) throws Exception {
        String cursor = "";
        long deadline = System.currentTimeMillis() + 30_000;
        while (System.currentTimeMillis() < deadline) {
            JsonNode page = JSON.readTree(Http.get(port, "/v1/customs/declarations?limit=500"
                    + (cursor.isEmpty() ? "" : "&after=" + cursor), key).body());
            for (JsonNode i : page.get("items")) {
                if (declarationId.equals(i.get("declarationId").asText())) {
                    return i;
                }
            }
            cursor = page.get("nextCursor").asText();
            if (page.get("items").isEmpty()) {
                Thread.sleep(200);
            }
        }
        throw new AssertionError(declarationId + " not pulled by " + key);
    }

    private <T> T await(Supplier<T> value, String what) {
        long deadline = System.currentTimeMillis() + 30_000;
        while (System.currentTimeMillis() < deadline) {
            T v = value.get();
            if (v != null) {
                return v;
            }
            Http.pause(100);
        }
        throw new AssertionError(what + " did not come within 30 s; the dialect answered " + dialect.answers());
    }

    private static String sha256(byte[] bytes) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
