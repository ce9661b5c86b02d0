package org.clearway.routes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.citrusframework.dsl.JsonPathSupport.jsonPath;
import static org.citrusframework.dsl.MessageSupport.MessageHeaderSupport.fromHeaders;
import static org.citrusframework.http.actions.HttpActionBuilder.http;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.citrusframework.TestCaseRunner;
import org.citrusframework.annotations.CitrusResource;
import org.citrusframework.annotations.CitrusTest;
import org.citrusframework.http.endpoint.builder.HttpEndpoints;
import org.citrusframework.http.server.HttpServer;
import org.citrusframework.junit.jupiter.CitrusSupport;
import org.citrusframework.message.MessageType;
import org.clearway.mappings.canonical.CanonicalJson;
import org.clearway.mappings.canonical.Declaration;
import org.clearway.routes.TestInterchanges.Item;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;

/**
 * HTTP push delivery to a customs backend (CUSTOMS-AND-POSTAL-INTERFACES §3.2): the signed bytes
 * with the X-CLEARWAY headers; a 503 is retried, honouring Retry-After, until the backend takes it. Citrus
 * plays the backend's HTTP receiver.
 */
@CitrusSupport
class CustomsHttpPushIT extends GatewayIT {
    private HttpServer backend;

    @AfterEach
    void stopBackend() {
        if (backend != null) {
            backend.stop();
        }
    }

    @Test
    @CitrusTest
    void declarationIsPushedAndRetriedUntilTheBackendAcceptsIt(@CitrusResource TestCaseRunner runner) {
        backend = HttpEndpoints.http().server().port(PUSH_PORT).timeout(30_000).autoStart(true).build();
        backend.initialize();
        Item toAustria = new Item(TestInterchanges.s10("CP", "GB"), "AT", "42.50");
        runner.$(http().client(gateway).send().post("/v1/postal/interchanges").message()
                .header("Authorization", "Bearer demo-post-key").contentType("application/EDIFACT")
                .body(new String(TestInterchanges.single(TestInterchanges.reference("PU"), toAustria), StandardCharsets.ISO_8859_1)));
        runner.$(http().client(gateway).receive().response(HttpStatus.ACCEPTED).message().type(MessageType.JSON)
                .extract(jsonPath().expression("$.messages[0].items[0].declarationId", "declarationId")));

        // first attempt: the backend is busy
        runner.$(http().server(backend).receive().post("/declarations").message()
                .header("X-CLEARWAY-Declaration-Id", "${declarationId}")
                .header("X-CLEARWAY-Revision", "1"));
        runner.$(http().server(backend).send().response(HttpStatus.SERVICE_UNAVAILABLE).message()
                .header("Retry-After", "1"));
        runner.$(context -> context.setVariable("refusedAt", String.valueOf(System.nanoTime())));

        // redelivered with the same emission id; accepted this time
        runner.$(http().server(backend).receive().post("/declarations").message()
                .name("pushed")
                .header("X-CLEARWAY-Declaration-Id", "${declarationId}")
                .extract(fromHeaders()
                        .header("X-CLEARWAY-Message-Id", "messageId")
                        .header("Idempotency-Key", "idempotencyKey")
                        .header("X-CLEARWAY-Signature", "signature")));
        runner.$(context -> assertThat(System.nanoTime() - Long.parseLong(context.getVariable("refusedAt")))
                .as("the retry honours Retry-After: 1").isGreaterThanOrEqualTo(900_000_000L));
        runner.$(http().server(backend).send().response(HttpStatus.OK));
        // the backend stays up until the gateway has taken the 200 (else it would rightly push again)
        runner.$(context -> {
            long deadline = System.currentTimeMillis() + 15_000;
            while (!Http.get(port, "/v1/postal/items/" + toAustria.s10(), "demo-post-key").body().contains("\"DELIVERED\"")) {
                assertThat(System.currentTimeMillis()).as("declaration marked delivered").isLessThan(deadline);
                Http.pause(100);
            }
        });

        // the refused attempt is traced with its number, revision, backend and cause (issue 14), and the
        // backend's health contributor shows the delivery that followed
        runner.$(context -> {
            String trace = Http.get(port, "/v1/admin/trace?declarationId=" + context.getVariable("declarationId"),
                    "it-admin-key-0123").body();
            assertThat(trace).contains("\"attempt-failed\"",
                    "attempt 1 revision 1 to PUSH-CUSTOMS: customs backend answered 503 for "
                            + context.getVariable("messageId"));
            String health = Http.get(port, "/actuator/health", "it-admin-key-0123").body();
            assertThat(health).containsPattern("\"PUSH-CUSTOMS\":\\{\"status\":\"UP\",\"details\":\\{\"channel\":\"HTTP\"");
        });

        runner.$(context -> {
            assertThat(context.getVariable("idempotencyKey")).isEqualTo(context.getVariable("messageId"));
            byte[] body = context.getMessageStore().getMessage("pushed").getPayload(String.class)
                    .getBytes(StandardCharsets.UTF_8);
            Declaration declaration = CanonicalJson.readDeclaration(body);
            assertThat(declaration.destinationCustoms().backendId()).isEqualTo("PUSH-CUSTOMS");
            assertThat(declaration.destinationCustoms().country()).isEqualTo("AT");
            String pem = Http.get(port, "/v1/customs/certificates", "push-customs-key-123").body();
            assertThat(Openssl.verifyDetached(body, Base64.getDecoder().decode(context.getVariable("signature")), pem))
                    .isZero();
        });
    }
}
