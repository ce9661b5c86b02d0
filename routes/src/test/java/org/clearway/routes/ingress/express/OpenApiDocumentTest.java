package org.clearway.routes.ingress.express;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.clearway.routes.JsonSamples;
import org.clearway.routes.OpenApiContract;
import org.clearway.routes.OpenApiContract.Answer;
import org.clearway.routes.OpenApiContract.Call;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The express OpenAPI document must accept every spec sample and reject the PARTNER-APIS §3.2
 * violations, so that contract checks built on it (OpenApiContract, ExpressOpenApiIT) mean something.
 */
class OpenApiDocumentTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final OpenApiContract CONTRACT = OpenApiContract.fromClasspath();
    private static final String REQUEST_ID = "0193f1d0-5a5b-7c3e-8f00-1a2b3c4d5e6f";

    @Test
    void documentParsesWithoutMessagesAndHoldsEveryEndpointOfSections3And5() {
        OpenAPI api = parse();
        assertThat(api.getOpenapi()).isEqualTo("3.0.3");
        assertThat(operations(api)).containsKeys(
                "POST /v1/express/shipments", "GET /v1/express/shipments", "POST /v1/express/shipments:batch",
                "POST /v1/express/manifests", "GET /v1/express/shipments/{shipmentRef}",
                "DELETE /v1/express/shipments/{shipmentRef}",
                "POST /v1/express/shipments/{shipmentRef}/information-responses",
                "GET /v1/decisions", "GET /v1/decisions/{decisionId}", "GET /v1/webhooks/config",
                "PUT /v1/webhooks/config", "POST /v1/webhooks/config:rotate-secret");
    }

    @Test
    void everyChangingOperationRequiresAnIdempotencyKeyAndEveryAnswerCarriesARequestId() {
        operations(parse()).forEach((name, op) -> {
            if (!name.startsWith("GET ")) {
                assertThat(op.getParameters()).as(name)
                        .anySatisfy(p -> assertIdempotencyKey(p));
                assertThat(op.getResponses()).as(name).containsKeys("400", "409", "422");
            }
            if (op.getRequestBody() != null) {
                assertThat(op.getResponses()).as(name).containsKeys("413", "415");
            }
            if (!name.contains("openapi")) {
                assertThat(op.getResponses()).as(name).containsKeys("401", "403", "429", "500", "503");
                assertThat(op.getResponses().get("429").getHeaders()).as(name).containsKey("Retry-After");
            }
            op.getResponses().forEach((status, response) ->
                    assertThat(response.getHeaders()).as(name + " " + status).containsKey("X-Request-Id"));
        });
    }

    @ParameterizedTest
    @CsvSource({
            "express-shipment-eu-ioss.json, /v1/express/shipments",
            "express-shipment-us-t86.json, /v1/express/shipments",
            "express-batch.json, /v1/express/shipments:batch",
            "express-batch-split-order.json, /v1/express/shipments:batch"})
    void specSamplesConformToTheRequestSchemaOfTheirEndpoint(String sample, String path) {
        CONTRACT.assertRequestConforms(post(path, JsonSamples.text(sample)));
    }

    @Test
    void webhookSampleConformsToTheDecisionEvent() {
        Call call = new Call("GET", "/v1/decisions/0193f2d0-11aa-7b2c-8e01-3f4a5b6c7d8e",
                Map.of("Authorization", "Bearer demo-express-key"), null);
        CONTRACT.assertAnswerConforms(call, json(200, JsonSamples.text("decision-webhook-duties-payable.json")));
    }

    @Test
    void manifestOfSection36Conforms() {
        CONTRACT.assertRequestConforms(post("/v1/express/manifests", """
                { "masterAirWaybill": "176-12345675",
                  "flight": { "carrier": "ZZ", "number": "ZZ1234", "departureAirport": "PVG",
                              "scheduledDeparture": "2026-11-24T16:05:00Z", "arrivalAirport": "LEJ",
                              "estimatedArrival": "2026-11-25T03:40:00Z" },
                  "houseWaybills": ["1234567890", "1234567891", "1234567892"] }"""));
    }

    @Test
    void unknownMembersAreAllowedAsSection14IgnoresThem() {
        ObjectNode shipment = shipment();
        shipment.put("carrierInternalCode", "X-17");
        ((ObjectNode) shipment.get("receiver")).put("floor", 3);
        CONTRACT.assertRequestConforms(post("/v1/express/shipments", shipment.toString()));
    }

    static Stream<Arguments> brokenShipments() {
        return Stream.of(
                broken("missing houseWaybill", s -> s.remove("houseWaybill")),
                broken("lower-case house waybill", s -> s.put("houseWaybill", "abc123456")),
                broken("lower-case country", s -> address(s, "receiver").put("country", "de")),
                broken("three-letter country", s -> route(s).put("originCountry", "CHN")),
                broken("negative amount", s -> line(s, 0).with("value").put("amount", -18.00)),
                broken("amount as a string", s -> line(s, 0).with("value").put("amount", "18.00")),
                broken("seven fraction digits", s -> line(s, 0).with("value").put("amount", 18.0000001)),
                broken("lower-case currency", s -> line(s, 0).with("value").put("currency", "eur")),
                broken("unknown shipmentType", s -> s.put("shipmentType", "PARCEL")),
                broken("unknown weight unit", s -> s.with("grossWeight").put("unit", "KGS")),
                broken("zero gross weight", s -> s.with("grossWeight").put("value", 0)),
                broken("no pieces", s -> s.put("pieces", 0)),
                broken("1000 pieces", s -> s.put("pieces", 1000)),
                broken("fractional pieces", s -> s.put("pieces", 1.5)),
                broken("no line items", s -> s.putArray("lineItems")),
                broken("line number 0", s -> line(s, 0).put("lineNumber", 0)),
                broken("description of two characters", s -> line(s, 0).put("description", "ab")),
                broken("zero quantity", s -> line(s, 0).with("quantity").put("value", 0)),
                broken("HS code with letters", s -> line(s, 0).put("hsCode", "6109AB")),
                broken("HS code of 7 digits", s -> line(s, 0).put("hsCode", "6109.101")),
                broken("malformed IOSS number", s -> s.with("vat").put("iossNumber", "IM52800012")),
                broken("unknown VAT scheme", s -> s.with("vat").put("scheme", "OSS")),
                broken("malformed master AWB", s -> s.put("masterAirWaybill", "17612345675")),
                broken("party without name or company", s -> ((ObjectNode) s.get("receiver")).remove("name")),
                broken("address without city", s -> address(s, "shipper").remove("city")),
                broken("http product URL", s -> line(s, 0).put("productUrl", "http://shop.example/p/1")),
                broken("malformed UN number", s -> line(s, 0).put("dangerousGoodsUn", "1234")),
                broken("unknown incoterm", s -> s.put("incoterm", "CNF")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("brokenShipments")
    void shipmentBreakingSection32FailsValidation(String why, Consumer<ObjectNode> breakIt) {
        ObjectNode shipment = shipment();
        CONTRACT.assertRequestConforms(post("/v1/express/shipments", shipment.toString()));
        breakIt.accept(shipment);
        CONTRACT.assertRequestBreaks(post("/v1/express/shipments", shipment.toString()), "validation.request.body");
    }

    @Test
    void exponentNotationFailsWhereAnIntegerIsRequired() {
        String sample = JsonSamples.text("express-shipment-eu-ioss.json");
        String exponent = sample.replace("\"pieces\": 1,", "\"pieces\": 1e3,");
        assertThat(exponent).isNotEqualTo(sample);
        CONTRACT.assertRequestBreaks(post("/v1/express/shipments", exponent), "validation.request.body");
    }

    @Test
    void batchNeedsOneToFiveHundredShipmentsEachValidOnItsOwn() {
        CONTRACT.assertRequestBreaks(post("/v1/express/shipments:batch", "{\"shipments\": []}"),
                "validation.request.body");
        CONTRACT.assertRequestBreaks(post("/v1/express/shipments:batch", "{}"), "validation.request.body");
        ObjectNode batch = (ObjectNode) read(JsonSamples.text("express-batch.json"));
        ((ObjectNode) batch.get("shipments").get(1)).put("shipmentType", "commercial");
        CONTRACT.assertRequestBreaks(post("/v1/express/shipments:batch", batch.toString()), "validation.request.body");
    }

    @Test
    void requestHeadersAndMediaTypeAreChecked() {
        String body = JsonSamples.text("express-shipment-eu-ioss.json");
        CONTRACT.assertRequestBreaks(new Call("POST", "/v1/express/shipments",
                Map.of("Authorization", "Bearer demo-express-key", "Content-Type", "application/json"), body),
                "validation.request.parameter.header.missing");
        CONTRACT.assertRequestBreaks(new Call("POST", "/v1/express/shipments",
                Map.of("Authorization", "Bearer demo-express-key", "Content-Type", "application/json",
                        "Idempotency-Key", "has space"), body), "validation.request.parameter");
        CONTRACT.assertRequestBreaks(new Call("POST", "/v1/express/shipments",
                Map.of("Authorization", "Bearer demo-express-key", "Content-Type", "text/plain",
                        "Idempotency-Key", "k-1"), body), "validation.request.contentType.notAllowed");
        CONTRACT.assertRequestBreaks(new Call("POST", "/v1/express/shipments",
                Map.of("Content-Type", "application/json", "Idempotency-Key", "k-1"), body), "validation.request.security");
        CONTRACT.assertRequestBreaks(new Call("GET", "/v1/decisions?limit=501",
                Map.of("Authorization", "Bearer demo-express-key"), null), "validation.request.parameter");
        CONTRACT.assertRequestConforms(new Call("GET", "/v1/decisions?limit=500&status=DUTIES_PAYABLE",
                Map.of("Authorization", "Bearer demo-express-key"), null));
    }

    @Test
    void answersAreCheckedForStatusHeadersAndBody() {
        Call call = post("/v1/express/shipments", JsonSamples.text("express-shipment-eu-ioss.json"));
        String accepted = """
                { "shipmentRef": "shp_0193f1c1d2e84b7f", "outcome": "ACCEPTED", "status": "AWAITING_ORDER_DATA",
                  "declarationId": "0193f1c2-7a4e-7c3b-9d2e-5b1a0c9e4f21", "revision": 1, "warnings": [] }""";
        CONTRACT.assertAnswerConforms(call, json(202, accepted));

        assertThatThrownBy(() -> CONTRACT.assertAnswerConforms(call, json(202, accepted.replace("ACCEPTED", "CREATED"))))
                .hasMessageContaining("validation.response.body");
        assertThatThrownBy(() -> CONTRACT.assertAnswerConforms(call,
                new Answer(202, Map.of("Content-Type", List.of("application/json")), accepted)))
                .hasMessageContaining("X-Request-Id");
        assertThatThrownBy(() -> CONTRACT.assertAnswerConforms(call, json(201, accepted)))
                .hasMessageContaining("validation.response.status.unknown");
    }

    @Test
    void problemDocumentsFollowSection2() {
        Call call = post("/v1/express/shipments", "{}");
        String problem = """
                { "type": "https://api.clearway.example/problems/validation-error", "title": "Request content is invalid",
                  "status": 422, "detail": "1 field error", "instance": "urn:clearway:request:%1$s", "traceId": "%1$s",
                  "errors": [ { "pointer": "/lineItems/0/value/amount", "code": "RANGE", "detail": "must be >= 0" } ] }"""
                .formatted(REQUEST_ID);
        CONTRACT.assertAnswerConforms(call, problem(422, problem));

        assertThatThrownBy(() -> CONTRACT.assertAnswerConforms(call, json(422, problem)))
                .as("problems are application/problem+json").hasMessageContaining("contentType");
        assertThatThrownBy(() -> CONTRACT.assertAnswerConforms(call,
                problem(422, problem.replace("\"traceId\": \"" + REQUEST_ID + "\",", ""))))
                .hasMessageContaining("traceId");
        assertThatThrownBy(() -> CONTRACT.assertAnswerConforms(call, problem(422, problem.replace("RANGE", "NEGATIVE"))))
                .hasMessageContaining("validation.response.body");
        assertThatThrownBy(() -> CONTRACT.assertAnswerConforms(call,
                problem(422, problem.replace("problems/validation-error", "problems/oops"))))
                .hasMessageContaining("validation.response.body");
        assertThatThrownBy(() -> CONTRACT.assertAnswerConforms(call,
                new Answer(429, Map.of("Content-Type", List.of("application/problem+json"),
                        "X-Request-Id", List.of(REQUEST_ID)), problem.replace("422", "429"))))
                .hasMessageContaining("Retry-After");
    }

    @Test
    void batchResultOfSection35Conforms() {
        Call call = post("/v1/express/shipments:batch", JsonSamples.text("express-batch.json"));
        CONTRACT.assertAnswerConforms(call, json(207, """
                { "results": [
                    { "index": 0, "status": 202, "outcome": "ACCEPTED", "shipmentRef": "shp_0193f1c1e0a47a11" },
                    { "index": 1, "status": 422, "problem": {
                        "type": "https://api.clearway.example/problems/validation-error", "title": "Request content is invalid",
                        "status": 422, "errors": [ { "pointer": "/shipments/1/lineItems/0/hsCode", "code": "HS_FORMAT",
                        "detail": "HS code must contain 6, 8 or 10 digits", "index": 1 } ] } } ],
                  "accepted": 1, "rejected": 1 }"""));
    }

    private static Arguments broken(String why, Consumer<ObjectNode> breakIt) {
        return Arguments.of(why, breakIt);
    }

    private static ObjectNode shipment() {
        return (ObjectNode) read(JsonSamples.text("express-shipment-eu-ioss.json"));
    }

    private static ObjectNode route(ObjectNode shipment) {
        return (ObjectNode) shipment.get("route");
    }

    private static ObjectNode address(ObjectNode shipment, String party) {
        return (ObjectNode) shipment.get(party).get("address");
    }

    private static ObjectNode line(ObjectNode shipment, int index) {
        return (ObjectNode) ((ArrayNode) shipment.get("lineItems")).get(index);
    }

    private static Call post(String path, String body) {
        return new Call("POST", path, Map.of("Authorization", "Bearer demo-express-key",
                "Content-Type", "application/json", "Idempotency-Key", "test-key-1"), body);
    }

    private static Answer json(int status, String body) {
        return new Answer(status, Map.of("Content-Type", List.of("application/json"),
                "X-Request-Id", List.of(REQUEST_ID)), body);
    }

    private static Answer problem(int status, String body) {
        return new Answer(status, Map.of("Content-Type", List.of("application/problem+json"),
                "X-Request-Id", List.of(REQUEST_ID)), body);
    }

    private static JsonNode read(String json) {
        try {
            return JSON.readTree(json);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static OpenAPI parse() {
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        options.setResolveFully(true);
        SwaggerParseResult result = new OpenAPIV3Parser().readContents(OpenApiContract.document(), null, options);
        assertThat(result.getMessages()).isEmpty();
        assertThat(result.getOpenAPI()).isNotNull();
        return result.getOpenAPI();
    }

    private static Map<String, Operation> operations(OpenAPI api) {
        Map<String, Operation> ops = new java.util.LinkedHashMap<>();
        api.getPaths().forEach((path, item) -> item.readOperationsMap()
                .forEach((method, op) -> ops.put(method.name() + " " + path, withPathParameters(item, op))));
        return ops;
    }

    private static Operation withPathParameters(PathItem item, Operation op) {
        List<Parameter> all = new ArrayList<>();
        if (item.getParameters() != null) {
            all.addAll(item.getParameters());
        }
        if (op.getParameters() != null) {
            all.addAll(op.getParameters());
        }
        return op.parameters(all);
    }

    private static void assertIdempotencyKey(Parameter p) {
        assertThat(p.getName()).isEqualTo("Idempotency-Key");
        assertThat(p.getIn()).isEqualTo("header");
        assertThat(p.getRequired()).isTrue();
        assertThat(p.getSchema().getPattern()).isEqualTo("^[A-Za-z0-9._:-]{1,128}$");
    }
}
