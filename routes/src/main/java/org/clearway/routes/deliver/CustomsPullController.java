package org.clearway.routes.deliver;

import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.clearway.routes.sign.SigningConfig.PublishedCertificates;
import org.clearway.routes.store.DeclarationStore;
import org.clearway.routes.support.ApiAuth;
import org.clearway.routes.support.GatewayProperties.Role;
import org.clearway.routes.support.ProblemException;
import org.clearway.routes.support.RequestChecks;
import org.clearway.security.Pem;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Customs-side reads (CUSTOMS-AND-POSTAL-INTERFACES §3.2): the cursor pull of signed declarations,
 * in arrival order, bodies base64 so the signed bytes are never re-serialised; and the gateway's
 * signing certificates (current and previous) for verification.
 */
@RestController
@RequestMapping("/v1/customs")
public class CustomsPullController {
    private final PullFeed feed;
    private final ApiAuth auth;
    private final PublishedCertificates certificates;

    public CustomsPullController(PullFeed feed, ApiAuth auth, PublishedCertificates certificates) {
        this.feed = feed;
        this.auth = auth;
        this.certificates = certificates;
    }

    @GetMapping(value = "/declarations", produces = MediaType.APPLICATION_JSON_VALUE)
    public Map<String, Object> pull(HttpServletRequest request, @RequestParam(required = false) String after,
                                    @RequestParam(required = false, name = "limit") String limitText) {
        ApiAuth.Caller caller = auth.require(request, Role.CUSTOMS);
        int limit = RequestChecks.intParam("limit", limitText, 100, 1, 1000);
        RequestChecks.text("after", after, 64);
        long cursor = decodeCursor(after);
        String backendId = caller.partner().customs().backendId();
        List<Map<String, Object>> items = new ArrayList<>();
        long last = cursor;
        for (DeclarationStore.Emission e : feed.page(backendId, cursor, limit)) {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("gatewayMessageId", e.gatewayMessageId());
            item.put("declarationId", e.declarationId());
            item.put("revision", e.revision());
            item.put("mediaType", e.mediaType());
            item.put("body", Base64.getEncoder().encodeToString(e.body()));
            item.put("signature", Base64.getEncoder().encodeToString(e.signature()));
            item.put("signatureKey", e.signatureKey());
            items.add(item);
            last = e.seq();
        }
        Map<String, Object> page = new LinkedHashMap<>();
        page.put("items", items);
        page.put("nextCursor", encodeCursor(last));
        return page;
    }

    @GetMapping("/certificates")
    public ResponseEntity<String> certificates(HttpServletRequest request) {
        auth.require(request, Role.CUSTOMS);
        return ResponseEntity.ok().contentType(MediaType.parseMediaType(Pem.MEDIA_TYPE))
                .body(Pem.write(certificates.certificates()));
    }

    private static String encodeCursor(long seq) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(("e:" + seq).getBytes());
    }

    private static long decodeCursor(String cursor) {
        if (cursor == null || cursor.isEmpty()) {
            return 0;
        }
        try {
            String text = new String(Base64.getUrlDecoder().decode(cursor));
            if (!text.startsWith("e:")) {
                throw new IllegalArgumentException(text);
            }
            return Long.parseLong(text.substring(2));
        } catch (IllegalArgumentException e) {
            throw new ProblemException(HttpStatus.BAD_REQUEST, "invalid-cursor", "the cursor is not one this gateway returned");
        }
    }
}
