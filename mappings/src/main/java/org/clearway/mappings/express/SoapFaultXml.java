package org.clearway.mappings.express;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.Transformer;
import javax.xml.transform.TransformerException;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * SOAP faults of the express binding (PARTNER-APIS §4, §4.2): the {@code <x:problem>} detail with
 * the RFC 9457 members of §2, and complete fault envelopes for answers given before a SOAP stack
 * has parsed the request (limits, DOCTYPE, version mismatch). SOAP 1.1 uses
 * {@code faultcode}/{@code faultstring}/{@code detail}; SOAP 1.2 {@code Code/Value},
 * {@code Reason/Text} and {@code Detail} with {@code Client} -> {@code Sender} and
 * {@code Server} -> {@code Receiver} (SOAP 1.2 Part 1 §5.4.6).
 */
public final class SoapFaultXml {

    /** The fault codes of §4 (SOAP 1.1 names). */
    public enum Code { CLIENT, SERVER, VERSION_MISMATCH }

    private SoapFaultXml() {
    }

    /** A new namespace-aware DOM document (no parsing involved). */
    public static Document newDocument() {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newDefaultInstance();
            f.setNamespaceAware(true);
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            return f.newDocumentBuilder().newDocument();
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("JAXP DOM is not available", e);
        }
    }

    /**
     * {@code <x:problem>} from a §2 problem document ({@code type}, {@code title}, {@code status},
     * {@code detail}, {@code instance}, {@code traceId}, {@code errors[]}, {@code warnings[]}), whose
     * pointers the caller has already translated with {@link SoapShipmentXml#xmlPointer}.
     */
    public static Element problem(Document document, JsonNode problem) {
        return SoapShipmentXml.toXml(problem, document, "problem");
    }

    /** Code for a problem status: 4xx is the partner's ({@code Client}), anything else the gateway's. */
    public static Code codeFor(int status) {
        return status >= 400 && status < 500 ? Code.CLIENT : Code.SERVER;
    }

    /** A complete fault envelope, UTF-8, for the given SOAP version. */
    public static byte[] envelope(boolean soap12, Code code, String reason, JsonNode problem) {
        Document doc = newDocument();
        String ns = soap12 ? SoapXmlGuard.SOAP12 : SoapXmlGuard.SOAP11;
        Element envelope = doc.createElementNS(ns, "soap:Envelope");
        envelope.setAttributeNS(XMLConstants.XMLNS_ATTRIBUTE_NS_URI, "xmlns:x", SoapShipmentXml.NS);
        doc.appendChild(envelope);
        Element body = child(envelope, ns, "soap:Body");
        Element fault = child(body, ns, "soap:Fault");
        Element detail;
        if (soap12) {
            Element value = child(child(fault, ns, "soap:Code"), ns, "soap:Value");
            value.setTextContent("soap:" + switch (code) {
                case CLIENT -> "Sender";
                case SERVER -> "Receiver";
                case VERSION_MISMATCH -> "VersionMismatch";
            });
            Element text = child(child(fault, ns, "soap:Reason"), ns, "soap:Text");
            text.setAttributeNS(XMLConstants.XML_NS_URI, "xml:lang", "en");
            text.setTextContent(reason);
            detail = child(fault, ns, "soap:Detail");
        } else {
            child(fault, null, "faultcode").setTextContent("soap:" + switch (code) {
                case CLIENT -> "Client";
                case SERVER -> "Server";
                case VERSION_MISMATCH -> "VersionMismatch";
            });
            child(fault, null, "faultstring").setTextContent(reason);
            detail = child(fault, null, "detail");
        }
        if (problem != null) {
            detail.appendChild(problem(doc, problem));
        }
        return serialize(doc);
    }

    private static Element child(Element parent, String ns, String name) {
        Element e = parent.getOwnerDocument().createElementNS(ns, name);
        parent.appendChild(e);
        return e;
    }

    /** Serializes a DOM document as UTF-8 with an XML declaration. */
    public static byte[] serialize(Document doc) {
        try {
            TransformerFactory tf = TransformerFactory.newDefaultInstance();
            tf.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            Transformer t = tf.newTransformer();
            t.setOutputProperty(OutputKeys.ENCODING, "UTF-8");
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            t.transform(new DOMSource(doc), new StreamResult(out));
            return out.toByteArray();
        } catch (TransformerException e) {
            throw new IllegalStateException("cannot serialize a SOAP fault", e);
        }
    }
}
