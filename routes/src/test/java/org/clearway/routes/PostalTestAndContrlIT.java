package org.clearway.routes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.citrusframework.actions.ReceiveTimeoutAction.Builder.expectTimeout;
import static org.citrusframework.dsl.JsonPathSupport.jsonPath;
import static org.citrusframework.http.actions.HttpActionBuilder.http;

import org.citrusframework.TestCaseRunner;
import org.citrusframework.annotations.CitrusResource;
import org.citrusframework.annotations.CitrusTest;
import org.citrusframework.junit.jupiter.CitrusSupport;
import org.citrusframework.message.MessageType;
import org.clearway.mappings.gw10.CusrspReader;
import org.clearway.routes.TestInterchanges.Item;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;

/**
 * Two envelope cases of MIG §2.1/§7.1: a test interchange (UNB 0035 = 1) is validated and answered
 * but never reaches customs; a CONTRL sent by the partner is recorded and never answered.
 */
@CitrusSupport
class PostalTestAndContrlIT extends GatewayIT {

    @Test
    @CitrusTest
    void testInterchangeIsAnsweredButNeverReachesCustoms(@CitrusResource TestCaseRunner runner) {
        Item good = Item.valid();
        Item bad = new Item(TestInterchanges.s10("CP", "GB"), "EU", "42.50");
        String ref = TestInterchanges.reference("TI");
        String edi = TestInterchanges.text(TestInterchanges.single(ref, good, bad))
                .replace("+" + ref + "++CUSITM'", "+" + ref + "++CUSITM++++1'");
        assertThat(edi).contains("++CUSITM++++1'");
        runner.$(http().client(gateway).send().post("/v1/postal/interchanges").message()
                .header("Authorization", "Bearer demo-post-key").contentType("application/EDIFACT").body(edi));
        runner.$(http().client(gateway).receive().response(HttpStatus.ACCEPTED).message().type(MessageType.JSON)
                .validate(jsonPath().expression("$.messages[0].status", "accepted"))
                .extract(jsonPath().expression("$.ingressId", "ingressId")
                        .expression("$.messages[0].items[0].declarationId", "goodId")));
        runner.$(context -> {
            var cusrsp = CusrspReader.read(Http.awaitOutbox(port, "demo-post-key", "CUSRSP", context.getVariable("ingressId")));
            assertThat(cusrsp.testIndicator()).isTrue();
            assertThat(cusrsp.messages().get(0).items()).singleElement()
                    .satisfies(i -> assertThat(i.decisionCode()).isEqualTo("90"));
        });
        runner.$(expectTimeout(customsQueue).selector("clearway_declaration_id = '${goodId}'").timeout(3000));
    }

    @Test
    @CitrusTest
    void contrlFromThePartnerIsRecordedAndNotAnswered(@CitrusResource TestCaseRunner runner) {
        String ref = TestInterchanges.reference("CT");
        String contrl = "UNB+UNOC:3+DEPOSTGW:ZZZ+DECUSTGW:ZZZ+261124:1030+" + ref + "++CONTRL'"
                + "UNH+1+CONTRL:D:3:UN'UCI+CW000000000001+DECUSTGW:ZZZ+DEPOSTGW:ZZZ+7'UNT+3+1'"
                + "UNZ+1+" + ref + "'";
        runner.$(http().client(gateway).send().post("/v1/postal/interchanges").message()
                .header("Authorization", "Bearer demo-post-key").contentType("application/EDIFACT").body(contrl));
        runner.$(http().client(gateway).receive().response(HttpStatus.ACCEPTED).message().type(MessageType.JSON)
                .validate(jsonPath().expression("$.interchangeRef", ref).expression("$.messages.size()", 0))
                .extract(jsonPath().expression("$.ingressId", "ingressId")));
        runner.$(context -> {
            String outbox = Http.get(port, "/v1/postal/outbox", "demo-post-key").body();
            assertThat(outbox).doesNotContain(context.getVariable("ingressId"));
            String trace = Http.get(port, "/v1/admin/trace?ingressId=" + context.getVariable("ingressId"),
                    "it-admin-key-0123").body();
            assertThat(trace).contains("contrl-received", "UCI+CW000000000001");
        });
    }
}
