package org.clearway.mappings.customs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.clearway.mappings.canonical.CanonicalJson;
import org.clearway.mappings.canonical.CanonicalXml;
import org.clearway.mappings.canonical.Declaration;
import org.junit.jupiter.api.Test;

/**
 * The customs-format seam: the built-in canonical forms write the spec example's exact bytes
 * (CANONICAL-MODEL §9.1 JSON, §9.2 XML), an added format plugs in by id, and a clash or an unknown
 * name is refused with the known names.
 */
class CustomsFormatsTest {

    @Test
    void builtInFormatsWriteTheCanonicalBytes() throws IOException {
        byte[] json = resource("declaration-example.json");
        Declaration d = CanonicalJson.readDeclaration(json);
        CustomsFormats formats = new CustomsFormats(List.of());

        CustomsFormat canonicalJson = formats.get(CustomsFormats.DEFAULT);
        assertThat(canonicalJson.mediaType()).isEqualTo("application/vnd.clearway.declaration+json;v=1");
        assertThat(canonicalJson.write(d)).isEqualTo(CanonicalJson.write(d));

        CustomsFormat xml = formats.get("canonical-xml-v1");
        assertThat(xml.mediaType()).isEqualTo("application/vnd.clearway.declaration+xml;v=1");
        byte[] bytes = xml.write(d);
        assertThat(new String(bytes, StandardCharsets.UTF_8)).startsWith("<declaration xmlns=\"urn:clearway:customs-canonical:1\">");
        assertThat(CanonicalXml.readDeclaration(bytes)).isEqualTo(d);
        // deterministic: the signed bytes do not change between writes
        assertThat(xml.write(d)).isEqualTo(bytes);
    }

    @Test
    void anAddedFormatPlugsInByItsId() throws IOException {
        Declaration d = CanonicalJson.readDeclaration(resource("declaration-example.json"));
        CustomsFormat ids = new CustomsFormat() {
            @Override
            public String id() {
                return "test-ids-v1";
            }

            @Override
            public String mediaType() {
                return "text/plain;charset=UTF-8";
            }

            @Override
            public byte[] write(Declaration declaration) {
                return (declaration.declarationId() + " r" + declaration.revision()).getBytes(StandardCharsets.UTF_8);
            }
        };
        CustomsFormats formats = new CustomsFormats(List.of(ids));
        assertThat(formats.all()).extracting(CustomsFormat::id)
                .containsExactly("canonical-json-v1", "canonical-xml-v1", "test-ids-v1");
        assertThat(new String(formats.get("test-ids-v1").write(d), StandardCharsets.UTF_8))
                .isEqualTo(d.declarationId() + " r" + d.revision());
    }

    @Test
    void unknownOrClashingFormatsAreRefused() {
        CustomsFormats formats = new CustomsFormats(List.of());
        assertThatThrownBy(() -> formats.get("ics2-ens-v2"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ics2-ens-v2").hasMessageContaining("canonical-json-v1, canonical-xml-v1");
        CustomsFormat clash = new CustomsFormat() {
            @Override
            public String id() {
                return "canonical-xml-v1";
            }

            @Override
            public String mediaType() {
                return "application/xml";
            }

            @Override
            public byte[] write(Declaration declaration) {
                return new byte[0];
            }
        };
        assertThatThrownBy(() -> new CustomsFormats(List.of(clash)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("taken");
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = CustomsFormatsTest.class.getResourceAsStream("/canonical/" + name)) {
            assertThat(in).as(name).isNotNull();
            return in.readAllBytes();
        }
    }
}
