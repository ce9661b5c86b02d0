package org.clearway.security.as2;

import java.util.Objects;

/**
 * A security or structure check of an inbound AS2 message failed; {@link #disposition()} is what
 * the negative MDN reports (RFC 4130 §7.5.3). The message text is meant for logs and the MDN's
 * human-readable part and never holds key material.
 */
public final class As2DispositionException extends Exception {
    private static final long serialVersionUID = 1L;
    private final transient As2Disposition disposition;

    public As2DispositionException(As2Disposition disposition, String message) {
        this(disposition, message, null);
    }

    public As2DispositionException(As2Disposition disposition, String message, Throwable cause) {
        super(message, cause);
        this.disposition = Objects.requireNonNull(disposition, "disposition");
        if (disposition.isPositive()) {
            throw new IllegalArgumentException("a failure needs a negative disposition");
        }
    }

    public As2Disposition disposition() {
        return disposition;
    }
}
