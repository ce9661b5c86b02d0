package org.clearway.routes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.citrusframework.actions.ReceiveMessageAction.Builder.receive;
import static org.citrusframework.actions.ReceiveTimeoutAction.Builder.expectTimeout;
import static org.citrusframework.dsl.JsonPathSupport.jsonPath;
import static org.citrusframework.dsl.MessageSupport.MessageHeaderSupport.fromHeaders;
import static org.citrusframework.http.actions.HttpActionBuilder.http;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import org.citrusframework.TestCaseRunner;
import org.citrusframework.annotations.CitrusResource;
import org.citrusframework.annotations.CitrusTest;
import org.citrusframework.junit.jupiter.CitrusSupport;
import org.citrusframework.message.MessageType;
import org.clearway.mappings.canonical.CanonicalJson;
import org.clearway.mappings.canonical.Declaration;
import org.clearway.mappings.edifact.ContrlReader;
import org.clearway.mappings.gw10.CusrspInterchange;
import org.clearway.mappings.gw10.CusrspItemDecision;
import org.clearway.mappings.gw10.CusrspReader;
import org.clearway.routes.TestInterchanges.Item;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;

/**
 * The spine end to end (issue 3): a postal operator submits CUSITM over HTTP; customs receives one
 * signed canonical declaration per item on its JMS queue, verifiable with openssl; customs posts a
 * decision; the operator finds the CUSRSP in its outbox. Citrus plays operator and customs backend.
 */
@CitrusSupport
class PostalRoundTripIT extends GatewayIT {

    @Test
    @CitrusTest
    void interchangeBecomesSignedDeclarationsAndDecisionComesBackAsCusrsp(@CitrusResource TestCaseRunner runner) {
        Item tea = Item.valid();
        Item sweater = new Item(TestInterchanges.s10("LX", "US"), "DE", "180.00");
        String ref = TestInterchanges.reference("RT");
        byte[] edi = TestInterchanges.single(ref, tea, sweater);

        runner.$(http().client(gateway).send().post("/v1/postal/interchanges").message()
                .header("Authorization", "Bearer demo-post-key")
                .contentType("application/EDIFACT")
                .body(new String(edi, StandardCharsets.ISO_8859_1)));
        runner.$(http().client(gateway).receive().response(HttpStatus.ACCEPTED).message()
                .type(MessageType.JSON)
                .validate(jsonPath()
                        .expression("$.interchangeRef", ref)
                        .expression("$.messages[0].messageRef", "1")
                        .expression("$.messages[0].status", "accepted")
                        .expression("$.messages[0].items[0].s10ItemId", tea.s10())
                        .expression("$.messages[0].items[1].s10ItemId", sweater.s10()))
                .extract(jsonPath()
                        .expression("$.ingressId", "ingressId")
                        .expression("$.messages[0].items[0].declarationId", "teaId")
                        .expression("$.messages[0].items[1].declarationId", "sweaterId")));

        for (String name : List.of("tea", "sweater")) {
            runner.$(receive(customsQueue).selector("clearway_declaration_id = '${" + name + "Id}'")
                    .message().name(name + "Declaration")
                    .header("clearway_revision", 1)
                    .extract(fromHeaders()
                            .header("clearway_sig", name + "Sig")
                            .header("clearway_sig_key", name + "SigKey")
                            .header("clearway_message_id", name + "MessageId")));
        }

        runner.$(context -> {
            byte[] body = context.getMessageStore().getMessage("sweaterDeclaration").getPayload(byte[].class);
            Declaration declaration = CanonicalJson.readDeclaration(body);
            assertThat(declaration.declarationId().toString()).isEqualTo(context.getVariable("sweaterId"));
            assertThat(declaration.gatewayMessageId().toString()).isEqualTo(context.getVariable("sweaterMessageId"));
            assertThat(declaration.correlation().s10ItemId()).isEqualTo(sweater.s10());
            assertThat(declaration.items()).hasSize(2);
            // exact bytes on the wire are the JCS form (CANONICAL-MODEL §10.1)
            assertThat(CanonicalJson.write(declaration)).isEqualTo(body);
            String pem = Http.get(port, "/v1/customs/certificates", "demo-customs-key").body();
            assertThat(Openssl.verifyDetached(body, Base64.getDecoder().decode(context.getVariable("sweaterSig")), pem))
                    .as("openssl cms -verify of the gateway's signature").isZero();
            byte[] tampered = body.clone();
            tampered[tampered.length / 2] ^= 1;
            assertThat(Openssl.verifyDetached(tampered, Base64.getDecoder().decode(context.getVariable("sweaterSig")), pem))
                    .as("a tampered declaration must not verify").isNotZero();
        });

        runner.$(http().client(gateway).send().post("/v1/customs/decisions").message()
                .header("Authorization", "Bearer demo-customs-key")
                .contentType("application/json")
                .body("""
                        {"schema":"urn:clearway:customs-decision-submission:1","specVersion":"1.0",
                         "backendDecisionRef":"RT-${sweaterId}","declarationId":"${sweaterId}",
                         "kind":"DECISION","status":"DUTIES_PAYABLE","track":"CLEARANCE","final":true,
                         "customsAuthority":{"country":"DE","officeRef":"DE004850"},
                         "decidedAt":"2026-11-24T10:03:00.000Z",
                         "taxes":[{"type":"DUTY","rate":"12","base":{"amount":"166.40","currency":"EUR"},"amount":{"amount":"19.97","currency":"EUR"}},
                                  {"type":"VAT","rate":"19","base":{"amount":"186.37","currency":"EUR"},"amount":{"amount":"35.41","currency":"EUR"}}],
                         "totalPayable":{"amount":"55.38","currency":"EUR"}}"""));
        runner.$(http().client(gateway).receive().response(HttpStatus.ACCEPTED).message()
                .type(MessageType.JSON)
                .validate(jsonPath().expression("$.declarationId", "${sweaterId}").expression("$.sequence", 1))
                .extract(jsonPath().expression("$.decisionId", "decisionId")));

        runner.$(context -> {
            byte[] cusrsp = Http.awaitOutbox(port, "demo-post-key", "CUSRSP", context.getVariable("ingressId"));
            CusrspInterchange interchange = CusrspReader.read(cusrsp);
            assertThat(interchange.recipientId()).isEqualTo("DEPOSTGW");
            CusrspItemDecision item = interchange.messages().get(0).items().get(0);
            assertThat(item.s10()).isEqualTo(sweater.s10());
            assertThat(item.decisionCode()).isEqualTo("11");
            assertThat(item.totalPayable().value()).isEqualByComparingTo("55.38");
            assertThat(item.taxes()).extracting(t -> t.type()).containsExactly("CUD", "VAT");
            assertThat(interchange.messages().get(0).cusitmMessageNumber()).startsWith("TEST-");
        });

        // an operator can follow the parcel end to end (CUSTOMS-AND-POSTAL-INTERFACES §4)
        runner.$(context -> {
            String trace = Http.get(port, "/v1/admin/trace?s10ItemId=" + sweater.s10(), "it-admin-key-0123").body();
            assertThat(trace).contains("\"parsed\"", "\"enriched\"", "\"signed\"", "\"delivered\"",
                    "\"cusrsp\"", context.getVariable("sweaterMessageId"));
        });

        // the same decision again: replayed, not processed twice
        runner.$(http().client(gateway).send().post("/v1/customs/decisions").message()
                .header("Authorization", "Bearer demo-customs-key")
                .contentType("application/json")
                .body("""
                        {"schema":"urn:clearway:customs-decision-submission:1","specVersion":"1.0",
                         "backendDecisionRef":"RT-${sweaterId}","declarationId":"${sweaterId}",
                         "kind":"DECISION","status":"RELEASED","track":"CLEARANCE","final":true,
                         "customsAuthority":{"country":"DE"},"decidedAt":"2026-11-24T10:05:00.000Z"}"""));
        runner.$(http().client(gateway).receive().response(HttpStatus.OK).message()
                .type(MessageType.JSON)
                .validate(jsonPath().expression("$.decisionId", "${decisionId}")));
    }

    @Test
    @CitrusTest
    void truncatedInterchangeGetsContrlAndQueuesNothing(@CitrusResource TestCaseRunner runner) {
        Item item = Item.valid();
        String ref = TestInterchanges.reference("TR");
        String edi = new String(TestInterchanges.single(ref, item), StandardCharsets.ISO_8859_1);
        String truncated = edi.substring(0, edi.indexOf("UNZ"));
        runner.$(http().client(gateway).send().post("/v1/postal/interchanges").message()
                .header("Authorization", "Bearer demo-post-key")
                .contentType("application/EDIFACT").body(truncated));
        runner.$(http().client(gateway).receive().response(HttpStatus.BAD_REQUEST).message()
                .header("X-Clearway-Error-Code", "X004")
                .name("contrlResponse"));
        runner.$(context -> {
            String contrl = context.getMessageStore().getMessage("contrlResponse").getPayload(String.class);
            assertThat(contrl).startsWith("UNB+UNOC:3+DECUSTGW:ZZZ+DEPOSTGW:ZZZ+")
                    .contains("UCI+" + ref + "+DEPOSTGW:ZZZ+DECUSTGW:ZZZ+4+13+UNZ'");
            String id = Http.declarationIdOf(port, "demo-post-key", item.s10());
            context.setVariable("truncatedId", id == null ? "none" : id);
        });
        runner.$(expectTimeout(customsQueue).selector("clearway_declaration_id = '${truncatedId}'").timeout(3000));
    }

    @Test
    @CitrusTest
    void messageWithSyntaxErrorIsRejectedAloneWhileOthersGoThrough(@CitrusResource TestCaseRunner runner) {
        Item first = Item.valid();
        Item broken = Item.valid();
        Item third = Item.valid();
        List<String> bad = new java.util.ArrayList<>(TestInterchanges.message("2", List.of(broken)));
        bad.set(bad.size() - 1, "UNT+99+2");
        String ref = TestInterchanges.reference("MX");
        byte[] edi = TestInterchanges.interchange(ref, List.of(
                TestInterchanges.message("1", List.of(first)), bad, TestInterchanges.message("3", List.of(third))));
        runner.$(http().client(gateway).send().post("/v1/postal/interchanges").message()
                .header("Authorization", "Bearer demo-post-key")
                .contentType("application/EDIFACT").body(new String(edi, StandardCharsets.ISO_8859_1)));
        runner.$(http().client(gateway).receive().response(HttpStatus.ACCEPTED).message()
                .type(MessageType.JSON)
                .validate(jsonPath()
                        .expression("$.messages[0].status", "accepted")
                        .expression("$.messages[1].status", "rejected")
                        .expression("$.messages[1].errors[0].code", "X007")
                        .expression("$.messages[1].errors[0].segment", "UNT")
                        .expression("$.messages[2].status", "accepted")
                        .expression("$.messages[2].items[0].s10ItemId", third.s10()))
                .extract(jsonPath()
                        .expression("$.contrl", "contrl")
                        .expression("$.messages[0].items[0].declarationId", "firstId")
                        .expression("$.messages[2].items[0].declarationId", "thirdId")));
        runner.$(receive(customsQueue).selector("clearway_declaration_id = '${firstId}'"));
        runner.$(receive(customsQueue).selector("clearway_declaration_id = '${thirdId}'"));
        runner.$(context -> {
            var contrl = ContrlReader.read(Base64.getDecoder().decode(context.getVariable("contrl")));
            assertThat(contrl.contrls()).hasSize(1);
            var ack = contrl.contrls().get(0);
            assertThat(ack.acknowledgedInterchangeRef()).isEqualTo(ref);
            assertThat(ack.messages()).singleElement().satisfies(m -> {
                assertThat(m.messageRef()).isEqualTo("2");
                assertThat(m.action()).isEqualTo("4");
                assertThat(m.error()).hasValueSatisfying(e -> assertThat(e.errorCode()).isEqualTo("29"));
            });
            assertThat(Http.declarationIdOf(port, "demo-post-key", broken.s10())).isNull();
        });
    }

    @Test
    @CitrusTest
    void itemFailingBusinessRulesGetsCusrspRejectionWhileOtherItemGoesThrough(@CitrusResource TestCaseRunner runner) {
        Item good = Item.valid();
        Item badCountry = new Item(TestInterchanges.s10("CP", "GB"), "UK", "42.50");
        String ref = TestInterchanges.reference("BR");
        runner.$(http().client(gateway).send().post("/v1/postal/interchanges").message()
                .header("Authorization", "Bearer demo-post-key")
                .contentType("application/EDIFACT")
                .body(new String(TestInterchanges.single(ref, good, badCountry), StandardCharsets.ISO_8859_1)));
        runner.$(http().client(gateway).receive().response(HttpStatus.ACCEPTED).message()
                .type(MessageType.JSON)
                .validate(jsonPath().expression("$.messages[0].status", "accepted"))
                .extract(jsonPath()
                        .expression("$.ingressId", "ingressId")
                        .expression("$.messages[0].items[0].declarationId", "goodId")
                        .expression("$.messages[0].items[1].declarationId", "badId")));
        runner.$(receive(customsQueue).selector("clearway_declaration_id = '${goodId}'"));
        runner.$(context -> {
            byte[] cusrsp = Http.awaitOutbox(port, "demo-post-key", "CUSRSP", context.getVariable("ingressId"));
            CusrspInterchange interchange = CusrspReader.read(cusrsp);
            assertThat(interchange.messages()).singleElement().satisfies(m -> {
                assertThat(m.documentCode()).isEqualTo("963");
                assertThat(m.items()).singleElement().satisfies(i -> {
                    assertThat(i.s10()).isEqualTo(badCountry.s10());
                    assertThat(i.decisionCode()).isEqualTo("90");
                    assertThat(i.problems()).extracting(e -> e.code()).contains("E110");
                });
            });
        });
        runner.$(expectTimeout(customsQueue).selector("clearway_declaration_id = '${badId}'").timeout(3000));
    }

    @Test
    @CitrusTest
    void byteIdenticalResubmissionGetsTheOriginalAnswer(@CitrusResource TestCaseRunner runner) {
        Item item = Item.valid();
        String edi = new String(TestInterchanges.single(TestInterchanges.reference("RP"), item), StandardCharsets.ISO_8859_1);
        runner.$(http().client(gateway).send().post("/v1/postal/interchanges").message()
                .header("Authorization", "Bearer demo-post-key").contentType("application/EDIFACT").body(edi));
        runner.$(http().client(gateway).receive().response(HttpStatus.ACCEPTED).message().type(MessageType.JSON)
                .extract(jsonPath().expression("$.ingressId", "firstIngress")
                        .expression("$.messages[0].items[0].declarationId", "declId")));
        runner.$(http().client(gateway).send().post("/v1/postal/interchanges").message()
                .header("Authorization", "Bearer demo-post-key").contentType("application/EDIFACT").body(edi));
        runner.$(http().client(gateway).receive().response(HttpStatus.ACCEPTED).message().type(MessageType.JSON)
                .header("Idempotent-Replayed", "true")
                .validate(jsonPath().expression("$.ingressId", "${firstIngress}")));
        runner.$(receive(customsQueue).selector("clearway_declaration_id = '${declId}'"));
        runner.$(expectTimeout(customsQueue).selector("clearway_declaration_id = '${declId}'").timeout(3000));

        // the same control reference with other bytes is a duplicate interchange (X018)
        String changed = edi.replace("ANNA SCHMIDT", "ANNA SCHMITT");
        runner.$(http().client(gateway).send().post("/v1/postal/interchanges").message()
                .header("Authorization", "Bearer demo-post-key").contentType("application/EDIFACT").body(changed));
        runner.$(http().client(gateway).receive().response(HttpStatus.BAD_REQUEST).message()
                .header("X-Clearway-Error-Code", "X018"));
    }
}
