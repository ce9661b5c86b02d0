package org.clearway.routes.ingress;

import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import org.clearway.routes.support.ApiAuth;
import org.clearway.routes.support.GatewayProperties.Role;
import org.clearway.routes.support.ProblemException;
import org.springframework.core.io.FileSystemResource;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Postal HTTP ingress {@code POST /v1/postal/interchanges} (CUSTOMS-AND-POSTAL-INTERFACES §2.2):
 * 202 with per-message results once the accepted messages are durably queued, 400 with a CONTRL
 * for interchange-level errors, 400 problem+json for non-EDIFACT input, 413, 415, 401/403.
 */
@RestController
@RequestMapping("/v1/postal")
public class PostalHttpController {
    private static final MediaType EDIFACT = MediaType.parseMediaType("application/EDIFACT");

    private final PostalIngressService ingress;
    private final ApiAuth auth;

    public PostalHttpController(PostalIngressService ingress, ApiAuth auth) {
        this.ingress = ingress;
        this.auth = auth;
    }

    @PostMapping("/interchanges")
    public ResponseEntity<?> submit(HttpServletRequest request) throws IOException {
        ApiAuth.Caller caller = auth.require(request, Role.POSTAL);
        String contentType = request.getContentType();
        if (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith("application/edifact")) {
            throw new ProblemException(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported-media-type",
                    "send the interchange as Content-Type: application/EDIFACT (got " + contentType + ")");
        }
        long declared = request.getContentLengthLong();
        try (InputStream body = request.getInputStream()) {
            IngressOutcome outcome = ingress.submit(caller.partnerId(), body, "http");
            if (outcome instanceof IngressOutcome.Accepted a) {
                return ResponseEntity.accepted().contentType(MediaType.APPLICATION_JSON)
                        .body(new FileSystemResource(a.response()));
            }
            if (outcome instanceof IngressOutcome.Replayed r) {
                return ResponseEntity.accepted().header("Idempotent-Replayed", "true")
                        .contentType(MediaType.APPLICATION_JSON).body(new FileSystemResource(r.response()));
            }
            if (outcome instanceof IngressOutcome.Rejected r && r.contrl() == null) {
                // MIG §7.1: a CONTRL needs the UNB's sender, recipient and reference; with the UNB itself
                // cut off or unreadable there is none to build, so the sender gets the reason as a problem
                throw new ProblemException(HttpStatus.BAD_REQUEST, "interchange-rejected", r.code() + ": " + r.reason()
                        + "; the UNB could not be read, so no CONTRL could be built (ingressId " + r.ingressId() + ")",
                        java.util.List.of(), java.util.Map.of("X-Clearway-Ingress-Id", r.ingressId(),
                                "X-Clearway-Error-Code", r.code()));
            }
            if (outcome instanceof IngressOutcome.Rejected r) {
                return ResponseEntity.badRequest()
                        .header("X-Clearway-Ingress-Id", r.ingressId())
                        .header("X-Clearway-Error-Code", r.code())
                        .contentType(EDIFACT).body(r.contrl());
            }
            if (outcome instanceof IngressOutcome.TooLarge t) {
                throw new ProblemException(HttpStatus.PAYLOAD_TOO_LARGE, "payload-too-large",
                        "X019: the interchange exceeds the limit of " + t.limit() + " bytes"
                                + (declared > 0 ? " (Content-Length " + declared + ")" : ""));
            }
            IngressOutcome.NotEdifact n = (IngressOutcome.NotEdifact) outcome;
            throw new ProblemException(HttpStatus.BAD_REQUEST, "not-edifact",
                    "X001: " + n.reason() + " (ingressId " + n.ingressId() + ")");
        }
    }
}
