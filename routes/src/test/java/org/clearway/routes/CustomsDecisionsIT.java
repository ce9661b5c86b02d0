package org.clearway.routes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.citrusframework.actions.ReceiveMessageAction.Builder.receive;
import static org.citrusframework.actions.SendMessageAction.Builder.send;
import static org.citrusframework.dsl.JsonPathSupport.jsonPath;
import static org.citrusframework.dsl.MessageSupport.MessageHeaderSupport.fromHeaders;
import static org.citrusframework.http.actions.HttpActionBuilder.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.citrusframework.TestCaseRunner;
import org.citrusframework.annotations.CitrusResource;
import org.citrusframework.annotations.CitrusTest;
import org.citrusframework.context.TestContext;
import org.citrusframework.jms.endpoint.JmsEndpoint;
import org.citrusframework.jms.endpoint.JmsEndpointBuilder;
import org.citrusframework.junit.jupiter.CitrusSupport;
import org.citrusframework.message.MessageType;
import org.clearway.mappings.gw10.CusrspInterchange;
import org.clearway.mappings.gw10.CusrspReader;
import org.clearway.routes.TestInterchanges.Item;
import javax.sql.DataSource;
import org.clearway.routes.pipeline.StageRunners;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.http.HttpStatus;

/**
 * The customs side (CUSTOMS-AND-POSTAL-INTERFACES §3.2-§3.3, CANONICAL-MODEL §6.4): decision
 * submissions over the JMS queue and HTTP (JSON and XML), by each kind of reference, their
 * sequence per declaration, the dead letter and problem answers for bad ones, and the pull API
 * whose bodies verify with openssl. Citrus plays the postal operator and the customs backend.
 */
@CitrusSupport
class CustomsDecisionsIT extends GatewayIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Autowired
    StageRunners stages;

    @Autowired
    DataSource dataSource;

    @Test
    @CitrusTest
    void decisionsOnTheQueueBecomeCusrspAndBadOnesAreDeadLettered(@CitrusResource TestCaseRunner runner) {
        Item item = Item.valid();
        declare(runner, "held", item);

        runner.$(send(customsDecisions).message()
                .body(submission("JMS-${heldId}", "\"declarationId\":\"${heldId}\"", "DUTIES_PAYABLE",
                        ",\"taxes\":[{\"type\":\"VAT\",\"rate\":\"19\",\"base\":{\"amount\":\"42.00\",\"currency\":\"EUR\"},"
                                + "\"amount\":{\"amount\":\"7.98\",\"currency\":\"EUR\"}}],"
                                + "\"totalPayable\":{\"amount\":\"7.98\",\"currency\":\"EUR\"}")));
        runner.$(context -> {
            CusrspInterchange cusrsp = CusrspReader.read(
                    Http.awaitOutbox(port, "demo-post-key", "CUSRSP", context.getVariable("heldIngress")));
            assertThat(cusrsp.messages().get(0).items()).singleElement().satisfies(i -> {
                assertThat(i.s10()).isEqualTo(item.s10());
                assertThat(i.decisionCode()).isEqualTo("11");
                assertThat(i.totalPayable().value()).isEqualByComparingTo("7.98");
            });
        });

        JmsEndpoint deadLetters = new JmsEndpointBuilder().connectionFactory(connectionFactory)
                .destination("customs.decisions.DLQ").timeout(15_000).build();
        String invalidCase = "invalid-" + UUID.randomUUID().toString().replace("-", "");
        runner.$(send(customsDecisions).message()
                .header("it_case", invalidCase)
                // DUTIES_PAYABLE without totalPayable (CANONICAL-MODEL §6.2)
                .body(submission("JMS-BAD-${heldId}", "\"declarationId\":\"${heldId}\"", "DUTIES_PAYABLE", "")));
        runner.$(receive(deadLetters).selector("it_case = '" + invalidCase + "'").message()
                .header("clearway_dlq_origin", "customs.decisions")
                .header("clearway_dlq_reason", "@contains('422')@")
                .extract(fromHeaders().header("clearway_dlq_reason", "invalidReason")));
        runner.$(context -> assertThat(context.getVariable("invalidReason")).contains("totalPayable"));

        String unknownCase = "unknown-" + UUID.randomUUID().toString().replace("-", "");
        runner.$(send(customsDecisions).message()
                .header("it_case", unknownCase)
                .body(submission("JMS-UNKNOWN-" + unknownCase, "\"declarationId\":\"" + UUID.randomUUID() + "\"",
                        "RELEASED", "")));
        runner.$(receive(deadLetters).selector("it_case = '" + unknownCase + "'").message()
                .header("clearway_dlq_reason", "@contains('404')@"));

        // the dead-lettered submissions were not stored: only the first decision is in the history
        runner.$(context -> {
            JsonNode decisions = Http.itemStatus(port, item.s10()).get("declarations").get(0).get("decisions");
            assertThat(decisions).hasSize(1);
            assertThat(decisions.get(0).get("status").asText()).isEqualTo("DUTIES_PAYABLE");
        });
    }

    @Test
    @CitrusTest
    void httpSubmissionsAreCheckedAndAnsweredWithProblems(@CitrusResource TestCaseRunner runner) {
        runner.$(http().client(gateway).send().post("/v1/customs/decisions").message()
                .header("Authorization", "Bearer demo-customs-key")
                .contentType("application/json")
                .body(submission("HTTP-404-" + UUID.randomUUID(), "\"declarationId\":\"" + UUID.randomUUID() + "\"",
                        "RELEASED", "")));
        runner.$(http().client(gateway).receive().response(HttpStatus.NOT_FOUND).message()
                .header("Content-Type", "@startsWith('application/problem+json')@")
                .type(MessageType.JSON)
                .validate(jsonPath().expression("$.status", 404)));

        declare(runner, "bad", Item.valid());
        runner.$(http().client(gateway).send().post("/v1/customs/decisions").message()
                .header("Authorization", "Bearer demo-customs-key")
                .contentType("application/json")
                .body(submission("HTTP-422-${badId}", "\"declarationId\":\"${badId}\"", "DUTIES_PAYABLE", "")));
        runner.$(http().client(gateway).receive().response(HttpStatus.UNPROCESSABLE_ENTITY).message()
                .header("Content-Type", "@startsWith('application/problem+json')@")
                .type(MessageType.JSON)
                .validate(jsonPath().expression("$.type", "urn:clearway:problem:invalid-decision-submission"))
                .name("invalid"));
        runner.$(context -> {
            JsonNode problem = read(context.getMessageStore().getMessage("invalid").getPayload(String.class));
            List<String> pointers = new ArrayList<>();
            problem.get("errors").forEach(e -> pointers.add(e.get("pointer").asText()));
            assertThat(pointers).anySatisfy(p -> assertThat(p).startsWith("/").contains("totalPayable"));
            assertThat(itemStatus(context, "bad").get("declarations").get(0).get("decisions")).isEmpty();
        });

        // a customs key is needed: the postal key is forbidden here
        runner.$(http().client(gateway).send().post("/v1/customs/decisions").message()
                .header("Authorization", "Bearer demo-post-key")
                .contentType("application/json")
                .body(submission("HTTP-403-${badId}", "\"declarationId\":\"${badId}\"", "RELEASED", "")));
        runner.$(http().client(gateway).receive().response(HttpStatus.FORBIDDEN));
    }

    @Test
    @CitrusTest
    void acknowledgementByS10InXmlThenDecisionByGatewayMessageId(@CitrusResource TestCaseRunner runner) {
        Item item = Item.valid();
        declare(runner, "ack", item);

        // CANONICAL-MODEL §6.4 XML example shape: an acknowledgement referencing the S10 id
        runner.$(http().client(gateway).send().post("/v1/customs/decisions").message()
                .header("Authorization", "Bearer demo-customs-key")
                .contentType("application/xml")
                .body("""
                        <decisionSubmission xmlns="urn:clearway:customs-decision-submission:1">
                          <backendDecisionRef>ACK-${ackId}</backendDecisionRef>
                          <correlation>
                            <s10ItemId>%s</s10ItemId>
                          </correlation>
                          <customsAuthority>
                            <country>DE</country>
                            <officeRef>DE004850</officeRef>
                          </customsAuthority>
                          <customsReference>26DE004850H7000012</customsReference>
                          <decidedAt>2026-11-24T08:31:02.000Z</decidedAt>
                          <final>false</final>
                          <kind>ACKNOWLEDGEMENT</kind>
                          <schema>urn:clearway:customs-decision-submission:1</schema>
                          <specVersion>1.0</specVersion>
                          <status>ACCEPTED</status>
                          <track>CLEARANCE</track>
                        </decisionSubmission>""".formatted(item.s10())));
        runner.$(http().client(gateway).receive().response(HttpStatus.ACCEPTED).message()
                .type(MessageType.JSON)
                .validate(jsonPath().expression("$.declarationId", "${ackId}").expression("$.sequence", 1))
                .extract(jsonPath().expression("$.decisionId", "ackDecisionId")));

        runner.$(http().client(gateway).send().post("/v1/customs/decisions").message()
                .header("Authorization", "Bearer demo-customs-key")
                .contentType("application/json")
                .body(submission("REL-${ackId}", "\"gatewayMessageId\":\"${ackMessageId}\"", "RELEASED", "")));
        runner.$(http().client(gateway).receive().response(HttpStatus.ACCEPTED).message()
                .type(MessageType.JSON)
                .validate(jsonPath().expression("$.declarationId", "${ackId}").expression("$.sequence", 2))
                .extract(jsonPath().expression("$.decisionId", "releaseDecisionId")));

        runner.$(context -> {
            String ingressId = context.getVariable("ackIngress");
            CusrspInterchange cusrsp = CusrspReader.read(Http.awaitOutbox(port, "demo-post-key", "CUSRSP", ingressId));
            assertThat(cusrsp.messages().get(0).items()).singleElement()
                    .satisfies(i -> assertThat(i.decisionCode()).isEqualTo("10"));

            JsonNode declaration = itemStatus(context, "ack").get("declarations").get(0);
            assertThat(declaration.get("declarationId").asText()).isEqualTo(context.getVariable("ackId"));
            assertThat(declaration.get("revisions")).singleElement().satisfies(r -> {
                assertThat(r.get("revision").asInt()).isEqualTo(1);
                assertThat(r.get("functionCode").asText()).isEqualTo("ORIGINAL");
                assertThat(r.get("ingressId").asText()).isEqualTo(ingressId);
                assertThat(r.get("gatewayMessageId").asText()).isEqualTo(context.getVariable("ackMessageId"));
            });
            JsonNode history = declaration.get("decisions");
            assertThat(history).hasSize(2);
            JsonNode ack = find(history, context.getVariable("ackDecisionId"));
            assertThat(ack.get("kind").asText()).isEqualTo("ACKNOWLEDGEMENT");
            assertThat(ack.get("status").asText()).isEqualTo("ACCEPTED");
            assertThat(ack.get("sequence").asInt()).isEqualTo(1);
            assertThat(ack.get("final").asBoolean()).isFalse();
            assertThat(ack.get("outboxId").isNull()).as("an ACCEPTED acknowledgement gets no CUSRSP").isTrue();
            JsonNode release = find(history, context.getVariable("releaseDecisionId"));
            assertThat(release.get("status").asText()).isEqualTo("RELEASED");
            assertThat(release.get("zdc").asText()).isEqualTo("10");
            assertThat(release.get("sequence").asInt()).isEqualTo(2);
            assertThat(release.get("final").asBoolean()).isTrue();
            assertThat(release.get("outboxId").asText()).isNotBlank();

            // one CUSRSP only for this item: none for the acknowledgement
            assertThat(Http.outboxKinds(port, ingressId)).containsExactly("CUSRSP");
        });
    }

    @Test
    @CitrusTest
    void anHttpDecisionIsForwardedExactlyOnceWhileTheResponseStageIsDownAndAReplayForwardsNothing(
            @CitrusResource TestCaseRunner runner) {
        Item item = Item.valid();
        declare(runner, "once", item);

        stages.stop("respond");
        try {
            runner.$(http().client(gateway).send().post("/v1/customs/decisions").message()
                    .header("Authorization", "Bearer demo-customs-key")
                    .contentType("application/json")
                    .body(submission("ONCE-${onceId}", "\"declarationId\":\"${onceId}\"", "RELEASED", "")));
            runner.$(http().client(gateway).receive().response(HttpStatus.ACCEPTED).message()
                    .type(MessageType.JSON)
                    .validate(jsonPath().expression("$.declarationId", "${onceId}").expression("$.sequence", 1))
                    .extract(jsonPath().expression("$.decisionId", "onceDecisionId")));
            // the same backendDecisionRef again: the first answer, and nothing more on gw.respond
            runner.$(http().client(gateway).send().post("/v1/customs/decisions").message()
                    .header("Authorization", "Bearer demo-customs-key")
                    .contentType("application/json")
                    .body(submission("ONCE-${onceId}", "\"declarationId\":\"${onceId}\"", "RELEASED", "")));
            runner.$(http().client(gateway).receive().response(HttpStatus.OK).message()
                    .type(MessageType.JSON)
                    .validate(jsonPath().expression("$.decisionId", "${onceDecisionId}").expression("$.sequence", 1)));
            runner.$(context -> {
                String decisionId = context.getVariable("onceDecisionId");
                // relayed at the commit, before the 202; waiting past the outbox sweeps (2 s poll, rows
                // older than 2 s) shows no second relay of the row either
                assertThat(respondMessages(decisionId)).isEqualTo(1);
                sleep(5_000);
                assertThat(respondMessages(decisionId)).as("forwards of decision " + decisionId).isEqualTo(1);
                assertThat(JdbcClient.create(dataSource).sql("select count(*) from stage_outbox where queue_name = 'gw.respond'")
                        .query(Long.class).single()).as("no outbox row left behind").isZero();
            });
        } finally {
            stages.start("respond");
        }

        runner.$(context -> {
            String ingressId = context.getVariable("onceIngress");
            CusrspInterchange cusrsp = CusrspReader.read(Http.awaitOutbox(port, "demo-post-key", "CUSRSP", ingressId));
            assertThat(cusrsp.messages().get(0).items()).singleElement()
                    .satisfies(i -> assertThat(i.decisionCode()).isEqualTo("10"));
            long deadline = System.currentTimeMillis() + 15_000;
            while (respondMessages(context.getVariable("onceDecisionId")) > 0 && System.currentTimeMillis() < deadline) {
                sleep(100);
            }
            assertThat(respondMessages(context.getVariable("onceDecisionId"))).as("consumed").isZero();
            assertThat(Http.outboxKinds(port, ingressId)).containsExactly("CUSRSP");
            assertThat(itemStatus(context, "once").get("declarations").get(0).get("decisions")).singleElement()
                    .satisfies(d -> assertThat(d.get("decisionId").asText())
                            .isEqualTo(context.getVariable("onceDecisionId")));
        });

        // a replay once everything is consumed still forwards nothing
        runner.$(http().client(gateway).send().post("/v1/customs/decisions").message()
                .header("Authorization", "Bearer demo-customs-key")
                .contentType("application/json")
                .body(submission("ONCE-${onceId}", "\"declarationId\":\"${onceId}\"", "RELEASED", "")));
        runner.$(http().client(gateway).receive().response(HttpStatus.OK).message()
                .type(MessageType.JSON)
                .validate(jsonPath().expression("$.decisionId", "${onceDecisionId}")));
        runner.$(context -> assertThat(JdbcClient.create(dataSource)
                .sql("select count(*) from stage_outbox where queue_name = 'gw.respond'").query(Long.class).single())
                .isZero());
    }

    /** Messages on {@code gw.respond} now for one decision (browsed, not consumed). */
    private long respondMessages(String decisionId) {
        try (jakarta.jms.Connection connection = connectionFactory.createConnection();
             jakarta.jms.Session session = connection.createSession(false, jakarta.jms.Session.AUTO_ACKNOWLEDGE)) {
            connection.start();
            jakarta.jms.QueueBrowser browser = session.createBrowser(session.createQueue("gw.respond"),
                    "clearway_decision_id = '" + decisionId + "'");
            long n = 0;
            for (var e = browser.getEnumeration(); e.hasMoreElements(); e.nextElement()) {
                n++;
            }
            return n;
        } catch (jakarta.jms.JMSException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    @CitrusTest
    void pullApiPagesSignedDeclarationsThatVerifyWithOpenssl(@CitrusResource TestCaseRunner runner,
                                                             @CitrusResource TestContext context) {
        // destination NL is served by PULL-CUSTOMS, a backend that polls (GatewayIT)
        Item first = new Item(TestInterchanges.s10("CP", "GB"), "NL", "42.50");
        Item second = new Item(TestInterchanges.s10("CP", "GB"), "NL", "42.50");
        runner.$(http().client(gateway).send().post("/v1/postal/interchanges").message()
                .header("Authorization", "Bearer demo-post-key")
                .contentType("application/EDIFACT")
                .body(TestInterchanges.text(TestInterchanges.single(TestInterchanges.reference("PL"), first, second))));
        runner.$(http().client(gateway).receive().response(HttpStatus.ACCEPTED).message()
                .type(MessageType.JSON)
                .extract(jsonPath().expression("$.messages[0].items[0].declarationId", "firstId")
                        .expression("$.messages[0].items[1].declarationId", "secondId")));
        Set<String> wanted = Set.of(context.getVariable("firstId"), context.getVariable("secondId"));

        String pem = Http.get(port, "/v1/customs/certificates", "pull-customs-key-123").body();
        assertThat(pem).startsWith("-----BEGIN CERTIFICATE-----");
        Set<String> seen = new HashSet<>();
        java.util.Map<String, JsonNode> found = new java.util.HashMap<>();
        String cursor = "";
        long deadline = System.currentTimeMillis() + 30_000;
        while (found.size() < 2 && System.currentTimeMillis() < deadline) {
            JsonNode body = read(Http.get(port, "/v1/customs/declarations?limit=1"
                    + (cursor.isEmpty() ? "" : "&after=" + cursor), "pull-customs-key-123").body());
            if (body.get("items").isEmpty()) {
                sleep(200);
                continue;
            }
            assertThat(body.get("items").size()).isEqualTo(1);
            JsonNode item = body.get("items").get(0);
            assertThat(seen.add(item.get("gatewayMessageId").asText())).as("no item twice").isTrue();
            if (wanted.contains(item.get("declarationId").asText())) {
                found.put(item.get("declarationId").asText(), item);
            }
            assertThat(body.get("nextCursor").asText()).isNotEqualTo(cursor);
            cursor = body.get("nextCursor").asText();
        }
        assertThat(found).as("both declarations of this test are pulled").hasSize(2);
        JsonNode item = found.get(context.getVariable("secondId"));
        assertThat(item.get("revision").asInt()).isEqualTo(1);
        byte[] body = Base64.getDecoder().decode(item.get("body").asText());
        byte[] signature = Base64.getDecoder().decode(item.get("signature").asText());
        assertThat(org.clearway.mappings.canonical.CanonicalJson.readDeclaration(body).correlation().s10ItemId())
                .isEqualTo(second.s10());
        assertThat(Openssl.verifyDetached(body, signature, pem)).as("openssl cms -verify of the pulled body").isZero();
        byte[] tampered = body.clone();
        tampered[tampered.length / 3] ^= 1;
        assertThat(Openssl.verifyDetached(tampered, signature, pem)).isNotZero();

        // another backend never sees them
        JsonNode other = read(Http.get(port, "/v1/customs/declarations?limit=1000", "demo-customs-key").body());
        for (JsonNode e : other.get("items")) {
            assertThat(wanted).doesNotContain(e.get("declarationId").asText());
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Submits one item over HTTP and receives its declaration at customs. Variables:
     * {@code <name>S10}, {@code <name>Ingress}, {@code <name>Id}, {@code <name>MessageId}, {@code <name>SigKey};
     * the customs message is stored as {@code <name>Declaration}.
     */
    private void declare(TestCaseRunner runner, String name, Item item) {
        runner.variable(name + "S10", item.s10());
        runner.$(http().client(gateway).send().post("/v1/postal/interchanges").message()
                .header("Authorization", "Bearer demo-post-key")
                .contentType("application/EDIFACT")
                .body(TestInterchanges.text(TestInterchanges.single(TestInterchanges.reference("CD"), item))));
        runner.$(http().client(gateway).receive().response(HttpStatus.ACCEPTED).message()
                .type(MessageType.JSON)
                .extract(jsonPath().expression("$.ingressId", name + "Ingress")
                        .expression("$.messages[0].items[0].declarationId", name + "Id")));
        runner.$(receive(customsQueue).selector("clearway_declaration_id = '${" + name + "Id}'")
                .message().type(MessageType.JSON).name(name + "Declaration")
                .extract(fromHeaders().header("clearway_message_id", name + "MessageId")
                        .header("clearway_sig_key", name + "SigKey")));
    }

    /** A JSON decision submission with one reference member (CANONICAL-MODEL §6.4); {@code extra} starts with a comma. */
    private static String submission(String backendRef, String reference, String status, String extra) {
        return "{\"schema\":\"urn:clearway:customs-decision-submission:1\",\"specVersion\":\"1.0\","
                + "\"backendDecisionRef\":\"" + backendRef + "\"," + reference + ","
                + "\"kind\":\"DECISION\",\"status\":\"" + status + "\",\"track\":\"CLEARANCE\",\"final\":true,"
                + "\"customsAuthority\":{\"country\":\"DE\",\"officeRef\":\"DE004850\"},"
                + "\"decidedAt\":\"2026-11-24T10:03:00.000Z\"" + extra + "}";
    }

    private JsonNode itemStatus(TestContext context, String name) {
        String declarationId = context.getVariable(name + "Id");
        String s10 = context.getVariable(name + "S10");
        JsonNode status = Http.itemStatus(port, s10);
        assertThat(status.get("declarations").get(0).get("declarationId").asText()).isEqualTo(declarationId);
        return status;
    }

    private static JsonNode find(JsonNode history, String decisionId) {
        for (JsonNode d : history) {
            if (decisionId.equals(d.get("decisionId").asText())) {
                return d;
            }
        }
        throw new AssertionError("decision " + decisionId + " not in the item history " + history);
    }

    private static JsonNode read(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new IllegalStateException(json, e);
        }
    }
}
