package org.clearway.routes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.clearway.routes.ExpressFixtures.JSON;
import static org.clearway.routes.ExpressFixtures.json;
import static org.clearway.routes.ExpressFixtures.post;
import static org.clearway.routes.ExpressFixtures.shipment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bad express input end to end (PARTNER-APIS §1.3, §1.4, §2, §8): each case gets its exact status,
 * problem type and field pointer/code, and nothing of a rejected shipment exists afterwards (its
 * house waybill is unknown, so nothing went downstream).
 */
class ExpressRejectionsIT extends GatewayIT {
    private static final String TYPES = "https://api.clearway.example/problems/";

    static Stream<Arguments> invalidShipments() {
        return Stream.of(
                bad("lower-case country", s -> ((ObjectNode) s.at("/receiver/address")).put("country", "de"),
                        "/receiver/address/country", "FORMAT"),
                bad("UK is not ISO 3166", s -> ((ObjectNode) s.at("/receiver/address")).put("country", "UK"),
                        "/receiver/address/country", "UNKNOWN_COUNTRY"),
                bad("negative line value", s -> ((ObjectNode) s.at("/lineItems/0/value")).put("amount", -1),
                        "/lineItems/0/value/amount", "RANGE"),
                bad("letters in HS code", s -> ((ObjectNode) s.at("/lineItems/1")).put("hsCode", "39269A"),
                        "/lineItems/1/hsCode", "HS_FORMAT"),
                bad("string for a number", s -> s.put("pieces", "2"), "/pieces", "TYPE"),
                bad("missing house waybill", s -> s.remove("houseWaybill"), "/houseWaybill", "REQUIRED"),
                bad("unknown shipment type", s -> s.put("shipmentType", "PRESENT"), "/shipmentType", "ENUM"),
                bad("unknown currency", s -> ((ObjectNode) s.at("/lineItems/0/value")).put("currency", "EUX"),
                        "/lineItems/0/value/currency", "UNKNOWN_CURRENCY"),
                bad("bad IOSS number", s -> ((ObjectNode) s.get("vat")).put("iossNumber", "IM52800012"),
                        "/vat/iossNumber", "IOSS_FORMAT"),
                bad("AWB check digit", s -> s.put("masterAirWaybill", "176-12345674"), "/masterAirWaybill",
                        "AWB_FORMAT"),
                bad("no line items", s -> s.putArray("lineItems"), "/lineItems", "MAX_ITEMS"),
                bad("card number in a description", s -> ((ObjectNode) s.at("/lineItems/0")).put("description",
                        "paid by card 4111 1111 1111 1111"), "/lineItems/0/description", "PAN_DETECTED"),
                bad("over-long description", s -> ((ObjectNode) s.at("/lineItems/0")).put("description", "x".repeat(513)),
                        "/lineItems/0/description", "MAX_LENGTH"));
    }

    private static Arguments bad(String name, Consumer<ObjectNode> change, String pointer, String code) {
        return Arguments.of(name, change, pointer, code);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidShipments")
    void invalidFieldIs422WithItsPointerAndCode(String name, Consumer<ObjectNode> change, String pointer, String code) {
        ObjectNode s = shipment("express-shipment-eu-ioss.json");
        String hwb = s.path("houseWaybill").asText();
        change.accept(s);
        HttpResponse<String> r = post(port, "/v1/express/shipments", "it-bad-" + ExpressFixtures.uniqueHouseWaybill(), s);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(422);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(ct -> assertThat(ct).startsWith("application/problem+json"));
        JsonNode problem = json(r);
        assertThat(problem.get("type").asText()).isEqualTo(TYPES + "validation-error");
        assertThat(problem.get("title").asText()).isEqualTo("Request content is invalid");
        assertThat(problem.get("traceId").asText()).isEqualTo(r.headers().firstValue("X-Request-Id").orElseThrow());
        assertThat(problem.get("instance").asText()).isEqualTo("urn:clearway:request:" + problem.get("traceId").asText());
        assertThat(problem.get("errors")).anySatisfy(e -> {
            assertThat(e.get("pointer").asText()).isEqualTo(pointer);
            assertThat(e.get("code").asText()).isEqualTo(code);
        });
        assertUnknown(hwb);
    }

    @Test
    void malformedJsonIs400WithLineAndColumn() {
        HttpResponse<String> r = post(port, "/v1/express/shipments", ExpressFixtures.KEY, "it-malformed",
                "application/json", "{\n  \"houseWaybill\": \"ABC123\",\n  \"pieces\": 1,,\n}".getBytes(StandardCharsets.UTF_8));
        assertThat(r.statusCode()).isEqualTo(400);
        JsonNode p = json(r);
        assertThat(p.get("type").asText()).isEqualTo(TYPES + "malformed-json");
        assertThat(p.at("/errors/0/line").asInt()).isEqualTo(3);
        assertThat(p.at("/errors/0/column").asText()).isNotBlank();
    }

    @Test
    void deeplyNestedJsonIs400NestingTooDeep() {
        String deep = "{\"a\":".repeat(40) + "1" + "}".repeat(40);
        HttpResponse<String> r = post(port, "/v1/express/shipments", ExpressFixtures.KEY, "it-deep", "application/json",
                deep.getBytes(StandardCharsets.UTF_8));
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(json(r).get("type").asText()).isEqualTo(TYPES + "nesting-too-deep");
    }

    @Test
    void exponentNumbersAreRejected() throws Exception {
        ObjectNode s = shipment("express-shipment-eu-ioss.json");
        String body = JSON.writeValueAsString(s).replace("\"pieces\":1", "\"pieces\":1e0")
                .replace("\"amount\":18.0", "\"amount\":1.8e1");
        HttpResponse<String> r = post(port, "/v1/express/shipments", ExpressFixtures.KEY, "it-exp", "application/json",
                body.getBytes(StandardCharsets.UTF_8));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(422);
        assertThat(json(r).get("errors")).anySatisfy(e -> assertThat(e.get("pointer").asText()).isEqualTo("/pieces"));
        assertThat(json(r).get("errors")).anySatisfy(e -> {
            assertThat(e.get("pointer").asText()).isEqualTo("/lineItems/0/value/amount");
            assertThat(e.get("code").asText()).isEqualTo("FORMAT");
        });
    }

    @Test
    void transportLevelProblems() throws Exception {
        byte[] valid = JSON.writeValueAsBytes(shipment("express-shipment-eu-ioss.json"));
        // no key, unknown key, a postal partner's key
        assertThat(post(port, "/v1/express/shipments", null, "k1", "application/json", valid).statusCode()).isEqualTo(401);
        HttpResponse<String> unknown = post(port, "/v1/express/shipments", "no-such-key-000", "k1", "application/json", valid);
        assertThat(unknown.statusCode()).isEqualTo(401);
        assertThat(json(unknown).get("type").asText()).isEqualTo(TYPES + "unauthorized");
        HttpResponse<String> postal = post(port, "/v1/express/shipments", "demo-post-key", "k1", "application/json", valid);
        assertThat(postal.statusCode()).isEqualTo(403);
        assertThat(json(postal).get("type").asText()).isEqualTo(TYPES + "forbidden-scope");
        // media type
        HttpResponse<String> xml = post(port, "/v1/express/shipments", ExpressFixtures.KEY, "k2", "application/xml", valid);
        assertThat(xml.statusCode()).isEqualTo(415);
        assertThat(json(xml).get("type").asText()).isEqualTo(TYPES + "unsupported-media-type");
        // idempotency key missing or malformed
        HttpResponse<String> noKey = post(port, "/v1/express/shipments", ExpressFixtures.KEY, null, "application/json", valid);
        assertThat(noKey.statusCode()).isEqualTo(400);
        assertThat(json(noKey).get("type").asText()).isEqualTo(TYPES + "idempotency-key-missing");
        assertThat(post(port, "/v1/express/shipments", ExpressFixtures.KEY, "bad key!", "application/json", valid)
                .statusCode()).isEqualTo(400);
        // not UTF-8
        byte[] latin1 = "{\"houseWaybill\":\"J\u00fcrgen\"}".getBytes(StandardCharsets.ISO_8859_1);
        HttpResponse<String> enc = post(port, "/v1/express/shipments", ExpressFixtures.KEY, "k3", "application/json", latin1);
        assertThat(enc.statusCode()).isEqualTo(400);
        assertThat(json(enc).get("type").asText()).isEqualTo(TYPES + "invalid-encoding");
        // over 2 MiB
        byte[] big = new byte[2 * 1024 * 1024 + 10];
        java.util.Arrays.fill(big, (byte) ' ');
        HttpResponse<String> large = post(port, "/v1/express/shipments", ExpressFixtures.KEY, "k4", "application/json", big);
        assertThat(large.statusCode()).isEqualTo(413);
        assertThat(json(large).get("type").asText()).isEqualTo(TYPES + "payload-too-large");
    }

    @Test
    void gzipBodiesAreAcceptedAndBombsAreRefused() throws Exception {
        ObjectNode s = shipment("express-shipment-us-t86.json");
        HttpResponse<String> ok = post(port, "/v1/express/shipments", ExpressFixtures.KEY,
                "it-gzip-" + s.get("houseWaybill").asText(), "application/json", gzip(JSON.writeValueAsBytes(s)),
                "Content-Encoding", "gzip");
        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(202);
        // ~10 KB of gzip inflating to 10 MB of spaces: refused as soon as it crosses the ratio or size
        byte[] bomb = gzip(("{\"a\":\"" + " ".repeat(10_000_000) + "\"}").getBytes(StandardCharsets.UTF_8));
        assertThat(bomb.length).isLessThan(20_000);
        HttpResponse<String> r = post(port, "/v1/express/shipments", ExpressFixtures.KEY, "it-bomb", "application/json",
                bomb, "Content-Encoding", "gzip");
        assertThat(r.statusCode()).isEqualTo(413);
        assertThat(json(r).get("type").asText()).isEqualTo(TYPES + "payload-too-large");
        HttpResponse<String> br = post(port, "/v1/express/shipments", ExpressFixtures.KEY, "it-br", "application/json",
                JSON.writeValueAsBytes(s), "Content-Encoding", "br");
        assertThat(br.statusCode()).isEqualTo(415);
        HttpResponse<String> broken = post(port, "/v1/express/shipments", ExpressFixtures.KEY, "it-badgz",
                "application/json", "not gzip at all".getBytes(StandardCharsets.UTF_8), "Content-Encoding", "gzip");
        assertThat(broken.statusCode()).isEqualTo(400);
    }

    private void assertUnknown(String hwb) {
        if (!hwb.isEmpty()) {
            assertThat(Http.get(port, "/v1/express/shipments?houseWaybill=" + hwb, ExpressFixtures.KEY).statusCode())
                    .as("a rejected shipment leaves nothing behind").isEqualTo(404);
        }
    }

    private static byte[] gzip(byte[] raw) throws java.io.IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(raw);
        }
        return out.toByteArray();
    }
}
