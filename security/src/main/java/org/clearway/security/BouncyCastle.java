package org.clearway.security;

import java.security.Provider;

import org.bouncycastle.jce.provider.BouncyCastleProvider;

/**
 * The one Bouncy Castle provider instance of this module. It is passed explicitly to the JCA
 * builders and never registered with {@code Security.addProvider}, so the module does not change
 * the provider order of the application that uses it.
 */
final class BouncyCastle {
    /** Building the provider takes tens of milliseconds: do it once. */
    static final Provider PROVIDER = new BouncyCastleProvider();

    private BouncyCastle() {}
}
