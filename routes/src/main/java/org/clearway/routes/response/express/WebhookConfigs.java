package org.clearway.routes.response.express;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.clearway.mappings.express.DecisionEvents;
import org.clearway.mappings.express.WebhookSignature;
import org.clearway.routes.ingress.ApiResult;
import org.clearway.routes.ingress.Idempotency;
import org.clearway.routes.store.WebhookEndpointStore;
import org.clearway.routes.store.WebhookEndpointStore.Endpoint;
import org.clearway.routes.pipeline.StageTransactions;
import org.clearway.routes.support.ApiProblem;
import org.clearway.routes.support.GatewayProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

/**
 * Webhook registration of PARTNER-APIS §5.2: {@code PUT} creates or replaces the partner's endpoint
 * (the signing secret is generated once and shown once; a PUT with {@code enabled: true} re-enables
 * an endpoint disabled after failed events and resets its failure count), {@code GET} shows it
 * without secrets, and a rotation keeps the old secret valid for {@code previous-secret-validity}.
 * {@code PUT} and the rotation take an {@code Idempotency-Key} (§1.2); a replay returns the first
 * answer, including the secret it showed.
 */
@Service
public class WebhookConfigs {
    private static final Logger log = LoggerFactory.getLogger(WebhookConfigs.class);
    static final List<String> EVENT_TYPES = List.of(DecisionEvents.DECISION, DecisionEvents.ACKNOWLEDGEMENT);
    private static final int MAX_URL = 2048;

    // §5.1 Timestamp form, as in the events
    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter
            .ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private final WebhookEndpointStore store;
    private final Idempotency idempotency;
    private final GatewayProperties properties;
    private final ObjectMapper json;
    private final Clock clock;
    private final StageTransactions tx;

    /** An answer and whether it is the replay of an earlier request with the same Idempotency-Key (§1.2). */
    public record Answer(JsonNode body, boolean replayed) {
    }

    public WebhookConfigs(WebhookEndpointStore store, Idempotency idempotency, GatewayProperties properties,
                          ObjectMapper json, Clock clock, StageTransactions tx) {
        this.store = store;
        this.idempotency = idempotency;
        this.properties = properties;
        this.json = json;
        this.clock = clock;
        this.tx = tx;
    }

    /** {@code PUT /v1/webhooks/config}: 200 with the configuration, plus {@code signingSecret} when one was generated. */
    public Answer put(String partnerId, String idempotencyKey, byte[] body) {
        return once(partnerId, idempotencyKey, "webhook-config", body, () -> put(partnerId, parse(body)));
    }

    private JsonNode put(String partnerId, Request r) {
        return tx.inTransaction(status -> {
            Instant now = clock.instant();
            Endpoint old = store.lock(partnerId).orElse(null);
            String generated = null;
            String secret = old == null ? null : old.signingSecret();
            if (secret == null || secret.isBlank()) {
                generated = WebhookSignature.generateSecret();
                secret = generated;
            }
            boolean wasEnabled = old != null && old.enabled();
            Endpoint e = new Endpoint(partnerId, r.url(), r.events(), r.enabled(), secret,
                    old == null ? null : old.previousSecret(), old == null ? null : old.previousValidUntil(),
                    r.enabled() ? 0 : old == null ? 0 : old.consecutiveFailures(),
                    r.enabled() ? null : wasEnabled || old == null ? now : old.disabledAt(), now);
            if (old == null) {
                store.insert(e);
            } else {
                store.update(e);
            }
            log.info("webhook of {} set to {} {} ({})", partnerId, e.url(), e.events(),
                    e.enabled() ? "enabled" : "disabled");
            ObjectNode view = view(e);
            if (generated != null) {
                view.put("signingSecret", generated);
            }
            return view;
        });
    }

    /** {@code GET /v1/webhooks/config}; 404 when none is registered. */
    public JsonNode get(String partnerId) {
        return store.find(partnerId).map(this::view).orElseThrow(() -> notConfigured(partnerId));
    }

    /** {@code POST /v1/webhooks/config:rotate-secret}: a new secret, shown once; the old one stays valid for the overlap. */
    public Answer rotate(String partnerId, String idempotencyKey) {
        return once(partnerId, idempotencyKey, "webhook-rotate-secret", new byte[0], () -> rotate(partnerId));
    }

    private JsonNode rotate(String partnerId) {
        return tx.inTransaction(status -> {
            Endpoint old = store.lock(partnerId).orElseThrow(() -> notConfigured(partnerId));
            Instant now = clock.instant();
            String secret = WebhookSignature.generateSecret();
            Instant validUntil = now.plus(properties.api().webhooks().previousSecretValidity());
            Endpoint e = new Endpoint(partnerId, old.url(), old.events(), old.enabled(), secret, old.signingSecret(),
                    validUntil, old.consecutiveFailures(), old.disabledAt(), now);
            store.update(e);
            log.info("webhook secret of {} rotated; previous secret valid until {}", partnerId, validUntil);
            ObjectNode view = view(e);
            view.put("signingSecret", secret);
            return view;
        });
    }

    private ObjectNode view(Endpoint e) {
        ObjectNode node = json.createObjectNode();
        node.put("url", e.url());
        node.putArray("events").addAll(e.events().stream().map(json.getNodeFactory()::textNode).toList());
        node.put("enabled", e.enabled());
        node.put("consecutiveFailures", e.consecutiveFailures());
        if (e.disabledAt() != null && !e.enabled()) {
            node.put("disabledAt", TIMESTAMP.format(e.disabledAt()));
        }
        if (e.previousSecret() != null && e.previousValidUntil() != null && clock.instant().isBefore(e.previousValidUntil())) {
            node.put("previousSecretValidUntil", TIMESTAMP.format(e.previousValidUntil()));
        }
        return node;
    }

    private record Request(String url, List<String> events, boolean enabled) {
    }

    private Request parse(byte[] body) {
        JsonNode root;
        try {
            root = json.readTree(body);
        } catch (IOException e) {
            throw new ApiProblem(HttpStatus.BAD_REQUEST, "malformed-json", "request body is not valid JSON");
        }
        if (root == null || !root.isObject()) {
            throw new ApiProblem(HttpStatus.BAD_REQUEST, "malformed-json", "request body must be a JSON object");
        }
        List<Map<String, Object>> errors = new ArrayList<>();
        String url = url(root.get("url"), errors);
        List<String> events = List.of();
        JsonNode ev = root.get("events");
        if (ev == null || ev.isNull()) {
            errors.add(ApiProblem.fieldError("/events", "REQUIRED", "list the event types to push, e.g. "
                    + EVENT_TYPES));
        } else {
            if (!ev.isArray()) {
                errors.add(ApiProblem.fieldError("/events", "TYPE", "events must be an array of event types"));
            } else if (ev.isEmpty()) {
                errors.add(ApiProblem.fieldError("/events", "REQUIRED", "subscribe to at least one event type"));
            } else {
                Set<String> chosen = new LinkedHashSet<>();
                for (int i = 0; i < ev.size(); i++) {
                    JsonNode t = ev.get(i);
                    if (!t.isTextual() || !EVENT_TYPES.contains(t.asText())) {
                        errors.add(ApiProblem.fieldError("/events/" + i, "ENUM", "one of " + EVENT_TYPES));
                    } else {
                        chosen.add(t.asText());
                    }
                }
                events = new ArrayList<>(chosen);
            }
        }
        boolean enabled = false;
        JsonNode en = root.get("enabled");
        if (en == null || en.isNull()) {
            errors.add(ApiProblem.fieldError("/enabled", "REQUIRED", "enabled (true or false) is required"));
        } else {
            if (!en.isBoolean()) {
                errors.add(ApiProblem.fieldError("/enabled", "TYPE", "enabled must be true or false"));
            } else {
                enabled = en.booleanValue();
            }
        }
        if (!errors.isEmpty()) {
            throw new ApiProblem(HttpStatus.UNPROCESSABLE_ENTITY, "validation-error",
                    errors.size() + " field error" + (errors.size() == 1 ? "" : "s"), errors);
        }
        return new Request(url, events, enabled);
    }

    private String url(JsonNode node, List<Map<String, Object>> errors) {
        if (node == null || node.isNull()) {
            errors.add(ApiProblem.fieldError("/url", "REQUIRED", "the webhook URL is required"));
            return null;
        }
        if (!node.isTextual()) {
            errors.add(ApiProblem.fieldError("/url", "TYPE", "url must be a string"));
            return null;
        }
        String text = node.asText();
        if (text.length() > MAX_URL) {
            errors.add(ApiProblem.fieldError("/url", "MAX_LENGTH", "at most " + MAX_URL + " characters"));
            return null;
        }
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            errors.add(ApiProblem.fieldError("/url", "FORMAT", "not a valid URL"));
            return null;
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        boolean https = scheme.equals("https");
        if (!https && !(scheme.equals("http") && !properties.api().webhooks().requireHttps())) {
            errors.add(ApiProblem.fieldError("/url", "FORMAT", properties.api().webhooks().requireHttps()
                    ? "the webhook URL must use https" : "the webhook URL must use https or http"));
            return null;
        }
        if (uri.getHost() == null || uri.getRawUserInfo() != null || uri.getRawFragment() != null) {
            errors.add(ApiProblem.fieldError("/url", "FORMAT", "an absolute URL with a host, without user info or fragment"));
            return null;
        }
        return text;
    }

    /** Runs {@code work} once per (partner, Idempotency-Key), with the shared §1.2 rules. */
    private Answer once(String partnerId, String key, String operation, byte[] body, Supplier<JsonNode> work) {
        ApiResult result = idempotency.run(partnerId, key, operation, body, () -> new ApiResult(200, work.get()));
        return new Answer(result.body(), result.replayed());
    }

    private static ApiProblem notConfigured(String partnerId) {
        return new ApiProblem(HttpStatus.NOT_FOUND, "not-found", "no webhook registered for " + partnerId
                + "; register one with PUT /v1/webhooks/config");
    }
}
