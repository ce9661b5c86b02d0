package org.clearway.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.bouncycastle.asn1.x509.KeyUsage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Backends verify the gateway's signatures with stock OpenSSL (CANONICAL-MODEL §10.2), and the
 * gateway verifies backends that may sign with it: both directions are checked with the real
 * {@code /usr/bin/openssl}. Skipped only when OpenSSL is not installed.
 */
class OpenSslInteropTest {
    private static final Path OPENSSL = Path.of("/usr/bin/openssl");
    private static final Clock CLOCK = Clock.fixed(TestPki.NOW, ZoneOffset.UTC);
    private static final TestPki.Issued CA = TestPki.ca("CN=Clearway test signing CA, O=Clearway");

    @TempDir
    Path dir;

    @BeforeAll
    static void requireOpenSsl() {
        assumeTrue(Files.isExecutable(OPENSSL), "openssl is not installed at " + OPENSSL);
    }

    @ParameterizedTest
    @ValueSource(strings = {"EC-P256", "RSA-3072"})
    void opensslVerifiesTheSignatureAgainstTheCaAndRejectsATamperedPayload(String keyType) throws Exception {
        TestPki.Issued signer = TestPki.signer("CN=Clearway signer, O=Clearway", keyType, CA);
        byte[] declaration = declaration();
        Path json = write("decl.json", declaration);
        Path p7s = write("decl.json.p7s", new DetachedCmsSigner(signer.material(), CLOCK).sign(declaration));
        Path caPem = writePem("ca.pem", Pem.write(CA.certificate()));

        assertThat(openssl("cms", "-verify", "-binary", "-inform", "DER", "-in", p7s, "-content", json,
                "-CAfile", caPem, "-purpose", "any", "-out", "/dev/null").exitCode).isZero();

        byte[] tampered = declaration.clone();
        tampered[tampered.length / 2] ^= 0x01;
        Path tamperedJson = write("tampered.json", tampered);
        Result rejected = openssl("cms", "-verify", "-binary", "-inform", "DER", "-in", p7s, "-content", tamperedJson,
                "-CAfile", caPem, "-purpose", "any", "-out", "/dev/null");
        assertThat(rejected.exitCode).isNotZero();
        assertThat(rejected.output).contains("content verify error");
    }

    @Test
    void opensslVerifiesASelfSignedSignerGivenAsCaFile() throws Exception {
        TestPki.Issued selfSigned = TestPki.selfSigned("CN=Clearway self-signed signer", "EC",
                KeyUsage.digitalSignature);
        byte[] declaration = declaration();
        Path json = write("decl.json", declaration);
        Path p7s = write("decl.json.p7s", new DetachedCmsSigner(selfSigned.material(), CLOCK).sign(declaration));
        Path certPem = writePem("cert.pem", Pem.write(selfSigned.certificate()));

        assertThat(openssl("cms", "-verify", "-binary", "-inform", "DER", "-in", p7s, "-content", json,
                "-CAfile", certPem, "-purpose", "any", "-out", "/dev/null").exitCode).isZero();
        assertThat(openssl("cms", "-verify", "-binary", "-inform", "DER", "-in", p7s, "-content",
                write("tampered.json", "{}".getBytes(StandardCharsets.UTF_8)),
                "-CAfile", certPem, "-purpose", "any", "-out", "/dev/null").exitCode).isNotZero();
    }

    @Test
    void opensslVerifiesWithThePinnedSignerCertificateOnly() throws Exception {
        TestPki.Issued signer = TestPki.signer("CN=Clearway signer, O=Clearway", "EC", CA);
        byte[] declaration = declaration();
        Path json = write("decl.json", declaration);
        Path p7s = write("decl.json.p7s", new DetachedCmsSigner(signer.material(), CLOCK).sign(declaration));
        Path signerPem = writePem("signer.pem", Pem.write(signer.certificate()));

        assertThat(openssl("cms", "-verify", "-binary", "-inform", "DER", "-in", p7s, "-content", json,
                "-noverify", "-certfile", signerPem, "-out", "/dev/null").exitCode).isZero();
    }

    @Test
    void opensslRejectsASignatureUnderAnotherCa() throws Exception {
        TestPki.Issued signer = TestPki.signer("CN=Clearway signer, O=Clearway", "EC", CA);
        byte[] declaration = declaration();
        Path json = write("decl.json", declaration);
        Path p7s = write("decl.json.p7s", new DetachedCmsSigner(signer.material(), CLOCK).sign(declaration));
        Path otherCa = writePem("other-ca.pem", Pem.write(TestPki.ca("CN=Someone else").certificate()));

        assertThat(openssl("cms", "-verify", "-binary", "-inform", "DER", "-in", p7s, "-content", json,
                "-CAfile", otherCa, "-purpose", "any", "-out", "/dev/null").exitCode).isNotZero();
    }

    @Test
    void opensslVerifiesTheStoredDevelopmentKeysSignature() throws Exception {
        KeyMaterial development = SigningKeys.loadOrGenerateDevelopment(dir.resolve("data"));
        byte[] declaration = declaration();
        Path json = write("decl.json", declaration);
        Path p7s = write("decl.json.p7s", new DetachedCmsSigner(development).sign(declaration));
        Path caPem = writePem("dev-ca.pem", Pem.write(development.chain().get(1)));

        assertThat(openssl("cms", "-verify", "-binary", "-inform", "DER", "-in", p7s, "-content", json,
                "-CAfile", caPem, "-purpose", "any", "-out", "/dev/null").exitCode).isZero();
        // the stored PKCS#12 is readable by OpenSSL with the documented development password
        assertThat(openssl("pkcs12", "-in", SigningKeys.developmentKeystore(dir.resolve("data"), KeyAlgorithm.EC_P256),
                "-passin", "pass:" + SigningKeys.DEVELOPMENT_STORE_PASSWORD, "-nokeys", "-out", "/dev/null").exitCode)
                .isZero();
    }

    @Test
    void printedStructureShowsDetachedContentAndTheSignedAttributes() throws Exception {
        TestPki.Issued signer = TestPki.signer("CN=Clearway signer, O=Clearway", "EC", CA);
        Path p7s = write("decl.json.p7s", new DetachedCmsSigner(signer.material(), CLOCK).sign(declaration()));

        Result printed = openssl("cms", "-cmsout", "-print", "-inform", "DER", "-in", p7s, "-noout");

        assertThat(printed.exitCode).isZero();
        assertThat(printed.output)
                .contains("eContent: <ABSENT>")
                .contains("object: contentType (1.2.840.113549.1.9.3)")
                .contains("object: messageDigest (1.2.840.113549.1.9.4)")
                .contains("object: signingTime (1.2.840.113549.1.9.5)")
                .contains("UTCTIME:Nov 24 06:20:15 2026 GMT")
                .contains("algorithm: sha256 (2.16.840.1.101.3.4.2.1)")
                .contains("algorithm: ecdsa-with-SHA256 (1.2.840.10045.4.3.2)")
                .doesNotContain("id-aa-CMSAlgorithmProtection");
    }

    @Test
    void signatureMadeByOpensslIsAcceptedByTheVerifier() throws Exception {
        TestPki.Issued backend = TestPki.signer("CN=Customs backend, O=Customs", "EC", CA);
        byte[] decision = "{\"kind\":\"DECISION\",\"status\":\"RELEASED\"}".getBytes(StandardCharsets.UTF_8);
        Path json = write("decision.json", decision);
        Path signerPem = writePem("backend.pem", Pem.write(backend.certificate()));
        Path keyPem = writePem("backend.key", "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(backend.privateKey().getEncoded())
                + "\n-----END PRIVATE KEY-----\n");
        Path p7s = dir.resolve("decision.json.p7s");

        Result signed = openssl("cms", "-sign", "-binary", "-md", "sha256", "-in", json, "-signer", signerPem,
                "-inkey", keyPem, "-outform", "DER", "-out", p7s);
        assertThat(signed.exitCode).as(signed.output).isZero();

        CmsVerifier verifier = new CmsVerifier(List.of(CA.certificate()));
        VerificationResult result = verifier.verify(decision, Files.readAllBytes(p7s));
        assertThat(result.isValid()).as(result.toString()).isTrue();
        assertThat(verifier.verify("{\"kind\":\"DECISION\",\"status\":\"REJECTED\"}".getBytes(StandardCharsets.UTF_8),
                Files.readAllBytes(p7s)).status()).isEqualTo(VerificationResult.Status.DIGEST_MISMATCH);
    }

    private static byte[] declaration() throws IOException {
        try (InputStream in = OpenSslInteropTest.class.getResourceAsStream("declaration-jcs.json")) {
            assertThat(in).as("test resource declaration-jcs.json").isNotNull();
            return in.readAllBytes();
        }
    }

    private Path write(String name, byte[] bytes) throws IOException {
        return Files.write(dir.resolve(name), bytes);
    }

    private Path writePem(String name, String pem) throws IOException {
        return Files.writeString(dir.resolve(name), pem, StandardCharsets.US_ASCII);
    }

    private record Result(int exitCode, String output) {}

    private Result openssl(Object... arguments) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(OPENSSL.toString());
        for (Object argument : arguments) {
            command.add(argument.toString());
        }
        Process process = new ProcessBuilder(command).redirectErrorStream(true).directory(dir.toFile()).start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("openssl finished").isTrue();
        return new Result(process.exitValue(), output);
    }
}
