package org.clearway.security.as2;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;
import java.util.Optional;

import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.oiw.OIWObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;

/**
 * Digest algorithms for AS2 signatures and MICs, with their RFC 5751 §3.4.3.2 {@code micalg} names
 * (RFC 3851 names such as {@code sha1} are accepted when parsing). SHA-1 and MD5 are
 * {@linkplain #weak() weak}: refused unless a partner policy explicitly allows them.
 */
public enum MicAlgorithm {
    SHA256("sha-256", "SHA-256", NISTObjectIdentifiers.id_sha256, false),
    SHA384("sha-384", "SHA-384", NISTObjectIdentifiers.id_sha384, false),
    SHA512("sha-512", "SHA-512", NISTObjectIdentifiers.id_sha512, false),
    SHA1("sha-1", "SHA-1", OIWObjectIdentifiers.idSHA1, true),
    MD5("md5", "MD5", PKCSObjectIdentifiers.md5, true);

    private final String micalg;
    private final String jcaName;
    private final ASN1ObjectIdentifier oid;
    private final boolean weak;

    MicAlgorithm(String micalg, String jcaName, ASN1ObjectIdentifier oid, boolean weak) {
        this.micalg = micalg;
        this.jcaName = jcaName;
        this.oid = oid;
        this.weak = weak;
    }

    /** The RFC 5751 name used in {@code micalg=} and in {@code Received-Content-MIC}. */
    public String micalg() {
        return micalg;
    }

    public String jcaName() {
        return jcaName;
    }

    public ASN1ObjectIdentifier oid() {
        return oid;
    }

    public boolean weak() {
        return weak;
    }

    public MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance(jcaName);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(jcaName + " is not available in this JRE", e);
        }
    }

    /** Parses a micalg token, RFC 5751 ({@code sha-256}) or RFC 3851 ({@code sha256}) spelling. */
    public static Optional<MicAlgorithm> fromName(String name) {
        String wanted = name.trim().toLowerCase(Locale.ROOT).replace("-", "");
        for (MicAlgorithm algorithm : values()) {
            if (algorithm.micalg.replace("-", "").equals(wanted)) {
                return Optional.of(algorithm);
            }
        }
        return Optional.empty();
    }

    public static Optional<MicAlgorithm> fromOid(String oid) {
        for (MicAlgorithm algorithm : values()) {
            if (algorithm.oid.getId().equals(oid)) {
                return Optional.of(algorithm);
            }
        }
        return Optional.empty();
    }
}
