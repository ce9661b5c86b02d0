package org.clearway.routes.sign;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.clearway.routes.support.GatewayProperties;
import org.clearway.security.DetachedCmsSigner;
import org.clearway.security.KeyMaterial;
import org.clearway.security.Pem;
import org.clearway.security.SigningKeys;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The gateway's signing key (CANONICAL-MODEL §10.2): a PKCS#12 keystore named in configuration,
 * or, when none is configured, a development key pair generated once under
 * {@code ${data}/keys} (logged as development-only).
 */
@Configuration(proxyBeanMethods = false)
public class SigningConfig {

    /** The certificates published at {@code GET /v1/customs/certificates}: current chain first, then previous ones. */
    public record PublishedCertificates(List<X509Certificate> certificates) {
    }

    @Bean
    KeyMaterial signingKey(GatewayProperties properties) throws Exception {
        GatewayProperties.Signing signing = properties.signing();
        if (signing.keystore() != null && !signing.keystore().toString().isBlank()) {
            char[] keyPassword = signing.keyPassword().isEmpty() ? null : signing.keyPassword().toCharArray();
            return SigningKeys.loadPkcs12(signing.keystore(), signing.keystorePassword().toCharArray(),
                    signing.keyAlias(), keyPassword);
        }
        Path keys = properties.dataDir().resolve("keys");
        Files.createDirectories(keys);
        return SigningKeys.loadOrGenerateDevelopment(keys);
    }

    @Bean
    DetachedCmsSigner detachedCmsSigner(KeyMaterial signingKey, Clock clock) {
        return new DetachedCmsSigner(signingKey, clock);
    }

    @Bean
    PublishedCertificates publishedCertificates(KeyMaterial signingKey, GatewayProperties properties) throws Exception {
        List<X509Certificate> all = new ArrayList<>(signingKey.chain());
        for (Path previous : properties.signing().previousCertificates()) {
            all.addAll(Pem.readCertificates(previous));
        }
        return new PublishedCertificates(List.copyOf(all));
    }
}
