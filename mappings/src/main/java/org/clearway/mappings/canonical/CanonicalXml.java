package org.clearway.mappings.canonical;

import java.util.Map;

/**
 * The XML form of CANONICAL-MODEL §9.2: {@code write} returns the one-line wire and signed form
 * (no XML declaration, no whitespace between elements, equal to its exc-c14n); {@code read*}
 * accept that form or an indented one and fail with {@link CanonicalFormatException} on the first
 * problem. Parsing is hardened: a DOCTYPE is rejected, so no entity can be declared or resolved.
 */
public final class CanonicalXml {
    /** Namespace and root of the Declaration XML form. */
    public static final String DECLARATION_NS = Declaration.SCHEMA;
    /** Namespace and root of the Decision XML form. */
    public static final String DECISION_NS = Decision.SCHEMA;

    private CanonicalXml() {
    }

    /** One-line XML bytes of {@code declaration}, root {@code <declaration>}. */
    public static byte[] write(Declaration declaration) {
        return XmlForm.write("declaration", DECLARATION_NS, CanonicalTree.declaration(declaration));
    }

    /** One-line XML bytes of {@code decision}, root {@code <decision>}. */
    public static byte[] write(Decision decision) {
        return XmlForm.write("decision", DECISION_NS, CanonicalTree.decision(decision));
    }

    /** Reads a Declaration from its XML form. */
    public static Declaration readDeclaration(byte[] xml) {
        Problems problems = new Problems(true);
        Map<String, Object> tree = XmlForm.read(xml, "declaration", DECLARATION_NS, problems);
        return CanonicalReader.declaration(new In(tree, "", new In.Ctx(problems, true, false)));
    }

    /** Reads a Decision from its XML form. */
    public static Decision readDecision(byte[] xml) {
        Problems problems = new Problems(true);
        Map<String, Object> tree = XmlForm.read(xml, "decision", DECISION_NS, problems);
        return CanonicalReader.decision(new In(tree, "", new In.Ctx(problems, true, false)));
    }
}
