package org.clearway.security.as2;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Objects;

import org.clearway.security.KeyMaterial;

/**
 * Builds an MDN body (RFC 4130 §7.4.2, RFC 3462 {@code multipart/report}, RFC 3798 fields),
 * signed as {@code multipart/signed} when a MIC algorithm is given (RFC 4130 §7.4.1). Header
 * values are written as given and must be US-ASCII without line breaks. Thread-safe.
 */
public final class MdnBuilder {
    private final KeyMaterial gatewayKey;
    private final Clock clock;

    public MdnBuilder(KeyMaterial gatewayKey, Clock clock) {
        this.gatewayKey = gatewayKey;
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * @param mdn      the fields
     * @param signWith the signature digest, {@code null} for an unsigned MDN
     * @return the HTTP entity of the MDN (sync response body or async POST body)
     */
    public As2Entity build(Mdn mdn, MicAlgorithm signWith) {
        StringBuilder fields = new StringBuilder();
        field(fields, "Reporting-UA", mdn.reportingUa());
        field(fields, "Original-Recipient", mdn.originalRecipient());
        field(fields, "Final-Recipient", mdn.finalRecipient());
        field(fields, "Original-Message-ID", mdn.originalMessageId());
        field(fields, "Disposition", mdn.dispositionField());
        if (mdn.receivedContentMic() != null) {
            field(fields, "Received-Content-MIC", mdn.receivedContentMic().headerValue());
        }
        byte[] textPart = Mime.entity((mdn.text() + Mime.CRLF).getBytes(StandardCharsets.US_ASCII),
                "Content-Type", "text/plain; charset=us-ascii", "Content-Transfer-Encoding", "7bit");
        byte[] notificationPart = Mime.entity(fields.toString().getBytes(StandardCharsets.US_ASCII),
                "Content-Type", "message/disposition-notification", "Content-Transfer-Encoding", "7bit");
        String boundary = Mime.newBoundary();
        byte[] report = Mime.multipart(boundary, textPart, notificationPart);
        String reportType = "multipart/report; report-type=disposition-notification; boundary=\"" + boundary + "\"";
        if (signWith == null) {
            return As2Entity.of(reportType, report);
        }
        if (gatewayKey == null) {
            throw new IllegalStateException("a signed MDN needs the gateway key");
        }
        byte[] reportEntity = Mime.entity(report, "Content-Type", reportType);
        byte[] signature = As2Cms.sign(reportEntity, gatewayKey, signWith, clock);
        byte[] signaturePart = Mime.entity(Mime.base64Lines(signature), "Content-Type",
                As2MessageBuilder.SIGNATURE_TYPE, "Content-Transfer-Encoding", "base64",
                "Content-Disposition", "attachment; filename=smime.p7s");
        String signedBoundary = Mime.newBoundary();
        return As2Entity.of(As2MessageBuilder.SIGNED_TYPE.formatted(signWith.micalg(), signedBoundary),
                Mime.multipart(signedBoundary, reportEntity, signaturePart));
    }

    private static void field(StringBuilder fields, String name, String value) {
        if (value != null) {
            if (value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0) {
                throw new IllegalArgumentException(name + " must not contain line breaks");
            }
            fields.append(name).append(": ").append(value).append(Mime.CRLF);
        }
    }
}
