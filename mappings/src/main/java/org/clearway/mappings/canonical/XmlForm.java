package org.clearway.mappings.canonical;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;
import org.xml.sax.ErrorHandler;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

/**
 * The mechanical XML rendering of a JSON tree (CANONICAL-MODEL §9.2) and its reverse. Writing
 * produces the one-line wire form: default namespace on the root only, children in JCS key order,
 * arrays as wrapper elements whose children are named by {@link #ITEM_NAMES}, text escaped as
 * {@code &amp;}, {@code &lt;}, {@code &gt;} only. Reading uses a hardened DOM parser (no DTD,
 * no external entities, no XInclude) and yields the same tree with all scalars as strings.
 */
final class XmlForm {
    /** §9.2 rule 2: array member name to the name of each entry element. */
    static final Map<String, String> ITEM_NAMES = Map.ofEntries(
            Map.entry("sources", "source"),
            Map.entry("trackingNumbers", "trackingNumber"),
            Map.entry("platformOrderIds", "platformOrderId"),
            Map.entry("parties", "party"),
            Map.entry("identifiers", "identifier"),
            Map.entry("transportDocuments", "transportDocument"),
            Map.entry("countriesOfRouting", "country"),
            Map.entry("items", "item"),
            Map.entry("flags", "flag"),
            Map.entry("exchangeRates", "exchangeRate"),
            Map.entry("taxes", "tax"),
            Map.entry("requests", "request"),
            Map.entry("fields", "field"),
            Map.entry("screeningMethods", "method"),
            Map.entry("documents", "document"),
            Map.entry("additionalDocuments", "additionalDocument"),
            Map.entry("provenance", "entry"),
            Map.entry("dangerousGoodsUn", "unNumber"),
            Map.entry("lines", "line"));

    private XmlForm() {
    }

    static byte[] write(String root, String namespace, Map<String, Object> tree) {
        StringBuilder sb = new StringBuilder(8192);
        sb.append('<').append(root).append(" xmlns=\"").append(namespace).append("\">");
        members(tree, sb);
        sb.append("</").append(root).append('>');
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void members(Map<String, Object> map, StringBuilder sb) {
        // §9.2 rule 1: same order as JCS (UTF-16 code units of the ASCII names)
        for (String key : new TreeMap<>(map).keySet()) {
            element(key, map.get(key), sb);
        }
    }

    @SuppressWarnings("unchecked")
    private static void element(String name, Object value, StringBuilder sb) {
        sb.append('<').append(name).append('>');
        if (value instanceof Map<?, ?> m) {
            members((Map<String, Object>) m, sb);
        } else if (value instanceof List<?> l) {
            String itemName = ITEM_NAMES.get(name);
            if (itemName == null) {
                throw new IllegalArgumentException("no §9.2 entry element name for array " + name);
            }
            for (Object entry : l) {
                element(itemName, entry, sb);
            }
        } else {
            text(String.valueOf(value), sb);
        }
        sb.append("</").append(name).append('>');
    }

    /**
     * §9.2 rule 3. Characters that XML 1.0 cannot carry, and CR (a parser turns it into LF, and
     * exc-c14n would need {@code &#xD;}, which §9.2 does not allow), are refused.
     */
    private static void text(String s, StringBuilder sb) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> sb.append("&amp;");
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                default -> {
                    if (c < 0x20 && c != '\t' && c != '\n' || c == 0xFFFE || c == 0xFFFF) {
                        throw new IllegalArgumentException(String.format(
                                "character U+%04X cannot be written in the XML form (CANONICAL-MODEL §9.2)", (int) c));
                    }
                    if (Character.isHighSurrogate(c)) {
                        if (i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1))) {
                            throw new IllegalArgumentException("lone surrogate at index " + i);
                        }
                        sb.append(c).append(s.charAt(++i));
                    } else if (Character.isLowSurrogate(c)) {
                        throw new IllegalArgumentException("lone surrogate at index " + i);
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
    }

    /**
     * Parses {@code xml} and returns the tree under the root element, or null after reporting a
     * problem. Whitespace-only text between elements is ignored so indented documents are read too.
     */
    static Map<String, Object> read(byte[] xml, String root, String namespace, Problems problems) {
        Document doc;
        try {
            DocumentBuilder builder = hardenedFactory().newDocumentBuilder();
            builder.setErrorHandler(new ErrorHandler() {
                @Override
                public void warning(SAXParseException e) {
                }

                @Override
                public void error(SAXParseException e) throws SAXException {
                    throw e;
                }

                @Override
                public void fatalError(SAXParseException e) throws SAXException {
                    throw e;
                }
            });
            doc = builder.parse(new ByteArrayInputStream(xml));
        } catch (SAXException e) {
            problems.add("", "not well-formed or not allowed XML: " + e.getMessage());
            return null;
        } catch (IOException | ParserConfigurationException e) {
            problems.add("", "cannot parse XML: " + e.getMessage());
            return null;
        }
        Element el = doc.getDocumentElement();
        if (!root.equals(el.getLocalName()) || !namespace.equals(el.getNamespaceURI())) {
            problems.add("", "root element must be {" + namespace + "}" + root + ", found {"
                    + el.getNamespaceURI() + "}" + el.getLocalName());
            return null;
        }
        Object tree = node(el, "", namespace, problems, true);
        if (tree instanceof String s && s.isBlank()) {
            return new LinkedHashMap<>();
        }
        if (!(tree instanceof Map<?, ?>)) {
            problems.add("", "root element must contain elements");
            return null;
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> map = (Map<String, Object>) tree;
        return map;
    }

    private static Object node(Element el, String pointer, String namespace, Problems problems, boolean isRoot) {
        NamedNodeMap attrs = el.getAttributes();
        for (int i = 0; i < attrs.getLength(); i++) {
            Node a = attrs.item(i);
            boolean rootXmlns = isRoot && "xmlns".equals(a.getNodeName());
            if (!rootXmlns) {
                problems.add(pointer, "attribute " + a.getNodeName() + " not allowed (CANONICAL-MODEL §9.2)");
            }
        }
        List<Element> children = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        for (Node n = el.getFirstChild(); n != null; n = n.getNextSibling()) {
            switch (n.getNodeType()) {
                case Node.ELEMENT_NODE -> children.add((Element) n);
                case Node.TEXT_NODE, Node.CDATA_SECTION_NODE -> text.append(n.getNodeValue());
                default -> {
                    // comments and processing instructions carry no data (§9.2 forbids them in the wire form)
                }
            }
        }
        if (children.isEmpty()) {
            return text.toString();
        }
        if (!text.toString().isBlank()) {
            problems.add(pointer, "mixed content not allowed (CANONICAL-MODEL §9.2)");
        }
        String name = el.getLocalName();
        String itemName = isRoot ? null : ITEM_NAMES.get(name);
        if (itemName != null) {
            List<Object> list = new ArrayList<>();
            for (Element child : children) {
                String childPointer = pointer + "/" + list.size();
                if (!namespace.equals(child.getNamespaceURI()) || !itemName.equals(child.getLocalName())) {
                    problems.add(childPointer, "expected element <" + itemName + "> in <" + name + ">, found <"
                            + child.getLocalName() + ">");
                }
                list.add(node(child, childPointer, namespace, problems, false));
            }
            return list;
        }
        Map<String, Object> map = new LinkedHashMap<>();
        for (Element child : children) {
            String key = child.getLocalName();
            String childPointer = pointer + "/" + Problems.escape(key);
            if (!namespace.equals(child.getNamespaceURI())) {
                problems.add(childPointer, "element not in namespace " + namespace);
                continue;
            }
            if (map.containsKey(key)) {
                problems.add(childPointer, "duplicate element <" + key + ">");
                continue;
            }
            map.put(key, node(child, childPointer, namespace, problems, false));
        }
        return map;
    }

    /** JAXP hardening: DOCTYPE forbidden outright, so neither internal nor external entities can be declared. */
    static DocumentBuilderFactory hardenedFactory() throws ParserConfigurationException {
        DocumentBuilderFactory f = DocumentBuilderFactory.newDefaultInstance();
        f.setNamespaceAware(true);
        f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        f.setFeature("http://xml.org/sax/features/external-general-entities", false);
        f.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
        f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        f.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        f.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
        f.setXIncludeAware(false);
        f.setExpandEntityReferences(false);
        return f;
    }
}
