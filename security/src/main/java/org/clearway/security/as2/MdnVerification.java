package org.clearway.security.as2;

import java.security.cert.X509Certificate;
import java.util.Objects;

/**
 * The outcome of checking a received MDN against the message it answers (RFC 4130 §7.3.1, §7.4).
 * Only {@link Status#POSITIVE} lets an interchange leave the outbox.
 *
 * @param status the first failing check, or the receipt's verdict when every check passed
 * @param mdn    the parsed fields, {@code null} when the MDN could not be read
 * @param signer the partner certificate that verified the MDN's signature, {@code null} if unsigned
 * @param detail a one-line reason for logs
 */
public record MdnVerification(Status status, Mdn mdn, X509Certificate signer, String detail) {
    public enum Status {
        /** Authentic, for this message, MIC equal, disposition processed. */
        POSITIVE,
        /** Authentic and for this message, but the partner reports a failure (see {@link Mdn#disposition()}). */
        NEGATIVE,
        /** Not readable as an MDN. */
        MALFORMED,
        /** Unsigned, but the partner's policy requires a signed MDN. */
        UNSIGNED,
        /** Signed by a key that is not the partner's, by a certificate not valid now, or with a refused digest. */
        UNTRUSTED_SIGNER,
        /** The signature does not verify over the MDN. */
        SIGNATURE_INVALID,
        /** Original-Message-ID is not the message's Message-ID. */
        WRONG_MESSAGE,
        /** Received-Content-MIC is missing or differs from the MIC computed when sending. */
        MIC_MISMATCH
    }

    public MdnVerification {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(detail, "detail");
    }

    public boolean isPositive() {
        return status == Status.POSITIVE;
    }
}
