package org.clearway.routes.support;

import jakarta.validation.constraints.NotBlank;
import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The gateway as an AS2 station ({@code clearway.as2.*}, CUSTOMS-AND-POSTAL §2.1): its own AS2 id
 * (AS2-To of partner messages, AS2-From of its MDNs) and its AS2 key. The key decrypts partner
 * messages (RSA key transport) and signs MDNs, so it must be RSA: a PKCS#12 keystore named here,
 * or, when none is configured, an RSA development key generated once under
 * {@code ${data}/keys/as2} (logged as development-only). Partner profiles are under
 * {@code clearway.partners.<id>.as2}. Outbox entries of partners with an AS2 {@code url} are
 * looked for every {@code outbound-poll-interval} and retried with the pipeline's HTTP backoff
 * ({@code clearway.pipeline.http-retry-initial} doubling up to {@code http-retry-max}).
 * {@code mdn-url} is the public URL of the gateway's async MDN endpoint ({@code POST /as2/mdn}),
 * sent as {@code Receipt-Delivery-Option} to partners whose profile has
 * {@code mdn.outbound-mode: async}; unset, it is {@code http://127.0.0.1:<server port>/as2/mdn},
 * which only a partner on the same host can reach (development, tests; a warning is logged).
 * {@code trust-store} (PKCS#12, {@code trust-store-password}) holds the CA or server certificates
 * the gateway trusts when it connects to partners over https (outbound AS2, async MDNs); unset,
 * the JVM's default trust store. Partners whose profile has {@code require-tls} get nothing over
 * plain http. {@code sync-max-attempts} bounds the sends of a delivery with a synchronous MDN
 * (backoff as above, so 500 sends last about 40 hours at the default 5-minute cap) before it is
 * FAILED, listed and replayable ({@code /v1/admin/as2-deliveries}); async deliveries use their
 * profile's {@code mdn.max-attempts}.
 */
@Validated
@ConfigurationProperties("clearway.as2")
public record As2StationProperties(@DefaultValue("true") boolean enabled,
                                   @NotBlank @DefaultValue("CLEARWAY") String as2Id,
                                   @NotBlank @DefaultValue("Clearway AS2") String reportingUa,
                                   Path keystore,
                                   @DefaultValue("") String keystorePassword,
                                   @DefaultValue("clearway-as2") String keyAlias,
                                   @DefaultValue("") String keyPassword,
                                   @DefaultValue("10s") java.time.Duration asyncMdnTimeout,
                                   @DefaultValue("5s") java.time.Duration outboundPollInterval,
                                   @DefaultValue("60s") java.time.Duration outboundTimeout,
                                   java.net.URI mdnUrl,
                                   Path trustStore,
                                   @DefaultValue("") String trustStorePassword,
                                   @jakarta.validation.constraints.Min(1) @DefaultValue("500") int syncMaxAttempts) {

    /** The TLS context for outbound https: the configured trust store, else the JVM default. */
    public javax.net.ssl.SSLContext sslContext() {
        try {
            if (trustStore == null) {
                return javax.net.ssl.SSLContext.getDefault();
            }
            java.security.KeyStore store = java.security.KeyStore.getInstance("PKCS12");
            try (java.io.InputStream in = java.nio.file.Files.newInputStream(trustStore)) {
                store.load(in, trustStorePassword.toCharArray());
            }
            javax.net.ssl.TrustManagerFactory tmf = javax.net.ssl.TrustManagerFactory.getInstance(
                    javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(store);
            javax.net.ssl.SSLContext context = javax.net.ssl.SSLContext.getInstance("TLS");
            context.init(null, tmf.getTrustManagers(), null);
            return context;
        } catch (java.io.IOException | java.security.GeneralSecurityException e) {
            throw new IllegalStateException("clearway.as2.trust-store " + trustStore + " cannot be read: " + e.getMessage(), e);
        }
    }
}
