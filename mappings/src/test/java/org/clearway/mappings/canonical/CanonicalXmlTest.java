package org.clearway.mappings.canonical;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The XML form (CANONICAL-MODEL §9.2) is signed as written: one line, root-only namespace, only
 * {@code & < >} escaped, and it must read back to the same record; hostile XML must not be parsed.
 */
class CanonicalXmlTest {

    @Test
    void writesOneLineWithRootNamespaceAndWrapperNames() {
        String xml = new String(CanonicalXml.write(Examples.postal("x")), StandardCharsets.UTF_8);
        assertThat(xml).startsWith("<declaration xmlns=\"urn:clearway:customs-canonical:1\"><consignment>")
                .endsWith("<specVersion>1.0</specVersion></declaration>")
                .contains("<dangerousGoodsUn><unNumber>UN3481</unNumber></dangerousGoodsUn>")
                .contains("<transportDocuments><transportDocument><level>HOUSE</level>")
                .contains("<totalItems>1</totalItems>")
                .doesNotContain("\n").doesNotContain("<?xml").doesNotContain("/>");
    }

    @Test
    void escapesOnlyAmpersandAndAngleBrackets() {
        String text = "A & B <b> \"q\" 'a' \t tab\nline \uD83D\uDE00";
        String xml = new String(CanonicalXml.write(Examples.postal(text)), StandardCharsets.UTF_8);
        assertThat(xml).contains("<description>A &amp; B &lt;b&gt; \"q\" 'a' \t tab\nline \uD83D\uDE00</description>");
        assertThat(CanonicalXml.readDeclaration(xml.getBytes(StandardCharsets.UTF_8)).items().get(0).description())
                .isEqualTo(text);
    }

    @ParameterizedTest
    @ValueSource(strings = {"\u0001", "\r", "\u0000", "\uFFFE", "\uDC00"})
    void refusesCharactersTheXmlFormCannotCarry(String bad) {
        assertThatThrownBy(() -> CanonicalXml.write(Examples.postal("x" + bad)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void roundTripKeepsRecordAndBytes() {
        Declaration d = Examples.postal("J\u00fcrgen \"Wei\u00df\" & Co <GmbH>");
        byte[] first = CanonicalXml.write(d);
        Declaration back = CanonicalXml.readDeclaration(first);
        assertThat(back).isEqualTo(d);
        assertThat(CanonicalXml.write(back)).isEqualTo(first);
    }

    @Test
    void decisionRoundTrips() {
        Decision d = CanonicalXml.readDecision(TestFiles.resource("decision-example.xml"));
        assertThat(CanonicalXml.readDecision(CanonicalXml.write(d))).isEqualTo(d);
        assertThat(new String(CanonicalXml.write(d), StandardCharsets.UTF_8))
                .contains("<taxes><tax><amount><amount>4.14</amount>");
    }

    @Test
    void rejectsDoctypeWithInternalEntities() {
        String xml = "<?xml version=\"1.0\"?><!DOCTYPE decision [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;\">]>"
                + "<decision xmlns=\"urn:clearway:customs-decision:1\"><backendDecisionRef>&b;</backendDecisionRef></decision>";
        assertThatThrownBy(() -> CanonicalXml.readDecision(xml.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(CanonicalFormatException.class).hasMessageContaining("DOCTYPE");
    }

    @Test
    void rejectsExternalEntity() {
        String xml = "<!DOCTYPE decision [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
                + "<decision xmlns=\"urn:clearway:customs-decision:1\"><backendDecisionRef>&x;</backendDecisionRef></decision>";
        assertThatThrownBy(() -> CanonicalXml.readDecision(xml.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(CanonicalFormatException.class).hasMessageContaining("DOCTYPE");
    }

    @Test
    void rejectsWrongNamespaceAttributesAndUnknownElements() {
        String ok = new String(CanonicalXml.write(Examples.postal("x")), StandardCharsets.UTF_8);
        assertThatThrownBy(() -> CanonicalXml.readDeclaration(
                ok.replace("urn:clearway:customs-canonical:1", "urn:other").getBytes(StandardCharsets.UTF_8)))
                .hasMessageContaining("root element");
        assertThatThrownBy(() -> CanonicalXml.readDeclaration(
                ok.replace("<revision>", "<revision id=\"1\">").getBytes(StandardCharsets.UTF_8)))
                .isInstanceOfSatisfying(CanonicalFormatException.class, e -> assertThat(e.pointer()).isEqualTo("/revision"));
        assertThatThrownBy(() -> CanonicalXml.readDeclaration(
                ok.replace("<revision>", "<extra>1</extra><revision>").getBytes(StandardCharsets.UTF_8)))
                .isInstanceOfSatisfying(CanonicalFormatException.class, e -> assertThat(e.pointer()).isEqualTo("/extra"));
        assertThatThrownBy(() -> CanonicalXml.readDeclaration(
                ok.replace("<unNumber>", "<un>").replace("</unNumber>", "</un>").getBytes(StandardCharsets.UTF_8)))
                .isInstanceOfSatisfying(CanonicalFormatException.class,
                        e -> assertThat(e.pointer()).isEqualTo("/items/0/dangerousGoodsUn/0"));
    }
}
