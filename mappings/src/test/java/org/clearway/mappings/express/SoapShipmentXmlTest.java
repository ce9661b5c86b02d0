package org.clearway.mappings.express;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * The SOAP payload must give the REST validator exactly the JSON a REST client would send: numbers
 * only where §3.2 has numbers, never coerced text, wrapper arrays, and §4.2 pointers in faults.
 */
class SoapShipmentXmlTest {

    private static final ObjectMapper JSON = new ObjectMapper().setNodeFactory(JsonNodeFactory.withExactBigDecimals(true));
    private final ExpressShipmentReader reader = new ExpressShipmentReader();

    static Document parse(byte[] xml) {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newDefaultInstance();
            f.setNamespaceAware(true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            return f.newDocumentBuilder().parse(new ByteArrayInputStream(xml));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] resource(String name) {
        try (InputStream in = SoapShipmentXmlTest.class.getResourceAsStream("/express/soap/" + name)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The {@code <x:shipment>} of the §4.1 example, with {@code edit} applied to the envelope text. */
    private static Element shipment(java.util.function.UnaryOperator<String> edit) {
        String xml = edit.apply(new String(resource("submit-shipment-4.1.xml"), StandardCharsets.UTF_8));
        Document doc = parse(xml.getBytes(StandardCharsets.UTF_8));
        return (Element) doc.getElementsByTagNameNS(SoapShipmentXml.NS, "shipment").item(0);
    }

    private ExpressShipmentReader.Result validate(ObjectNode json) {
        try {
            return reader.readShipment(JSON.writeValueAsString(json));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void example41BecomesTheRestJsonAndIsValid() {
        SoapShipmentXml.Result r = SoapShipmentXml.toJson(shipment(s -> s));
        assertThat(r.errors()).isEmpty();
        JsonNode j = r.json();
        assertThat(j.get("houseWaybill").isTextual()).isTrue();
        assertThat(j.get("houseWaybill").asText()).isEqualTo("1234567891");
        assertThat(j.get("pieces").isInt()).isTrue();
        assertThat(j.get("pieces").intValue()).isEqualTo(1);
        assertThat(j.at("/grossWeight/value").decimalValue()).isEqualTo(new BigDecimal("1.2"));
        assertThat(j.at("/route/routing")).extracting(JsonNode::asText).containsExactly("CN", "DE", "AT");
        assertThat(j.at("/shipper/address/postcode").isTextual()).as("postcodes are text").isTrue();
        assertThat(j.at("/receiver/name").asText()).isEqualTo("Zo\u00eb Gruber");
        assertThat(j.at("/lineItems").isArray()).as("one lineItem is still an array").isTrue();
        assertThat(j.at("/lineItems/0/lineNumber").isInt()).isTrue();
        assertThat(j.at("/lineItems/0/value/amount").decimalValue()).isEqualTo(new BigDecimal("24.90"));
        assertThat(j.at("/lineItems/0/quantity/value").isIntegralNumber()).isTrue();
        assertThat(j.at("/lineItems/0/netWeight").decimalValue()).isEqualTo(new BigDecimal("1.05"));
        assertThat(j.at("/lineItems/0/hsCode").asText()).isEqualTo("691200");

        ExpressShipmentReader.Result valid = validate(r.json());
        assertThat(valid.errors()).isEmpty();
        assertThat(valid.warnings()).isEmpty();
        assertThat(valid.shipment().houseWaybill()).isEqualTo("1234567891");
        assertThat(valid.shipment().pieces()).isEqualTo(1);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "non-numeric pieces  | <x:pieces>1</x:pieces>                 | <x:pieces>one</x:pieces>                 | /pieces | TYPE",
            "fractional pieces   | <x:pieces>1</x:pieces>                 | <x:pieces>1.0</x:pieces>                 | /pieces | TYPE",
            "decimal comma       | <x:netWeight>1.05</x:netWeight>        | <x:netWeight>1,05</x:netWeight>          | /lineItems/0/netWeight | TYPE",
            "exponent            | <x:amount>24.90</x:amount>             | <x:amount>2.49e1</x:amount>              | /lineItems/0/value/amount | FORMAT",
            "money as a number   | <x:value><x:amount>24.90</x:amount><x:currency>EUR</x:currency></x:value> | <x:value>24.90</x:value> | /lineItems/0/value | TYPE",
            "lineItems as text   | <x:lineItems>                          | <x:lineItems>oops                        | /lineItems | TYPE",
    })
    void wrongTypesAreReportedNotCoerced(String name, String from, String to, String pointer, String code) {
        SoapShipmentXml.Result r = SoapShipmentXml.toJson(shipment(s -> s.replace(from, to)));
        java.util.List<FieldProblem> problems = new java.util.ArrayList<>(r.errors());
        if (problems.isEmpty()) {
            problems.addAll(validate(r.json()).errors());
        }
        assertThat(problems).extracting(FieldProblem::pointer, FieldProblem::code).contains(tuple(pointer, code));
    }

    @Test
    void numbersAcceptTheXsDecimalLexicalForms() {
        JsonNode j = SoapShipmentXml.toJson(shipment(s -> s
                .replace("<x:pieces>1</x:pieces>", "<x:pieces> +3 </x:pieces>")
                .replace("<x:netWeight>1.05</x:netWeight>", "<x:netWeight>.5</x:netWeight>")
                .replace("<x:value>1.2</x:value>", "<x:value>2.</x:value>"))).json();
        assertThat(j.get("pieces").intValue()).isEqualTo(3);
        assertThat(j.at("/lineItems/0/netWeight").decimalValue()).isEqualTo(new BigDecimal("0.5"));
        assertThat(j.at("/grossWeight/value").decimalValue()).isEqualByComparingTo("2");
    }

    @Test
    void digitsInTextMembersStayText() {
        JsonNode j = SoapShipmentXml.toJson(shipment(s -> s
                .replace("<x:houseNumber>45</x:houseNumber>", "<x:houseNumber>0045</x:houseNumber>"))).json();
        assertThat(j.at("/receiver/address/houseNumber").asText()).isEqualTo("0045");
        assertThat(j.at("/masterAirWaybill").asText()).isEqualTo("176-12345675");
    }

    @Test
    void productIdentifiersStayTextAndAreChecked() {
        // issue 15: a UPC with a leading zero must not become a number; a wrong check digit is a FORMAT error
        JsonNode j = SoapShipmentXml.toJson(shipment(s -> s.replace("</x:lineItem>",
                "<x:manufacturerProductId>MUG-4</x:manufacturerProductId><x:gtin>036000291452</x:gtin></x:lineItem>")))
                .json();
        assertThat(j.at("/lineItems/0/gtin").isTextual()).isTrue();
        assertThat(j.at("/lineItems/0/gtin").asText()).isEqualTo("036000291452");
        assertThat(validate((ObjectNode) j).errors()).isEmpty();
        JsonNode bad = SoapShipmentXml.toJson(shipment(s -> s.replace("</x:lineItem>",
                "<x:gtin>036000291453</x:gtin></x:lineItem>"))).json();
        assertThat(validate((ObjectNode) bad).errors()).extracting(FieldProblem::pointer, FieldProblem::code)
                .containsExactly(org.assertj.core.api.Assertions.tuple("/lineItems/0/gtin", "FORMAT"));
    }

    @Test
    void structuralMistakesHaveNoJsonEquivalentAndBecomeTypeErrors() {
        SoapShipmentXml.Result r = SoapShipmentXml.toJson(shipment(s -> s
                .replace("<x:incoterm>DDP</x:incoterm>", "<x:incoterm>DDP</x:incoterm><x:incoterm>DAP</x:incoterm>")
                .replace("<x:country>DE</x:country><x:country>AT</x:country>", "<x:countryCode>DE</x:countryCode><x:country>AT</x:country>")));
        assertThat(r.errors()).extracting(FieldProblem::pointer, FieldProblem::code).containsExactly(
                tuple("/incoterm", "TYPE"), tuple("/route/routing/1", "TYPE"));
        assertThat(r.json().get("incoterm").asText()).as("the first occurrence is kept").isEqualTo("DDP");
    }

    @Test
    void nilIsNullAndEmptyWrapperIsEmptyArray() {
        JsonNode j = SoapShipmentXml.toJson(shipment(s -> s
                .replace("<x:incoterm>DDP</x:incoterm>",
                        "<x:incoterm xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xsi:nil=\"true\"/><x:trackingNumbers/>"))).json();
        assertThat(j.get("incoterm").isNull()).isTrue();
        assertThat(j.get("trackingNumbers").isArray()).isTrue();
        assertThat(j.get("trackingNumbers")).isEmpty();
    }

    @Test
    void elementsOfAnotherNamespaceAreUnknownMembers() {
        SoapShipmentXml.Result r = SoapShipmentXml.toJson(shipment(s -> s
                .replace("<x:incoterm>DDP</x:incoterm>", "<incoterm>DDP</incoterm>")));
        ExpressShipmentReader.Result valid = validate(r.json());
        assertThat(valid.warnings()).extracting(FieldProblem::code).containsExactly("UNKNOWN_FIELD");
        assertThat(valid.shipment().incoterm()).isNull();
    }

    @Test
    void batchRequestBecomesShipmentsArray() {
        String shipmentXml = new String(resource("submit-shipment-4.1.xml"), StandardCharsets.UTF_8);
        String inner = shipmentXml.substring(shipmentXml.indexOf("<x:shipment>"), shipmentXml.indexOf("</x:shipment>") + 13);
        String batch = "<x:SubmitShipmentBatchRequest xmlns:x=\"urn:clearway:express:soap:1\"><x:shipments>"
                + inner + inner.replace("1234567891", "1234567892").replace("691200", "69A200")
                + "</x:shipments></x:SubmitShipmentBatchRequest>";
        SoapShipmentXml.Result r = SoapShipmentXml.toJson(parse(batch.getBytes(StandardCharsets.UTF_8)).getDocumentElement());
        assertThat(r.errors()).isEmpty();
        ExpressShipmentReader.BatchResult b = reader.readBatch(r.json().toString());
        assertThat(b.errors()).isEmpty();
        assertThat(b.shipments().get(0).valid()).isTrue();
        FieldProblem hs = b.shipments().get(1).errors().get(0);
        assertThat(hs.code()).isEqualTo("HS_FORMAT");
        assertThat(SoapShipmentXml.xmlPointer(hs.pointer(), ""))
                .isEqualTo("/shipments/shipment[2]/lineItems/lineItem[1]/hsCode");
    }

    @ParameterizedTest
    @CsvSource({
            "/lineItems/0/hsCode, /shipment, /shipment/lineItems/lineItem[1]/hsCode",
            "/route/routing/2, /shipment, /shipment/route/routing/country[3]",
            "/receiver/identifiers/0/value, /shipment, /shipment/receiver/identifiers/identifier[1]/value",
            "/lineItems/10, /shipment, /shipment/lineItems/lineItem[11]",
            "/a~1b/0, /shipment, /shipment/a/b/0",
            "'', /shipment, /shipment",
            "/houseWaybills/0, '', /houseWaybills/houseWaybill[1]",
    })
    void jsonPointersBecomeXPathLikePaths(String pointer, String root, String expected) {
        assertThat(SoapShipmentXml.xmlPointer(pointer, root)).isEqualTo(expected);
    }

    @Test
    void responseJsonRendersAsTheResponseElementOf41() throws IOException {
        JsonNode body = JSON.readTree("""
                {"shipmentRef":"shp_0193f1c2a9d07b33","outcome":"ACCEPTED","status":"AWAITING_ORDER_DATA",
                 "declarationId":"0193f1c2-aa10-7f01-8c55-0d9e8f7a6b5c","revision":1,"lastDecision":null,
                 "warnings":[{"pointer":"/x","code":"UNKNOWN_FIELD"}],"total":1.50E+1}""");
        Document doc = SoapFaultXml.newDocument();
        Element e = SoapShipmentXml.toXml(body, doc, "SubmitShipmentResponse");
        doc.appendChild(e);
        String xml = new String(SoapFaultXml.serialize(doc), StandardCharsets.UTF_8);
        assertThat(xml).contains("<x:SubmitShipmentResponse xmlns:x=\"urn:clearway:express:soap:1\">",
                "<x:shipmentRef>shp_0193f1c2a9d07b33</x:shipmentRef>", "<x:revision>1</x:revision>",
                "<x:warnings><x:warning><x:pointer>/x</x:pointer><x:code>UNKNOWN_FIELD</x:code></x:warning></x:warnings>",
                "<x:total>15.0</x:total>")
                .doesNotContain("lastDecision");

        Document expected = parse(resource("submit-shipment-response-4.1.xml"));
        Element spec = (Element) expected.getElementsByTagNameNS(SoapShipmentXml.NS, "SubmitShipmentResponse").item(0);
        ObjectNode specJson = SoapShipmentXml.toJson(spec).json();
        ObjectNode ours = SoapShipmentXml.toJson(e).json();
        specJson.fieldNames().forEachRemaining(f -> assertThat(ours.get(f).asText()).as(f).isEqualTo(specJson.get(f).asText()));
    }

    @Test
    void shipmentSurvivesXmlRoundTrip() {
        ObjectNode json = SoapShipmentXml.toJson(shipment(s -> s)).json();
        Element back = SoapShipmentXml.toXml(json, SoapFaultXml.newDocument(), "shipment");
        assertThat(SoapShipmentXml.toJson(back).json()).isEqualTo(json);
    }

    @Test
    void faultEnvelopeMatchesExample42() throws IOException {
        JsonNode problem = JSON.readTree("""
                {"type":"https://api.clearway.example/problems/validation-error","title":"Request content is invalid",
                 "status":422,"traceId":"0193f1d3-0c4e-7aa0-9b12-77aa88bb99cc",
                 "errors":[{"pointer":"/shipment/lineItems/lineItem[1]/hsCode","code":"HS_FORMAT",
                            "detail":"HS code must contain 6, 8 or 10 digits"}]}""");
        Document ours = parse(SoapFaultXml.envelope(false, SoapFaultXml.codeFor(422), "Request content is invalid", problem));
        Document spec = parse(resource("validation-fault-4.2.xml"));
        for (Document d : new Document[] {ours, spec}) {
            assertThat(d.getElementsByTagName("faultcode").item(0).getTextContent()).isEqualTo("soap:Client");
            assertThat(d.getElementsByTagName("faultcode").item(0).lookupNamespaceURI("soap")).isEqualTo(SoapXmlGuard.SOAP11);
        }
        Element ourProblem = (Element) ours.getElementsByTagNameNS(SoapShipmentXml.NS, "problem").item(0);
        Element specProblem = (Element) spec.getElementsByTagNameNS(SoapShipmentXml.NS, "problem").item(0);
        assertThat(ourProblem.getParentNode().getNodeName()).isEqualTo("detail");
        assertThat(SoapShipmentXml.toJson(ourProblem).json()).isEqualTo(SoapShipmentXml.toJson(specProblem).json());

        Document soap12 = parse(SoapFaultXml.envelope(true, SoapFaultXml.Code.SERVER, "Internal error", null));
        assertThat(soap12.getElementsByTagNameNS(SoapXmlGuard.SOAP12, "Value").item(0).getTextContent())
                .isEqualTo("soap:Receiver");
        assertThat(soap12.getElementsByTagNameNS(SoapXmlGuard.SOAP12, "Detail").getLength()).isEqualTo(1);
    }
}
