package org.clearway.mappings.canonical;

import java.security.SecureRandom;
import java.util.Locale;
import java.util.UUID;

/**
 * Gateway identifiers: UUIDv7 (RFC 9562 §5.7, time-ordered, CANONICAL-MODEL §4), the 26-character
 * Crockford base32 form of a UUID used in CUSRSP BGM 1004 (CUSITM-CUSRSP-MIG §6.4) and the LRN
 * of CANONICAL-MODEL §5.2.
 */
public final class Ids {
    private static final char[] CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Object LOCK = new Object();
    private static long lastMillis = -1;
    private static int lastCounter;

    private Ids() {
    }

    /**
     * The gatewayMessageId of an emission: a name-based UUID (RFC 9562 §5.8, version 8, SHA-256 of
     * the parts) of declaration, revision, backend and signing key. Every run of the sign stage for
     * the same revision, backend and key, before or after a crash, gives the same id, so customs can
     * at most see a redelivery of one emission, never a second emission of one revision under a new
     * id; a re-send after key rotation (another key) gets a new id (CANONICAL-MODEL §2.1).
     */
    public static UUID emissionId(String declarationId, int revision, String backendId, String signingKeyId) {
        java.security.MessageDigest sha;
        try {
            sha = java.security.MessageDigest.getInstance("SHA-256");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        String name = "clearway-emission\u0000" + declarationId + "\u0000" + revision + "\u0000" + backendId
                + "\u0000" + signingKeyId;
        byte[] h = sha.digest(name.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        long msb = 0;
        long lsb = 0;
        for (int i = 0; i < 8; i++) {
            msb = (msb << 8) | (h[i] & 0xff);
            lsb = (lsb << 8) | (h[8 + i] & 0xff);
        }
        msb = (msb & ~0xF000L) | 0x8000L;                    // version 8
        lsb = (lsb & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L; // variant 10
        return new UUID(msb, lsb);
    }

    /**
     * A new UUIDv7: 48-bit Unix milliseconds, then 12 bits used as a counter seeded randomly each
     * millisecond (RFC 9562 §6.2 method 1), then 62 random bits. Ids from this JVM are strictly
     * increasing; when the counter overflows the timestamp is advanced by one millisecond.
     */
    public static UUID uuidV7() {
        long millis;
        int counter;
        synchronized (LOCK) {
            long now = System.currentTimeMillis();
            if (now > lastMillis) {
                lastMillis = now;
                // seed below 2^11 so the counter has room to grow within one millisecond
                lastCounter = RANDOM.nextInt(1 << 11);
            } else if (++lastCounter > 0xFFF) {
                lastMillis++;
                lastCounter = RANDOM.nextInt(1 << 11);
            }
            millis = lastMillis;
            counter = lastCounter;
        }
        return uuidV7(millis, counter, RANDOM.nextLong());
    }

    /** Assembles a UUIDv7 from its fields (RFC 9562 §5.7 layout): 48-bit ms, 12-bit rand_a, 62-bit rand_b. */
    static UUID uuidV7(long unixMillis, int randA, long randB) {
        long msb = (unixMillis & 0xFFFF_FFFF_FFFFL) << 16 | 0x7000L | (randA & 0xFFF);
        long lsb = (randB & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L;
        return new UUID(msb, lsb);
    }

    /** The Unix millisecond timestamp of a UUIDv7. */
    public static long unixMillis(UUID uuidV7) {
        if (uuidV7.version() != 7) {
            throw new IllegalArgumentException("not a UUIDv7: " + uuidV7);
        }
        return uuidV7.getMostSignificantBits() >>> 16;
    }

    /**
     * The 128 bits as 26 Crockford base32 characters, upper case, as in ULID (MIG §6.4):
     * {@code 0193f2d0-11aa-7b2c-8e01-3f4a5b6c7d8e} → {@code 01JFSD04DAFCP8W09Z99DPRZCE}.
     */
    public static String crockfordBase32(UUID uuid) {
        long hi = uuid.getMostSignificantBits();
        long lo = uuid.getLeastSignificantBits();
        char[] out = new char[26];
        // 130 bits of output: two leading zero bits, then the 128 bits, 5 bits per character
        for (int i = 25; i >= 0; i--) {
            out[i] = CROCKFORD[(int) (lo & 0x1F)];
            lo = (lo >>> 5) | (hi << 59);
            hi >>>= 5;
        }
        return new String(out);
    }

    /** Reverse of {@link #crockfordBase32}; accepts lower case and the Crockford aliases O→0, I/L→1. */
    public static UUID fromCrockfordBase32(String text) {
        if (text.length() != 26) {
            throw new IllegalArgumentException("need 26 characters: " + text);
        }
        long hi = 0;
        long lo = 0;
        for (int i = 0; i < 26; i++) {
            int v = crockfordValue(text.charAt(i));
            if (i == 0 && v > 7) {
                throw new IllegalArgumentException("value exceeds 128 bits: " + text);
            }
            hi = (hi << 5) | (lo >>> 59);
            lo = (lo << 5) | v;
        }
        return new UUID(hi, lo);
    }

    private static int crockfordValue(char c) {
        char u = Character.toUpperCase(c);
        if (u == 'O') {
            return 0;
        }
        if (u == 'I' || u == 'L') {
            return 1;
        }
        for (int i = 0; i < CROCKFORD.length; i++) {
            if (CROCKFORD[i] == u) {
                return i;
            }
        }
        throw new IllegalArgumentException("not a Crockford base32 character: " + c);
    }

    /** LRN of CANONICAL-MODEL §5.2: {@code XB} + the last 16 hex digits of the declarationId, upper case. */
    public static String lrn(UUID declarationId) {
        String hex = declarationId.toString().replace("-", "");
        return "XB" + hex.substring(16).toUpperCase(Locale.ROOT);
    }
}
