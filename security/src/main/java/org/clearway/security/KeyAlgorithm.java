package org.clearway.security;

/**
 * The signing key types allowed by CANONICAL-MODEL §10.2, each with the signature algorithm used
 * in the CMS SignerInfo.
 */
public enum KeyAlgorithm {
    /** ECDSA on P-256 (secp256r1), signed {@code SHA256withECDSA}; the default. */
    EC_P256("SHA256withECDSA"),
    /**
     * RSA (3072 bits when generated), signed with RSASSA-PSS: SHA-256, MGF1 with SHA-256, salt
     * length 32, trailer 1 (RFC 4056), for backends that cannot verify ECDSA.
     */
    RSA_PSS("SHA256withRSAandMGF1");

    private final String signatureAlgorithm;

    KeyAlgorithm(String signatureAlgorithm) {
        this.signatureAlgorithm = signatureAlgorithm;
    }

    /** The Bouncy Castle / JCA name of the signature algorithm, e.g. {@code SHA256withECDSA}. */
    public String signatureAlgorithm() {
        return signatureAlgorithm;
    }
}
