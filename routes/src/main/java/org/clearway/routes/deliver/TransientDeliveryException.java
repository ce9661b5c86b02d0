package org.clearway.routes.deliver;

/** The customs backend is down or asked us to come back later: retry with backoff (§3.2). */
public class TransientDeliveryException extends RuntimeException {
    public TransientDeliveryException(String message) {
        super(message);
    }

    public TransientDeliveryException(String message, Throwable cause) {
        super(message, cause);
    }
}
