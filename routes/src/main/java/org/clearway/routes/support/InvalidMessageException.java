package org.clearway.routes.support;

/**
 * A permanent failure of a stage: the message can never succeed as it is. It goes to the
 * stage's dead-letter queue with its reason, without redelivery (STYLE §2).
 */
public class InvalidMessageException extends RuntimeException {
    public InvalidMessageException(String message) {
        super(message);
    }

    public InvalidMessageException(String message, Throwable cause) {
        super(message, cause);
    }
}
