package org.clearway.mappings.canonical;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The first acceptance test of the canonicalizer (CANONICAL-MODEL §9.1): the spec's example
 * documents, read into records and written again, must give exactly the byte lengths and SHA-256
 * digests the spec prints for the JSON (JCS) and XML wire forms.
 */
class SpecDigestTest {
    // §9.1: "5 871 bytes", SHA-256 948cbd65…; §9.2: "8 421 bytes", SHA-256 f08acba1…
    private static final int DECLARATION_JSON_LENGTH = 5871;
    private static final String DECLARATION_JSON_SHA = "948cbd65261ebc732b422b6af8c4b53f8567f2c1087822649375816179be0b54";
    private static final int DECLARATION_XML_LENGTH = 8421;
    private static final String DECLARATION_XML_SHA = "f08acba127c704c658623565b8bb747b51f22e1b4e20ecdc202f29f18cb85491";
    // §9.1 decision: "1 377 bytes", 83dcd9e6…; §9.2 decision: "1 983 bytes", f37f87d3…
    private static final int DECISION_JSON_LENGTH = 1377;
    private static final String DECISION_JSON_SHA = "83dcd9e6b845693f6902d0fe70fdf70ec4177229cd322b107ac5e70d0d3f4d1b";
    private static final int DECISION_XML_LENGTH = 1983;
    private static final String DECISION_XML_SHA = "f37f87d306a1a85f84e64a629e0d4d08ae1a05c4754c491602393ee0e3a3a0f4";

    @Test
    void declarationJsonExampleReproducesSpecDigest() {
        Declaration d = CanonicalJson.readDeclaration(TestFiles.resource("declaration-example.json"));
        byte[] jcs = CanonicalJson.write(d);
        assertThat(jcs).hasSize(DECLARATION_JSON_LENGTH);
        assertThat(new String(jcs, StandardCharsets.UTF_8))
                .startsWith("{\"consignment\":{\"incoterm\":\"DDP\",\"intrinsicValue\":{\"amount\":\"35.13\",\"currency\":\"EUR\"},");
        assertThat(TestFiles.sha256(jcs)).isEqualTo(DECLARATION_JSON_SHA);
    }

    @Test
    void declarationXmlExampleReproducesSpecDigest() {
        Declaration d = CanonicalXml.readDeclaration(TestFiles.resource("declaration-example.xml"));
        byte[] xml = CanonicalXml.write(d);
        assertThat(xml).hasSize(DECLARATION_XML_LENGTH);
        assertThat(TestFiles.sha256(xml)).isEqualTo(DECLARATION_XML_SHA);
    }

    @Test
    void declarationJsonExampleRendersAsSpecXml() {
        Declaration fromJson = CanonicalJson.readDeclaration(TestFiles.resource("declaration-example.json"));
        Declaration fromXml = CanonicalXml.readDeclaration(TestFiles.resource("declaration-example.xml"));
        assertThat(fromXml).isEqualTo(fromJson);
        assertThat(TestFiles.sha256(CanonicalXml.write(fromJson))).isEqualTo(DECLARATION_XML_SHA);
    }

    @Test
    void decisionJsonExampleReproducesSpecDigest() {
        Decision d = CanonicalJson.readDecision(TestFiles.resource("decision-example.json"));
        byte[] jcs = CanonicalJson.write(d);
        assertThat(jcs).hasSize(DECISION_JSON_LENGTH);
        assertThat(TestFiles.sha256(jcs)).isEqualTo(DECISION_JSON_SHA);
    }

    @Test
    void decisionXmlExampleReproducesSpecDigest() {
        Decision d = CanonicalXml.readDecision(TestFiles.resource("decision-example.xml"));
        byte[] xml = CanonicalXml.write(d);
        assertThat(xml).hasSize(DECISION_XML_LENGTH);
        assertThat(TestFiles.sha256(xml)).isEqualTo(DECISION_XML_SHA);
        assertThat(d).isEqualTo(CanonicalJson.readDecision(TestFiles.resource("decision-example.json")));
    }

    /** The resources must stay the spec's own examples (checked when the shared spec folder is present). */
    @Test
    void resourcesMatchTheExamplesInTheSpec() throws IOException {
        Optional<Path> spec = TestFiles.spec("CANONICAL-MODEL.md");
        assumeTrue(spec.isPresent(), "shared/specs/CANONICAL-MODEL.md not found");
        String text = Files.readString(spec.get(), StandardCharsets.UTF_8);
        List<String> blocks = new ArrayList<>();
        Matcher m = Pattern.compile("```(?:json|xml)\\n(.*?)```", Pattern.DOTALL).matcher(text);
        while (m.find()) {
            blocks.add(m.group(1));
        }
        assertThat(blocks).contains(
                resourceText("submission-duties-payable.json"), resourceText("submission-ack-s10.xml"),
                resourceText("declaration-example.json"), resourceText("decision-example.json"),
                resourceText("declaration-example.xml"), resourceText("decision-example.xml"));
    }

    private static String resourceText(String name) {
        return new String(TestFiles.resource(name), StandardCharsets.UTF_8);
    }
}
