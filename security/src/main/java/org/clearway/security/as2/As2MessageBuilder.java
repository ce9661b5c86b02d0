package org.clearway.security.as2;

import java.time.Clock;
import java.util.Objects;

import org.clearway.security.KeyMaterial;

/**
 * Builds outbound AS2 messages (RFC 4130 §2.4.2): the payload as a MIME entity, optionally
 * compressed (RFC 3274, RFC 5402), signed as {@code multipart/signed} (RFC 1847, RFC 5751 §3.5),
 * compressed after signing, and encrypted as {@code application/pkcs7-mime; smime-type=enveloped-data}
 * (RFC 5751 §3.3), and computes the MIC the partner's MDN must return (RFC 4130 §7.3.1).
 * Inner entities are sent {@code binary}, which HTTP allows (RFC 4130 §5.2). Thread-safe.
 */
public final class As2MessageBuilder {
    static final String SIGNED_TYPE = "multipart/signed; protocol=\"application/pkcs7-signature\"; micalg=%s; boundary=\"%s\"";
    static final String SIGNATURE_TYPE = "application/pkcs7-signature; name=smime.p7s";
    static final String ENVELOPED_TYPE = "application/pkcs7-mime; smime-type=enveloped-data; name=smime.p7m";
    static final String COMPRESSED_TYPE = "application/pkcs7-mime; smime-type=compressed-data; name=smime.p7z";

    private static final java.util.regex.Pattern SAFE_FILENAME = java.util.regex.Pattern.compile("[A-Za-z0-9._-]{1,128}");

    private final KeyMaterial gatewayKey;
    private final Clock clock;

    /**
     * @param gatewayKey the gateway's signing key and certificate ({@code null} if it never signs)
     * @param clock      source of the signing-time
     */
    public As2MessageBuilder(KeyMaterial gatewayKey, Clock clock) {
        this.gatewayKey = gatewayKey;
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Secures {@code payload} for {@code policy}'s partner.
     *
     * @param payload            the interchange bytes, sent unchanged
     * @param payloadContentType e.g. {@code application/EDIFACT}
     * @param protection         the layers to apply
     * @param policy             the partner (its first certificate is the encryption certificate)
     */
    public As2Outbound build(byte[] payload, String payloadContentType, As2Protection protection,
                             As2PartnerPolicy policy) {
        return build(payload, payloadContentType, null, protection, policy);
    }

    /**
     * Secures {@code payload} for {@code policy}'s partner, naming it {@code filename} in the
     * payload entity's {@code Content-Disposition} (where OpenAS2 and as2-lib read the name they
     * store a received file under, after decryption and verification).
     *
     * @param filename the payload's file name, {@code null} for none; letters, digits, '.', '_'
     *                 and '-' only, at most 128 characters (it is written unquoted-safe and must
     *                 never name a path at the partner)
     * @throws IllegalArgumentException when {@code filename} has other characters
     */
    public As2Outbound build(byte[] payload, String payloadContentType, String filename, As2Protection protection,
                             As2PartnerPolicy policy) {
        Objects.requireNonNull(payload, "payload");
        byte[] entity = filename == null
                ? Mime.entity(payload, "Content-Type", payloadContentType, "Content-Transfer-Encoding", "binary")
                : Mime.entity(payload, "Content-Type", payloadContentType, "Content-Transfer-Encoding", "binary",
                        "Content-Disposition", contentDisposition(filename));
        byte[] payloadEntity = entity;
        String contentType = payloadContentType;
        byte[] body = payload;
        Mic mic = null;

        if (protection.compression() == As2Protection.Compression.BEFORE_SIGNING) {
            body = As2Cms.compress(entity);
            contentType = COMPRESSED_TYPE;
            entity = compressedEntity(body);
        }
        if (protection.signWith() != null) {
            if (gatewayKey == null) {
                throw new IllegalStateException("signing requested but the builder has no gateway key");
            }
            // MIC scope per RFC 4130 §7.3.1: the signed entity, MIME headers included
            mic = Mic.of(entity, protection.signWith());
            byte[] signature = As2Cms.sign(entity, gatewayKey, protection.signWith(), clock);
            String boundary = Mime.newBoundary();
            byte[] signaturePart = Mime.entity(Mime.base64Lines(signature), "Content-Type", SIGNATURE_TYPE,
                    "Content-Transfer-Encoding", "base64", "Content-Disposition", "attachment; filename=smime.p7s");
            body = Mime.multipart(boundary, entity, signaturePart);
            contentType = SIGNED_TYPE.formatted(protection.signWith().micalg(), boundary);
            entity = Mime.entity(body, "Content-Type", contentType);
        }
        if (protection.compression() == As2Protection.Compression.AFTER_SIGNING) {
            body = As2Cms.compress(entity);
            contentType = COMPRESSED_TYPE;
            entity = compressedEntity(body);
        }
        if (protection.encryptWith() != null) {
            body = As2Cms.encrypt(entity, policy.encryptionCertificate(), protection.encryptWith());
            contentType = ENVELOPED_TYPE;
        }
        if (mic == null) {
            mic = protection.encryptWith() == null && protection.compression() == As2Protection.Compression.NONE
                    // plain: the MIC covers the content without headers (RFC 4130 §7.3.1)
                    ? Mic.of(payload, protection.micAlgorithm())
                    // unsigned but encrypted and/or compressed: the uncompressed payload entity, MIME headers
                    // included (RFC 4130 §7.3.1 for encrypted, RFC 5402 §4.1 once compression is involved)
                    : Mic.of(payloadEntity, protection.micAlgorithm());
        }
        return new As2Outbound(new As2Entity(contentType, null, body), mic);
    }

    /** {@code attachment; filename="name"} for a name that passes {@link #build}'s check. */
    public static String contentDisposition(String filename) {
        if (!SAFE_FILENAME.matcher(filename).matches() || filename.startsWith(".")) {
            throw new IllegalArgumentException("unsafe AS2 payload file name '" + filename + "'");
        }
        return "attachment; filename=\"" + filename + "\"";
    }

    private static byte[] compressedEntity(byte[] compressed) {
        return Mime.entity(compressed, "Content-Type", COMPRESSED_TYPE, "Content-Transfer-Encoding", "binary",
                "Content-Disposition", "attachment; filename=smime.p7z");
    }
}
