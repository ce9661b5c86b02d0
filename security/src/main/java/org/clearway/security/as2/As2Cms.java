package org.clearway.security.as2;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECKey;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.Map;

import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERSet;
import org.bouncycastle.asn1.cms.Attribute;
import org.bouncycastle.asn1.cms.AttributeTable;
import org.bouncycastle.asn1.cms.CMSAttributes;
import org.bouncycastle.asn1.cms.Time;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaCertStore;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.cms.CMSAttributeTableGenerator;
import org.bouncycastle.cms.CMSCompressedDataGenerator;
import org.bouncycastle.cms.CMSCompressedDataParser;
import org.bouncycastle.cms.CMSEnvelopedData;
import org.bouncycastle.cms.CMSEnvelopedDataGenerator;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.CMSSignedDataGenerator;
import org.bouncycastle.cms.CMSSignerDigestMismatchException;
import org.bouncycastle.cms.CMSTypedStream;
import org.bouncycastle.cms.CMSVerifierCertificateNotValidException;
import org.bouncycastle.cms.RecipientInformation;
import org.bouncycastle.cms.SignerInformation;
import org.bouncycastle.cms.jcajce.JcaSignerInfoGeneratorBuilder;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoVerifierBuilder;
import org.bouncycastle.cms.jcajce.JceCMSContentEncryptorBuilder;
import org.bouncycastle.cms.jcajce.JceKeyTransEnvelopedRecipient;
import org.bouncycastle.cms.jcajce.JceKeyTransRecipientId;
import org.bouncycastle.cms.jcajce.JceKeyTransRecipientInfoGenerator;
import org.bouncycastle.cms.jcajce.ZlibCompressor;
import org.bouncycastle.cms.jcajce.ZlibExpanderProvider;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.clearway.security.KeyMaterial;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The CMS layers of AS2 with Bouncy Castle: detached signatures (RFC 5652 §5, RFC 5751 §3.5),
 * enveloped-data with RSA key transport (RFC 5652 §6, RFC 3565) and zlib compressed-data
 * (RFC 3274). Every check maps its failure to the RFC 4130 disposition the MDN reports.
 */
final class As2Cms {
    private static final Logger LOG = LoggerFactory.getLogger(As2Cms.class);
    /** Passed to the builders explicitly, never registered globally. */
    static final Provider BC = new BouncyCastleProvider();
    private static final int BUFFER = 16 * 1024;

    private As2Cms() {}

    /** The signer of a verified signature and the digest it used. */
    record Verified(X509Certificate signer, MicAlgorithm digest) {}

    /**
     * A detached SignedData over {@code content} with content-type, signing-time and message-digest
     * signed attributes and the signer's chain. RSA keys sign PKCS#1 v1.5 (what AS2 peers expect),
     * EC keys ECDSA.
     */
    static byte[] sign(byte[] content, KeyMaterial key, MicAlgorithm digest, Clock clock) {
        if (digest.weak()) {
            throw new IllegalArgumentException("the gateway does not sign with " + digest.micalg());
        }
        String hash = digest.jcaName().replace("-", "");
        String algorithm = key.privateKey() instanceof ECKey ? hash + "withECDSA" : hash + "withRSA";
        try {
            CMSSignedDataGenerator generator = new CMSSignedDataGenerator();
            generator.addSignerInfoGenerator(new JcaSignerInfoGeneratorBuilder(
                    new JcaDigestCalculatorProviderBuilder().setProvider(BC).build())
                    .setSignedAttributeGenerator(signedAttributes(clock))
                    .build(new JcaContentSignerBuilder(algorithm).setProvider(BC).build(key.privateKey()),
                            key.signerCertificate()));
            generator.addCertificates(new JcaCertStore(key.chain()));
            return generator.generate(new CMSProcessableByteArray(content), false).getEncoded(ASN1Encoding.DER);
        } catch (CMSException | OperatorCreationException | CertificateEncodingException | IOException e) {
            throw new IllegalStateException("AS2 signing failed: " + e.getMessage(), e);
        }
    }

    /**
     * Content-type, signing-time and message-digest only: no CMSAlgorithmProtection (RFC 6211),
     * which some AS2 products reject.
     */
    private static CMSAttributeTableGenerator signedAttributes(Clock clock) {
        return parameters -> {
            Map<?, ?> map = parameters;
            ASN1EncodableVector attributes = new ASN1EncodableVector(3);
            attributes.add(new Attribute(CMSAttributes.contentType,
                    new DERSet((ASN1ObjectIdentifier) map.get(CMSAttributeTableGenerator.CONTENT_TYPE))));
            attributes.add(new Attribute(CMSAttributes.signingTime, new DERSet(new Time(Date.from(clock.instant())))));
            attributes.add(new Attribute(CMSAttributes.messageDigest,
                    new DERSet(new DEROctetString((byte[]) map.get(CMSAttributeTableGenerator.DIGEST)))));
            return new AttributeTable(attributes);
        };
    }

    /**
     * Verifies a detached signature over {@code content} against the partner's certificates only;
     * certificates carried in the signature are ignored (CUSTOMS-AND-POSTAL §2.1).
     */
    static Verified verify(byte[] content, byte[] signature, As2PartnerPolicy policy, Clock clock)
            throws As2DispositionException {
        CMSSignedData signedData;
        try {
            signedData = new CMSSignedData(new CMSProcessableByteArray(content), signature);
        } catch (CMSException | RuntimeException e) {
            throw new As2DispositionException(As2Disposition.INTEGRITY_CHECK_FAILED,
                    "the signature is not a CMS SignedData: " + e.getMessage(), e);
        }
        Collection<SignerInformation> signers = signedData.getSignerInfos().getSigners();
        if (signers.size() != 1) {
            throw new As2DispositionException(As2Disposition.INTEGRITY_CHECK_FAILED,
                    "expected one SignerInfo, found " + signers.size());
        }
        SignerInformation signer = signers.iterator().next();
        MicAlgorithm digest = MicAlgorithm.fromOid(signer.getDigestAlgOID()).orElseThrow(() ->
                new As2DispositionException(As2Disposition.INSUFFICIENT_MESSAGE_SECURITY,
                        "unsupported signature digest " + signer.getDigestAlgOID()));
        requireAllowed(digest, policy);
        X509Certificate certificate = partnerCertificate(signer, policy);
        Instant now = clock.instant();
        if (now.isBefore(certificate.getNotBefore().toInstant()) || now.isAfter(certificate.getNotAfter().toInstant())) {
            throw new As2DispositionException(As2Disposition.AUTHENTICATION_FAILED,
                    "the signer certificate " + certificate.getSubjectX500Principal() + " of partner "
                            + policy.partnerAs2Id() + " is valid " + certificate.getNotBefore().toInstant() + " .. "
                            + certificate.getNotAfter().toInstant() + ", not at " + now);
        }
        boolean valid;
        try {
            valid = signer.verify(new JcaSimpleSignerInfoVerifierBuilder().setProvider(BC).build(certificate));
        } catch (CMSSignerDigestMismatchException e) {
            throw new As2DispositionException(As2Disposition.INTEGRITY_CHECK_FAILED,
                    "the content does not match the signed digest: it was changed after signing", e);
        } catch (CMSVerifierCertificateNotValidException e) {
            throw new As2DispositionException(As2Disposition.AUTHENTICATION_FAILED,
                    "the signer certificate was not valid at the signing-time: " + e.getMessage(), e);
        } catch (CMSException | OperatorCreationException | RuntimeException e) {
            throw new As2DispositionException(As2Disposition.INTEGRITY_CHECK_FAILED,
                    "the signature cannot be verified: " + e.getMessage(), e);
        }
        if (!valid) {
            throw new As2DispositionException(As2Disposition.INTEGRITY_CHECK_FAILED,
                    "the signature value does not verify with the certificate of partner " + policy.partnerAs2Id());
        }
        return new Verified(certificate, digest);
    }

    static void requireAllowed(MicAlgorithm digest, As2PartnerPolicy policy) throws As2DispositionException {
        if (!policy.accepts(digest)) {
            throw new As2DispositionException(As2Disposition.INSUFFICIENT_MESSAGE_SECURITY,
                    "digest " + digest.micalg() + " is not allowed for partner " + policy.partnerAs2Id());
        }
        if (digest.weak()) {
            LOG.warn("AS2 partner {} used the weak digest {}, accepted by its explicit policy",
                    policy.partnerAs2Id(), digest.micalg());
        }
    }

    private static X509Certificate partnerCertificate(SignerInformation signer, As2PartnerPolicy policy)
            throws As2DispositionException {
        for (X509Certificate certificate : policy.partnerCertificates()) {
            try {
                X509CertificateHolder holder = new JcaX509CertificateHolder(certificate);
                if (signer.getSID().match(holder)) {
                    return certificate;
                }
            } catch (CertificateEncodingException e) {
                LOG.warn("Certificate {} of partner {} cannot be encoded", certificate.getSubjectX500Principal(),
                        policy.partnerAs2Id());
            }
        }
        throw new As2DispositionException(As2Disposition.AUTHENTICATION_FAILED,
                "the signer (" + signer.getSID().getIssuer() + ", serial " + signer.getSID().getSerialNumber()
                        + ") is not a certificate of partner " + policy.partnerAs2Id());
    }

    /** Enveloped-data for {@code recipient} (RSA key transport). */
    static byte[] encrypt(byte[] entity, X509Certificate recipient, EncryptionAlgorithm algorithm) {
        if (algorithm.weak()) {
            throw new IllegalArgumentException("the gateway does not encrypt with " + algorithm);
        }
        try {
            CMSEnvelopedDataGenerator generator = new CMSEnvelopedDataGenerator();
            generator.addRecipientInfoGenerator(new JceKeyTransRecipientInfoGenerator(recipient).setProvider(BC));
            return generator.generate(new CMSProcessableByteArray(entity),
                    new JceCMSContentEncryptorBuilder(algorithm.oid()).setProvider(BC).build()).getEncoded();
        } catch (CMSException | CertificateEncodingException | IOException e) {
            throw new IllegalStateException("AS2 encryption failed: " + e.getMessage(), e);
        }
    }

    /** Decrypts with whichever gateway key the enveloped-data names as recipient. */
    static byte[] decrypt(byte[] enveloped, List<KeyMaterial> gatewayKeys, As2PartnerPolicy policy)
            throws As2DispositionException {
        CMSEnvelopedData data;
        try {
            data = new CMSEnvelopedData(enveloped);
        } catch (CMSException | RuntimeException e) {
            throw new As2DispositionException(As2Disposition.DECRYPTION_FAILED,
                    "not a CMS EnvelopedData: " + e.getMessage(), e);
        }
        String oid = data.getEncryptionAlgOID();
        EncryptionAlgorithm algorithm = EncryptionAlgorithm.fromOid(oid).orElseThrow(() ->
                new As2DispositionException(As2Disposition.DECRYPTION_FAILED, "unsupported content encryption " + oid));
        if (!policy.accepts(algorithm)) {
            throw new As2DispositionException(As2Disposition.INSUFFICIENT_MESSAGE_SECURITY,
                    "content encryption " + algorithm + " is not allowed for partner " + policy.partnerAs2Id());
        }
        if (algorithm.weak()) {
            LOG.warn("AS2 partner {} used the weak cipher {}, accepted by its explicit policy",
                    policy.partnerAs2Id(), algorithm);
        }
        List<String> tried = new ArrayList<>();
        for (KeyMaterial key : gatewayKeys) {
            RecipientInformation recipient;
            try {
                recipient = data.getRecipientInfos().get(new JceKeyTransRecipientId(key.signerCertificate()));
            } catch (RuntimeException e) {
                continue;
            }
            if (recipient == null) {
                tried.add(key.signerCertificate().getSubjectX500Principal().getName());
                continue;
            }
            try {
                PrivateKey privateKey = key.privateKey();
                return recipient.getContent(new JceKeyTransEnvelopedRecipient(privateKey).setProvider(BC));
            } catch (CMSException | RuntimeException e) {
                throw new As2DispositionException(As2Disposition.DECRYPTION_FAILED,
                        "decryption with the gateway key failed: " + e.getMessage(), e);
            }
        }
        throw new As2DispositionException(As2Disposition.DECRYPTION_FAILED,
                "the message is not encrypted for a gateway certificate (tried " + tried + ")");
    }

    /** Compressed-data, zlib (RFC 3274 §2). */
    static byte[] compress(byte[] entity) {
        try {
            return new CMSCompressedDataGenerator()
                    .generate(new CMSProcessableByteArray(entity), new ZlibCompressor()).getEncoded();
        } catch (CMSException | IOException e) {
            throw new IllegalStateException("AS2 compression failed: " + e.getMessage(), e);
        }
    }

    /**
     * Inflates while counting, so at most {@code maxBytes} (plus one buffer) are ever held: a
     * compression bomb ends as {@code decompression-failed}, not as an OutOfMemoryError.
     */
    static byte[] decompress(byte[] compressed, long maxBytes) throws As2DispositionException {
        try {
            CMSTypedStream content = new CMSCompressedDataParser(new ByteArrayInputStream(compressed))
                    .getContent(new ZlibExpanderProvider());
            if (content == null) {
                throw new As2DispositionException(As2Disposition.DECOMPRESSION_FAILED, "compressed-data without content");
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream((int) Math.min(maxBytes, compressed.length * 4L));
            byte[] buffer = new byte[BUFFER];
            long total = 0;
            try (InputStream in = content.getContentStream()) {
                int read;
                while ((read = in.read(buffer)) > 0) {
                    total += read;
                    if (total > maxBytes) {
                        throw new As2DispositionException(As2Disposition.DECOMPRESSION_FAILED,
                                "compressed content of " + compressed.length + " bytes inflates past the cap of "
                                        + maxBytes + " bytes");
                    }
                    out.write(buffer, 0, read);
                }
            }
            return out.toByteArray();
        } catch (CMSException | IOException | RuntimeException e) {
            throw new As2DispositionException(As2Disposition.DECOMPRESSION_FAILED,
                    "compressed-data cannot be inflated: " + e.getMessage(), e);
        }
    }
}
