package org.clearway.security.as2;

import java.util.Optional;

import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;

/**
 * Content-encryption algorithms of CMS enveloped-data in AS2 (RFC 5751 §2.7, RFC 3565 for AES;
 * AES-GCM with the RFC 5084 identifiers inside enveloped-data, which is what AS2 products send).
 * 3DES and RC2 are {@linkplain #weak() weak}: refused on receipt unless a partner policy
 * explicitly allows them, and never used to send.
 */
public enum EncryptionAlgorithm {
    AES128_CBC(NISTObjectIdentifiers.id_aes128_CBC, false),
    AES192_CBC(NISTObjectIdentifiers.id_aes192_CBC, false),
    AES256_CBC(NISTObjectIdentifiers.id_aes256_CBC, false),
    /** AES-GCM in enveloped-data, as phax as2-lib and Bouncy Castle's S/MIME generator write it. */
    AES128_GCM(NISTObjectIdentifiers.id_aes128_GCM, false),
    AES256_GCM(NISTObjectIdentifiers.id_aes256_GCM, false),
    DES_EDE3_CBC(PKCSObjectIdentifiers.des_EDE3_CBC, true),
    RC2_CBC(PKCSObjectIdentifiers.RC2_CBC, true);

    private final ASN1ObjectIdentifier oid;
    private final boolean weak;

    EncryptionAlgorithm(ASN1ObjectIdentifier oid, boolean weak) {
        this.oid = oid;
        this.weak = weak;
    }

    public ASN1ObjectIdentifier oid() {
        return oid;
    }

    public boolean weak() {
        return weak;
    }

    public static Optional<EncryptionAlgorithm> fromOid(String oid) {
        for (EncryptionAlgorithm algorithm : values()) {
            if (algorithm.oid.getId().equals(oid)) {
                return Optional.of(algorithm);
            }
        }
        return Optional.empty();
    }
}
