package org.clearway.routes.ingress.express;

import org.clearway.routes.ingress.ApiResult;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.clearway.mappings.express.FieldProblem;
import org.clearway.mappings.express.SoapFaultXml;
import org.clearway.mappings.express.SoapShipmentXml;
import org.clearway.routes.response.express.DecisionFeed;
import org.clearway.routes.support.ApiProblem;
import org.clearway.routes.support.ProblemException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * The operations of {@code CLEARWAY-EXPRESS-SOAP-1} (PARTNER-APIS §4) on top of the binding-free
 * {@link ExpressService} and {@link DecisionFeed}: the payload element becomes the REST JSON
 * ({@link SoapShipmentXml}), the result JSON becomes the response element, and every problem becomes
 * a {@link SoapProblem} whose JSON Pointers are translated to the §4.2 XPath-like form relative to
 * the request element. Knows nothing about CXF or Camel; {@link SoapIngressRoute} does the wiring.
 */
@Component
public class ExpressSoapBinding {
    private static final Logger log = LoggerFactory.getLogger(ExpressSoapBinding.class);
    private static final JsonNodeFactory NODES = JsonNodeFactory.withExactBigDecimals(true);
    private static final ObjectMapper MAPPER = new ObjectMapper().setNodeFactory(NODES);
    private static final java.util.regex.Pattern KEY = java.util.regex.Pattern.compile("^[A-Za-z0-9._:-]{1,128}$");
    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 500;

    /** Who is calling and how: the authenticated partner, the scope check, the two idempotency keys. */
    public interface Call {
        String partnerId();

        /**
         * Throws the §1.1 problem (403 {@code forbidden-scope}) when the partner lacks {@code scope},
         * and 429 {@code rate-limited} over the partner's rate.
         */
        void requireScope(String scope);

        /** {@code <x:IdempotencyKey>} header block text, or null. */
        String headerKey();

        /** HTTP {@code Idempotency-Key}, or null. */
        String httpKey();

        String traceId();
    }

    /** The answer: the response element's name and JSON body, plus HTTP headers ({@code Idempotent-Replayed}). */
    public record Answer(String element, JsonNode body, Map<String, String> headers) {
        public Element toXml(Document document) {
            return SoapShipmentXml.toXml(body, document, element);
        }
    }

    /** A problem to be answered as a SOAP fault: its §2 document with XPath-like pointers. */
    public static final class SoapProblem extends RuntimeException {
        private final transient ObjectNode problem;
        private final int status;
        private final String title;
        private final transient Map<String, String> headers;

        SoapProblem(ObjectNode problem, int status, String title, Map<String, String> headers) {
            super(title, null, false, false);
            this.problem = problem;
            this.status = status;
            this.title = title;
            this.headers = Map.copyOf(headers);
        }

        /** HTTP headers of the problem ({@code Retry-After}). */
        public Map<String, String> headers() {
            return headers;
        }

        public ObjectNode problem() {
            return problem;
        }

        public int status() {
            return status;
        }

        public String title() {
            return title;
        }

        public SoapFaultXml.Code code() {
            return SoapFaultXml.codeFor(status);
        }
    }

    private final ExpressService express;
    private final DecisionFeed decisions;

    public ExpressSoapBinding(ExpressService express, DecisionFeed decisions) {
        this.express = express;
        this.decisions = decisions;
    }

    /** Answers one request element of the SOAP Body, or throws {@link SoapProblem}. */
    public Answer answer(Element request, Call call) {
        String operation = request.getLocalName();
        if (!SoapShipmentXml.NS.equals(request.getNamespaceURI())) {
            throw problem(new ApiProblem(HttpStatus.UNPROCESSABLE_ENTITY, "validation-error", "the request element {"
                    + request.getNamespaceURI() + "}" + operation + " is not an operation of " + SoapShipmentXml.NS), "", call);
        }
        // where the JSON root of the service's body sits inside the request element (for §4.2 pointers)
        String root = "SubmitShipmentRequest".equals(operation) ? "/shipment" : "";
        try {
            return switch (operation) {
                case "SubmitShipmentRequest" -> submitShipment(request, call);
                case "SubmitShipmentBatchRequest" -> write(call, "SubmitShipmentBatchResponse",
                        () -> express.submitBatch(call.partnerId(), key(call), body(request, ""), ExpressStaging.SOAP_DIALECT));
                case "SubmitManifestRequest" -> write(call, "SubmitManifestResponse",
                        () -> express.submitManifest(call.partnerId(), key(call), body(request, "")));
                case "GetShipmentStatusRequest" -> status(request, call);
                case "GetDecisionsRequest" -> decisions(request, call);
                case "AnswerInformationRequestRequest" -> informationResponse(request, call);
                case "CancelShipmentRequest" -> write(call, "CancelShipmentResponse",
                        () -> express.cancel(call.partnerId(), key(call), text(request, "shipmentRef", true)));
                default -> throw new RequestProblem("unknown operation element " + operation, List.of());
            };
        } catch (SoapProblem e) {
            throw e;
        } catch (RequestProblem e) {
            throw problem(e, "", call);
        } catch (ProblemException e) {
            throw problem(e, root, call);
        } catch (RuntimeException e) {
            log.error("SOAP {} failed for partner {}", operation, call.partnerId(), e);
            throw problem(new ApiProblem(HttpStatus.INTERNAL_SERVER_ERROR, "internal-error",
                    "the gateway could not process the request; nothing was accepted"), root, call);
        }
    }

    private Answer submitShipment(Element request, Call call) {
        Element shipment = child(request, "shipment");
        if (shipment == null) {
            throw validation("/shipment", "REQUIRED", "shipment is required");
        }
        byte[] body = body(shipment, "");
        return write(call, "SubmitShipmentResponse", () -> express.submitShipment(call.partnerId(), key(call), body, ExpressStaging.SOAP_DIALECT));
    }

    private Answer status(Element request, Call call) {
        call.requireScope("express:write");
        String ref = text(request, "shipmentRef", false);
        String hwb = text(request, "houseWaybill", false);
        if ((ref == null) == (hwb == null)) {
            throw validation("/shipmentRef", "REQUIRED", "give either shipmentRef or houseWaybill");
        }
        ApiResult r = ref != null ? express.status(call.partnerId(), ref) : express.statusByHouseWaybill(call.partnerId(), hwb);
        return new Answer("GetShipmentStatusResponse", r.body(), r.headers());
    }

    private Answer decisions(Element request, Call call) {
        call.requireScope("decisions:read");
        int limit = DEFAULT_LIMIT;
        String text = text(request, "limit", false);
        if (text != null) {
            try {
                limit = Integer.parseInt(text.strip());
            } catch (NumberFormatException e) {
                throw validation("/limit", "TYPE", "limit must be an integer");
            }
            if (limit < 1 || limit > MAX_LIMIT) {
                throw validation("/limit", "RANGE", "limit must be 1-" + MAX_LIMIT);
            }
        }
        JsonNode page = decisions.page(call.partnerId(), text(request, "after", false), limit, text(request, "status", false));
        ObjectNode body = NODES.objectNode();
        // §4: GetDecisionsResponse/decisions/decision, nextCursor (+ hasMore as in §5.3)
        body.set("decisions", page.path("events").isArray() ? page.get("events") : NODES.arrayNode());
        body.set("nextCursor", page.get("nextCursor"));
        body.set("hasMore", page.get("hasMore"));
        return new Answer("GetDecisionsResponse", body, Map.of());
    }

    private Answer informationResponse(Element request, Call call) {
        String ref = text(request, "shipmentRef", true);
        String decisionId = text(request, "decisionId", true);
        Element shipment = child(request, "shipment");
        if (shipment == null) {
            throw validation("/shipment", "REQUIRED", "shipment (the changed fields) is required");
        }
        // the REST body: {"decisionId": ..., "shipment": <JSON Merge Patch of the shipment>} (§3.1)
        ObjectNode answer = NODES.objectNode();
        answer.put("decisionId", decisionId);
        answer.set("shipment", json(shipment, "/shipment"));
        byte[] body = answer.toString().getBytes(StandardCharsets.UTF_8);
        return write(call, "AnswerInformationRequestResponse",
                () -> express.informationResponse(call.partnerId(), key(call), ref, body, ExpressStaging.SOAP_DIALECT));
    }

    private static Answer write(Call call, String element, Supplier<ApiResult> operation) {
        call.requireScope("express:write");
        ApiResult result = operation.get();
        JsonNode body = result.body().deepCopy();
        // field warnings and batch-result problems point into the request XML too (§4.2)
        translatePointers(body, "SubmitShipmentResponse".equals(element) ? "/shipment" : "");
        return new Answer(element, body, result.headers());
    }

    /** Rewrites every {@code pointer} member of {@code node} from JSON Pointer to the §4.2 form under {@code root}. */
    static void translatePointers(JsonNode node, String root) {
        if (node instanceof ObjectNode object) {
            JsonNode pointer = object.get("pointer");
            if (pointer != null && pointer.isTextual()) {
                object.put("pointer", SoapShipmentXml.xmlPointer(pointer.asText(), root));
            }
            object.forEach(child -> translatePointers(child, root));
        } else if (node != null && node.isArray()) {
            node.forEach(child -> translatePointers(child, root));
        }
    }

    /** §4: the header block or the HTTP header; both present and different is a client error. */
    static String key(Call call) {
        String header = blankToNull(call.headerKey());
        String http = blankToNull(call.httpKey());
        if (header != null && http != null && !header.equals(http)) {
            throw validation("/Header/IdempotencyKey", "INCONSISTENT",
                    "the IdempotencyKey header block and the Idempotency-Key HTTP header differ");
        }
        String key = header != null ? header : http;
        if (key != null && !KEY.matcher(key).matches()) {
            throw validation("/Header/IdempotencyKey", "FORMAT", "Idempotency-Key must match ^[A-Za-z0-9._:-]{1,128}$");
        }
        return key;
    }

    private static byte[] body(Element element, String prefix) {
        return json(element, prefix).toString().getBytes(StandardCharsets.UTF_8);
    }

    /** The JSON of {@code element}; structural problems as a 422 whose pointers start with {@code prefix}. */
    private static ObjectNode json(Element element, String prefix) {
        SoapShipmentXml.Result r = SoapShipmentXml.toJson(element);
        if (!r.errors().isEmpty()) {
            List<Map<String, Object>> errors = new ArrayList<>();
            for (FieldProblem p : r.errors()) {
                errors.add(ApiProblem.fieldError(prefix + p.pointer(), p.code(), p.detail()));
            }
            throw new ApiProblem(HttpStatus.UNPROCESSABLE_ENTITY, "validation-error",
                    errors.size() + " field error" + (errors.size() == 1 ? "" : "s"), errors);
        }
        return r.json();
    }

    /** A validation error found by the binding itself: {@code pointer} is relative to the request element. */
    private static RequestProblem validation(String pointer, String code, String detail) {
        return new RequestProblem(detail, List.of(ApiProblem.fieldError(pointer, code, detail)));
    }

    private static final class RequestProblem extends ApiProblem {
        RequestProblem(String detail, List<Map<String, Object>> errors) {
            super(HttpStatus.UNPROCESSABLE_ENTITY, "validation-error", detail, errors);
        }
    }

    /** The §2 problem of {@code e} as SOAP fault content, pointers relative to the request element. */
    static SoapProblem problem(ProblemException e, String root, Call call) {
        ApiProblem api = e instanceof ApiProblem a ? a
                : new ApiProblem(e.status(), slugOf(e), e.getMessage(), e.errors(), e.headers());
        return problem(api, root, call == null ? null : call.traceId());
    }

    /** As above, for callers without a {@link Call} (the request filter). */
    public static SoapProblem problem(ApiProblem api, String root, String traceId) {
        ObjectNode p = NODES.objectNode();
        p.put("type", api.type().toString());
        p.put("title", api.title());
        p.put("status", api.status().value());
        if (api.getMessage() != null) {
            p.put("detail", api.getMessage());
        }
        if (traceId != null) {
            p.put("instance", "urn:clearway:request:" + traceId);
            p.put("traceId", traceId);
        }
        fieldErrors(p, "errors", api.errors(), root);
        fieldErrors(p, "warnings", api.warnings(), root);
        return new SoapProblem(p, api.status().value(), api.title(), api.headers());
    }

    private static void fieldErrors(ObjectNode problem, String member, List<Map<String, Object>> list, String root) {
        if (list.isEmpty()) {
            return;
        }
        var array = problem.putArray(member);
        for (Map<String, Object> error : list) {
            Map<String, Object> translated = new LinkedHashMap<>(error);
            if (error.get("pointer") instanceof String pointer && !pointer.startsWith("/Header/")) {
                translated.put("pointer", SoapShipmentXml.xmlPointer(pointer, root));
            }
            array.add(MAPPER.valueToTree(translated));
        }
    }

    private static String slugOf(ProblemException e) {
        String urn = e.type().toString();
        String slug = urn.substring(urn.lastIndexOf(':') + 1);
        return "forbidden".equals(slug) ? "forbidden-scope" : slug;
    }

    private static Element child(Element parent, String name) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && SoapShipmentXml.NS.equals(e.getNamespaceURI()) && name.equals(e.getLocalName())) {
                return e;
            }
        }
        return null;
    }

    private static String text(Element parent, String name, boolean required) {
        Element e = child(parent, name);
        String text = e == null ? null : blankToNull(e.getTextContent());
        if (text == null && required) {
            throw validation("/" + name, "REQUIRED", name + " is required");
        }
        return text == null ? null : text.strip();
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
