package org.clearway.security;

import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Outcome of {@link CmsVerifier#verify(byte[], byte[])}: a status, a one-line reason an operator
 * can read, and, as far as the check got, the signer certificate and the signing-time.
 *
 * @param status            {@link Status#VALID} or the first check that failed
 * @param detail            human-readable reason (for logs and problem+json answers); "ok" when valid
 * @param signerCertificate the certificate the SignerInfo points to, {@code null} if not found
 * @param signingTime       the signing-time attribute, {@code null} if absent or not reached
 */
public record VerificationResult(Status status, String detail, X509Certificate signerCertificate,
                                 Instant signingTime) {

    /** Checks in the order {@link CmsVerifier} applies them; the first failing one is reported. */
    public enum Status {
        VALID,
        /** Not a DER/BER CMS ContentInfo holding SignedData (or not base64). */
        MALFORMED,
        /** The SignedData carries eContent; §10.2 signatures are detached. */
        NOT_DETACHED,
        /** Not exactly one SignerInfo, or a digest / signature algorithm that is not accepted. */
        UNSUPPORTED_ALGORITHM_OR_STRUCTURE,
        /** Signed attributes missing, or content-type / message-digest / signing-time absent or wrong. */
        SIGNED_ATTRIBUTES_INVALID,
        /** The signer certificate is neither in the signature nor among the trusted certificates. */
        SIGNER_CERTIFICATE_MISSING,
        /** The content's digest differs from the message-digest attribute: the bytes were changed. */
        DIGEST_MISMATCH,
        /** The signer certificate was not valid at the signing-time. */
        CERTIFICATE_NOT_VALID_AT_SIGNING_TIME,
        /** The signature value does not verify with the signer certificate's key. */
        SIGNATURE_INVALID,
        /** The signing-time lies further in the future than the allowed clock skew. */
        SIGNING_TIME_IN_FUTURE,
        /** The signer certificate's key usage forbids signatures. */
        KEY_USAGE_NOT_ALLOWED,
        /** The signer certificate is not trusted and does not chain to a trusted certificate. */
        UNTRUSTED_SIGNER
    }

    public VerificationResult {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(detail, "detail");
    }

    static VerificationResult valid(X509Certificate signer, Instant signingTime) {
        return new VerificationResult(Status.VALID, "ok", signer, signingTime);
    }

    static VerificationResult failed(Status status, String detail) {
        return new VerificationResult(status, detail, null, null);
    }

    static VerificationResult failed(Status status, String detail, X509Certificate signer, Instant signingTime) {
        return new VerificationResult(status, detail, signer, signingTime);
    }

    public boolean isValid() {
        return status == Status.VALID;
    }

    public Optional<X509Certificate> signer() {
        return Optional.ofNullable(signerCertificate);
    }

    /** Lower-case hex SHA-256 of the signer certificate, comparable with {@code X-CLEARWAY-Signature-Key}. */
    public Optional<String> signerKeyId() {
        return signer().map(CertificateFingerprints::sha256Hex);
    }

    @Override
    public String toString() {
        return status + ": " + detail
                + (signerCertificate != null ? " (signer " + signerCertificate.getSubjectX500Principal() + ")" : "");
    }
}
