package org.clearway.mappings.express;

import java.io.ByteArrayInputStream;
import java.util.Objects;
import javax.xml.XMLConstants;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Structural check of a SOAP request before any SOAP stack parses it (PARTNER-APIS §1.3, §4):
 * one streaming pass that stops at the first offence. A DOCTYPE anywhere is refused as soon as the
 * parser reports it: the DTD is neither loaded nor processed, no entity is declared, resolved or
 * expanded (so no XXE and no billion laughs), and nothing after it is read. The element depth and
 * the attributes per element are counted against the §1.3 limits; the document element must be a
 * SOAP 1.1 or 1.2 {@code Envelope}, otherwise the answer is a {@code VersionMismatch} fault
 * (SOAP 1.1 §4.4.1, SOAP 1.2 §5.4.7). XInclude is never processed (StAX has no XInclude).
 *
 * <p>Accepts the raw request bytes (any encoding the XML declaration or BOM announces); returns a
 * {@link Verdict}; never throws for bad input.
 */
public final class SoapXmlGuard {
    public static final String SOAP11 = "http://schemas.xmlsoap.org/soap/envelope/";
    public static final String SOAP12 = "http://www.w3.org/2003/05/soap-envelope";

    /** §1.3 defaults: 64 levels, 10 000 attributes per element. */
    public static final int MAX_DEPTH = 64;
    public static final int MAX_ATTRIBUTES = 10_000;

    public enum Outcome {
        /** Well-formed SOAP envelope within the limits. */
        OK,
        /** DOCTYPE, too deep, too many attributes: fault {@code xml-forbidden-construct}. */
        FORBIDDEN_CONSTRUCT,
        /** Document element is not a SOAP Envelope: {@code VersionMismatch} fault. */
        VERSION_MISMATCH,
        /** Not well-formed XML. */
        MALFORMED
    }

    /** The outcome, the SOAP envelope namespace when known (null otherwise) and a reason for the partner. */
    public record Verdict(Outcome outcome, String envelopeNamespace, String detail) {
        public Verdict {
            Objects.requireNonNull(outcome, "outcome");
        }

        public boolean ok() {
            return outcome == Outcome.OK;
        }

        public boolean soap12() {
            return SOAP12.equals(envelopeNamespace);
        }
    }

    private final int maxDepth;
    private final int maxAttributes;
    private final XMLInputFactory factory;

    public SoapXmlGuard() {
        this(MAX_DEPTH, MAX_ATTRIBUTES);
    }

    public SoapXmlGuard(int maxDepth, int maxAttributes) {
        this.maxDepth = maxDepth;
        this.maxAttributes = maxAttributes;
        // the JDK's own StAX parser, whatever else is on the classpath, with every DTD feature off
        this.factory = XMLInputFactory.newDefaultFactory();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        factory.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, false);
        factory.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        factory.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
        factory.setXMLResolver((publicId, systemId, baseUri, namespace) -> {
            throw new XMLStreamException("external resource refused: " + systemId);
        });
    }

    /** Scans {@code body} once. */
    public Verdict check(byte[] body) {
        XMLStreamReader reader = null;
        String envelope = null;
        try {
            reader = factory.createXMLStreamReader(new ByteArrayInputStream(body));
            int depth = 0;
            while (reader.hasNext()) {
                switch (reader.next()) {
                    case XMLStreamConstants.DTD -> {
                        return new Verdict(Outcome.FORBIDDEN_CONSTRUCT, envelope,
                                "a DOCTYPE declaration is not allowed; the document was not processed further");
                    }
                    case XMLStreamConstants.ENTITY_REFERENCE -> {
                        return new Verdict(Outcome.FORBIDDEN_CONSTRUCT, envelope,
                                "entity reference &" + reader.getLocalName() + "; is not allowed");
                    }
                    case XMLStreamConstants.START_ELEMENT -> {
                        depth++;
                        if (depth == 1) {
                            String ns = reader.getNamespaceURI();
                            if (!"Envelope".equals(reader.getLocalName()) || !(SOAP11.equals(ns) || SOAP12.equals(ns))) {
                                return new Verdict(Outcome.VERSION_MISMATCH, null, "document element {"
                                        + (ns == null ? "" : ns) + "}" + reader.getLocalName()
                                        + " is not a SOAP 1.1 or 1.2 Envelope");
                            }
                            envelope = ns;
                        }
                        if (depth > maxDepth) {
                            return new Verdict(Outcome.FORBIDDEN_CONSTRUCT, envelope,
                                    "elements are nested deeper than " + maxDepth + " levels");
                        }
                        if (reader.getAttributeCount() > maxAttributes) {
                            return new Verdict(Outcome.FORBIDDEN_CONSTRUCT, envelope,
                                    "an element has more than " + maxAttributes + " attributes");
                        }
                    }
                    case XMLStreamConstants.END_ELEMENT -> depth--;
                    default -> {
                        // text, comments, processing instructions: nothing to limit here
                    }
                }
            }
            if (envelope == null) {
                return new Verdict(Outcome.MALFORMED, null, "empty document");
            }
            return new Verdict(Outcome.OK, envelope, null);
        } catch (XMLStreamException e) {
            String message = String.valueOf(e.getMessage());
            // the JDK parser enforces its own jdk.xml.* limits (attributes, entity sizes) by throwing
            if (message.contains("JAXP0001") || message.contains("Limit")) {
                return new Verdict(Outcome.FORBIDDEN_CONSTRUCT, envelope, "the document exceeds an XML parser limit");
            }
            return new Verdict(Outcome.MALFORMED, envelope, "not well-formed XML"
                    + (e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNumber()
                    + ", column " + e.getLocation().getColumnNumber()));
        } finally {
            if (reader != null) {
                try {
                    reader.close();
                } catch (XMLStreamException ignored) {
                    // nothing held open: the input is a byte array
                }
            }
        }
    }
}
