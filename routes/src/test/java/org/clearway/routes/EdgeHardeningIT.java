package org.clearway.routes;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Issue 13, edge hardening, each defect measured from outside as its own case: guards keyed on the
 * normalised path (every prefix in every spelling), no request header echoed, every former 5xx
 * cause answered as the spec says, container and {@code /error} answers in problem+json, and a
 * shipment the edge accepts is one the pipeline can deliver.
 */
class EdgeHardeningIT extends GatewayIT {
    private static final Logger log = LoggerFactory.getLogger(EdgeHardeningIT.class);
    private static final String TYPES = "https://api.clearway.example/problems/";
    private static final String EXPRESS = ExpressFixtures.KEY;
    private static final String PLATFORM = "demo-platform-key";
    private static final String ADMIN = "it-admin-key-0123";

    /** The raw spellings of one canonical path that Tomcat normalises to it. */
    static List<String> spellings(String path) {
        String first = path.substring(1, path.indexOf('/', 1) < 0 ? path.length() : path.indexOf('/', 1));
        String rest = path.substring(1 + first.length());
        return List.of(
                "/" + first + ";x=1" + rest,
                "/%" + Integer.toHexString(first.charAt(0)) + first.substring(1) + rest,
                "/" + "/" + first + rest,
                "/./" + first + rest,
                "/zz/../" + first + rest);
    }

    static String envelope(String hwb) {
        return ExpressSoapIT.example41(hwb, "edge-" + hwb);
    }

    private static Map<String, String> soapHeaders(String key) {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Content-Type", "text/xml; charset=utf-8");
        h.put("SOAPAction", "\"urn:clearway:express:soap:1#SubmitShipment\"");
        if (key != null) {
            h.put("Authorization", "Bearer " + key);
        }
        return h;
    }

    @Test
    void soapGuardHoldsForEverySpellingOfThePath() {
        byte[] valid = envelope(ExpressFixtures.uniqueHouseWaybill()).getBytes(StandardCharsets.UTF_8);
        byte[] doctype = ("<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e \"e\">]>" + new String(valid, StandardCharsets.UTF_8)
                .replaceFirst("<\\?xml[^>]*>", "")).getBytes(StandardCharsets.UTF_8);
        byte[] huge = new byte[11 * 1024 * 1024];
        java.util.Arrays.fill(huge, (byte) ' ');
        for (String path : spellings("/soap/express/v1")) {
            RawHttp.Response noKey = RawHttp.send(port, "POST", path, soapHeaders(null), valid);
            assertThat(noKey.status()).as("no key on " + path).isEqualTo(401);
            RawHttp.Response tooBig = RawHttp.send(port, "POST", path, soapHeaders(EXPRESS), huge);
            assertThat(tooBig.status()).as("11 MiB on " + path).isEqualTo(413);
            RawHttp.Response dtd = RawHttp.send(port, "POST", path, soapHeaders(EXPRESS), doctype);
            assertThat(dtd.status()).as("DOCTYPE on " + path).isEqualTo(500);
            assertThat(dtd.text()).as(path).contains("Client").contains("xml-forbidden-construct");
            log.info("edge bypass: POST {} -> no key {}, 11 MiB {}, DOCTYPE {}", path, noKey.status(), tooBig.status(),
                    dtd.status());
        }
    }

    @Test
    void everyPrefixAnswersItsSpellingsLikeTheCanonicalPath() {
        Map<String, String> noKey = Map.of("Content-Type", "application/json", "Idempotency-Key", "edge-1");
        byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
        List<String[]> targets = List.of(new String[] {"POST", "/as2"}, new String[] {"POST", "/v1/express/shipments"},
                new String[] {"PUT", "/v1/platform/orders/EDGE-1"}, new String[] {"GET", "/v1/decisions"},
                new String[] {"GET", "/v1/customs/declarations"}, new String[] {"POST", "/v1/postal/interchanges"},
                new String[] {"GET", "/v1/admin/dead-letters/gw.parse"}, new String[] {"GET", "/v1/webhooks/config"});
        for (String[] t : targets) {
            RawHttp.Response canonical = RawHttp.send(port, t[0], t[1], noKey, "GET".equals(t[0]) ? null : body);
            assertThat(canonical.status()).as(t[1]).isBetween(400, 499);
            for (String path : spellings(t[1])) {
                RawHttp.Response r = RawHttp.send(port, t[0], path, noKey, "GET".equals(t[0]) ? null : body);
                log.info("edge bypass: {} {} -> {} (canonical {})", t[0], path, r.status(), canonical.status());
                assertThat(r.status()).as(t[0] + " " + path).isNotEqualTo(0).isBetween(400, 499);
                assertThat(r.status() == canonical.status() || r.status() == 400 || r.status() == 404)
                        .as(t[0] + " " + path + " answered " + r.status() + ", canonical " + canonical.status()).isTrue();
                // AS2 answers in its own media (text/plain or an MDN), everything else as problem+json
                if (!t[1].equals("/as2") || r.status() != canonical.status()) {
                    assertThat(r.header("Content-Type")).as(t[0] + " " + path).startsWith("application/problem+json");
                } else {
                    assertThat(r.header("Content-Type")).as(t[0] + " " + path).isEqualTo(canonical.header("Content-Type"));
                }
            }
        }
    }

    @Test
    void soapResponsesEchoNoRequestHeader() {
        Map<String, String> h = soapHeaders(EXPRESS);
        h.put("X-Echo-Probe", "probe-value-7781");
        h.put("Cookie", "session=probe-cookie-7781");
        RawHttp.Response ok = RawHttp.send(port, "POST", "/soap/express/v1", h,
                envelope(ExpressFixtures.uniqueHouseWaybill()).getBytes(StandardCharsets.UTF_8));
        assertThat(ok.status()).as(ok.text()).isEqualTo(200);
        RawHttp.Response fault = RawHttp.send(port, "POST", "/soap/express/v1", h,
                envelope("bad hwb").getBytes(StandardCharsets.UTF_8));
        assertThat(fault.status()).isEqualTo(500);
        for (RawHttp.Response r : List.of(ok, fault)) {
            assertThat(r.headers()).doesNotContainKeys("authorization", "x-echo-probe", "cookie", "soapaction", "user-agent");
            assertThat(r.headers().values()).noneMatch(v -> v.contains(EXPRESS) || v.contains("7781"));
        }
    }

    @Test
    void nonIntegerAndOutOfRangeParametersAre400() {
        assertParameter(Http.get(port, "/v1/customs/declarations?limit=ten", "pull-customs-key-123"), "/limit");
        assertParameter(Http.get(port, "/v1/customs/declarations?limit=99999999999", "pull-customs-key-123"), "/limit");
        assertParameter(Http.get(port, "/v1/admin/dead-letters/gw.parse?limit=1.5", ADMIN), "/limit");
        assertParameter(Http.get(port, "/v1/platform/uploads/up-1?fromLine=abc", PLATFORM), "/fromLine");
        assertParameter(Http.get(port, "/v1/platform/uploads/up-1?limit=-3", PLATFORM), "/limit");
        var cursor = Http.get(port, "/v1/customs/declarations?after=!!!", "pull-customs-key-123");
        assertThat(cursor.statusCode()).isEqualTo(400);
        assertThat(Http.get(port, "/v1/decisions?limit=x", EXPRESS).statusCode()).isEqualTo(400);
    }

    @Test
    void idsLongerThanTheirColumnAre400() {
        String longId = "A".repeat(300);
        assertParameter(Http.get(port, "/v1/express/shipments/" + longId, EXPRESS), "/shipmentRef");
        assertParameter(ExpressFixtures.delete(port, "/v1/express/shipments/" + longId, "edge-del-1"), "/shipmentRef");
        assertParameter(Http.get(port, "/v1/platform/orders/" + longId, PLATFORM), "/orderId");
        var put = RawHttp.send(port, "PUT", "/v1/platform/orders/" + longId, Map.of("Authorization", "Bearer " + PLATFORM,
                "Content-Type", "application/json", "Idempotency-Key", "edge-put-1"), "{}".getBytes(StandardCharsets.UTF_8));
        assertThat(put.status()).as(put.text()).isEqualTo(400);
        assertParameter(Http.get(port, "/v1/platform/uploads/" + longId, PLATFORM), "/uploadId");
        assertParameter(Http.get(port, "/v1/decisions/" + longId, EXPRESS), "/decisionId");
        assertParameter(Http.get(port, "/v1/postal/items/" + longId, "demo-post-key"), "/s10ItemId");
        assertParameter(Http.get(port, "/v1/postal/outbox/" + longId, "demo-post-key"), "/id");
    }

    private static void assertParameter(java.net.http.HttpResponse<String> r, String pointer) {
        assertThat(r.statusCode()).as(r.uri() + " " + r.body()).isEqualTo(400);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(ct -> assertThat(ct).startsWith("application/problem+json"));
        JsonNode p = Http.json(r.body());
        assertThat(p.get("errors")).as(r.body()).anySatisfy(e -> assertThat(e.get("pointer").asText()).isEqualTo(pointer));
    }

    @Test
    void expressBodyProblemsAnsweredAsTheSpecSays() throws Exception {
        ObjectNode s = ExpressFixtures.shipment("express-shipment-eu-ioss.json");
        byte[] json = ExpressFixtures.JSON.writeValueAsBytes(s);
        byte[] bom = new byte[json.length + 3];
        bom[0] = (byte) 0xEF;
        bom[1] = (byte) 0xBB;
        bom[2] = (byte) 0xBF;
        System.arraycopy(json, 0, bom, 3, json.length);
        var r = ExpressFixtures.post(port, "/v1/express/shipments", EXPRESS, "edge-bom", "application/json", bom);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
        assertThat(Http.json(r.body()).get("type").asText()).isEqualTo(TYPES + "invalid-encoding");

        ObjectNode routing = s.deepCopy();
        ((ObjectNode) routing.get("route")).putArray("routing").addNull().add(7).add("DE");
        assertField(ExpressFixtures.post(port, "/v1/express/shipments", "edge-routing", routing), 422, "/route/routing/0", "TYPE");

        ObjectNode emptyId = ExpressFixtures.shipment("express-shipment-eu-ioss.json").put("shipmentId", "");
        String hwb = emptyId.get("houseWaybill").asText();
        assertField(ExpressFixtures.post(port, "/v1/express/shipments", "edge-empty-id", emptyId), 422, "/shipmentId", "FORMAT");
        assertThat(Http.get(port, "/v1/express/shipments?houseWaybill=" + hwb, EXPRESS).statusCode()).isEqualTo(404);

        String longNumber = ExpressFixtures.JSON.writeValueAsString(ExpressFixtures.shipment("express-shipment-eu-ioss.json"))
                .replace("\"pieces\":1", "\"pieces\":12345678901234567890123456");
        assertField(ExpressFixtures.post(port, "/v1/express/shipments", EXPRESS, "edge-long-number", "application/json",
                longNumber.getBytes(StandardCharsets.UTF_8)), 422, "/pieces", "FORMAT");
    }

    private static void assertField(java.net.http.HttpResponse<String> r, int status, String pointer, String code) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(Http.json(r.body()).get("errors")).as(r.body()).anySatisfy(e -> {
            assertThat(e.get("pointer").asText()).isEqualTo(pointer);
            assertThat(e.get("code").asText()).isEqualTo(code);
        });
    }

    @Test
    void loneSurrogateInADecisionIs422() {
        String body = "{\"schema\":\"urn:clearway:customs-decision-submission:1\",\"specVersion\":\"1.0\","
                + "\"backendDecisionRef\":\"EDGE-SUR-1\",\"declarationId\":\"0193f1c2-7a4e-7c3b-9d2e-5b1a0c9e4f99\","
                + "\"kind\":\"DECISION\",\"status\":\"REJECTED\",\"track\":\"CLEARANCE\",\"final\":true,"
                + "\"customsAuthority\":{\"country\":\"NL\",\"officeRef\":\"NL000001\"},"
                + "\"decidedAt\":\"2026-11-24T10:03:00.000Z\",\"reason\":{\"code\":\"X\",\"text\":\"bad \\uD800 text\"}}";
        var r = RawHttp.send(port, "POST", "/v1/customs/decisions", Map.of("Authorization", "Bearer pull-customs-key-123",
                "Content-Type", "application/json"), body.getBytes(StandardCharsets.UTF_8));
        assertThat(r.status()).as(r.text()).isEqualTo(422);
        assertThat(r.text()).contains("/reason/text");
    }

    @Test
    void soapClientMistakesAreClientFaults() {
        String hwb = ExpressFixtures.uniqueHouseWaybill();
        String valid = envelope(hwb);
        String noBody = "<soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\"><soap:Header/></soap:Envelope>";
        String emptyBody = "<soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\"><soap:Body/></soap:Envelope>";
        Map<String, String> unknownAction = soapHeaders(EXPRESS);
        unknownAction.put("SOAPAction", "\"urn:clearway:express:soap:1#NoSuchOperation\"");
        String mustUnderstand = valid.replace("<soap:Header>", "<soap:Header><z:Strict xmlns:z=\"urn:edge:unknown\" "
                + "soap:mustUnderstand=\"1\">x</z:Strict>");
        byte[] utf16 = valid.getBytes(StandardCharsets.UTF_16LE);

        Map<String, RawHttp.Response> answers = new LinkedHashMap<>();
        answers.put("no Body", RawHttp.send(port, "POST", "/soap/express/v1", soapHeaders(EXPRESS), noBody.getBytes(StandardCharsets.UTF_8)));
        answers.put("empty Body", RawHttp.send(port, "POST", "/soap/express/v1", soapHeaders(EXPRESS), emptyBody.getBytes(StandardCharsets.UTF_8)));
        answers.put("unknown SOAPAction", RawHttp.send(port, "POST", "/soap/express/v1", unknownAction, valid.getBytes(StandardCharsets.UTF_8)));
        answers.put("UTF-16 sent as UTF-8", RawHttp.send(port, "POST", "/soap/express/v1", soapHeaders(EXPRESS), utf16));
        RawHttp.Response mu = RawHttp.send(port, "POST", "/soap/express/v1", soapHeaders(EXPRESS), mustUnderstand.getBytes(StandardCharsets.UTF_8));
        answers.forEach((what, r) -> {
            log.info("edge SOAP {}: {} {}", what, r.status(), r.text().replaceAll("\\s+", " "));
            assertThat(r.status()).as(what).isEqualTo(500);
            assertThat(r.text()).as(what).contains("<faultcode>soap:Client</faultcode>").doesNotContain("soap:Server");
        });
        log.info("edge SOAP mustUnderstand: {} {}", mu.status(), mu.text().replaceAll("\\s+", " "));
        assertThat(mu.status()).isEqualTo(500);
        assertThat(mu.text()).contains("MustUnderstand").doesNotContain("soap:Server");
        assertThat(Http.get(port, "/v1/express/shipments?houseWaybill=" + hwb, EXPRESS).statusCode()).isEqualTo(404);
    }

    @Test
    void unknownWsdlAndXsdNamesAndTheErrorPathAre404ProblemJson() {
        for (String target : List.of("/soap/express/v1?xsd=nope.xsd", "/soap/express/v1?wsdl=nope.wsdl", "/error")) {
            RawHttp.Response r = RawHttp.send(port, "GET", target, Map.of(), null);
            assertThat(r.status()).as(target + " " + r.text()).isEqualTo(404);
            assertThat(r.header("Content-Type")).as(target).startsWith("application/problem+json");
        }
        RawHttp.Response post = RawHttp.send(port, "POST", "/error", Map.of("Content-Type", "application/json"), "{}".getBytes());
        assertThat(post.status()).isEqualTo(404);
        assertThat(post.header("Content-Type")).startsWith("application/problem+json");
        RawHttp.Response wsdl = RawHttp.send(port, "GET", "/soap/express/v1?wsdl", Map.of(), null);
        assertThat(wsdl.status()).isEqualTo(200);
        assertThat(wsdl.text()).contains("definitions");
    }

    @Test
    void containerRefusalsAreProblemJson() {
        byte[] badHeader = ("POST /v1/express/shipments HTTP/1.1\r\nHost: x\r\nConnection: close\r\nAuthorization: Bearer "
                + EXPRESS + "\r\nContent-Type: application/json\r\nIdempotency-Key: bad\u0001key\r\nContent-Length: 2\r\n\r\n{}")
                .getBytes(StandardCharsets.ISO_8859_1);
        byte[] badPath = "GET /v1/express/shipments/a%zzb HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
                .getBytes(StandardCharsets.ISO_8859_1);
        byte[] badChar = "GET /v1/express/shipments/a|b{} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
                .getBytes(StandardCharsets.ISO_8859_1);
        for (byte[] request : List.of(badHeader, badPath, badChar)) {
            RawHttp.Response r = RawHttp.exchange(port, request, null);
            log.info("edge container refusal: {} -> {} {} {}", new String(request, 0, 40, StandardCharsets.ISO_8859_1)
                    .replaceAll("\\p{Cntrl}", "."), r.status(), r.header("Content-Type"), r.text());
            assertThat(r.status()).isBetween(400, 499);
            assertThat(r.header("Content-Type")).startsWith("application/problem+json");
            assertThat(r.text()).doesNotContain("<html");
        }
    }

    @Test
    void truncatedUnbIsAProblemSayingWhyThereIsNoContrl() {
        byte[] truncated = "UNA:+.? 'UNB+UNOC:3+DEMOPOST:ZZZ+DECUSTGW:Z".getBytes(StandardCharsets.ISO_8859_1);
        var r = RawHttp.send(port, "POST", "/v1/postal/interchanges", Map.of("Authorization", "Bearer demo-post-key",
                "Content-Type", "application/EDIFACT"), truncated);
        assertThat(r.status()).as(r.text()).isEqualTo(400);
        assertThat(r.header("Content-Type")).startsWith("application/problem+json");
        assertThat(r.text()).contains("no CONTRL");
        assertThat(r.header("X-Clearway-Error-Code")).isNotBlank();
    }
}
