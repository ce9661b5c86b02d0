package org.clearway.mappings.express;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * The express SOAP binding {@code CLEARWAY-EXPRESS-SOAP-1} (PARTNER-APIS §4) as a pure mapping
 * between its payload XML and the JSON tree of the REST API (§3), so that both bindings share one
 * validator ({@link ExpressShipmentReader}) and one service.
 *
 * <p>Rules (§4): element local names are the JSON member names; the wrapper elements
 * {@code lineItems/lineItem}, {@code trackingNumbers/trackingNumber}, {@code routing/country},
 * {@code identifiers/identifier}, {@code shipments/shipment}, {@code orderIds/orderId},
 * {@code houseWaybills/houseWaybill} become arrays; an element with children becomes an object;
 * {@code xsi:nil="true"} becomes {@code null} (JSON Merge Patch in AnswerInformationRequest).
 * Only the members that are JSON numbers in §3.2 become numbers, and only when their text is an
 * {@code xs:decimal} (so {@code .} decimal separator, no exponent); any other text stays a string,
 * which the reader then reports as {@code TYPE} (§1.4: never coerced), except exponent notation,
 * reported here as {@code FORMAT} like the REST API does (§1.3). Text of every other element
 * stays a string, e.g. {@code <houseWaybill>1234567891</houseWaybill>} is {@code "1234567891"}.
 */
public final class SoapShipmentXml {
    /** Target namespace of the payload (§4). */
    public static final String NS = "urn:clearway:express:soap:1";
    private static final String XSI = "http://www.w3.org/2001/XMLSchema-instance";

    /** §4: array wrapper -> singular child, both directions; response-only wrappers in the lower block. */
    private static final Map<String, String> WRAPPERS = Map.ofEntries(
            Map.entry("lineItems", "lineItem"),
            Map.entry("trackingNumbers", "trackingNumber"),
            Map.entry("routing", "country"),
            Map.entry("identifiers", "identifier"),
            Map.entry("shipments", "shipment"),
            Map.entry("orderIds", "orderId"),
            Map.entry("houseWaybills", "houseWaybill"),
            // responses (§3.1, §3.5, §5.1, §2)
            Map.entry("results", "result"),
            Map.entry("errors", "error"),
            Map.entry("warnings", "warning"),
            Map.entry("decisions", "decision"),
            Map.entry("events", "event"),
            Map.entry("platformOrderIds", "platformOrderId"),
            Map.entry("requests", "request"),
            Map.entry("fields", "field"),
            Map.entry("taxes", "tax"));

    /** JSON numbers of §3.2 as (parent element, member); {@code *} = under any parent. */
    private static final Set<String> NUMBERS = Set.of(
            "shipment/pieces", "grossWeight/value", "quantity/value", "*/amount",
            "lineItem/lineNumber", "lineItem/netWeight", "lineItem/grossWeight", "GetDecisionsRequest/limit");

    /** xs:decimal lexical space (XML Schema 1.0 Part 2 §3.2.3.1). */
    private static final Pattern DECIMAL = Pattern.compile("[+-]?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)");

    private static final Pattern EXPONENT = Pattern.compile("[+-]?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)[eE][+-]?[0-9]+");

    private static final JsonNodeFactory NODES = JsonNodeFactory.withExactBigDecimals(true);

    private SoapShipmentXml() {
    }

    /**
     * Result of reading one payload element: the JSON object of its children and the structural
     * problems that have no JSON equivalent (a member given twice, text next to child elements, a
     * wrong child in an array wrapper), as §2 field problems with JSON Pointers.
     */
    public record Result(ObjectNode json, List<FieldProblem> errors) {
        public Result {
            errors = List.copyOf(errors);
        }
    }

    /**
     * Reads the children of {@code element} (e.g. {@code <x:shipment>} or
     * {@code <x:SubmitShipmentBatchRequest>}) into the JSON object the REST API takes.
     */
    public static Result toJson(Element element) {
        List<FieldProblem> errors = new ArrayList<>();
        ObjectNode json = object(element, "", errors);
        return new Result(json, errors);
    }

    private static ObjectNode object(Element element, String pointer, List<FieldProblem> errors) {
        ObjectNode out = NODES.objectNode();
        String parent = element.getLocalName();
        for (Node n = element.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n.getNodeType() == Node.ELEMENT_NODE) {
                Element child = (Element) n;
                String name = memberName(child);
                String p = pointer + "/" + escape(name);
                if (out.has(name)) {
                    errors.add(new FieldProblem(p, "TYPE", name + " occurs more than once; use its wrapper element for a list"));
                    continue;
                }
                out.set(name, value(parent, name, child, p, errors));
            } else if (isText(n) && !n.getNodeValue().isBlank()) {
                errors.add(new FieldProblem(pointer, "TYPE", "text is not allowed next to child elements"));
            }
        }
        return out;
    }

    private static JsonNode value(String parent, String name, Element element, String pointer, List<FieldProblem> errors) {
        if ("true".equals(element.getAttributeNS(XSI, "nil").trim())) {
            return NODES.nullNode();
        }
        String singular = NS.equals(element.getNamespaceURI()) ? WRAPPERS.get(name) : null;
        if (singular != null) {
            return array(element, singular, pointer, errors);
        }
        if (hasChildElements(element)) {
            return object(element, pointer, errors);
        }
        String text = element.getTextContent();
        if (NUMBERS.contains(parent + "/" + name) || NUMBERS.contains("*/" + name)) {
            JsonNode number = number(text);
            if (number != null) {
                return number;
            }
            if (EXPONENT.matcher(text.strip()).matches()) {
                // §1.3: exponent notation is a FORMAT error, as in the REST API
                errors.add(new FieldProblem(pointer, "FORMAT", "numbers must not use exponent notation"));
            }
        }
        return NODES.textNode(text);
    }

    private static ArrayNode array(Element wrapper, String singular, String pointer, List<FieldProblem> errors) {
        ArrayNode out = NODES.arrayNode();
        for (Node n = wrapper.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n.getNodeType() == Node.ELEMENT_NODE) {
                Element child = (Element) n;
                String p = pointer + "/" + out.size();
                if (!singular.equals(memberName(child))) {
                    errors.add(new FieldProblem(p, "TYPE", "expected <" + singular + ">, found <" + child.getLocalName() + ">"));
                }
                out.add(value(wrapper.getLocalName(), singular, child, p, errors));
            } else if (isText(n) && !n.getNodeValue().isBlank()) {
                errors.add(new FieldProblem(pointer, "TYPE", "a list holds <" + singular + "> elements, not text"));
            }
        }
        return out;
    }

    /** A JSON number for xs:decimal text (integers stay integral, as Jackson reads {@code 1} vs {@code 1.0}). */
    private static JsonNode number(String text) {
        String t = text.strip();
        if (!DECIMAL.matcher(t).matches()) {
            return null;
        }
        if (t.indexOf('.') < 0) {
            BigInteger i = new BigInteger(t.startsWith("+") ? t.substring(1) : t);
            return i.bitLength() < 32 ? NODES.numberNode(i.intValue())
                    : i.bitLength() < 64 ? NODES.numberNode(i.longValue()) : NODES.numberNode(i);
        }
        String d = t.startsWith("+") ? t.substring(1) : t;
        if (d.endsWith(".")) {
            d = d + "0";
        }
        if (d.startsWith(".") || d.startsWith("-.")) {
            d = d.replace(".", "0.");
        }
        return NODES.numberNode(new BigDecimal(d));
    }

    /**
     * Renders a JSON object (a §3 response body, a §5.1 event) as {@code <x:elementName>} with one
     * child per member in member order; arrays become wrapper elements with singular children,
     * nulls are left out, numbers are written without exponent.
     */
    public static Element toXml(JsonNode json, Document document, String elementName) {
        Element element = document.createElementNS(NS, "x:" + elementName);
        fill(element, json, document);
        return element;
    }

    private static void fill(Element element, JsonNode json, Document document) {
        if (json.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = json.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> member = it.next();
                if (!member.getValue().isNull() && !member.getValue().isMissingNode()) {
                    element.appendChild(render(member.getKey(), member.getValue(), document));
                }
            }
        } else if (json.isArray()) {
            String singular = singular(element.getLocalName());
            for (JsonNode item : json) {
                if (!item.isNull()) {
                    element.appendChild(render(singular, item, document));
                }
            }
        } else if (json.isBigDecimal() || json.isFloatingPointNumber()) {
            element.setTextContent(json.decimalValue().toPlainString());
        } else {
            element.setTextContent(json.asText());
        }
    }

    private static Element render(String name, JsonNode value, Document document) {
        Element child = document.createElementNS(NS, "x:" + name);
        fill(child, value, document);
        return child;
    }

    /** The child name of an array member: the §4 wrapper table, else the name without a plural {@code s}. */
    static String singular(String wrapper) {
        String known = WRAPPERS.get(wrapper);
        if (known != null) {
            return known;
        }
        if (wrapper.endsWith("ies") && wrapper.length() > 3) {
            return wrapper.substring(0, wrapper.length() - 3) + "y";
        }
        if (wrapper.endsWith("s") && wrapper.length() > 1) {
            return wrapper.substring(0, wrapper.length() - 1);
        }
        return "item";
    }

    /**
     * Translates an RFC 6901 JSON Pointer into the request body into the XPath-like form of §4.2:
     * array indices become 1-based positions of the singular child, under {@code root} (the path of
     * the JSON root inside the request element: {@code /shipment} for SubmitShipment, empty for
     * SubmitShipmentBatch). {@code /lineItems/0/hsCode} under {@code /shipment} is
     * {@code /shipment/lineItems/lineItem[1]/hsCode}.
     */
    public static String xmlPointer(String jsonPointer, String root) {
        StringBuilder out = new StringBuilder(root);
        if (jsonPointer == null || jsonPointer.isEmpty()) {
            return out.length() == 0 ? "/" : out.toString();
        }
        String previous = null;
        for (String raw : jsonPointer.substring(1).split("/", -1)) {
            String token = raw.replace("~1", "/").replace("~0", "~");
            out.append('/');
            if (previous != null && !token.isEmpty() && token.chars().allMatch(Character::isDigit)
                    && isArrayMember(previous)) {
                out.append(singular(previous)).append('[').append(Long.parseLong(token) + 1).append(']');
            } else {
                out.append(token);
            }
            previous = token;
        }
        return out.toString();
    }

    private static boolean isArrayMember(String name) {
        return WRAPPERS.containsKey(name);
    }

    private static String memberName(Element e) {
        String local = e.getLocalName() == null ? e.getNodeName() : e.getLocalName();
        return NS.equals(e.getNamespaceURI()) ? local : "{" + (e.getNamespaceURI() == null ? "" : e.getNamespaceURI()) + "}" + local;
    }

    private static boolean hasChildElements(Element e) {
        for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n.getNodeType() == Node.ELEMENT_NODE) {
                return true;
            }
        }
        return false;
    }

    private static boolean isText(Node n) {
        return n.getNodeType() == Node.TEXT_NODE || n.getNodeType() == Node.CDATA_SECTION_NODE;
    }

    private static String escape(String name) {
        return name.replace("~", "~0").replace("/", "~1");
    }
}
