package org.clearway.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAKey;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;

import org.bouncycastle.asn1.x509.Extension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;

/**
 * Issue 11 item 6: partners encrypt to the AS2 certificate, so it must allow keyEncipherment, and
 * it must not pass for the declaration-signing key. Development keys of older versions (signing
 * shape, digitalSignature only) are replaced, kept for decryption, never rewritten.
 */
class As2KeysTest {
    private static final Clock CLOCK = Clock.fixed(TestPki.NOW, ZoneOffset.UTC);

    @TempDir
    Path dir;

    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    private final Logger logger = (Logger) LoggerFactory.getLogger(As2Keys.class);

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
    void developmentAs2CertificateAllowsSignatureAndKeyEnciphermentAndIsNamedAsTheAs2Certificate() throws Exception {
        As2Keys.Development development = As2Keys.loadOrGenerateDevelopment(dir, CLOCK);
        X509Certificate certificate = development.key().signerCertificate();
        X509Certificate ca = development.key().chain().get(1);

        assertThat(development.previous()).isEmpty();
        assertThat(certificate.getPublicKey()).isInstanceOf(RSAKey.class);
        assertThat(((RSAKey) certificate.getPublicKey()).getModulus().bitLength()).isEqualTo(3072);
        assertThat(certificate.getSubjectX500Principal().getName())
                .isEqualTo("CN=Clearway development AS2 certificate,O=Clearway")
                .isNotEqualTo(SigningKeys.generateDevelopment(KeyAlgorithm.RSA_PSS, CLOCK).signerCertificate()
                        .getSubjectX500Principal().getName());
        assertThat(certificate.getIssuerX500Principal().getName()).isEqualTo("CN=Clearway development AS2 CA,O=Clearway");
        boolean[] usage = certificate.getKeyUsage();
        assertThat(usage[0]).as("digitalSignature").isTrue();
        assertThat(usage[2]).as("keyEncipherment").isTrue();
        assertThat(usage[1] || usage[3] || usage[4] || usage[5] || usage[6]).as("nothing else").isFalse();
        assertThat(certificate.getCriticalExtensionOIDs()).contains(Extension.keyUsage.getId());
        assertThat(As2Keys.fitForAs2(certificate)).isTrue();
        certificate.verify(ca.getPublicKey());
    }

    @Test
    void developmentKeystoreOpensWithTheDocumentedFilePasswordAndAlias() throws Exception {
        KeyMaterial key = As2Keys.loadOrGenerateDevelopment(dir, CLOCK).key();

        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(dir.resolve("clearway-development-as2-rsa-3072.p12"))) {
            store.load(in, "clearway-development".toCharArray());
        }
        assertThat(java.util.Collections.list(store.aliases())).containsExactly("clearway-development-as2");
        assertThat(store.getCertificate("clearway-development-as2")).isEqualTo(key.signerCertificate());
    }

    @Test
    void developmentKeyIsGeneratedOnceAndReloaded() {
        KeyMaterial first = As2Keys.loadOrGenerateDevelopment(dir, CLOCK).key();
        KeyMaterial second = As2Keys.loadOrGenerateDevelopment(dir,
                Clock.fixed(TestPki.NOW.plus(Duration.ofDays(3)), ZoneOffset.UTC)).key();

        assertThat(second.signerCertificate()).isEqualTo(first.signerCertificate());
        assertThat(second.privateKey()).isEqualTo(first.privateKey());
    }

    @Test
    void olderDevelopmentKeyWithoutKeyEnciphermentIsReplacedButStillDecrypts() throws Exception {
        // what older versions stored in the AS2 key directory: the signing-key shape, RSA
        KeyMaterial legacy = SigningKeys.loadOrGenerateDevelopment(dir, KeyAlgorithm.RSA_PSS, CLOCK);
        Path legacyFile = dir.resolve("clearway-development-signing-rsa-3072.p12");
        byte[] legacyBytes = Files.readAllBytes(legacyFile);
        assertThat(As2Keys.fitForAs2(legacy.signerCertificate())).as("digitalSignature only").isFalse();

        As2Keys.Development first = As2Keys.loadOrGenerateDevelopment(dir, CLOCK);
        As2Keys.Development again = As2Keys.loadOrGenerateDevelopment(dir, CLOCK);

        assertThat(first.key().signerCertificate()).isNotEqualTo(legacy.signerCertificate());
        assertThat(As2Keys.fitForAs2(first.key().signerCertificate())).isTrue();
        assertThat(first.previous()).hasValueSatisfying(previous ->
                assertThat(previous.signerCertificate()).isEqualTo(legacy.signerCertificate()));
        assertThat(again.key().signerCertificate()).isEqualTo(first.key().signerCertificate());
        assertThat(again.previous()).isPresent();
        assertThat(Files.readAllBytes(legacyFile)).as("the old file is left as it was").isEqualTo(legacyBytes);
        assertThat(logs.list).anySatisfy(event -> {
            assertThat(event.getLevel()).isEqualTo(Level.WARN);
            assertThat(event.getFormattedMessage()).contains("lacks keyEncipherment").contains(legacyFile.toString());
        });
    }

    @Test
    void signingShapedAndNonRsaCertificatesAreNotFitForAs2() {
        assertThat(As2Keys.fitForAs2(SigningKeys.generateDevelopment(KeyAlgorithm.EC_P256, CLOCK).signerCertificate()))
                .isFalse();
        assertThat(As2Keys.fitForAs2(SigningKeys.generateDevelopment(KeyAlgorithm.RSA_PSS, CLOCK).signerCertificate()))
                .isFalse();
        assertThat(List.of(As2Keys.loadOrGenerateDevelopment(dir, CLOCK).key().signerCertificate()))
                .allMatch(As2Keys::fitForAs2);
    }
}
