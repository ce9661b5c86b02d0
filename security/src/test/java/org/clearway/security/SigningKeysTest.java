package org.clearway.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAKey;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;

import org.bouncycastle.asn1.x509.KeyUsage;
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
 * The gateway must start with the configured key or, in development, always the same generated
 * key: a new key on every start would break every backend that pinned the previous certificate.
 */
class SigningKeysTest {
    private static final Clock CLOCK = Clock.fixed(TestPki.NOW, ZoneOffset.UTC);
    private static final char[] STORE_PASSWORD = "store-secret".toCharArray();

    @TempDir
    Path dir;

    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    private final Logger logger = (Logger) LoggerFactory.getLogger(SigningKeys.class);

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
    void developmentKeyIsGeneratedOnceAndReloadedOnTheNextStart() throws Exception {
        Path dataDir = dir.resolve("data");
        KeyMaterial first = SigningKeys.loadOrGenerateDevelopment(dataDir, KeyAlgorithm.EC_P256, CLOCK);
        Path file = SigningKeys.developmentKeystore(dataDir, KeyAlgorithm.EC_P256);
        byte[] stored = Files.readAllBytes(file);

        KeyMaterial second = SigningKeys.loadOrGenerateDevelopment(dataDir, KeyAlgorithm.EC_P256,
                Clock.fixed(TestPki.NOW.plus(Duration.ofDays(3)), ZoneOffset.UTC));

        assertThat(second.signerCertificate()).isEqualTo(first.signerCertificate());
        assertThat(second.chain()).isEqualTo(first.chain());
        assertThat(second.signerKeyId()).isEqualTo(first.signerKeyId());
        assertThat(Files.readAllBytes(file)).isEqualTo(stored);
        assertThat(Files.list(dataDir)).containsExactly(file);
        byte[] content = "{}".getBytes();
        assertThat(new CmsVerifier(List.of(first.chain().get(1)), CLOCK)
                .verify(content, new DetachedCmsSigner(second, CLOCK).sign(content)).isValid()).isTrue();
    }

    @Test
    void developmentKeystoreIsReadableByItsOwnerOnly() throws Exception {
        Path dataDir = dir.resolve("data");
        SigningKeys.loadOrGenerateDevelopment(dataDir, KeyAlgorithm.EC_P256, CLOCK);
        Path file = SigningKeys.developmentKeystore(dataDir, KeyAlgorithm.EC_P256);

        if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        }
    }

    @Test
    void developmentCertificateHasTheDocumentedShape() throws Exception {
        KeyMaterial keys = SigningKeys.loadOrGenerateDevelopment(dir, KeyAlgorithm.EC_P256, CLOCK);
        X509Certificate signer = keys.signerCertificate();
        X509Certificate ca = keys.chain().get(1);

        assertThat(keys.algorithm()).isEqualTo(KeyAlgorithm.EC_P256);
        assertThat(signer.getSubjectX500Principal().getName()).isEqualTo("CN=Clearway development signing key,O=Clearway");
        assertThat(signer.getIssuerX500Principal()).isEqualTo(ca.getSubjectX500Principal());
        assertThat(signer.getKeyUsage()[0]).as("digitalSignature").isTrue();
        assertThat(signer.getKeyUsage()[5]).as("keyCertSign").isFalse();
        assertThat(signer.getBasicConstraints()).isEqualTo(-1);
        assertThat(Duration.between(signer.getNotBefore().toInstant(), signer.getNotAfter().toInstant()))
                .isBetween(Duration.ofDays(730), Duration.ofDays(732));
        assertThat(signer.getNotBefore().toInstant()).isBefore(TestPki.NOW);
        signer.verify(ca.getPublicKey());
    }

    @Test
    void developmentKeyInUseIsAnnouncedAsWarning() {
        SigningKeys.loadOrGenerateDevelopment(dir, KeyAlgorithm.EC_P256, CLOCK);
        SigningKeys.loadOrGenerateDevelopment(dir, KeyAlgorithm.EC_P256, CLOCK);

        assertThat(logs.list).filteredOn(event -> event.getLevel() == Level.WARN)
                .extracting(ILoggingEvent::getFormattedMessage)
                .anySatisfy(message -> assertThat(message).contains("DEVELOPMENT SIGNING KEY generated"))
                .anySatisfy(message -> assertThat(message).contains("DEVELOPMENT SIGNING KEY in use"));
    }

    @Test
    void rsaDevelopmentKeyIs3072BitsInItsOwnFileAndSignsWithPss() {
        KeyMaterial rsa = SigningKeys.loadOrGenerateDevelopment(dir, KeyAlgorithm.RSA_PSS, CLOCK);
        KeyMaterial ec = SigningKeys.loadOrGenerateDevelopment(dir, KeyAlgorithm.EC_P256, CLOCK);

        assertThat(rsa.algorithm()).isEqualTo(KeyAlgorithm.RSA_PSS);
        assertThat(((RSAKey) rsa.privateKey()).getModulus().bitLength()).isEqualTo(3072);
        assertThat(rsa.signerKeyId()).isNotEqualTo(ec.signerKeyId());
        assertThat(SigningKeys.loadOrGenerateDevelopment(dir, KeyAlgorithm.RSA_PSS, CLOCK).signerKeyId())
                .isEqualTo(rsa.signerKeyId());
    }

    @Test
    void loadsTheNamedEntryOfAKeystoreWithSeveralKeys() throws Exception {
        TestPki.Issued ca = TestPki.ca("CN=Production CA");
        TestPki.Issued current = TestPki.signer("CN=Current signer", "EC", ca);
        TestPki.Issued previous = TestPki.signer("CN=Previous signer", "RSA", ca);
        char[] keyPassword = "key-secret".toCharArray();
        Path p12 = keystore(entry("current", current, keyPassword), entry("previous", previous, keyPassword));

        KeyMaterial loaded = SigningKeys.loadPkcs12(p12, STORE_PASSWORD, "current", keyPassword);
        KeyMaterial old = SigningKeys.loadPkcs12(p12, STORE_PASSWORD, "previous", keyPassword);

        assertThat(loaded.signerCertificate()).isEqualTo(current.certificate());
        assertThat(loaded.chain()).containsExactly(current.certificate(), ca.certificate());
        assertThat(old.algorithm()).isEqualTo(KeyAlgorithm.RSA_PSS);
        assertThatThrownBy(() -> SigningKeys.loadPkcs12(p12, STORE_PASSWORD, null, keyPassword))
                .isInstanceOf(SigningKeyException.class).hasMessageContaining("2 key entries");
    }

    @Test
    void singleEntryKeystoreNeedsNoAliasAndKeyPasswordDefaultsToStorePassword() throws Exception {
        TestPki.Issued signer = TestPki.signer("CN=Only signer", "EC", TestPki.ca("CN=CA"));
        Path p12 = keystore(entry("only", signer, STORE_PASSWORD));

        assertThat(SigningKeys.loadPkcs12(p12, STORE_PASSWORD, null, null).signerCertificate())
                .isEqualTo(signer.certificate());
    }

    @Test
    void wrongAliasPasswordOrPathGiveClearErrors() throws Exception {
        TestPki.Issued signer = TestPki.signer("CN=Only signer", "EC", TestPki.ca("CN=CA"));
        Path p12 = keystore(entry("only", signer, STORE_PASSWORD));

        assertThatThrownBy(() -> SigningKeys.loadPkcs12(p12, STORE_PASSWORD, "missing", null))
                .isInstanceOf(SigningKeyException.class)
                .hasMessageContaining("alias 'missing' not found").hasMessageContaining("only");
        assertThatThrownBy(() -> SigningKeys.loadPkcs12(p12, "guess-123".toCharArray(), "only", null))
                .isInstanceOf(SigningKeyException.class).hasMessageContaining("wrong store password")
                .hasMessageNotContaining("guess-123");
        assertThatThrownBy(() -> SigningKeys.loadPkcs12(p12, STORE_PASSWORD, "only", "guess-123".toCharArray()))
                .isInstanceOf(SigningKeyException.class).hasMessageContaining("wrong key password for key entry 'only'");
        assertThatThrownBy(() -> SigningKeys.loadPkcs12(dir.resolve("absent.p12"), STORE_PASSWORD, "only", null))
                .isInstanceOf(SigningKeyException.class).hasMessageContaining("does not exist");
    }

    @Test
    void keyThatDoesNotMatchItsCertificateIsRejected() {
        TestPki.Issued ca = TestPki.ca("CN=CA");
        TestPki.Issued signer = TestPki.signer("CN=Signer", "EC", ca);

        assertThatThrownBy(() -> KeyMaterial.of(TestPki.ecKeys().getPrivate(), List.of(signer.certificate())))
                .isInstanceOf(SigningKeyException.class).hasMessageContaining("does not belong");
    }

    @Test
    void keysOutsideSection10_2AreRejected() {
        TestPki.Issued ca = TestPki.ca("CN=CA");
        TestPki.Issued p384 = TestPki.signer("CN=P-384", "EC-P384", ca);
        TestPki.Issued rsa1024 = TestPki.selfSigned("CN=RSA-1024", "RSA-1024", KeyUsage.digitalSignature);

        assertThatThrownBy(p384::material).isInstanceOf(SigningKeyException.class).hasMessageContaining("P-256");
        assertThatThrownBy(rsa1024::material).isInstanceOf(SigningKeyException.class).hasMessageContaining("1024 bits");
    }

    private record Entry(String alias, TestPki.Issued issued, char[] password) {}

    private static Entry entry(String alias, TestPki.Issued issued, char[] password) {
        return new Entry(alias, issued, password);
    }

    private Path keystore(Entry... entries) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        for (Entry entry : entries) {
            store.setKeyEntry(entry.alias(), entry.issued().privateKey(), entry.password(),
                    new Certificate[] {entry.issued().certificate(), entry.issued().issuer().certificate()});
        }
        Path file = dir.resolve("signing.p12");
        try (OutputStream out = Files.newOutputStream(file)) {
            store.store(out, STORE_PASSWORD);
        }
        return file;
    }
}
