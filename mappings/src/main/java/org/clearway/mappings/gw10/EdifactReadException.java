package org.clearway.mappings.gw10;

/**
 * Thrown when an interchange cannot be read at all (not EDIFACT, unsupported syntax identifier,
 * cut off before UNZ). Problems inside messages that passed the syntax pass never raise it.
 */
public class EdifactReadException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public EdifactReadException(String message, Throwable cause) {
        super(message, cause);
    }
}
