package org.clearway.routes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.citrusframework.actions.ReceiveMessageAction.Builder.receive;
import static org.citrusframework.actions.ReceiveTimeoutAction.Builder.expectTimeout;
import static org.citrusframework.dsl.JsonPathSupport.jsonPath;
import static org.citrusframework.http.actions.HttpActionBuilder.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.List;
import org.citrusframework.TestCaseRunner;
import org.citrusframework.annotations.CitrusResource;
import org.citrusframework.annotations.CitrusTest;
import org.citrusframework.context.TestContext;
import org.citrusframework.junit.jupiter.CitrusSupport;
import org.citrusframework.message.MessageType;
import org.clearway.mappings.canonical.CanonicalJson;
import org.clearway.mappings.canonical.Declaration;
import org.clearway.mappings.canonical.FunctionCode;
import org.clearway.mappings.gw10.CusrspInterchange;
import org.clearway.mappings.gw10.CusrspReader;
import org.clearway.routes.TestInterchanges.Item;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;

/**
 * Duplicates, amendments and cancellations of postal items (MIG §9 V20, V21): what reaches customs
 * as a new revision, what is ignored, and which CUSRSP the operator gets instead.
 */
@CitrusSupport
class PostalAmendmentsIT extends GatewayIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    @CitrusTest
    void identicalResendIsIgnoredAndChangedContentBecomesAmendment(@CitrusResource TestCaseRunner runner,
                                                                   @CitrusResource TestContext context) {
        Item item = Item.valid();
        submit(runner, "first", TestInterchanges.single(TestInterchanges.reference("AM"), item));
        runner.$(receive(customsQueue).selector("clearway_declaration_id = '${firstId}'").message()
                .type(MessageType.JSON).header("clearway_revision", 1));

        // same content, new interchange reference and BGM number: no new revision, no CUSRSP
        submit(runner, "again", TestInterchanges.single(TestInterchanges.reference("AM"), item));
        assertThat(context.getVariable("againId")).isEqualTo(context.getVariable("firstId"));
        runner.$(expectTimeout(customsQueue)
                .selector("clearway_declaration_id = '${firstId}' AND clearway_revision = 2").timeout(2500));
        assertThat(Http.outboxKinds(port, context.getVariable("againIngress"))).isEmpty();

        // changed content: AMENDMENT revision 2 of the same declaration
        Item changed = new Item(item.s10(), item.addresseeCountry(), "43.50");
        submit(runner, "changed", TestInterchanges.single(TestInterchanges.reference("AM"), changed));
        assertThat(context.getVariable("changedId")).isEqualTo(context.getVariable("firstId"));
        runner.$(receive(customsQueue).selector("clearway_declaration_id = '${firstId}' AND clearway_revision = 2")
                .message().type(MessageType.JSON).name("amendment"));
        Declaration amendment = CanonicalJson.readDeclaration(
                context.getMessageStore().getMessage("amendment").getPayload(byte[].class));
        assertThat(amendment.revision()).isEqualTo(2);
        assertThat(amendment.functionCode()).isEqualTo(FunctionCode.AMENDMENT);
        assertThat(amendment.declarationId().toString()).isEqualTo(context.getVariable("firstId"));

        JsonNode revisions = Http.itemStatus(port, item.s10()).get("declarations").get(0).get("revisions");
        assertThat(revisions).hasSize(2);
        assertThat(revisions.get(0).get("functionCode").asText()).isEqualTo("ORIGINAL");
        assertThat(revisions.get(1).get("functionCode").asText()).isEqualTo("AMENDMENT");
        assertThat(revisions.get(1).get("ingressId").asText()).isEqualTo(context.getVariable("changedIngress"));
    }

    @Test
    @CitrusTest
    void replaceOfAnUnknownItemIsProcessedAsOriginalWithW142(@CitrusResource TestCaseRunner runner,
                                                            @CitrusResource TestContext context) {
        Item item = Item.valid();
        submit(runner, "replace", TestInterchanges.interchange(TestInterchanges.reference("R5"),
                List.of(TestInterchanges.message("1", TestInterchanges.reference("TEST-"), "5", List.of(item)))));
        runner.$(receive(customsQueue).selector("clearway_declaration_id = '${replaceId}'").message()
                .type(MessageType.JSON).header("clearway_revision", 1).name("replaced"));
        Declaration declaration = CanonicalJson.readDeclaration(
                context.getMessageStore().getMessage("replaced").getPayload(byte[].class));
        assertThat(declaration.revision()).isEqualTo(1);
        assertThat(declaration.functionCode()).isEqualTo(FunctionCode.ORIGINAL);

        // the warning travels on the item's first CUSRSP (MIG §6.3)
        runner.$(http().client(gateway).send().post("/v1/customs/decisions").message()
                .header("Authorization", "Bearer demo-customs-key")
                .contentType("application/json")
                .body("""
                        {"schema":"urn:clearway:customs-decision-submission:1","specVersion":"1.0",
                         "backendDecisionRef":"R5-${replaceId}","declarationId":"${replaceId}",
                         "kind":"DECISION","status":"RELEASED","track":"CLEARANCE","final":true,
                         "customsAuthority":{"country":"DE"},"decidedAt":"2026-11-24T10:05:00.000Z"}"""));
        runner.$(http().client(gateway).receive().response(HttpStatus.ACCEPTED));
        CusrspInterchange cusrsp = CusrspReader.read(
                Http.awaitOutbox(port, "demo-post-key", "CUSRSP", context.getVariable("replaceIngress")));
        assertThat(cusrsp.messages().get(0).items()).singleElement().satisfies(i -> {
            assertThat(i.decisionCode()).isEqualTo("10");
            assertThat(i.problems()).extracting(p -> p.code()).contains("W142");
        });
    }

    @Test
    @CitrusTest
    void cancelOfAnUnknownItemAndReusedMessageNumberAreRejectedInCusrsp(@CitrusResource TestCaseRunner runner,
                                                                       @CitrusResource TestContext context) {
        // function 1 for an S10 id this sender never declared: decision 90 with E140
        Item unknown = Item.valid();
        submit(runner, "cancel", TestInterchanges.interchange(TestInterchanges.reference("C1"),
                List.of(TestInterchanges.message("1", TestInterchanges.reference("TEST-"), "1", List.of(unknown)))));
        CusrspInterchange cancel = CusrspReader.read(
                Http.awaitOutbox(port, "demo-post-key", "CUSRSP", context.getVariable("cancelIngress")));
        assertThat(cancel.messages()).singleElement().satisfies(m -> assertThat(m.items()).singleElement().satisfies(i -> {
            assertThat(i.s10()).isEqualTo(unknown.s10());
            assertThat(i.decisionCode()).isEqualTo("90");
            assertThat(i.problems()).extracting(p -> p.code()).contains("E140");
        }));

        // BGM 1004 reused with function 9 (V21): the whole message is rejected, SG2 E141, no items
        String bgm = TestInterchanges.reference("TEST-");
        Item first = Item.valid();
        submit(runner, "original", TestInterchanges.interchange(TestInterchanges.reference("B9"),
                List.of(TestInterchanges.message("1", bgm, "9", List.of(first)))));
        runner.$(receive(customsQueue).selector("clearway_declaration_id = '${originalId}'").message()
                .type(MessageType.JSON));
        Item second = Item.valid();
        submit(runner, "reused", TestInterchanges.interchange(TestInterchanges.reference("B9"),
                List.of(TestInterchanges.message("1", bgm, "9", List.of(second)))));
        CusrspInterchange reused = CusrspReader.read(
                Http.awaitOutbox(port, "demo-post-key", "CUSRSP", context.getVariable("reusedIngress")));
        assertThat(reused.messages()).singleElement().satisfies(m -> {
            assertThat(m.cusitmMessageNumber()).isEqualTo(bgm);
            assertThat(m.items()).isEmpty();
            assertThat(m.errors()).extracting(e -> e.code()).containsExactly("E141");
            assertThat(m.errors().get(0).section()).isEqualTo("1");
        });

        runner.$(expectTimeout(customsQueue)
                .selector("clearway_declaration_id IN ('${cancelId}', '${reusedId}')").timeout(2500));
    }

    /** Posts an interchange; variables {@code <name>Ingress} and {@code <name>Id} (first item of the first message). */
    private void submit(TestCaseRunner runner, String name, byte[] interchange) {
        runner.$(http().client(gateway).send().post("/v1/postal/interchanges").message()
                .header("Authorization", "Bearer demo-post-key")
                .contentType("application/EDIFACT")
                .body(TestInterchanges.text(interchange)));
        runner.$(http().client(gateway).receive().response(HttpStatus.ACCEPTED).message()
                .type(MessageType.JSON)
                .validate(jsonPath().expression("$.messages[0].status", "accepted"))
                .extract(jsonPath().expression("$.ingressId", name + "Ingress")
                        .expression("$.messages[0].items[0].declarationId", name + "Id")));
    }

    private static JsonNode read(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new IllegalStateException(json, e);
        }
    }
}
