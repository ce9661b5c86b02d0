package org.clearway.security;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.HexFormat;

/**
 * Certificate identifiers as used on the wire: the lower-case hex SHA-256 of the certificate's
 * DER encoding, sent as {@code X-CLEARWAY-Signature-Key} / {@code clearway_sig_key}
 * (CANONICAL-MODEL §10.2, CUSTOMS-AND-POSTAL §3.2). Equal to the output of
 * {@code openssl x509 -in cert.pem -outform DER | sha256sum}.
 */
public final class CertificateFingerprints {
    private CertificateFingerprints() {}

    /** Returns the 64-character lower-case hex SHA-256 of {@code certificate}'s DER encoding. */
    public static String sha256Hex(X509Certificate certificate) {
        try {
            return sha256Hex(certificate.getEncoded());
        } catch (CertificateEncodingException e) {
            throw new IllegalArgumentException("certificate cannot be DER-encoded", e);
        }
    }

    /** Returns the lower-case hex SHA-256 of the given DER bytes. */
    public static String sha256Hex(byte[] der) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(der));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is mandatory in every JRE", e);
        }
    }
}
