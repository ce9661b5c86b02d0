package org.clearway.routes.ingress.as2;

import org.clearway.security.Pem;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /v1/as2/certificate}: the gateway's AS2 certificate as PEM, the one partners encrypt
 * to and verify the gateway's AS2 signatures and MDNs with. Public, without an API key: a partner
 * needs it before any trust is set up, and it is a certificate only (never a key), the same
 * certificate the gateway hands every partner in each signed message anyway.
 */
@RestController
@ConditionalOnProperty(name = "clearway.as2.enabled", havingValue = "true", matchIfMissing = true)
public class As2CertificateController {
    private final As2Config.As2Station station;

    public As2CertificateController(As2Config.As2Station station) {
        this.station = station;
    }

    @GetMapping("/v1/as2/certificate")
    public ResponseEntity<String> certificate() {
        String name = station.as2Id().replaceAll("[^A-Za-z0-9._-]", "_");
        return ResponseEntity.ok().contentType(MediaType.parseMediaType(Pem.MEDIA_TYPE))
                .header(HttpHeaders.CONTENT_DISPOSITION, "inline; filename=\"" + name + "-as2.pem\"")
                .body(Pem.write(station.key().signerCertificate()));
    }
}
