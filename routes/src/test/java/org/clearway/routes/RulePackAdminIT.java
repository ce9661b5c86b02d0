package org.clearway.routes;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.clearway.routes.rules.RulePackRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The operator's rule-pack endpoints (issue 15): the admin key guards them, a reload picks up a
 * corrected pack without a restart, a pack with overlapping dates is refused with a clear 422 and
 * the packs in force stay.
 */
class RulePackAdminIT extends GatewayIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ADMIN = "it-admin-key-0123";

    @Autowired
    RulePackRegistry registry;

    private HttpResponse<String> reload(String key) {
        return Http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/admin/rule-packs:reload"))
                .header("Authorization", "Bearer " + key).POST(HttpRequest.BodyPublishers.noBody()).build());
    }

    @Test
    void reloadIsGuardedCorrectsWithoutRestartAndRefusesOverlaps() throws Exception {
        assertThat(reload("demo-express-key").statusCode()).isEqualTo(401);
        assertThat(Http.get(port, "/v1/admin/rule-packs", "wrong-key-0000").statusCode()).isEqualTo(401);

        JsonNode list = JSON.readTree(Http.get(port, "/v1/admin/rule-packs", ADMIN).body());
        assertThat(list.at("/regimes/0/regime").asText()).isEqualTo("EU");
        assertThat(list.at("/regimes/0/packs").findValuesAsText("id"))
                .containsExactly("EU-2021-07", "EU-2026-07", "EU-2026-11", "EU-2028-07");
        assertThat(list.at("/regimes/1/packs/1/source").asText()).contains("14324");

        Path eu = GatewayIT.DATA_DIR.resolve("rules/eu.yml");
        String original = Files.readString(eu);
        try {
            // a correction: the pack's version goes to 2
            Files.writeString(eu, original.replaceFirst("id: EU-2026-11\n    version: 1", "id: EU-2026-11\n    version: 2"));
            HttpResponse<String> ok = reload(ADMIN);
            assertThat(ok.statusCode()).isEqualTo(200);
            assertThat(ok.body()).contains("EU-2026-11 v2 from 2026-11-01");
            assertThat(registry.packs().pack("EU-2026-11").orElseThrow().version()).isEqualTo(2);

            // overlapping dates: refused, v2 stays in force
            Files.writeString(eu, original.replace("effective-from: 2026-11-01", "effective-from: 2026-10-01"));
            HttpResponse<String> refused = reload(ADMIN);
            assertThat(refused.statusCode()).isEqualTo(422);
            assertThat(refused.headers().firstValue("Content-Type").orElse("")).contains("problem+json");
            JsonNode problem = JSON.readTree(refused.body());
            assertThat(problem.at("/errors/0/message").asText()).isEqualTo(
                    "eu.yml: pack EU-2026-11: effective-from 2026-10-01 overlaps pack EU-2026-07 (2026-07-01 to 2026-11-01)");
            assertThat(registry.packs().pack("EU-2026-11").orElseThrow().version()).isEqualTo(2);
        } finally {
            Files.writeString(eu, original);
            assertThat(reload(ADMIN).statusCode()).isEqualTo(200);
        }
        assertThat(registry.packs().pack("EU-2026-11").orElseThrow().version()).isEqualTo(1);
    }
}
