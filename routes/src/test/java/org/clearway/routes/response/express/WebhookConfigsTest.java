package org.clearway.routes.response.express;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.clearway.mappings.express.WebhookSignature;
import org.clearway.routes.store.IdempotencyStore;
import org.clearway.routes.store.WebhookEndpointStore.Endpoint;
import org.clearway.routes.support.ApiProblem;
import org.junit.jupiter.api.Test;

/**
 * Webhook registration (PARTNER-APIS §5.2): the secret is generated once and shown once, kept on
 * re-registration, rotated with an overlap; https is enforced; PUT and rotation are idempotent (§1.2).
 */
class WebhookConfigsTest {
    private static final String PARTNER = "DEMO-EXPRESS";
    private static final String BODY = "{\"url\":\"https://carrier.example/hooks\",\"events\":[\"customs.decision\"],"
            + "\"enabled\":true}";

    private final EventsDb db = new EventsDb();
    private final WebhookConfigs configs = new WebhookConfigs(db.endpoints,
                new org.clearway.routes.ingress.Idempotency(new IdempotencyStore(db.jdbc), EventsDb.properties(WebhookDispatcherTest.webhooks()), db.clock),
            EventsDb.properties(WebhookDispatcherTest.webhooks()), new ObjectMapper(), db.clock, db.tx());

    private static byte[] bytes(String json) {
        return json.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void theSecretIsGeneratedOnceAndShownOnce() {
        WebhookConfigs.Answer first = configs.put(PARTNER, "k1", bytes(BODY));
        String secret = first.body().get("signingSecret").asText();
        assertThat(WebhookSignature.key(secret)).hasSize(32);
        assertThat(first.replayed()).isFalse();
        assertThat(db.endpoints.find(PARTNER).orElseThrow().signingSecret()).isEqualTo(secret);

        WebhookConfigs.Answer again = configs.put(PARTNER, "k2", bytes(BODY.replace("carrier.example", "new.example")));
        assertThat(again.body().has("signingSecret")).isFalse();
        assertThat(again.body().get("url").asText()).isEqualTo("https://new.example/hooks");
        assertThat(db.endpoints.find(PARTNER).orElseThrow().signingSecret()).isEqualTo(secret);

        JsonNode shown = configs.get(PARTNER);
        assertThat(shown.has("signingSecret")).isFalse();
        assertThat(shown.get("enabled").asBoolean()).isTrue();
        assertThat(shown.get("consecutiveFailures").asInt()).isZero();
    }

    @Test
    void aRepeatedKeyReplaysTheFirstAnswerAndAnotherBodyIsRefused() {
        WebhookConfigs.Answer first = configs.put(PARTNER, "k1", bytes(BODY));
        WebhookConfigs.Answer replay = configs.put(PARTNER, "k1", bytes(BODY));
        assertThat(replay.replayed()).isTrue();
        assertThat(replay.body()).isEqualTo(first.body());

        assertProblem(() -> configs.put(PARTNER, "k1", bytes(BODY.replace("true", "false"))), 422,
                "idempotency-key-reused");
        assertProblem(() -> configs.put(PARTNER, null, bytes(BODY)), 400, "idempotency-key-missing");
        assertProblem(() -> configs.put(PARTNER, "bad key!", bytes(BODY)), 400, "idempotency-key-missing");
    }

    @Test
    void invalidRegistrationsAreValidationErrorsAndFreeTheirKey() {
        assertThatThrownBy(() -> configs.put(PARTNER, "k1", bytes(BODY.replace("https:", "http:"))))
                .isInstanceOfSatisfying(ApiProblem.class, p -> {
                    assertThat(p.status().value()).isEqualTo(422);
                    assertThat(p.errors()).extracting(e -> e.get("pointer")).containsExactly("/url");
                });
        assertThatThrownBy(() -> configs.put(PARTNER, "k2", bytes("{\"url\":\"https://a.example/h\","
                + "\"events\":[\"customs.release\"],\"enabled\":\"yes\"}")))
                .isInstanceOfSatisfying(ApiProblem.class, p -> assertThat(p.errors())
                        .extracting(e -> e.get("pointer")).containsExactly("/events/0", "/enabled"));
        assertThatThrownBy(() -> configs.put(PARTNER, "k3", bytes("{\"url\":\"https://a.example/h\"}")))
                .isInstanceOfSatisfying(ApiProblem.class, p -> assertThat(p.errors())
                        .extracting(e -> e.get("code")).containsExactly("REQUIRED", "REQUIRED"));
        assertProblem(() -> configs.put(PARTNER, "k4", bytes("{not json")), 400, "malformed-json");
        assertThat(db.endpoints.find(PARTNER)).isEmpty();

        // the key of a refused request can be used again
        assertThat(configs.put(PARTNER, "k1", bytes(BODY)).replayed()).isFalse();
    }

    @Test
    void rotationKeepsThePreviousSecretForTheOverlap() {
        String old = configs.put(PARTNER, "k1", bytes(BODY)).body().get("signingSecret").asText();
        assertProblem(() -> configs.rotate("OTHER", "r0"), 404, "not-found");

        JsonNode rotated = configs.rotate(PARTNER, "r1").body();

        String fresh = rotated.get("signingSecret").asText();
        assertThat(fresh).isNotEqualTo(old).startsWith("whsec_");
        Endpoint e = db.endpoints.find(PARTNER).orElseThrow();
        assertThat(e.signingSecret()).isEqualTo(fresh);
        assertThat(e.previousSecret()).isEqualTo(old);
        assertThat(e.previousValidUntil()).isEqualTo(db.clock.instant().plus(Duration.ofHours(24)));
        assertThat(configs.get(PARTNER).get("previousSecretValidUntil").asText()).endsWith("Z");
        db.clock.advance(Duration.ofHours(24));
        assertThat(configs.get(PARTNER).has("previousSecretValidUntil")).isFalse();
    }

    @Test
    void disablingByPutIsShownAndReEnablingResetsTheFailureCount() {
        configs.put(PARTNER, "k1", bytes(BODY));
        db.endpoints.countFailure(PARTNER);
        db.endpoints.disable(PARTNER, db.clock.instant());
        JsonNode disabled = configs.get(PARTNER);
        assertThat(disabled.get("enabled").asBoolean()).isFalse();
        assertThat(disabled.get("disabledAt").asText()).isNotEmpty();
        assertThat(disabled.get("consecutiveFailures").asInt()).isEqualTo(1);

        configs.put(PARTNER, "k2", bytes(BODY));
        JsonNode enabled = configs.get(PARTNER);
        assertThat(enabled.get("enabled").asBoolean()).isTrue();
        assertThat(enabled.has("disabledAt")).isFalse();
        assertThat(enabled.get("consecutiveFailures").asInt()).isZero();
        assertThat(List.of(configs.put(PARTNER, "k3", bytes(BODY.replace("true", "false"))).body()
                .get("enabled").asBoolean())).containsExactly(false);
    }

    private static void assertProblem(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, int status,
                                      String slug) {
        assertThatThrownBy(call).isInstanceOfSatisfying(ApiProblem.class, p -> {
            assertThat(p.status().value()).isEqualTo(status);
            assertThat(p.slug()).isEqualTo(slug);
        });
    }
}
