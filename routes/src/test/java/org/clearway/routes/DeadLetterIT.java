package org.clearway.routes;

import static org.citrusframework.actions.ReceiveMessageAction.Builder.receive;
import static org.citrusframework.actions.SendMessageAction.Builder.send;
import static org.citrusframework.dsl.JsonPathSupport.jsonPath;
import static org.citrusframework.http.actions.HttpActionBuilder.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageProducer;
import jakarta.jms.QueueBrowser;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Enumeration;
import java.util.UUID;
import org.citrusframework.TestCaseRunner;
import org.citrusframework.annotations.CitrusResource;
import org.citrusframework.annotations.CitrusTest;
import org.citrusframework.jms.endpoint.JmsEndpoint;
import org.citrusframework.jms.endpoint.JmsEndpointBuilder;
import org.citrusframework.junit.jupiter.CitrusSupport;
import org.citrusframework.message.MessageType;
import org.clearway.routes.ops.StageEvents;
import org.clearway.routes.pipeline.StageRunners;
import org.clearway.routes.store.TraceLog;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;

/**
 * Every stage failure ends in {@code <queue>.DLQ} with its reason and can be replayed by an
 * operator (brief: "each failure ends in a dead-letter queue with its reason, replayable").
 */
@CitrusSupport
class DeadLetterIT extends GatewayIT {
    private static final String ADMIN = "it-admin-key-0123";
    @Autowired
    StageRunners stages;
    @Autowired
    MeterRegistry meters;
    @Autowired
    TraceLog trace;

    @Test
    @CitrusTest
    void brokenMessageIsDeadLetteredWithReasonAndCanBeReplayed(@CitrusResource TestCaseRunner runner) {
        JmsEndpoint sign = new JmsEndpointBuilder().connectionFactory(connectionFactory)
                .destination("gw.sign").timeout(10_000).build();
        JmsEndpoint signDlq = new JmsEndpointBuilder().connectionFactory(connectionFactory)
                .destination("gw.sign.DLQ").timeout(20_000).build();
        runner.variable("marker", "citrus:randomUUID()");

        runner.$(send(sign).message().header("clearway_ingress_id", "${marker}").body("{\"not\":\"a declaration\"}"));
        runner.$(receive(signDlq).selector("clearway_ingress_id = '${marker}'").message()
                .header("clearway_dlq_origin", "gw.sign")
                .header("clearway_dlq_reason", "@contains('not a canonical declaration')@"));

        // without the admin key the operator API is closed
        runner.$(http().client(gateway).send().get("/v1/admin/dead-letters/gw.sign").message()
                .header("Authorization", "Bearer demo-post-key"));
        runner.$(http().client(gateway).receive().response(HttpStatus.UNAUTHORIZED));

        // the dead letter comes back to gw.sign on replay, fails again, and lands in the DLQ again
        runner.$(send(sign).message().header("clearway_ingress_id", "${marker}-2").body("still not a declaration"));
        runner.$(http().client(gateway).send().get("/v1/admin/dead-letters/gw.sign").message()
                .header("Authorization", "Bearer it-admin-key-0123"));
        runner.$(http().client(gateway).receive().response(HttpStatus.OK).message().type(MessageType.JSON)
                .validate(jsonPath().expression("$.queue", "gw.sign.DLQ")));
        runner.$(context -> {
            long deadline = System.currentTimeMillis() + 20_000;
            while (System.currentTimeMillis() < deadline) {
                String body = Http.get(port, "/v1/admin/dead-letters/gw.sign", "it-admin-key-0123").body();
                if (body.contains(context.getVariable("marker") + "-2")) {
                    break;
                }
                try {
                    Thread.sleep(200);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        });
        runner.$(http().client(gateway).send().post("/v1/admin/dead-letters/gw.sign/replay").message()
                .header("Authorization", "Bearer it-admin-key-0123"));
        runner.$(http().client(gateway).receive().response(HttpStatus.OK).message().type(MessageType.JSON)
                .validate(jsonPath().expression("$.queue", "gw.sign")));
        runner.$(receive(signDlq).selector("clearway_ingress_id = '${marker}-2'").message()
                .header("clearway_dlq_origin", "gw.sign"));

        runner.$(http().client(gateway).send().post("/v1/admin/dead-letters/nope/replay").message()
                .header("Authorization", "Bearer it-admin-key-0123"));
        runner.$(http().client(gateway).receive().response(HttpStatus.NOT_FOUND));
    }

    @Test
    @CitrusTest
    void aStageMessageWithoutAMandatoryPropertyIsDeadLetteredNamingIt(@CitrusResource TestCaseRunner runner) {
        JmsEndpoint deliver = new JmsEndpointBuilder().connectionFactory(connectionFactory)
                .destination("gw.deliver").timeout(10_000).build();
        JmsEndpoint deliverDlq = new JmsEndpointBuilder().connectionFactory(connectionFactory)
                .destination("gw.deliver.DLQ").timeout(20_000).build();
        runner.variable("marker", "citrus:randomUUID()");
        // a signed emission whose signature property was lost: permanent, not retried, not sent to customs
        runner.$(send(deliver).message().header("clearway_message_id", "${marker}")
                .header("clearway_declaration_id", "0193f1c2-7a4e-7c3b-9d2e-5b1a0c9e4f21")
                .header("clearway_revision", 1).header("clearway_backend_id", "DEMO-CUSTOMS")
                .header("clearway_sig_key", "key-1").header("clearway_media_type", "application/json")
                .body("{\"signed\":true}"));
        runner.$(receive(deliverDlq).selector("clearway_message_id = '${marker}'").message()
                .header("clearway_dlq_origin", "gw.deliver")
                .header("clearway_dlq_reason", "InvalidMessageException: message property clearway_sig is missing"));
    }

    @Test
    void aReplayByIdMovesOnlyThatLetterWithThePropertiesItHadBeforeItFailed() throws Exception {
        String a = UUID.randomUUID().toString();
        String b = UUID.randomUUID().toString();
        sendBrokenSign(a);
        sendBrokenSign(b);
        String idA = awaitDeadLetter(a);
        awaitDeadLetter(b);
        double replayedBefore = replayedCount();
        // nothing consumes gw.sign meanwhile, so the replayed message can be looked at where it lands
        stages.stop("sign");
        try {
            HttpResponse<String> injection = replay("ID:1' OR '1'='1");
            assertThat(injection.statusCode()).isEqualTo(400);
            assertThat(injection.body()).contains("invalid-parameter", "/id", "not a JMS message id");
            HttpResponse<String> gone = replay("ID:00000000-0000-0000-0000-000000000000");
            assertThat(gone.statusCode()).isEqualTo(404);
            assertThat(gone.body()).contains("no dead letter ID:00000000-0000-0000-0000-000000000000 in gw.sign.DLQ");

            HttpResponse<String> one = replay(idA);
            assertThat(one.statusCode()).isEqualTo(200);
            assertThat(Http.json(one.body()).path("replayed").asInt()).isEqualTo(1);
            assertThat(Http.json(one.body()).path("queue").asText()).isEqualTo("gw.sign");

            Seen back = first("gw.sign", a);
            assertThat(back).as("replayed onto gw.sign").isNotNull();
            assertThat(back.properties().keySet()).noneMatch(n -> n.startsWith("clearway_dlq_"));
            assertThat(back.properties()).containsEntry("clearway_partner_id", "DEMO-POST")
                    .containsEntry("it_case", "replay-" + a).containsEntry("JMSXGroupID", "group-" + a);
            assertThat(back.text()).isEqualTo("{\"not\":\"a declaration\"}");
            // only that one moved
            assertThat(first("gw.sign.DLQ", a)).isNull();
            assertThat(first("gw.sign.DLQ", b)).isNotNull();
            assertThat(first("gw.sign", b)).isNull();
            assertThat(trace.forIngress(a)).anyMatch(e -> "dead-letter".equals(e.stage()) && "replayed".equals(e.event()));
            assertThat(replayedCount()).isEqualTo(replayedBefore + 1);
        } finally {
            stages.start("sign");
        }
        // it fails again and is dead-lettered afresh, with one reason
        long deadline = System.currentTimeMillis() + 20_000;
        Seen again = null;
        while (again == null && System.currentTimeMillis() < deadline) {
            again = first("gw.sign.DLQ", a);
            Http.pause(100);
        }
        assertThat(again).isNotNull();
        assertThat(again.properties()).containsEntry("clearway_dlq_origin", "gw.sign");
        assertThat((String) again.properties().get("clearway_dlq_reason")).contains("not a canonical declaration");
    }

    private HttpResponse<String> replay(String id) {
        return Http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                        + "/v1/admin/dead-letters/gw.sign/replay?id=" + URLEncoder.encode(id, StandardCharsets.UTF_8)))
                .header("Authorization", "Bearer " + ADMIN).POST(HttpRequest.BodyPublishers.noBody()).build());
    }

    private double replayedCount() {
        Counter c = meters.find(StageEvents.REPLAYED).tag("queue", "gw.sign").counter();
        return c == null ? 0 : c.count();
    }

    private void sendBrokenSign(String ingressId) throws JMSException {
        try (Connection connection = connectionFactory.createConnection();
             Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE)) {
            MessageProducer producer = session.createProducer(session.createQueue("gw.sign"));
            TextMessage m = session.createTextMessage("{\"not\":\"a declaration\"}");
            m.setStringProperty("clearway_ingress_id", ingressId);
            m.setStringProperty("clearway_partner_id", "DEMO-POST");
            m.setStringProperty("it_case", "replay-" + ingressId);
            m.setStringProperty("JMSXGroupID", "group-" + ingressId);
            producer.send(m);
        }
    }

    /** The JMS id of the dead letter of {@code ingressId}, once it is there. */
    private String awaitDeadLetter(String ingressId) throws JMSException {
        long deadline = System.currentTimeMillis() + 20_000;
        while (System.currentTimeMillis() < deadline) {
            Seen m = first("gw.sign.DLQ", ingressId);
            if (m != null) {
                return m.messageId();
            }
            Http.pause(100);
        }
        throw new AssertionError("no dead letter for " + ingressId);
    }

    /** A copy of the first message of {@code queue} from {@code ingressId} (read while connected), or null. */
    private Seen first(String queue, String ingressId) throws JMSException {
        try (Connection connection = connectionFactory.createConnection();
             Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE)) {
            connection.start();
            QueueBrowser browser = session.createBrowser(session.createQueue(queue),
                    "clearway_ingress_id = '" + ingressId + "'");
            Enumeration<?> e = browser.getEnumeration();
            if (!e.hasMoreElements()) {
                return null;
            }
            Message m = (Message) e.nextElement();
            java.util.Map<String, Object> props = new java.util.TreeMap<>();
            for (String name : Collections.list((Enumeration<String>) m.getPropertyNames())) {
                props.put(name, m.getObjectProperty(name));
            }
            String text = null;
            if (m instanceof TextMessage t) {
                text = t.getText();
            } else if (m instanceof jakarta.jms.BytesMessage b) {
                // a stage's dead letter is the bytes it received
                byte[] bytes = new byte[(int) b.getBodyLength()];
                b.readBytes(bytes);
                text = new String(bytes, StandardCharsets.UTF_8);
            }
            return new Seen(m.getJMSMessageID(), props, text);
        }
    }

    private record Seen(String messageId, java.util.Map<String, Object> properties, String text) {
    }
}
