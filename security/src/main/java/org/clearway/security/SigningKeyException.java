package org.clearway.security;

/**
 * A signing key or certificate could not be loaded, generated or used: wrong path, password or
 * alias, a key that does not match its certificate, or an algorithm outside CANONICAL-MODEL §10.2.
 * The message names the keystore and alias, never a password.
 */
public class SigningKeyException extends RuntimeException {
    public SigningKeyException(String message) {
        super(message);
    }

    public SigningKeyException(String message, Throwable cause) {
        super(message, cause);
    }
}
