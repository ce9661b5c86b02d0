package org.clearway.routes.ingress.as2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.time.Clock;
import java.time.Duration;
import org.clearway.routes.support.As2StationProperties;
import org.clearway.routes.support.GatewayProperties;
import org.clearway.security.As2Keys;
import org.clearway.security.KeyAlgorithm;
import org.clearway.security.KeyMaterial;
import org.clearway.security.SigningKeys;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Issue 11 item 6 at the station: without a keystore the AS2 key is the development AS2 identity
 * (keyEncipherment), an older development key still decrypts, and a configured certificate lacking
 * keyEncipherment is used as configured but warned about.
 */
class As2ConfigTest {
    private static final Clock CLOCK = Clock.systemUTC();

    @TempDir
    Path dir;

    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    private final Logger logger = (Logger) LoggerFactory.getLogger(As2Config.class);

    @BeforeEach
    void captureLogs() {
        logs.start();
        logger.addAppender(logs);
    }

    @AfterEach
    void releaseLogs() {
        logger.detachAppender(logs);
    }

    @Test
    void withoutAKeystoreTheStationUsesTheDevelopmentAs2KeyAndStillDecryptsWithAnOlderOne() throws Exception {
        Path as2Keys = dir.resolve("keys").resolve("as2");
        KeyMaterial older = SigningKeys.loadOrGenerateDevelopment(as2Keys, KeyAlgorithm.RSA_PSS, CLOCK);

        As2Config.As2Station station = new As2Config().as2Station(station(null, ""), gateway(), CLOCK);

        assertThat(station.key().signerCertificate().getSubjectX500Principal().getName())
                .isEqualTo("CN=Clearway development AS2 certificate,O=Clearway");
        assertThat(As2Keys.fitForAs2(station.key().signerCertificate())).isTrue();
        assertThat(station.decryptionKeys()).extracting(KeyMaterial::signerCertificate)
                .containsExactly(station.key().signerCertificate(), older.signerCertificate());
        // a partner that still encrypts to the older certificate: the station opens it, the new key alone cannot
        byte[] payload = "UNA:+.? 'UNB+UNOC:3+AS2POST:ZZZ+DECUSTGW:ZZZ+261124:0830+R1'UNZ+0+R1'".getBytes();
        var toOlder = org.clearway.security.as2.As2PartnerPolicy.strict("CLEARWAY", "AS2-POST",
                java.util.List.of(older.signerCertificate()));
        var message = new org.clearway.security.as2.As2MessageBuilder(null, CLOCK).build(payload, "application/EDIFACT",
                new org.clearway.security.as2.As2Protection(null, org.clearway.security.as2.As2Protection.Compression.NONE,
                        org.clearway.security.as2.EncryptionAlgorithm.AES256_CBC,
                        org.clearway.security.as2.MicAlgorithm.SHA256), toOlder);
        var fromPost = org.clearway.security.as2.As2PartnerPolicy.strict("AS2-POST", "CLEARWAY",
                java.util.List.of(older.signerCertificate())).withRequirements(false, true);
        String options = org.clearway.security.as2.DispositionNotificationOptions
                .signed(org.clearway.security.as2.MicAlgorithm.SHA256).headerValue();
        assertThat(new org.clearway.security.as2.As2MessageReader(station.decryptionKeys(), CLOCK)
                .read(message.entity(), fromPost, options).payload()).isEqualTo(payload);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new org.clearway.security.as2.As2MessageReader(
                java.util.List.of(station.key()), CLOCK).read(message.entity(), fromPost, options))
                .isInstanceOf(org.clearway.security.as2.As2DispositionException.class);
        assertThat(Files.exists(as2Keys.resolve(As2Keys.DEVELOPMENT_FILE))).isTrue();
    }

    @Test
    void configuredCertificateWithoutKeyEnciphermentIsKeptAndWarnedAbout() throws Exception {
        KeyMaterial signingShaped = SigningKeys.generateDevelopment(KeyAlgorithm.RSA_PSS, CLOCK);
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setKeyEntry("clearway-as2", signingShaped.privateKey(), "secret-pass".toCharArray(),
                signingShaped.chain().toArray(new Certificate[0]));
        Path file = dir.resolve("as2.p12");
        try (OutputStream out = Files.newOutputStream(file)) {
            store.store(out, "secret-pass".toCharArray());
        }

        As2Config.As2Station station = new As2Config().as2Station(station(file, "secret-pass"), gateway(), CLOCK);

        assertThat(station.key().signerCertificate()).isEqualTo(signingShaped.signerCertificate());
        assertThat(station.decryptionKeys()).hasSize(1);
        assertThat(Files.exists(dir.resolve("keys"))).as("nothing generated").isFalse();
        assertThat(logs.list).anySatisfy(event -> {
            assertThat(event.getLevel()).isEqualTo(Level.WARN);
            assertThat(event.getFormattedMessage()).contains("lacks keyEncipherment").doesNotContain("secret-pass");
        });
    }

    private GatewayProperties gateway() {
        GatewayProperties properties = mock(GatewayProperties.class);
        when(properties.dataDir()).thenReturn(dir);
        return properties;
    }

    private static As2StationProperties station(Path keystore, String password) {
        return new As2StationProperties(true, "CLEARWAY", "Clearway AS2", keystore, password, "clearway-as2", "",
                Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofSeconds(60), null, null, "", 500);
    }
}
