package org.clearway.mappings.express;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Webhook signatures of PARTNER-APIS §5.2 (Standard Webhooks convention): the signed content is
 * {@code webhook-id + "." + webhook-timestamp + "." + body}, the key is the base64-decoded secret
 * without its {@code whsec_} prefix, and {@code webhook-signature} is {@code v1,<base64 HMAC-SHA256>};
 * several signatures (secret rotation) are separated by spaces. Receivers reject timestamps more
 * than {@link #TOLERANCE} away from their clock.
 */
public final class WebhookSignature {

    /** Prefix of every signing secret (§5.2). */
    public static final String SECRET_PREFIX = "whsec_";
    /** Signature scheme version written before the comma. */
    public static final String VERSION = "v1";
    /** Age (and clock skew) a receiver accepts (§5.2: "older than 5 minutes" is rejected). */
    public static final Duration TOLERANCE = Duration.ofMinutes(5);

    private static final int SECRET_BYTES = 32;
    private static final SecureRandom RANDOM = new SecureRandom();

    private WebhookSignature() {
    }

    /** A new signing secret: {@code whsec_} + base64 of 32 random bytes (§5.2). */
    public static String generateSecret() {
        byte[] key = new byte[SECRET_BYTES];
        RANDOM.nextBytes(key);
        return SECRET_PREFIX + Base64.getEncoder().encodeToString(key);
    }

    /**
     * The raw HMAC key of a secret.
     *
     * @throws IllegalArgumentException when the secret lacks the prefix or is not base64
     */
    public static byte[] key(String secret) {
        if (secret == null || !secret.startsWith(SECRET_PREFIX)) {
            throw new IllegalArgumentException("a signing secret starts with " + SECRET_PREFIX);
        }
        byte[] key = Base64.getDecoder().decode(secret.substring(SECRET_PREFIX.length()));
        if (key.length == 0) {
            throw new IllegalArgumentException("empty signing secret");
        }
        return key;
    }

    /** One signature {@code v1,<base64>} over {@code id.timestamp.body} with this secret. */
    public static String sign(String secret, String id, long timestamp, byte[] body) {
        return VERSION + "," + Base64.getEncoder().encodeToString(hmac(key(secret), id, timestamp, body));
    }

    /**
     * The {@code webhook-signature} header value: one signature per secret, space-separated (the
     * current secret first; during a rotation overlap also the previous one).
     */
    public static String header(List<String> secrets, String id, long timestamp, byte[] body) {
        if (secrets.isEmpty()) {
            throw new IllegalArgumentException("no signing secret");
        }
        List<String> parts = new ArrayList<>();
        for (String secret : secrets) {
            parts.add(sign(secret, id, timestamp, body));
        }
        return String.join(" ", parts);
    }

    /**
     * Checks a received webhook as a receiver would: the timestamp is a Unix-seconds integer within
     * {@link #TOLERANCE} of {@code now} (either direction), and at least one {@code v1} signature of
     * the header matches (constant-time comparison).
     *
     * @return true when the request is authentic and fresh
     */
    public static boolean verify(String secret, String id, String timestampHeader, byte[] body,
                                 String signatureHeader, Instant now) {
        if (id == null || timestampHeader == null || signatureHeader == null || body == null) {
            return false;
        }
        long timestamp;
        try {
            timestamp = Long.parseLong(timestampHeader.trim());
        } catch (NumberFormatException e) {
            return false;
        }
        long age = now.getEpochSecond() - timestamp;
        if (Math.abs(age) > TOLERANCE.toSeconds()) {
            return false;
        }
        byte[] expected = hmac(key(secret), id, timestamp, body);
        boolean match = false;
        for (String candidate : signatureHeader.trim().split(" +")) {
            int comma = candidate.indexOf(',');
            if (comma < 0 || !VERSION.equals(candidate.substring(0, comma))) {
                continue;
            }
            byte[] given;
            try {
                given = Base64.getDecoder().decode(candidate.substring(comma + 1));
            } catch (IllegalArgumentException e) {
                continue;
            }
            // no early exit: every candidate is compared in constant time
            match |= MessageDigest.isEqual(expected, given);
        }
        return match;
    }

    private static byte[] hmac(byte[] key, String id, long timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            mac.update((id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8));
            return mac.doFinal(body);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }
}
