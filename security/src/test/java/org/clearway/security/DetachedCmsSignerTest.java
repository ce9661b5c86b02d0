package org.clearway.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.cms.AttributeTable;
import org.bouncycastle.asn1.cms.CMSAttributes;
import org.bouncycastle.asn1.cms.CMSObjectIdentifiers;
import org.bouncycastle.asn1.cms.ContentInfo;
import org.bouncycastle.asn1.cms.SignedData;
import org.bouncycastle.asn1.cms.Time;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.RSASSAPSSparams;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.SignerInformation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The signature must have exactly the CANONICAL-MODEL §10.2 shape, since backends verify it with plain tools. */
class DetachedCmsSignerTest {
    private static final byte[] CONTENT = "{\"declarationId\":\"0193f1c2\",\"revision\":1}".getBytes(StandardCharsets.UTF_8);
    private static final Clock CLOCK = Clock.fixed(TestPki.NOW, ZoneOffset.UTC);
    private static final TestPki.Issued CA = TestPki.ca("CN=Test signing CA");

    @ParameterizedTest
    @ValueSource(strings = {"EC-P256", "RSA-3072"})
    void signatureIsDetachedDerSignedDataWithTheThreeSignedAttributes(String keyType) throws Exception {
        TestPki.Issued signer = TestPki.signer("CN=Gateway signer " + keyType, keyType, CA);
        byte[] signature = new DetachedCmsSigner(signer.material(), CLOCK).sign(CONTENT);

        assertThat(ASN1Primitive.fromByteArray(signature).getEncoded(ASN1Encoding.DER)).isEqualTo(signature);
        ContentInfo contentInfo = ContentInfo.getInstance(signature);
        assertThat(contentInfo.getContentType()).isEqualTo(CMSObjectIdentifiers.signedData);
        SignedData signedData = SignedData.getInstance(contentInfo.getContent());
        assertThat(signedData.getEncapContentInfo().getContentType()).isEqualTo(CMSObjectIdentifiers.data);
        assertThat(signedData.getEncapContentInfo().getContent()).isNull();
        assertThat(signedData.getCertificates().size()).isEqualTo(2);

        CMSSignedData cms = new CMSSignedData(signature);
        List<SignerInformation> signers = new ArrayList<>(cms.getSignerInfos().getSigners());
        assertThat(signers).hasSize(1);
        SignerInformation info = signers.get(0);
        assertThat(info.getDigestAlgOID()).isEqualTo(NISTObjectIdentifiers.id_sha256.getId());
        AttributeTable attributes = info.getSignedAttributes();
        assertThat(attributes.size()).isEqualTo(3);
        assertThat(attributes.get(CMSAttributes.contentType).getAttrValues().getObjectAt(0))
                .isEqualTo(CMSObjectIdentifiers.data);
        assertThat(Time.getInstance(attributes.get(CMSAttributes.signingTime).getAttrValues().getObjectAt(0))
                .getDate().toInstant()).isEqualTo(TestPki.NOW);
        byte[] messageDigest = ASN1OctetString.getInstance(
                attributes.get(CMSAttributes.messageDigest).getAttrValues().getObjectAt(0)).getOctets();
        assertThat(messageDigest).isEqualTo(MessageDigest.getInstance("SHA-256").digest(CONTENT));

        if (keyType.startsWith("EC")) {
            assertThat(info.getEncryptionAlgOID()).isEqualTo(X9ObjectIdentifiers.ecdsa_with_SHA256.getId());
        } else {
            assertThat(info.getEncryptionAlgOID()).isEqualTo(PKCSObjectIdentifiers.id_RSASSA_PSS.getId());
            RSASSAPSSparams pss = RSASSAPSSparams.getInstance(info.getEncryptionAlgParams());
            assertThat(pss.getHashAlgorithm().getAlgorithm()).isEqualTo(NISTObjectIdentifiers.id_sha256);
            assertThat(pss.getSaltLength().intValueExact()).isEqualTo(32);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"EC-P256", "RSA-3072"})
    void signatureVerifiesAgainstTheIssuingCa(String keyType) {
        TestPki.Issued signer = TestPki.signer("CN=Gateway signer", keyType, CA);
        DetachedCmsSigner cmsSigner = new DetachedCmsSigner(signer.material(), CLOCK);

        VerificationResult result = new CmsVerifier(List.of(CA.certificate()), CLOCK)
                .verify(CONTENT, cmsSigner.sign(CONTENT));

        assertThat(result.isValid()).as(result.toString()).isTrue();
        assertThat(result.signerCertificate()).isEqualTo(signer.certificate());
        assertThat(result.signingTime()).isEqualTo(TestPki.NOW);
    }

    @Test
    void signerKeyIdIsLowerCaseHexSha256OfTheCertificateDer() throws Exception {
        TestPki.Issued signer = TestPki.signer("CN=Gateway signer", "EC", CA);
        DetachedCmsSigner cmsSigner = new DetachedCmsSigner(signer.material(), CLOCK);

        String expected = HexFormat.of().formatHex(
                MessageDigest.getInstance("SHA-256").digest(signer.certificate().getEncoded()));
        assertThat(cmsSigner.signerKeyId()).isEqualTo(expected).matches("[0-9a-f]{64}");
        assertThat(new CmsVerifier(List.of(CA.certificate()), CLOCK).verify(CONTENT, cmsSigner.sign(CONTENT))
                .signerKeyId()).contains(expected);
    }

    @Test
    void base64FormDecodesToAVerifyingSignature() {
        TestPki.Issued signer = TestPki.signer("CN=Gateway signer", "EC", CA);
        String header = new DetachedCmsSigner(signer.material(), CLOCK).signBase64(CONTENT);

        assertThat(header).doesNotContain("\n", "\r");
        assertThat(new CmsVerifier(List.of(CA.certificate()), CLOCK).verifyBase64(CONTENT, header).isValid()).isTrue();
        assertThat(Base64.getDecoder().decode(header)).isNotEmpty();
    }

    @Test
    void signingTimeFollowsTheInjectedClock() {
        TestPki.Issued signer = TestPki.signer("CN=Gateway signer", "EC", CA);
        Instant later = TestPki.NOW.plusSeconds(3600);
        byte[] signature = new DetachedCmsSigner(signer.material(), Clock.fixed(later, ZoneOffset.UTC)).sign(CONTENT);

        VerificationResult result = new CmsVerifier(List.of(CA.certificate()), Clock.fixed(later, ZoneOffset.UTC))
                .verify(CONTENT, signature);
        assertThat(result.signingTime()).isEqualTo(later);
    }

    @Test
    void oneSignerServesManyThreadsWithoutMixingUpSignatures() throws Exception {
        TestPki.Issued signer = TestPki.signer("CN=Gateway signer", "EC", CA);
        DetachedCmsSigner cmsSigner = new DetachedCmsSigner(signer.material(), CLOCK);
        CmsVerifier verifier = new CmsVerifier(List.of(CA.certificate()), CLOCK);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<VerificationResult>> results = new ArrayList<>();
            for (int i = 0; i < 400; i++) {
                byte[] content = ("{\"n\":" + i + "}").getBytes(StandardCharsets.UTF_8);
                results.add(pool.submit(() -> verifier.verify(content, cmsSigner.sign(content))));
            }
            for (Future<VerificationResult> result : results) {
                assertThat(result.get().isValid()).as(result.get().toString()).isTrue();
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
