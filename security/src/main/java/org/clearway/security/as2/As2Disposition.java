package org.clearway.security.as2;

import java.util.Locale;

/**
 * The disposition an AS2 receiver reports in its MDN (RFC 4130 §7.4.3 and §7.5.3, RFC 5402 §4 for
 * {@code decompression-failed}). {@link #PROCESSED} is the only positive one; every other constant
 * is written as {@code processed/error: <modifier>}.
 */
public enum As2Disposition {
    PROCESSED(null),
    /** The signer is not one of the partner's certificates, or its certificate is not valid now. */
    AUTHENTICATION_FAILED("authentication-failed"),
    /** The gateway cannot decrypt the enveloped data (not for its key, corrupt, unknown algorithm). */
    DECRYPTION_FAILED("decryption-failed"),
    /** The message is less protected than the partner's profile requires (unsigned, unencrypted, weak algorithm). */
    INSUFFICIENT_MESSAGE_SECURITY("insufficient-message-security"),
    /** The signature does not verify over the received content. */
    INTEGRITY_CHECK_FAILED("integrity-check-failed"),
    /** The compressed data is corrupt or inflates past the size cap (RFC 5402). */
    DECOMPRESSION_FAILED("decompression-failed"),
    /** Anything else: unparseable MIME, unexpected structure. */
    UNEXPECTED_PROCESSING_ERROR("unexpected-processing-error");

    private final String modifier;

    As2Disposition(String modifier) {
        this.modifier = modifier;
    }

    /** The disposition modifier text, {@code null} for {@link #PROCESSED}. */
    public String modifier() {
        return modifier;
    }

    public boolean isPositive() {
        return this == PROCESSED;
    }

    /** The disposition-type and modifier part of the {@code Disposition} field (RFC 3798 §3.2.6). */
    public String dispositionType() {
        return modifier == null ? "processed" : "processed/error: " + modifier;
    }

    /** The constant for an error modifier as received, or {@link #UNEXPECTED_PROCESSING_ERROR} for unknown ones. */
    public static As2Disposition fromModifier(String modifier) {
        String wanted = modifier.trim().toLowerCase(Locale.ROOT);
        for (As2Disposition disposition : values()) {
            if (wanted.equals(disposition.modifier)) {
                return disposition;
            }
        }
        return UNEXPECTED_PROCESSING_ERROR;
    }
}
