package org.clearway.routes.ingress.express;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.validation.Schema;
import javax.xml.validation.SchemaFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.xml.sax.SAXParseException;

/**
 * The hand-written WSDL must describe the spec's own examples (§4.1 request and response, §4.2
 * fault detail) and name the seven §4 operations with their SOAPActions.
 */
class ExpressSoapWsdlTest {
    private static final String NS = "urn:clearway:express:soap:1";

    private static Document parse(String resource) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newDefaultInstance();
        f.setNamespaceAware(true);
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        try (InputStream in = ExpressSoapWsdlTest.class.getResourceAsStream(resource)) {
            return f.newDocumentBuilder().parse(in);
        }
    }

    private static Schema schema() throws Exception {
        Document wsdl = parse("/wsdl/express-v1.wsdl");
        Element schema = (Element) wsdl.getElementsByTagNameNS(XMLConstants.W3C_XML_SCHEMA_NS_URI, "schema").item(0);
        SchemaFactory factory = SchemaFactory.newDefaultInstance();
        factory.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        factory.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
        return factory.newSchema(new DOMSource(schema));
    }

    private static Element element(String resource, String localName) throws Exception {
        return (Element) parse(resource).getElementsByTagNameNS(NS, localName).item(0);
    }

    @ParameterizedTest
    @CsvSource({
            "/express/soap/submit-shipment-4.1.xml, SubmitShipmentRequest",
            "/express/soap/submit-shipment-4.1.xml, IdempotencyKey",
            "/express/soap/submit-shipment-response-4.1.xml, SubmitShipmentResponse",
            "/express/soap/validation-fault-4.2.xml, problem",
    })
    void specExamplesAreValidAgainstTheWsdlSchema(String resource, String element) throws Exception {
        schema().newValidator().validate(new DOMSource(element(resource, element)));
    }

    @Test
    void schemaIsNotSoLaxThatAnythingPasses() throws Exception {
        Element request = element("/express/soap/submit-shipment-4.1.xml", "SubmitShipmentRequest");
        Element pieces = (Element) request.getElementsByTagNameNS(NS, "pieces").item(0);
        pieces.setTextContent("one");
        assertThatThrownBy(() -> schema().newValidator().validate(new DOMSource(request)))
                .isInstanceOf(SAXParseException.class).hasMessageContaining("one");
    }

    @Test
    void wsdlNamesTheSevenOperationsWithTheirSoapActions() throws Exception {
        Document wsdl = parse("/wsdl/express-v1.wsdl");
        var ops = wsdl.getElementsByTagNameNS("http://schemas.xmlsoap.org/wsdl/soap/", "operation");
        List<String> actions = new ArrayList<>();
        for (int i = 0; i < ops.getLength(); i++) {
            actions.add(((Element) ops.item(i)).getAttribute("soapAction"));
        }
        assertThat(actions).containsExactlyInAnyOrder(
                "urn:clearway:express:soap:1#SubmitShipment", "urn:clearway:express:soap:1#SubmitShipmentBatch",
                "urn:clearway:express:soap:1#SubmitManifest", "urn:clearway:express:soap:1#GetShipmentStatus",
                "urn:clearway:express:soap:1#GetDecisions", "urn:clearway:express:soap:1#AnswerInformationRequest",
                "urn:clearway:express:soap:1#CancelShipment");
    }
}
