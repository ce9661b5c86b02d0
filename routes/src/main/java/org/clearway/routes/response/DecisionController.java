package org.clearway.routes.response;

import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.util.Locale;
import org.clearway.routes.support.ApiAuth;
import org.clearway.routes.support.GatewayProperties.Role;
import org.clearway.routes.support.ProblemException;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /v1/customs/decisions} (CUSTOMS-AND-POSTAL-INTERFACES §3.3): JSON or XML decision
 * submissions from a customs partner; 202 once stored together with its {@code gw.respond} outbox row
 * (one database transaction, relayed after its commit: forwarded exactly once, broker up or not);
 * 200 replay for a repeated {@code backendDecisionRef} (nothing forwarded again); 404 unknown
 * reference; 409 ambiguous; 422 invalid.
 */
@RestController
@RequestMapping("/v1/customs")
public class DecisionController {
    private static final int MAX_BYTES = 1024 * 1024;

    private final DecisionService decisions;
    private final ApiAuth auth;

    public DecisionController(DecisionService decisions, ApiAuth auth) {
        this.decisions = decisions;
        this.auth = auth;
    }

    @PostMapping("/decisions")
    public ResponseEntity<String> submit(HttpServletRequest request) throws IOException {
        ApiAuth.Caller caller = auth.require(request, Role.CUSTOMS);
        String type = request.getContentType() == null ? "" : request.getContentType().toLowerCase(Locale.ROOT);
        boolean xml = type.startsWith("application/xml") || type.startsWith("text/xml")
                || type.startsWith("application/vnd.clearway.decision-submission+xml");
        boolean json = type.startsWith("application/json")
                || type.startsWith("application/vnd.clearway.decision-submission+json");
        if (!xml && !json) {
            throw new ProblemException(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported-media-type",
                    "send a decision submission as application/json or application/xml");
        }
        byte[] body = request.getInputStream().readNBytes(MAX_BYTES + 1);
        if (body.length > MAX_BYTES) {
            throw new ProblemException(HttpStatus.PAYLOAD_TOO_LARGE, "payload-too-large",
                    "a decision submission may have at most " + MAX_BYTES + " bytes");
        }
        DecisionService.Accepted accepted = decisions.submit(caller.partnerId(), caller.partner(), body, xml,
                request.getHeader("X-CLEARWAY-Signature"));
        return ResponseEntity.status(accepted.replayed() ? HttpStatus.OK : HttpStatus.ACCEPTED)
                .contentType(MediaType.APPLICATION_JSON).body(accepted.responseJson());
    }
}
