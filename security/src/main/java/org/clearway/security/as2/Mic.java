package org.clearway.security.as2;

import java.security.MessageDigest;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;

/**
 * A message integrity check as carried in {@code Received-Content-MIC} (RFC 4130 §7.3.1): the
 * base64 digest and the algorithm name, written {@code "<base64>, sha-256"}.
 *
 * @param digest    the raw digest bytes
 * @param algorithm the digest algorithm
 */
public record Mic(byte[] digest, MicAlgorithm algorithm) {
    public Mic {
        digest = Objects.requireNonNull(digest, "digest").clone();
        Objects.requireNonNull(algorithm, "algorithm");
    }

    /** Digests {@code content} with {@code algorithm}. */
    public static Mic of(byte[] content, MicAlgorithm algorithm) {
        return new Mic(algorithm.newDigest().digest(content), algorithm);
    }

    @Override
    public byte[] digest() {
        return digest.clone();
    }

    /** The field value, e.g. {@code "kvM0...=, sha-256"}. */
    public String headerValue() {
        return Base64.getEncoder().encodeToString(digest) + ", " + algorithm.micalg();
    }

    /** Parses a {@code Received-Content-MIC} value; empty when malformed or of an unknown algorithm. */
    public static Optional<Mic> parse(String value) {
        if (value == null) {
            return Optional.empty();
        }
        int comma = value.lastIndexOf(',');
        if (comma <= 0) {
            return Optional.empty();
        }
        try {
            byte[] digest = Base64.getMimeDecoder().decode(value.substring(0, comma).trim());
            return MicAlgorithm.fromName(value.substring(comma + 1)).map(algorithm -> new Mic(digest, algorithm));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** Same algorithm and same digest (constant-time comparison). */
    public boolean matches(Mic other) {
        return other != null && algorithm == other.algorithm && MessageDigest.isEqual(digest, other.digest);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Mic mic && matches(mic);
    }

    @Override
    public int hashCode() {
        return java.util.Arrays.hashCode(digest) * 31 + algorithm.hashCode();
    }

    @Override
    public String toString() {
        return headerValue();
    }
}
