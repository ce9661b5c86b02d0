package org.clearway.routes.response.express;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.util.Locale;
import org.clearway.routes.support.ApiAuth;
import org.clearway.routes.support.ApiProblem;
import org.clearway.routes.support.GatewayProperties;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Webhook registration (PARTNER-APIS §5.2): {@code PUT /v1/webhooks/config},
 * {@code GET /v1/webhooks/config} and {@code POST /v1/webhooks/config:rotate-secret}; scope
 * {@code webhooks:admin}.
 */
@RestController
@RequestMapping("/v1/webhooks")
public class WebhookConfigController {
    private final WebhookConfigs configs;
    private final ApiAuth auth;
    private final GatewayProperties properties;

    public WebhookConfigController(WebhookConfigs configs, ApiAuth auth, GatewayProperties properties) {
        this.configs = configs;
        this.auth = auth;
        this.properties = properties;
    }

    @PutMapping(value = "/config", produces = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<JsonNode> put(HttpServletRequest request) throws IOException {
        ApiAuth.Caller caller = auth.requireScope(request, "webhooks:admin");
        String type = request.getContentType() == null ? "" : request.getContentType().toLowerCase(Locale.ROOT);
        if (!type.startsWith("application/json")) {
            throw new ApiProblem(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported-media-type",
                    "send the webhook configuration as application/json");
        }
        long max = properties.api().maxJsonBytes();
        byte[] body = request.getInputStream().readNBytes((int) Math.min(Integer.MAX_VALUE - 1, max) + 1);
        if (body.length > max) {
            throw new ApiProblem(HttpStatus.PAYLOAD_TOO_LARGE, "payload-too-large",
                    "the request body may have at most " + max + " bytes");
        }
        return answer(configs.put(caller.partnerId(), request.getHeader("Idempotency-Key"), body));
    }

    @GetMapping(value = "/config", produces = MediaType.APPLICATION_JSON_VALUE)
    public JsonNode get(HttpServletRequest request) {
        return configs.get(auth.requireScope(request, "webhooks:admin").partnerId());
    }

    @PostMapping(value = "/config:rotate-secret", produces = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<JsonNode> rotate(HttpServletRequest request) {
        String partnerId = auth.requireScope(request, "webhooks:admin").partnerId();
        return answer(configs.rotate(partnerId, request.getHeader("Idempotency-Key")));
    }

    private static ResponseEntity<JsonNode> answer(WebhookConfigs.Answer answer) {
        ResponseEntity.BodyBuilder ok = ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON);
        if (answer.replayed()) {
            ok.header("Idempotent-Replayed", "true");
        }
        return ok.body(answer.body());
    }
}
