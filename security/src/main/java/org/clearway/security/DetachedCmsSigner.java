package org.clearway.security;

import java.io.IOException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;

import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedDataGenerator;
import org.bouncycastle.cms.SignerInfoGenerator;
import org.bouncycastle.cms.SignerInfoGeneratorBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.DigestCalculatorProvider;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.bouncycastle.util.CollectionStore;
import org.bouncycastle.util.Store;

/**
 * Produces the gateway's detached signatures (CANONICAL-MODEL §10.2): a DER-encoded CMS
 * SignedData (RFC 5652) over exactly the bytes that are transmitted, {@code eContent} absent,
 * digest SHA-256, signed attributes content-type (id-data), message-digest and signing-time, one
 * SignerInfo identified by issuer and serial number, and the certificate chain of the
 * {@link KeyMaterial} (signer certificate first). ECDSA P-256 keys sign {@code SHA256withECDSA},
 * RSA keys RSASSA-PSS with SHA-256.
 *
 * <p>Thread-safe. Bouncy Castle's generator and content signer are stateful, so each thread keeps
 * its own; the certificate store, digest provider and attribute generator are built once.
 */
public final class DetachedCmsSigner {
    private final KeyMaterial keys;
    private final X509CertificateHolder signerCertificate;
    private final Store<X509CertificateHolder> certificates;
    private final DigestCalculatorProvider digests;
    private final SigningAttributes signedAttributes;
    private final ThreadLocal<CMSSignedDataGenerator> generators;

    /** A signer whose signing-time is taken from the system clock. */
    public DetachedCmsSigner(KeyMaterial keys) {
        this(keys, Clock.systemUTC());
    }

    /**
     * @param keys  the signing key with its chain
     * @param clock source of the signing-time attribute
     * @throws SigningKeyException when the key cannot be used for signing
     */
    public DetachedCmsSigner(KeyMaterial keys, Clock clock) {
        this.keys = Objects.requireNonNull(keys, "keys");
        this.signedAttributes = new SigningAttributes(Objects.requireNonNull(clock, "clock"));
        try {
            List<X509CertificateHolder> holders = new ArrayList<>();
            for (X509Certificate certificate : keys.chain()) {
                holders.add(new JcaX509CertificateHolder(certificate));
            }
            this.signerCertificate = holders.get(0);
            this.certificates = new CollectionStore<>(holders);
            this.digests = new JcaDigestCalculatorProviderBuilder().setProvider(BouncyCastle.PROVIDER).build();
        } catch (CertificateEncodingException | OperatorCreationException e) {
            throw new SigningKeyException("cannot prepare the CMS signer: " + e.getMessage(), e);
        }
        this.generators = ThreadLocal.withInitial(this::newGenerator);
        newGenerator(); // fail at construction, not at the first declaration
    }

    /**
     * Signs {@code content} as it will be transmitted.
     *
     * @param content the exact bytes sent to the backend (CANONICAL-MODEL §10.1)
     * @return the DER-encoded CMS ContentInfo(SignedData), detached (the {@code .p7s} form)
     */
    public byte[] sign(byte[] content) {
        Objects.requireNonNull(content, "content");
        try {
            return generators.get()
                    .generate(new CMSProcessableByteArray(content), false)
                    .getEncoded(ASN1Encoding.DER);
        } catch (CMSException | IOException e) {
            // a generator that failed mid-way may hold a half-written signature state
            generators.remove();
            throw new SigningKeyException("CMS signing failed: " + e.getMessage(), e);
        }
    }

    /** {@link #sign(byte[])} as standard base64 without line breaks, for {@code X-CLEARWAY-Signature} / {@code clearway_sig}. */
    public String signBase64(byte[] content) {
        return Base64.getEncoder().encodeToString(sign(content));
    }

    /** Lower-case hex SHA-256 of the signer certificate DER ({@code X-CLEARWAY-Signature-Key}, §10.2). */
    public String signerKeyId() {
        return keys.signerKeyId();
    }

    public X509Certificate signerCertificate() {
        return keys.signerCertificate();
    }

    /** The certificates embedded in every signature: signer first, then its issuers. */
    public List<X509Certificate> certificateChain() {
        return keys.chain();
    }

    public KeyAlgorithm algorithm() {
        return keys.algorithm();
    }

    private CMSSignedDataGenerator newGenerator() {
        try {
            ContentSigner contentSigner = new JcaContentSignerBuilder(keys.algorithm().signatureAlgorithm())
                    .setProvider(BouncyCastle.PROVIDER)
                    .build(keys.privateKey());
            SignerInfoGenerator signerInfo = new SignerInfoGeneratorBuilder(digests)
                    .setSignedAttributeGenerator(signedAttributes)
                    .build(contentSigner, signerCertificate);
            CMSSignedDataGenerator generator = new CMSSignedDataGenerator();
            generator.addSignerInfoGenerator(signerInfo);
            generator.addCertificates(certificates);
            return generator;
        } catch (OperatorCreationException | CMSException e) {
            throw new SigningKeyException("cannot create a CMS signer for " + keys + ": " + e.getMessage(), e);
        }
    }
}
