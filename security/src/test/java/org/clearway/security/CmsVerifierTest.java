package org.clearway.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;

import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaCertStore;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedDataGenerator;
import org.bouncycastle.cms.jcajce.JcaSignerInfoGeneratorBuilder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.junit.jupiter.api.Test;

/**
 * A verifier that says "valid" too easily lets forged customs decisions through, so every
 * failure path is exercised with its own reason.
 */
class CmsVerifierTest {
    private static final byte[] CONTENT = "{\"status\":\"RELEASED\"}".getBytes(StandardCharsets.UTF_8);
    private static final Clock CLOCK = Clock.fixed(TestPki.NOW, ZoneOffset.UTC);
    private static final TestPki.Issued CA = TestPki.ca("CN=Customs CA, O=Customs");
    private static final TestPki.Issued SIGNER = TestPki.signer("CN=Customs backend, O=Customs", "EC", CA);
    private static final BouncyCastleProvider BC = new BouncyCastleProvider();

    private final CmsVerifier trustingCa = new CmsVerifier(List.of(CA.certificate()), CLOCK);

    private static byte[] sign(byte[] content) {
        return new DetachedCmsSigner(SIGNER.material(), CLOCK).sign(content);
    }

    @Test
    void acceptsSignatureChainingToTrustedCa() {
        VerificationResult result = trustingCa.verify(CONTENT, sign(CONTENT));

        assertThat(result.status()).isEqualTo(VerificationResult.Status.VALID);
        assertThat(result.signer()).contains(SIGNER.certificate());
    }

    @Test
    void acceptsSignatureFromPinnedSignerCertificate() {
        CmsVerifier pinned = new CmsVerifier(List.of(SIGNER.certificate()), CLOCK);

        assertThat(pinned.verify(CONTENT, sign(CONTENT)).isValid()).isTrue();
    }

    @Test
    void pathThroughAnExpiredIntermediateIsUntrustedEvenAfterAnEarlierSuccess() {
        Instant intermediateExpiry = TestPki.NOW.plus(Duration.ofDays(10));
        TestPki.Issued intermediate = TestPki.intermediate("CN=Issuing CA", CA, TestPki.NOT_BEFORE, intermediateExpiry);
        TestPki.Issued leaf = TestPki.signer("CN=Leaf", TestPki.ecKeys(), intermediate, TestPki.NOT_BEFORE,
                TestPki.NOT_AFTER, KeyUsage.digitalSignature);
        Clock later = Clock.fixed(intermediateExpiry.plusSeconds(3600), ZoneOffset.UTC);
        CmsVerifier verifier = new CmsVerifier(List.of(CA.certificate()), later);

        byte[] before = new DetachedCmsSigner(leaf.material(), CLOCK).sign(CONTENT);
        byte[] after = new DetachedCmsSigner(leaf.material(), later).sign(CONTENT);

        assertThat(verifier.verify(CONTENT, before).isValid()).isTrue();
        assertThat(verifier.verify(CONTENT, after).status()).isEqualTo(VerificationResult.Status.UNTRUSTED_SIGNER);
        assertThat(verifier.verify(CONTENT, before).isValid()).isTrue();
    }

    @Test
    void tamperedContentFailsWithDigestMismatch() {
        byte[] signature = sign(CONTENT);
        byte[] tampered = "{\"status\":\"RELEASEd\"}".getBytes(StandardCharsets.UTF_8);

        VerificationResult result = trustingCa.verify(tampered, signature);

        assertThat(result.status()).isEqualTo(VerificationResult.Status.DIGEST_MISMATCH);
        assertThat(result.detail()).contains("digest");
    }

    @Test
    void flippedSignatureValueFails() {
        byte[] signature = sign(CONTENT);
        // the SignerInfo's signature OCTET STRING is the last element of the DER (no unsigned attributes)
        signature[signature.length - 1] ^= 0x01;

        assertThat(trustingCa.verify(CONTENT, signature).status())
                .isEqualTo(VerificationResult.Status.SIGNATURE_INVALID);
    }

    @Test
    void signatureUnderAnotherCaIsUntrusted() {
        CmsVerifier other = new CmsVerifier(List.of(TestPki.ca("CN=Other CA").certificate()), CLOCK);

        VerificationResult result = other.verify(CONTENT, sign(CONTENT));

        assertThat(result.status()).isEqualTo(VerificationResult.Status.UNTRUSTED_SIGNER);
        assertThat(result.signer()).contains(SIGNER.certificate());
    }

    @Test
    void selfSignedLookalikeOfTrustedSignerIsUntrusted() {
        TestPki.Issued lookalike = TestPki.selfSigned("CN=Customs backend, O=Customs", "EC", KeyUsage.digitalSignature);
        byte[] forged = new DetachedCmsSigner(lookalike.material(), CLOCK).sign(CONTENT);

        assertThat(new CmsVerifier(List.of(SIGNER.certificate()), CLOCK).verify(CONTENT, forged).status())
                .isEqualTo(VerificationResult.Status.UNTRUSTED_SIGNER);
    }

    @Test
    void emptyTrustAcceptsNothing() {
        assertThat(new CmsVerifier(List.of(), CLOCK).verify(CONTENT, sign(CONTENT)).status())
                .isEqualTo(VerificationResult.Status.UNTRUSTED_SIGNER);
    }

    @Test
    void signingTimeOutsideCertificateValidityFails() {
        Instant afterExpiry = TestPki.NOT_AFTER.plusSeconds(86_400);
        Clock late = Clock.fixed(afterExpiry, ZoneOffset.UTC);
        byte[] signature = new DetachedCmsSigner(SIGNER.material(), late).sign(CONTENT);

        VerificationResult result = new CmsVerifier(List.of(CA.certificate()), late).verify(CONTENT, signature);

        assertThat(result.status()).isEqualTo(VerificationResult.Status.CERTIFICATE_NOT_VALID_AT_SIGNING_TIME);
        assertThat(result.signingTime()).isEqualTo(afterExpiry);
    }

    @Test
    void signatureMadeWhileValidStillVerifiesAfterExpiry() {
        Clock afterExpiry = Clock.fixed(TestPki.NOT_AFTER.plusSeconds(86_400), ZoneOffset.UTC);

        assertThat(new CmsVerifier(List.of(CA.certificate()), afterExpiry).verify(CONTENT, sign(CONTENT)).isValid())
                .isTrue();
    }

    @Test
    void signingTimeAheadOfTheClockFails() {
        byte[] signature = new DetachedCmsSigner(SIGNER.material(),
                Clock.fixed(TestPki.NOW.plusSeconds(3600), ZoneOffset.UTC)).sign(CONTENT);

        assertThat(trustingCa.verify(CONTENT, signature).status())
                .isEqualTo(VerificationResult.Status.SIGNING_TIME_IN_FUTURE);
    }

    @Test
    void certificateWithoutDigitalSignatureUsageIsRefused() {
        TestPki.Issued encipherOnly = TestPki.signer("CN=Key agreement only", TestPki.ecKeys(), CA,
                TestPki.NOT_BEFORE, TestPki.NOT_AFTER, KeyUsage.keyAgreement);
        byte[] signature = new DetachedCmsSigner(encipherOnly.material(), CLOCK).sign(CONTENT);

        assertThat(trustingCa.verify(CONTENT, signature).status())
                .isEqualTo(VerificationResult.Status.KEY_USAGE_NOT_ALLOWED);
    }

    @Test
    void garbageAndEmptyInputAreMalformedNotExceptions() {
        assertThat(trustingCa.verify(CONTENT, new byte[0]).status()).isEqualTo(VerificationResult.Status.MALFORMED);
        assertThat(trustingCa.verify(CONTENT, "not a signature".getBytes(StandardCharsets.US_ASCII)).status())
                .isEqualTo(VerificationResult.Status.MALFORMED);
        byte[] truncated = Arrays.copyOf(sign(CONTENT), 100);
        assertThat(trustingCa.verify(CONTENT, truncated).status()).isEqualTo(VerificationResult.Status.MALFORMED);
        assertThat(trustingCa.verifyBase64(CONTENT, "%%%").status()).isEqualTo(VerificationResult.Status.MALFORMED);
    }

    @Test
    void encapsulatedSignatureIsRefused() throws Exception {
        CMSSignedDataGenerator generator = generator("SHA256withECDSA", SIGNER.privateKey(), SIGNER.certificate(),
                false, true);
        byte[] attached = generator.generate(new CMSProcessableByteArray(CONTENT), true).getEncoded();

        assertThat(trustingCa.verify(CONTENT, attached).status()).isEqualTo(VerificationResult.Status.NOT_DETACHED);
    }

    @Test
    void signatureWithoutSignedAttributesIsRefused() throws Exception {
        CMSSignedDataGenerator generator = generator("SHA256withECDSA", SIGNER.privateKey(), SIGNER.certificate(),
                true, true);
        byte[] direct = generator.generate(new CMSProcessableByteArray(CONTENT), false).getEncoded();

        assertThat(trustingCa.verify(CONTENT, direct).status())
                .isEqualTo(VerificationResult.Status.SIGNED_ATTRIBUTES_INVALID);
    }

    @Test
    void sha1DigestIsRefused() throws Exception {
        CMSSignedDataGenerator generator = generator("SHA1withECDSA", SIGNER.privateKey(), SIGNER.certificate(),
                false, true);
        byte[] sha1 = generator.generate(new CMSProcessableByteArray(CONTENT), false).getEncoded();

        assertThat(trustingCa.verify(CONTENT, sha1).status())
                .isEqualTo(VerificationResult.Status.UNSUPPORTED_ALGORITHM_OR_STRUCTURE);
    }

    @Test
    void signerCertificateMayBeOmittedWhenItIsTrusted() throws Exception {
        CMSSignedDataGenerator generator = generator("SHA256withECDSA", SIGNER.privateKey(), SIGNER.certificate(),
                false, false);
        byte[] withoutCertificates = generator.generate(new CMSProcessableByteArray(CONTENT), false).getEncoded();

        // Bouncy Castle's default attribute generator stamps the system time
        VerificationResult pinned = new CmsVerifier(List.of(SIGNER.certificate()), Clock.systemUTC())
                .verify(CONTENT, withoutCertificates);
        assertThat(pinned.isValid()).as(pinned.toString()).isTrue();
        assertThat(new CmsVerifier(List.of(CA.certificate()), Clock.systemUTC()).verify(CONTENT, withoutCertificates)
                .status()).isEqualTo(VerificationResult.Status.SIGNER_CERTIFICATE_MISSING);
    }

    @Test
    void twoSignerInfosAreRefused() throws Exception {
        TestPki.Issued second = TestPki.signer("CN=Second", "EC", CA);
        CMSSignedDataGenerator generator = generator("SHA256withECDSA", SIGNER.privateKey(), SIGNER.certificate(),
                false, true);
        generator.addSignerInfoGenerator(new JcaSignerInfoGeneratorBuilder(
                new JcaDigestCalculatorProviderBuilder().setProvider(BC).build())
                .build(new JcaContentSignerBuilder("SHA256withECDSA").setProvider(BC).build(second.privateKey()),
                        second.certificate()));
        byte[] twoSigners = generator.generate(new CMSProcessableByteArray(CONTENT), false).getEncoded();

        assertThat(trustingCa.verify(CONTENT, twoSigners).status())
                .isEqualTo(VerificationResult.Status.UNSUPPORTED_ALGORITHM_OR_STRUCTURE);
    }

    private static CMSSignedDataGenerator generator(String algorithm, PrivateKey key, X509Certificate certificate,
                                                    boolean directSignature, boolean includeCertificate)
            throws Exception {
        CMSSignedDataGenerator generator = new CMSSignedDataGenerator();
        generator.addSignerInfoGenerator(new JcaSignerInfoGeneratorBuilder(
                new JcaDigestCalculatorProviderBuilder().setProvider(BC).build())
                .setDirectSignature(directSignature)
                .build(new JcaContentSignerBuilder(algorithm).setProvider(BC).build(key), certificate));
        if (includeCertificate) {
            generator.addCertificates(new JcaCertStore(List.of(certificate)));
        }
        return generator;
    }
}
