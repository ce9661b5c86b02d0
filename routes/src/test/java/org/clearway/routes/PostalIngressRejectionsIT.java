package org.clearway.routes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.citrusframework.actions.ReceiveTimeoutAction.Builder.expectTimeout;
import static org.citrusframework.dsl.JsonPathSupport.jsonPath;
import static org.citrusframework.http.actions.HttpActionBuilder.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;
import org.citrusframework.TestCaseRunner;
import org.citrusframework.annotations.CitrusResource;
import org.citrusframework.annotations.CitrusTest;
import org.citrusframework.context.TestContext;
import org.citrusframework.junit.jupiter.CitrusSupport;
import org.citrusframework.message.MessageType;
import org.clearway.mappings.edifact.ContrlReader;
import org.clearway.routes.TestInterchanges.Item;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;

/**
 * Bad input on the postal HTTP ingress (CUSTOMS-AND-POSTAL-INTERFACES §1, §2.2; MIG §7.3): each
 * gets its specific answer and nothing reaches customs. Also the outbox rules of §2.3: a partner
 * sees only its own entries and items, and ack removes an entry from the pending list.
 */
@CitrusSupport
class PostalIngressRejectionsIT extends GatewayIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PROBLEM_JSON = "@startsWith('application/problem+json')@";

    /** S10 ids of every interchange that must not reach customs. */
    private final List<String> mustNotArrive = new ArrayList<>();

    @Test
    @CitrusTest
    void authenticationMediaTypeAndSizeProblemsAreAnsweredAsProblemJson(@CitrusResource TestCaseRunner runner) {
        // a valid interchange each time, so only the rejection reason stops it
        runner.$(http().client(gateway).send().post("/v1/postal/interchanges").message()
                .contentType("application/EDIFACT").body(validInterchange(TestInterchanges.reference("NA"))));
        runner.$(http().client(gateway).receive().response(HttpStatus.UNAUTHORIZED).message()
                .header("Content-Type", PROBLEM_JSON)
                .header("WWW-Authenticate", "@startsWith('Bearer')@")
                .type(MessageType.JSON)
                .validate(jsonPath().expression("$.status", 401).expression("$.type", "urn:clearway:problem:unauthorized")));

        runner.$(http().client(gateway).send().post("/v1/postal/interchanges").message()
                .header("Authorization", "Bearer not-a-configured-key")
                .contentType("application/EDIFACT").body(validInterchange(TestInterchanges.reference("UK"))));
        runner.$(http().client(gateway).receive().response(HttpStatus.UNAUTHORIZED).message()
                .header("Content-Type", PROBLEM_JSON)
                .header("WWW-Authenticate", "@startsWith('Bearer')@"));

        runner.$(http().client(gateway).send().post("/v1/postal/interchanges").message()
                .header("Authorization", "Bearer demo-customs-key")
                .contentType("application/EDIFACT").body(validInterchange(TestInterchanges.reference("CK"))));
        runner.$(http().client(gateway).receive().response(HttpStatus.FORBIDDEN).message()
                .header("Content-Type", PROBLEM_JSON)
                .type(MessageType.JSON)
                .validate(jsonPath().expression("$.type", "urn:clearway:problem:forbidden")));

        runner.$(http().client(gateway).send().post("/v1/postal/interchanges").message()
                .header("Authorization", "Bearer demo-post-key")
                .contentType("text/plain").body(validInterchange(TestInterchanges.reference("MT"))));
        runner.$(http().client(gateway).receive().response(HttpStatus.UNSUPPORTED_MEDIA_TYPE).message()
                .header("Content-Type", PROBLEM_JSON)
                .type(MessageType.JSON)
                .validate(jsonPath().expression("$.type", "urn:clearway:problem:unsupported-media-type")));

        runner.$(http().client(gateway).send().post("/v1/postal/interchanges").message()
                .header("Authorization", "Bearer demo-post-key")
                .contentType("application/EDIFACT").body("{\"interchange\":\"UNB+UNOC:3\"}"));
        runner.$(http().client(gateway).receive().response(HttpStatus.BAD_REQUEST).message()
                .header("Content-Type", PROBLEM_JSON)
                .type(MessageType.JSON)
                .validate(jsonPath().expression("$.type", "urn:clearway:problem:not-edifact")
                        .expression("$.detail", "@startsWith('X001')@")));

        // binary garbage (a gzip header and random-looking bytes), sent as raw bytes
        byte[] garbage = new byte[512];
        for (int i = 0; i < garbage.length; i++) {
            garbage[i] = (byte) (i * 37 + 11);
        }
        garbage[0] = 0x1f;
        garbage[1] = (byte) 0x8b;
        HttpResponse<String> binary = post("demo-post-key", "application/EDIFACT", garbage);
        assertThat(binary.statusCode()).isEqualTo(400);
        assertThat(binary.headers().firstValue("Content-Type")).hasValueSatisfying(
                v -> assertThat(v).startsWith("application/problem+json"));
        assertThat(field(binary.body(), "type")).isEqualTo("urn:clearway:problem:not-edifact");

        // over clearway.limits.interchange-max-bytes (4 000 000 in GatewayIT): a valid head, then padding
        byte[] head = TestInterchanges.single(TestInterchanges.reference("BIG"), remember(Item.valid()));
        byte[] big = Arrays.copyOf(head, 4_000_100);
        Arrays.fill(big, head.length, big.length, (byte) '\n');
        HttpResponse<String> tooLarge = post("demo-post-key", "application/EDIFACT", big);
        assertThat(tooLarge.statusCode()).isEqualTo(413);
        assertThat(field(tooLarge.body(), "type")).isEqualTo("urn:clearway:problem:payload-too-large");

        assertNothingReachedCustoms(runner);
    }

    @Test
    @CitrusTest
    void interchangeLevelErrorsGetANegativeContrl(@CitrusResource TestCaseRunner runner) {
        // UNB sender of another configured partner (OTHER-POST), sent with DEMO-POST's key
        String ref = TestInterchanges.reference("S21");
        String edi = validInterchange(ref).replace("UNB+UNOC:3+DEPOSTGW:ZZZ+", "UNB+UNOC:3+OTHERPOST:ZZZ+");
        expectRejected(runner, edi, "X021", ref, "23", "UNB");

        ref = TestInterchanges.reference("R22");
        edi = validInterchange(ref).replace("+DECUSTGW:ZZZ+", "+DEOTHERGW:ZZZ+");
        expectRejected(runner, edi, "X022", ref, "7", "UNB");

        ref = TestInterchanges.reference("V02");
        edi = validInterchange(ref).replace("UNB+UNOC:3+", "UNB+UNOY:3+");
        expectRejected(runner, edi, "X002", ref, "2", "UNB");

        ref = TestInterchanges.reference("C05");
        edi = validInterchange(ref).replace("UNZ+1+" + ref, "UNZ+2+" + ref);
        expectRejected(runner, edi, "X005", ref, "29", "UNZ");

        assertNothingReachedCustoms(runner);
    }

    @Test
    @CitrusTest
    void ackRequestGetsPositiveContrlAndOutboxIsPerPartner(@CitrusResource TestCaseRunner runner,
                                                           @CitrusResource TestContext context) throws IOException {
        Item item = Item.valid();
        String ref = TestInterchanges.reference("ACK");
        // UNB 0031 = 1 (S005 and 0029 empty): acknowledgement requested (MIG §7.1)
        String edi = TestInterchanges.text(TestInterchanges.single(ref, item)).replace("++CUSITM'", "++CUSITM++1'");
        runner.$(http().client(gateway).send().post("/v1/postal/interchanges").message()
                .header("Authorization", "Bearer demo-post-key")
                .contentType("application/EDIFACT").body(edi));
        runner.$(http().client(gateway).receive().response(HttpStatus.ACCEPTED).message()
                .type(MessageType.JSON)
                .validate(jsonPath().expression("$.messages[0].status", "accepted"))
                .extract(jsonPath().expression("$.contrl", "contrl").expression("$.ingressId", "ingressId")));
        runner.$(ctx -> {
            var contrl = ContrlReader.read(Base64.getDecoder().decode(ctx.getVariable("contrl")));
            assertThat(contrl.valid()).isTrue();
            assertThat(contrl.contrls()).singleElement().satisfies(c -> {
                assertThat(c.acknowledgedInterchangeRef()).isEqualTo(ref);
                assertThat(c.action()).isEqualTo("7");
                assertThat(c.negative()).isFalse();
                assertThat(c.error()).isEmpty();
            });
        });

        // the same CONTRL is in DEMO-POST's outbox
        String ingressId = context.getVariable("ingressId");
        String entryId = outboxEntry("demo-post-key", "CONTRL", ingressId);
        assertThat(entryId).as("positive CONTRL in the outbox").isNotNull();
        assertThat(Http.getBytes(port, "/v1/postal/outbox/" + entryId, "demo-post-key").body())
                .isEqualTo(Base64.getDecoder().decode(context.getVariable("contrl")));

        // OTHER-POST sees none of it (404, never the content)
        assertThat(Http.get(port, "/v1/postal/outbox/" + entryId, "other-post-key-123").statusCode()).isEqualTo(404);
        assertThat(Http.get(port, "/v1/postal/items/" + item.s10(), "other-post-key-123").statusCode()).isEqualTo(404);
        assertThat(ack("other-post-key-123", entryId).statusCode()).isEqualTo(404);
        HttpResponse<String> otherList = Http.get(port, "/v1/postal/outbox", "other-post-key-123");
        assertThat(otherList.statusCode()).isEqualTo(200);
        assertThat(ids(otherList.body())).doesNotContain(entryId);
        assertThat(ids(Http.get(port, "/v1/postal/outbox", "demo-post-key").body()))
                .as("a foreign ack changes nothing").contains(entryId);
        assertThat(Http.get(port, "/v1/postal/items/" + item.s10(), "demo-post-key").statusCode()).isEqualTo(200);

        // ack removes it from the pending list; the bytes stay readable (archive)
        assertThat(ack("demo-post-key", entryId).statusCode()).isEqualTo(204);
        assertThat(ids(Http.get(port, "/v1/postal/outbox", "demo-post-key").body())).doesNotContain(entryId);
        assertThat(ack("demo-post-key", "0193f1b0-4c21-7a0e-9d4b-6f10e2a3b4c5").statusCode()).isEqualTo(404);
        HttpResponse<String> unknownAck = ack("demo-post-key", "no-such-entry");
        assertThat(unknownAck.statusCode()).isEqualTo(404);
        assertThat(unknownAck.headers().firstValue("Content-Type")).hasValueSatisfying(
                v -> assertThat(v).startsWith("application/problem+json"));
    }

    private void expectRejected(TestCaseRunner runner, String edi, String code, String ref, String contrlCode,
                                String segment) {
        runner.$(http().client(gateway).send().post("/v1/postal/interchanges").message()
                .header("Authorization", "Bearer demo-post-key")
                .contentType("application/EDIFACT").body(edi));
        runner.$(http().client(gateway).receive().response(HttpStatus.BAD_REQUEST).message()
                .header("X-Clearway-Error-Code", code)
                .header("Content-Type", "@matches('(?i)application/edifact.*')@")
                .name(code));
        runner.$(context -> {
            byte[] body = context.getMessageStore().getMessage(code).getPayload(String.class)
                    .getBytes(StandardCharsets.ISO_8859_1);
            var contrl = ContrlReader.read(body);
            assertThat(contrl.contrls()).as(code + " CONTRL").singleElement().satisfies(c -> {
                assertThat(c.acknowledgedInterchangeRef()).isEqualTo(ref);
                assertThat(c.action()).isEqualTo("4");
                assertThat(c.error()).hasValueSatisfying(e -> {
                    assertThat(e.errorCode()).as("0085 for " + code).isEqualTo(contrlCode);
                    assertThat(e.segmentTag()).isEqualTo(segment);
                });
            });
        });
    }

    /** One receive timeout for all S10 ids of the test: none of their declarations reached customs. */
    private void assertNothingReachedCustoms(TestCaseRunner runner) {
        String ids = mustNotArrive.stream()
                .map(s10 -> Http.declarationIdOf(port, "demo-post-key", s10))
                .filter(Objects::nonNull)
                .map(id -> "'" + id + "'")
                .collect(Collectors.joining(","));
        runner.$(expectTimeout(customsQueue)
                .selector("clearway_declaration_id IN (" + (ids.isEmpty() ? "'none'" : ids) + ")")
                .timeout(2500));
    }

    private String validInterchange(String ref) {
        return TestInterchanges.text(TestInterchanges.single(ref, remember(Item.valid())));
    }

    private Item remember(Item item) {
        mustNotArrive.add(item.s10());
        return item;
    }

    private HttpResponse<String> post(String key, String contentType, byte[] body) {
        return Http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/postal/interchanges"))
                .header("Authorization", "Bearer " + key).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build());
    }

    private HttpResponse<String> ack(String key, String id) {
        return Http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/postal/outbox/" + id + "/ack"))
                .header("Authorization", "Bearer " + key).POST(HttpRequest.BodyPublishers.noBody()).build());
    }

    private String outboxEntry(String key, String kind, String ingressId) throws IOException {
        for (JsonNode e : JSON.readTree(Http.get(port, "/v1/postal/outbox", key).body()).get("items")) {
            if (kind.equals(e.get("kind").asText()) && e.has("ingressId") && ingressId.equals(e.get("ingressId").asText())) {
                return e.get("id").asText();
            }
        }
        return null;
    }

    private static List<String> ids(String outboxList) {
        try {
            List<String> ids = new ArrayList<>();
            JSON.readTree(outboxList).get("items").forEach(e -> ids.add(e.get("id").asText()));
            return ids;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String field(String json, String name) {
        try {
            return JSON.readTree(json).get(name).asText();
        } catch (IOException e) {
            throw new IllegalStateException(json, e);
        }
    }
}
