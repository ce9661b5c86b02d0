package org.clearway.routes;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import org.clearway.mappings.canonical.CanonicalJson;
import org.clearway.mappings.canonical.CanonicalXml;
import org.clearway.mappings.canonical.Declaration;
import org.junit.jupiter.api.Test;

/**
 * The customs-format seam (issue 12): what is signed and delivered is chosen per backend. One
 * interchange with an item for XML-CUSTOMS (configured {@code customs.format=canonical-xml-v1}) and
 * one for PULL-CUSTOMS (the default canonical JSON): each backend pulls its own form with its media
 * type, the signature verifies over exactly those bytes, and both read back to the same content.
 */
class CustomsFormatIT extends GatewayIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void eachBackendGetsItsConfiguredFormatSignedAsDelivered() throws Exception {
        TestInterchanges.Item toXml = new TestInterchanges.Item(TestInterchanges.s10("CP", "GB"), "LU", "31.00");
        TestInterchanges.Item toJson = new TestInterchanges.Item(TestInterchanges.s10("CP", "GB"), "NL", "31.00");
        HttpResponse<String> sent = ExpressFixtures.post(port, "/v1/postal/interchanges", "demo-post-key", null,
                "application/EDIFACT", TestInterchanges.single(TestInterchanges.reference("FMT"), toXml, toJson));
        assertThat(sent.statusCode()).as(sent.body()).isEqualTo(202);
        JsonNode items = JSON.readTree(sent.body()).at("/messages/0/items");
        String xmlId = items.get(0).get("declarationId").asText();
        String jsonId = items.get(1).get("declarationId").asText();

        JsonNode xmlItem = pull("xml-customs-key-123", xmlId);
        JsonNode jsonItem = pull("pull-customs-key-123", jsonId);
        String pem = Http.get(port, "/v1/customs/certificates", "xml-customs-key-123").body();

        assertThat(xmlItem.get("mediaType").asText()).isEqualTo("application/vnd.clearway.declaration+xml;v=1");
        byte[] xml = Base64.getDecoder().decode(xmlItem.get("body").asText());
        assertThat(new String(xml, StandardCharsets.UTF_8))
                .startsWith("<declaration xmlns=\"urn:clearway:customs-canonical:1\">").doesNotContain("\n");
        Declaration fromXml = CanonicalXml.readDeclaration(xml);
        assertThat(fromXml.correlation().s10ItemId()).isEqualTo(toXml.s10());
        assertThat(fromXml.destinationCustoms().backendId()).isEqualTo("XML-CUSTOMS");
        assertThat(fromXml.gatewayMessageId().toString()).isEqualTo(xmlItem.get("gatewayMessageId").asText());
        // the signed bytes are the XML as delivered, which is its own canonical form
        assertThat(CanonicalXml.write(fromXml)).isEqualTo(xml);
        assertThat(Openssl.verifyDetached(xml, Base64.getDecoder().decode(xmlItem.get("signature").asText()), pem))
                .as("openssl cms -verify of the XML body").isZero();

        assertThat(jsonItem.get("mediaType").asText()).isEqualTo("application/vnd.clearway.declaration+json;v=1");
        byte[] json = Base64.getDecoder().decode(jsonItem.get("body").asText());
        Declaration fromJson = CanonicalJson.readDeclaration(json);
        assertThat(fromJson.correlation().s10ItemId()).isEqualTo(toJson.s10());
        assertThat(Openssl.verifyDetached(json, Base64.getDecoder().decode(jsonItem.get("signature").asText()), pem))
                .isZero();
        // same mapping, different form: the items agree field by field
        assertThat(fromXml.items()).isEqualTo(fromJson.items());
    }

    /** Pages a backend's pull feed until the declaration appears (30 s). */
    private JsonNode pull(String key, String declarationId) throws Exception {
        Map<String, JsonNode> seen = new HashMap<>();
        String cursor = "";
        long deadline = System.currentTimeMillis() + 30_000;
        while (System.currentTimeMillis() < deadline) {
            JsonNode page = JSON.readTree(Http.get(port, "/v1/customs/declarations?limit=500"
                    + (cursor.isEmpty() ? "" : "&after=" + cursor), key).body());
            for (JsonNode i : page.get("items")) {
                seen.put(i.get("declarationId").asText(), i);
            }
            if (seen.containsKey(declarationId)) {
                return seen.get(declarationId);
            }
            cursor = page.get("nextCursor").asText();
            if (page.get("items").isEmpty()) {
                Thread.sleep(200);
            }
        }
        throw new AssertionError(declarationId + " not pulled by " + key);
    }
}
