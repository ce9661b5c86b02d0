package org.clearway.routes;

import static org.citrusframework.actions.ReceiveMessageAction.Builder.receive;
import static org.citrusframework.actions.SendMessageAction.Builder.send;
import static org.citrusframework.dsl.JsonPathSupport.jsonPath;
import static org.citrusframework.http.actions.HttpActionBuilder.http;

import org.citrusframework.TestCaseRunner;
import org.citrusframework.annotations.CitrusResource;
import org.citrusframework.annotations.CitrusTest;
import org.citrusframework.jms.endpoint.JmsEndpoint;
import org.citrusframework.jms.endpoint.JmsEndpointBuilder;
import org.citrusframework.junit.jupiter.CitrusSupport;
import org.citrusframework.message.MessageType;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;

/**
 * Every stage failure ends in {@code <queue>.DLQ} with its reason and can be replayed by an
 * operator (brief: "each failure ends in a dead-letter queue with its reason, replayable").
 */
@CitrusSupport
class DeadLetterIT extends GatewayIT {

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
}
