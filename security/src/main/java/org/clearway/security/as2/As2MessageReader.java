package org.clearway.security.as2;

import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.cms.CMSObjectIdentifiers;
import org.bouncycastle.asn1.cms.ContentInfo;
import org.clearway.security.KeyMaterial;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens an inbound AS2 message (RFC 4130 §2.4.2) layer by layer, in whatever order the sender
 * nested them: decrypts enveloped-data with a gateway key, verifies {@code multipart/signed}
 * against the partner's certificates only, inflates compressed-data under the policy's cap, and
 * refuses anything weaker than the partner's policy (CUSTOMS-AND-POSTAL §2.1). Each layer may
 * occur once. Failures throw {@link As2DispositionException} carrying the MDN disposition.
 *
 * <p>MIC per RFC 4130 §7.3.1 and RFC 5402 §4.1: over the signed entity (headers included) when
 * signed, which is the compressed entity when compression came before signing; else, when
 * encrypted and/or compressed, over the innermost (decrypted, uncompressed) entity, headers
 * included; else over the content without headers. The
 * algorithm is the first one of {@code signed-receipt-micalg} the policy accepts, else the
 * signature's digest, else the policy's first. Thread-safe.
 */
public final class As2MessageReader {
    private static final Logger LOG = LoggerFactory.getLogger(As2MessageReader.class);

    private final List<KeyMaterial> gatewayKeys;
    private final Clock clock;

    /**
     * @param gatewayKeys the gateway's decryption keys (more than one during a certificate rotation)
     * @param clock       the time at which certificate validity is checked
     */
    public As2MessageReader(List<KeyMaterial> gatewayKeys, Clock clock) {
        this.gatewayKeys = List.copyOf(gatewayKeys);
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * @param message                        the HTTP entity as received
     * @param policy                         the profile of the partner named by AS2-From
     * @param dispositionNotificationOptions the request header, {@code null} if absent
     * @throws As2DispositionException when a check fails; nothing of the payload may be used then
     */
    public As2Inbound read(As2Entity message, As2PartnerPolicy policy, String dispositionNotificationOptions)
            throws As2DispositionException {
        Objects.requireNonNull(policy, "policy");
        DispositionNotificationOptions options = DispositionNotificationOptions.parse(dispositionNotificationOptions);
        Mime.Entity current = parse(message.asMimeEntity());
        if (policy.requireEncrypted() && !isEnveloped(current)) {
            throw new As2DispositionException(As2Disposition.INSUFFICIENT_MESSAGE_SECURITY,
                    "partner " + policy.partnerAs2Id() + " must encrypt its messages; this one is "
                            + current.contentType().mimeType());
        }
        byte[] signedEntity = null;
        As2Cms.Verified verified = null;
        boolean encrypted = false;
        boolean compressed = false;
        while (true) {
            Mime.ContentType type = current.contentType();
            if (type.is("application/pkcs7-mime") || type.is("application/x-pkcs7-mime")) {
                byte[] cms = decode(current);
                String smimeType = smimeType(type, cms);
                if (smimeType.equals("enveloped-data")) {
                    if (encrypted) {
                        throw unexpected("enveloped-data occurs twice");
                    }
                    encrypted = true;
                    current = parse(As2Cms.decrypt(cms, gatewayKeys, policy));
                } else if (smimeType.equals("compressed-data")) {
                    if (compressed) {
                        // RFC 5402 §3: compression occurs at most once
                        throw new As2DispositionException(As2Disposition.DECOMPRESSION_FAILED,
                                "compressed-data occurs twice");
                    }
                    compressed = true;
                    current = parse(As2Cms.decompress(cms, policy.maxDecompressedBytes()));
                } else {
                    throw unexpected("unsupported smime-type " + smimeType);
                }
            } else if (type.is("multipart/signed")) {
                if (verified != null) {
                    throw unexpected("multipart/signed occurs twice");
                }
                List<byte[]> parts = split(current, type);
                Mime.Entity signaturePart = parse(parts.get(1));
                String signatureType = signaturePart.contentType().mimeType();
                if (!signatureType.equals("application/pkcs7-signature")
                        && !signatureType.equals("application/x-pkcs7-signature")) {
                    throw new As2DispositionException(As2Disposition.INTEGRITY_CHECK_FAILED,
                            "the second part of multipart/signed is " + signatureType + ", not a PKCS #7 signature");
                }
                verified = As2Cms.verify(parts.get(0), decode(signaturePart), policy, clock);
                signedEntity = parts.get(0);
                current = parse(signedEntity);
            } else {
                break;
            }
        }
        if (policy.requireSigned() && verified == null) {
            throw new As2DispositionException(As2Disposition.INSUFFICIENT_MESSAGE_SECURITY,
                    "partner " + policy.partnerAs2Id() + " must sign its messages; this one is unsigned");
        }
        byte[] payload = decode(current);
        MicAlgorithm micAlgorithm = options.preferred(policy)
                .orElse(verified != null ? verified.digest() : policy.micAlgorithms().get(0));
        byte[] micScope = signedEntity != null ? signedEntity
                : encrypted || compressed ? current.raw()
                : payload;
        String payloadType = current.header("Content-Type");
        X509Certificate signer = verified == null ? null : verified.signer();
        LOG.debug("AS2 message from {}: signed={}, encrypted={}, compressed={}, {} payload bytes",
                policy.partnerAs2Id(), signer != null, encrypted, compressed, payload.length);
        return new As2Inbound(payload, payloadType, signer != null, encrypted, compressed, signer,
                Mic.of(micScope, micAlgorithm));
    }

    private static boolean isEnveloped(Mime.Entity entity) {
        Mime.ContentType type = entity.contentType();
        if (!type.is("application/pkcs7-mime") && !type.is("application/x-pkcs7-mime")) {
            return false;
        }
        String smimeType = type.parameter("smime-type");
        return smimeType == null || smimeType.equalsIgnoreCase("enveloped-data");
    }

    /** The smime-type parameter, or the CMS content type when a sender left the parameter out. */
    private static String smimeType(Mime.ContentType type, byte[] cms) throws As2DispositionException {
        String smimeType = type.parameter("smime-type");
        if (smimeType != null) {
            return smimeType.toLowerCase(Locale.ROOT);
        }
        try {
            var contentType = ContentInfo.getInstance(ASN1Primitive.fromByteArray(cms)).getContentType();
            if (CMSObjectIdentifiers.envelopedData.equals(contentType)) {
                return "enveloped-data";
            }
            if (CMSObjectIdentifiers.compressedData.equals(contentType)) {
                return "compressed-data";
            }
            return contentType.getId();
        } catch (Exception e) {
            throw unexpected("application/pkcs7-mime body is not CMS: " + e.getMessage());
        }
    }

    private static Mime.Entity parse(byte[] raw) throws As2DispositionException {
        try {
            return Mime.parseEntity(raw);
        } catch (IllegalArgumentException e) {
            throw unexpected("unreadable MIME entity: " + e.getMessage());
        }
    }

    private static byte[] decode(Mime.Entity entity) throws As2DispositionException {
        try {
            return entity.decodedBody();
        } catch (IllegalArgumentException e) {
            throw unexpected("unreadable MIME body: " + e.getMessage());
        }
    }

    private static List<byte[]> split(Mime.Entity entity, Mime.ContentType type) throws As2DispositionException {
        List<byte[]> parts;
        try {
            parts = Mime.splitMultipart(decode(entity), type.parameter("boundary"));
        } catch (IllegalArgumentException e) {
            throw new As2DispositionException(As2Disposition.INTEGRITY_CHECK_FAILED,
                    "unreadable multipart/signed: " + e.getMessage(), e);
        }
        if (parts.size() != 2) {
            throw new As2DispositionException(As2Disposition.INTEGRITY_CHECK_FAILED,
                    "multipart/signed has " + parts.size() + " parts, not 2 (RFC 1847 §2.1)");
        }
        return parts;
    }

    private static As2DispositionException unexpected(String message) {
        return new As2DispositionException(As2Disposition.UNEXPECTED_PROCESSING_ERROR, message);
    }
}
