package org.clearway.routes;

import static org.citrusframework.dsl.JsonPathSupport.jsonPath;
import static org.citrusframework.http.actions.HttpActionBuilder.http;

import java.nio.charset.StandardCharsets;
import org.citrusframework.TestCaseRunner;
import org.citrusframework.annotations.CitrusResource;
import org.citrusframework.annotations.CitrusTest;
import org.citrusframework.junit.jupiter.CitrusSupport;
import org.citrusframework.message.MessageType;
import org.clearway.routes.TestInterchanges.Item;
import org.clearway.security.DetachedCmsSigner;
import org.clearway.security.KeyAlgorithm;
import org.clearway.security.SigningKeys;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;

/**
 * A customs backend whose profile requires signed decisions (CUSTOMS-AND-POSTAL-INTERFACES §3.3):
 * unsigned, tampered and foreign-key signatures are refused with a specific problem; a decision
 * signed with the trusted key is accepted.
 */
@CitrusSupport
class SignedDecisionsIT extends GatewayIT {

    @Test
    @CitrusTest
    void decisionsMustCarryAValidSignatureOfTheTrustedBackendKey(@CitrusResource TestCaseRunner runner) {
        Item toBelgium = new Item(TestInterchanges.s10("CP", "GB"), "BE", "42.50");
        runner.$(http().client(gateway).send().post("/v1/postal/interchanges").message()
                .header("Authorization", "Bearer demo-post-key").contentType("application/EDIFACT")
                .body(TestInterchanges.text(TestInterchanges.single(TestInterchanges.reference("SG"), toBelgium))));
        runner.$(http().client(gateway).receive().response(HttpStatus.ACCEPTED).message().type(MessageType.JSON)
                .extract(jsonPath().expression("$.messages[0].items[0].declarationId", "declarationId")));
        runner.$(context -> {
            // wait until the declaration was delivered (pull backend), so it can be decided
            long deadline = System.currentTimeMillis() + 20_000;
            while (System.currentTimeMillis() < deadline && !Http.get(port, "/v1/customs/declarations?limit=1000",
                    "signing-customs-key-1").body().contains(context.getVariable("declarationId"))) {
                Http.pause(200);
            }
            String decision = "{\"schema\":\"urn:clearway:customs-decision-submission:1\",\"specVersion\":\"1.0\","
                    + "\"declarationId\":\"" + context.getVariable("declarationId") + "\",\"kind\":\"DECISION\","
                    + "\"status\":\"RELEASED\",\"track\":\"CLEARANCE\",\"final\":true,"
                    + "\"customsAuthority\":{\"country\":\"BE\"},\"decidedAt\":\"2026-11-24T10:00:00.000Z\"}";
            byte[] bytes = decision.getBytes(StandardCharsets.UTF_8);
            context.setVariable("decision", decision);
            context.setVariable("goodSig", new DetachedCmsSigner(BACKEND_KEY).signBase64(bytes));
            context.setVariable("foreignSig", new DetachedCmsSigner(
                    SigningKeys.generateDevelopment(KeyAlgorithm.EC_P256, java.time.Clock.systemUTC())).signBase64(bytes));
            context.setVariable("tampered", decision.replace("RELEASED", "SEIZED"));
        });

        runner.$(http().client(gateway).send().post("/v1/customs/decisions").message()
                .header("Authorization", "Bearer signing-customs-key-1").contentType("application/json")
                .body("${decision}"));
        runner.$(http().client(gateway).receive().response(HttpStatus.UNPROCESSABLE_ENTITY).message()
                .type(MessageType.JSON)
                .validate(jsonPath().expression("$.type", "urn:clearway:problem:signature-required")));

        runner.$(http().client(gateway).send().post("/v1/customs/decisions").message()
                .header("Authorization", "Bearer signing-customs-key-1").header("X-CLEARWAY-Signature", "${foreignSig}")
                .contentType("application/json").body("${decision}"));
        runner.$(http().client(gateway).receive().response(HttpStatus.UNPROCESSABLE_ENTITY).message()
                .type(MessageType.JSON)
                .validate(jsonPath().expression("$.type", "urn:clearway:problem:signature-invalid")));

        runner.$(http().client(gateway).send().post("/v1/customs/decisions").message()
                .header("Authorization", "Bearer signing-customs-key-1").header("X-CLEARWAY-Signature", "${goodSig}")
                .contentType("application/json").body("${tampered}"));
        runner.$(http().client(gateway).receive().response(HttpStatus.UNPROCESSABLE_ENTITY).message()
                .type(MessageType.JSON)
                .validate(jsonPath().expression("$.type", "urn:clearway:problem:signature-invalid")));

        runner.$(http().client(gateway).send().post("/v1/customs/decisions").message()
                .header("Authorization", "Bearer signing-customs-key-1").header("X-CLEARWAY-Signature", "${goodSig}")
                .contentType("application/json").body("${decision}"));
        runner.$(http().client(gateway).receive().response(HttpStatus.ACCEPTED).message().type(MessageType.JSON)
                .validate(jsonPath().expression("$.declarationId", "${declarationId}").expression("$.sequence", 1)));
    }
}
