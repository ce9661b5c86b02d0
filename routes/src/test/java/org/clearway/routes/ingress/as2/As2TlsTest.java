package org.clearway.routes.ingress.as2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.OutputStream;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.clearway.routes.support.As2StationProperties;
import org.clearway.routes.support.GatewayProperties.OutboundMdnMode;
import org.clearway.security.as2.As2PartnerPolicy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS towards AS2 partners (the camel-as2 gap of async MDNs over plain http, issue 4): async MDNs
 * reach an https receiver whose certificate is in the configured trust store and nothing else; a
 * profile with {@code require-tls} accepts only https return URLs and an https outbound URL.
 */
class As2TlsTest {
    @TempDir
    Path dir;

    private HttpsServer server;
    private X509Certificate serverCertificate;
    private final ConcurrentLinkedQueue<String> received = new ConcurrentLinkedQueue<>();

    @BeforeEach
    void startHttpsReceiver() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        KeyPair keys = generator.generateKeyPair();
        X500Name name = new X500Name("CN=as2.partner.test");
        Instant now = Instant.now();
        var builder = new JcaX509v3CertificateBuilder(name, BigInteger.valueOf(now.toEpochMilli()),
                Date.from(now.minus(Duration.ofDays(1))), Date.from(now.plus(Duration.ofDays(30))), name,
                keys.getPublic());
        builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
                new GeneralName(GeneralName.dNSName, "localhost"), new GeneralName(GeneralName.iPAddress, "127.0.0.1")}));
        serverCertificate = new JcaX509CertificateConverter().getCertificate(
                builder.build(new JcaContentSignerBuilder("SHA256withRSA").build(keys.getPrivate())));
        KeyStore keyStore = KeyStore.getInstance("PKCS12");
        keyStore.load(null, null);
        keyStore.setKeyEntry("server", keys.getPrivate(), "pw".toCharArray(), new X509Certificate[] {serverCertificate});
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keyStore, "pw".toCharArray());
        SSLContext serverTls = SSLContext.getInstance("TLS");
        serverTls.init(kmf.getKeyManagers(), null, null);

        server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(serverTls));
        server.createContext("/mdn", exchange -> {
            received.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.US_ASCII));
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private Path trustStore() throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("partner", serverCertificate);
        Path file = dir.resolve("trust.p12");
        try (OutputStream out = Files.newOutputStream(file)) {
            trust.store(out, "changeit".toCharArray());
        }
        return file;
    }

    private static As2StationProperties station(Path trustStore) {
        return new As2StationProperties(true, "CLEARWAY", "Clearway AS2", null, "", "clearway-as2", "",
                Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofSeconds(60), null, trustStore, "changeit", 500);
    }

    private As2Receiver.AsyncMdn mdn(String body) {
        URI url = URI.create("https://localhost:" + server.getAddress().getPort() + "/mdn");
        return new As2Receiver.AsyncMdn(url, Map.of("Content-Type", "text/plain", "AS2-From", "CLEARWAY"),
                body.getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void anAsyncMdnReachesAnHttpsReceiverTrustedByTheConfiguredStore() throws Exception {
        try (AsyncMdnSender sender = new AsyncMdnSender(Duration.ofSeconds(5), station(trustStore()).sslContext())) {
            sender.post(mdn("receipt over TLS"), "<m1@test>");
        }
        assertThat(received).containsExactly("receipt over TLS");
    }

    @Test
    void aServerOutsideTheTrustStoreGetsNothing() throws Exception {
        // the JVM's default trust store does not know the partner's self-signed certificate
        try (AsyncMdnSender sender = new AsyncMdnSender(Duration.ofSeconds(5), station(null).sslContext())) {
            sender.post(mdn("must not arrive"), "<m2@test>");
        }
        assertThat(received).isEmpty();
    }

    @Test
    void anUnreadableTrustStoreStopsTheStart() {
        assertThatThrownBy(() -> station(dir.resolve("missing.p12")).sslContext())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("trust-store");
    }

    @Test
    void requireTlsAllowsOnlyHttpsReturnUrlsAndAnHttpsPartnerUrl() {
        As2PartnerPolicy policy = As2PartnerPolicy.strict("POST-AS2", "CLEARWAY", List.of(serverCertificate));
        As2Profiles.Profile tls = new As2Profiles.Profile("POST", policy, true, true, List.of("as2.post.example"),
                1 << 20, URI.create("https://as2.post.example/as2"), OutboundMdnMode.SYNC, Duration.ofMinutes(30), 5,
                true);
        As2Profiles.Profile plain = new As2Profiles.Profile("POST", policy, true, true, List.of("as2.post.example"),
                1 << 20, URI.create("http://as2.post.example/as2"), OutboundMdnMode.SYNC, Duration.ofMinutes(30), 5,
                false);

        assertThat(tls.asyncUrlAllowed(URI.create("https://as2.post.example/mdn"))).isTrue();
        assertThat(tls.asyncUrlAllowed(URI.create("http://as2.post.example/mdn"))).isFalse();
        assertThat(tls.asyncUrlAllowed(URI.create("https://elsewhere.example/mdn"))).isFalse();
        assertThat(plain.asyncUrlAllowed(URI.create("http://as2.post.example/mdn"))).isTrue();
        assertThatThrownBy(() -> new As2Profiles.Profile("POST", policy, true, true, List.of(), 1 << 20,
                URI.create("http://as2.post.example/as2"), OutboundMdnMode.SYNC, Duration.ofMinutes(30), 5, true))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not https");
    }
}
