package org.clearway.security;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECKey;
import java.security.interfaces.RSAKey;
import java.security.spec.ECFieldFp;
import java.security.spec.ECParameterSpec;
import java.util.List;
import java.util.Objects;

import org.bouncycastle.jce.ECNamedCurveTable;
import org.bouncycastle.jce.spec.ECNamedCurveParameterSpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A signing private key with its certificate chain (signer certificate first, then the issuing
 * CA certificates, if any), checked on construction: the key is ECDSA P-256 or RSA (at least 2048
 * bits, 3072 recommended) as CANONICAL-MODEL §10.2 allows, and it belongs to the first
 * certificate. Immutable and thread-safe.
 */
public final class KeyMaterial {
    private static final Logger LOG = LoggerFactory.getLogger(KeyMaterial.class);
    private static final int MIN_RSA_BITS = 2048;
    private static final int RECOMMENDED_RSA_BITS = 3072;

    private final PrivateKey privateKey;
    private final List<X509Certificate> chain;
    private final KeyAlgorithm algorithm;
    private final String signerKeyId;

    private KeyMaterial(PrivateKey privateKey, List<X509Certificate> chain) {
        this.privateKey = Objects.requireNonNull(privateKey, "privateKey");
        this.chain = List.copyOf(chain);
        if (this.chain.isEmpty()) {
            throw new SigningKeyException("the certificate chain is empty: a signer certificate is required");
        }
        this.algorithm = algorithmOf(privateKey, this.chain.get(0));
        checkKeyMatchesCertificate(privateKey, this.chain.get(0).getPublicKey(), algorithm);
        this.signerKeyId = CertificateFingerprints.sha256Hex(this.chain.get(0));
    }

    /**
     * Wraps a key and its chain.
     *
     * @param privateKey the signing key (EC P-256 or RSA)
     * @param chain      signer certificate first, then its issuers (may stop before the root)
     * @throws SigningKeyException when the key type is not allowed or does not match the certificate
     */
    public static KeyMaterial of(PrivateKey privateKey, List<X509Certificate> chain) {
        return new KeyMaterial(privateKey, chain);
    }

    public PrivateKey privateKey() {
        return privateKey;
    }

    /** The signer certificate followed by its issuers, as given. */
    public List<X509Certificate> chain() {
        return chain;
    }

    public X509Certificate signerCertificate() {
        return chain.get(0);
    }

    public KeyAlgorithm algorithm() {
        return algorithm;
    }

    /** Lower-case hex SHA-256 of the signer certificate DER ({@code X-CLEARWAY-Signature-Key}, §10.2). */
    public String signerKeyId() {
        return signerKeyId;
    }

    private static KeyAlgorithm algorithmOf(PrivateKey key, X509Certificate certificate) {
        if (key instanceof ECKey ec) {
            if (!isP256(ec.getParams())) {
                throw new SigningKeyException("EC signing key of " + certificate.getSubjectX500Principal()
                        + " is not on curve P-256 (CANONICAL-MODEL §10.2 allows ECDSA P-256 only)");
            }
            return KeyAlgorithm.EC_P256;
        }
        if (key instanceof RSAKey rsa) {
            int bits = rsa.getModulus().bitLength();
            if (bits < MIN_RSA_BITS) {
                throw new SigningKeyException("RSA signing key of " + certificate.getSubjectX500Principal()
                        + " has " + bits + " bits; at least " + MIN_RSA_BITS + " are required");
            }
            if (bits < RECOMMENDED_RSA_BITS) {
                LOG.warn("RSA signing key of {} has {} bits; CANONICAL-MODEL §10.2 expects RSA-3072",
                        certificate.getSubjectX500Principal(), bits);
            }
            return KeyAlgorithm.RSA_PSS;
        }
        throw new SigningKeyException("unsupported signing key type " + key.getAlgorithm()
                + " (CANONICAL-MODEL §10.2 allows ECDSA P-256 and RSA)");
    }

    private static boolean isP256(ECParameterSpec params) {
        if (params == null) {
            return false;
        }
        ECNamedCurveParameterSpec p256 = ECNamedCurveTable.getParameterSpec("secp256r1");
        return params.getCurve().getField() instanceof ECFieldFp field
                && field.getP().equals(p256.getCurve().getField().getCharacteristic())
                && params.getOrder().equals(p256.getN())
                && params.getGenerator().getAffineX().equals(p256.getG().getAffineXCoord().toBigInteger());
    }

    /**
     * Signs and verifies a fixed challenge: catches a keystore whose alias pairs a key with
     * someone else's certificate before the first declaration is signed with it.
     */
    private static void checkKeyMatchesCertificate(PrivateKey key, PublicKey certKey, KeyAlgorithm algorithm) {
        byte[] challenge = "clearway key/certificate pairing check".getBytes(StandardCharsets.US_ASCII);
        try {
            Signature signer = Signature.getInstance(algorithm.signatureAlgorithm(), BouncyCastle.PROVIDER);
            signer.initSign(key);
            signer.update(challenge);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm.signatureAlgorithm(), BouncyCastle.PROVIDER);
            verifier.initVerify(certKey);
            verifier.update(challenge);
            if (!verifier.verify(signature)) {
                throw new SigningKeyException("the signing key does not belong to the signer certificate");
            }
        } catch (GeneralSecurityException e) {
            throw new SigningKeyException("the signing key cannot be used with its certificate: " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return "KeyMaterial[" + algorithm + ", signer=" + signerCertificate().getSubjectX500Principal()
                + ", keyId=" + signerKeyId + ", chainLength=" + chain.size() + "]";
    }
}
