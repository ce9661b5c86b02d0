package org.clearway.security.as2;

import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.List;
import java.util.Objects;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads and verifies an MDN received for an outbound message (RFC 4130 §7.4): its signature
 * against the partner's certificates only, that it answers this Message-ID, that
 * {@code Received-Content-MIC} equals the MIC computed when sending (RFC 4130 §7.3.1), and its
 * disposition (RFC 3798 §3.2.6). camel-as2 4.17 checks none of this. Thread-safe.
 */
public final class MdnReader {
    private static final Logger LOG = LoggerFactory.getLogger(MdnReader.class);
    private final Clock clock;

    public MdnReader(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * @param received          the MDN's HTTP entity (sync response or async POST)
     * @param policy            the profile of the partner the message went to
     * @param originalMessageId the Message-ID of the sent message, with angle brackets
     * @param sentMic           the MIC from {@link As2Outbound#mic()}
     */
    public MdnVerification verify(As2Entity received, As2PartnerPolicy policy, String originalMessageId, Mic sentMic) {
        MdnVerification result = check(received, policy, originalMessageId, sentMic);
        if (result.status() == MdnVerification.Status.POSITIVE) {
            LOG.debug("MDN from {} for {}: {}", policy.partnerAs2Id(), originalMessageId, result.detail());
        } else {
            LOG.warn("MDN from {} for {} not accepted as a positive receipt: {} {}", policy.partnerAs2Id(),
                    originalMessageId, result.status(), result.detail());
        }
        return result;
    }

    /**
     * The Original-Message-ID an MDN claims to answer, read <em>without</em> any verification: only
     * to find the pending message whose certificate and MIC {@link #verify} then checks it against
     * (an async MDN arrives on its own HTTP request). Empty when it is not readable as an MDN.
     */
    public static java.util.Optional<String> originalMessageId(As2Entity received) {
        try {
            Mime.Entity entity = Mime.parseEntity(received.asMimeEntity());
            Mime.ContentType type = entity.contentType();
            Mime.Entity report = entity;
            if (type.is("multipart/signed")) {
                List<byte[]> parts = Mime.splitMultipart(entity.decodedBody(), type.parameter("boundary"));
                if (parts.isEmpty()) {
                    return java.util.Optional.empty();
                }
                report = Mime.parseEntity(parts.get(0));
            }
            return java.util.Optional.of(parseReport(report).originalMessageId());
        } catch (IllegalArgumentException e) {
            return java.util.Optional.empty();
        }
    }

    private MdnVerification check(As2Entity received, As2PartnerPolicy policy, String originalMessageId, Mic sentMic) {
        Mime.Entity report;
        X509Certificate signer = null;
        try {
            Mime.Entity entity = Mime.parseEntity(received.asMimeEntity());
            Mime.ContentType type = entity.contentType();
            if (type.is("multipart/signed")) {
                List<byte[]> parts = Mime.splitMultipart(entity.decodedBody(), type.parameter("boundary"));
                if (parts.size() != 2) {
                    return failed(MdnVerification.Status.MALFORMED, null, "multipart/signed with " + parts.size() + " parts");
                }
                try {
                    signer = As2Cms.verify(parts.get(0), Mime.parseEntity(parts.get(1)).decodedBody(), policy, clock)
                            .signer();
                } catch (As2DispositionException e) {
                    MdnVerification.Status status = switch (e.disposition()) {
                        case AUTHENTICATION_FAILED, INSUFFICIENT_MESSAGE_SECURITY -> MdnVerification.Status.UNTRUSTED_SIGNER;
                        default -> MdnVerification.Status.SIGNATURE_INVALID;
                    };
                    return failed(status, null, e.getMessage());
                }
                report = Mime.parseEntity(parts.get(0));
            } else if (policy.requireSignedMdn()) {
                return failed(MdnVerification.Status.UNSIGNED, null,
                        "partner " + policy.partnerAs2Id() + " must sign its MDNs; this one is " + type.mimeType());
            } else {
                report = entity;
            }
        } catch (IllegalArgumentException e) {
            return failed(MdnVerification.Status.MALFORMED, null, e.getMessage());
        }
        Mdn mdn;
        try {
            mdn = parseReport(report);
        } catch (IllegalArgumentException e) {
            return failed(MdnVerification.Status.MALFORMED, null, e.getMessage());
        }
        if (!originalMessageId.equals(mdn.originalMessageId())) {
            return new MdnVerification(MdnVerification.Status.WRONG_MESSAGE, mdn, signer,
                    "Original-Message-ID " + mdn.originalMessageId() + " is not " + originalMessageId);
        }
        As2Disposition disposition = mdn.disposition();
        if (!disposition.isPositive()) {
            return new MdnVerification(MdnVerification.Status.NEGATIVE, mdn, signer, mdn.dispositionField());
        }
        if (!sentMic.matches(mdn.receivedContentMic())) {
            // RFC 4130 §7.3.1: a receipt whose MIC differs does not prove receipt of what was sent
            return new MdnVerification(MdnVerification.Status.MIC_MISMATCH, mdn, signer,
                    "Received-Content-MIC " + mdn.receivedContentMic() + " differs from the sent MIC " + sentMic);
        }
        return new MdnVerification(MdnVerification.Status.POSITIVE, mdn, signer, mdn.dispositionField());
    }

    private static Mdn parseReport(Mime.Entity report) {
        Mime.ContentType type = report.contentType();
        if (!type.is("multipart/report")) {
            throw new IllegalArgumentException("an MDN is multipart/report, not " + type.mimeType());
        }
        String text = "";
        Mime.Entity notification = null;
        for (byte[] part : Mime.splitMultipart(report.decodedBody(), type.parameter("boundary"))) {
            Mime.Entity entity = Mime.parseEntity(part);
            String partType = entity.contentType().mimeType();
            if (partType.equals("message/disposition-notification") && notification == null) {
                notification = entity;
            } else if (partType.equals("text/plain") && text.isEmpty()) {
                text = new String(entity.decodedBody(), StandardCharsets.ISO_8859_1).trim();
            }
        }
        if (notification == null) {
            throw new IllegalArgumentException("multipart/report without a message/disposition-notification part");
        }
        // the notification fields have the header syntax (RFC 3798 §3.1); an empty line ends them
        byte[] fields = notification.decodedBody();
        byte[] asEntity = new byte[fields.length + 4];
        System.arraycopy(fields, 0, asEntity, 0, fields.length);
        System.arraycopy(new byte[] {'\r', '\n', '\r', '\n'}, 0, asEntity, fields.length, 4);
        Mime.Entity parsed = Mime.parseEntity(trimLeadingBreaks(asEntity));
        String disposition = parsed.header("Disposition");
        String messageId = parsed.header("Original-Message-ID");
        String finalRecipient = parsed.header("Final-Recipient");
        if (disposition == null || messageId == null || finalRecipient == null) {
            throw new IllegalArgumentException("disposition notification without Disposition, Original-Message-ID "
                    + "or Final-Recipient");
        }
        String micField = parsed.header("Received-Content-MIC");
        return new Mdn(text, parsed.header("Reporting-UA"), parsed.header("Original-Recipient"), finalRecipient,
                messageId, disposition, Mic.parse(micField).orElse(null));
    }

    private static byte[] trimLeadingBreaks(byte[] bytes) {
        int start = 0;
        while (start < bytes.length - 4 && (bytes[start] == '\r' || bytes[start] == '\n')) {
            start++;
        }
        return java.util.Arrays.copyOfRange(bytes, start, bytes.length);
    }

    private static MdnVerification failed(MdnVerification.Status status, Mdn mdn, String detail) {
        return new MdnVerification(status, mdn, null, detail);
    }
}
