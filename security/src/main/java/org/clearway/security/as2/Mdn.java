package org.clearway.security.as2;

import java.util.Locale;
import java.util.Objects;

/**
 * The fields of an AS2 MDN (RFC 4130 §7.4.3, RFC 3798 §3): the human-readable text and the
 * machine-readable {@code message/disposition-notification} fields.
 *
 * @param text               the human-readable first part
 * @param reportingUa        {@code Reporting-UA}, e.g. {@code Clearway AS2}
 * @param originalRecipient  {@code Original-Recipient} value, e.g. {@code rfc822; CLEARWAY}, may be {@code null}
 * @param finalRecipient     {@code Final-Recipient} value, e.g. {@code rfc822; CLEARWAY}
 * @param originalMessageId  {@code Original-Message-ID}, with its angle brackets
 * @param dispositionField   the whole {@code Disposition} value
 * @param receivedContentMic {@code Received-Content-MIC}, {@code null} if absent
 */
public record Mdn(String text, String reportingUa, String originalRecipient, String finalRecipient,
                  String originalMessageId, String dispositionField, Mic receivedContentMic) {
    /** RFC 4130 §7.4.3: receipts are sent automatically, not on a user's action. */
    static final String AUTOMATIC = "automatic-action/MDN-sent-automatically; ";

    public Mdn {
        Objects.requireNonNull(finalRecipient, "finalRecipient");
        Objects.requireNonNull(originalMessageId, "originalMessageId");
        Objects.requireNonNull(dispositionField, "dispositionField");
        text = text == null ? "" : text;
    }

    /**
     * The receipt for a message the gateway received.
     *
     * @param gatewayAs2Id      the AS2-To of the message (the gateway's AS2 name)
     * @param originalMessageId the Message-ID of the message
     * @param disposition       the outcome
     * @param mic               the MIC of the message ({@code null} if it could not be computed)
     * @param detail            why it failed, for the text part; ignored when processed
     */
    public static Mdn forMessage(String reportingUa, String gatewayAs2Id, String originalMessageId,
                                 As2Disposition disposition, Mic mic, String detail) {
        String recipient = "rfc822; " + quoteAs2Id(gatewayAs2Id);
        String text = disposition.isPositive()
                ? "The AS2 message " + originalMessageId + " was received and its security checked. "
                        + "This is no guarantee that its content has been processed."
                : "The AS2 message " + originalMessageId + " was not accepted: " + disposition.modifier()
                        + (detail == null ? "" : " (" + detail.replaceAll("[\\r\\n]+", " ") + ")");
        return new Mdn(text, reportingUa, recipient, recipient, originalMessageId,
                AUTOMATIC + disposition.dispositionType(), mic);
    }

    /** The outcome the Disposition field reports; {@code processed/warning} counts as processed. */
    public As2Disposition disposition() {
        int semicolon = dispositionField.indexOf(';');
        String type = (semicolon < 0 ? dispositionField : dispositionField.substring(semicolon + 1)).trim();
        int slash = type.indexOf('/');
        String base = (slash < 0 ? type : type.substring(0, slash)).trim().toLowerCase(Locale.ROOT);
        if (!base.equals("processed")) {
            return As2Disposition.UNEXPECTED_PROCESSING_ERROR;
        }
        if (slash < 0) {
            return As2Disposition.PROCESSED;
        }
        String modifier = type.substring(slash + 1).trim();
        int colon = modifier.indexOf(':');
        String kind = (colon < 0 ? modifier : modifier.substring(0, colon)).trim().toLowerCase(Locale.ROOT);
        if (kind.equals("warning")) {
            return As2Disposition.PROCESSED;
        }
        return As2Disposition.fromModifier(colon < 0 ? "" : modifier.substring(colon + 1));
    }

    /** The AS2 name from {@code Final-Recipient} ({@code rfc822; NAME}). */
    public String finalRecipientAs2Id() {
        int semicolon = finalRecipient.indexOf(';');
        String id = (semicolon < 0 ? finalRecipient : finalRecipient.substring(semicolon + 1)).trim();
        return id.length() >= 2 && id.startsWith("\"") && id.endsWith("\"") ? id.substring(1, id.length() - 1) : id;
    }

    /** RFC 4130 §6.2: an AS2 name with spaces or specials is quoted. */
    static String quoteAs2Id(String id) {
        return id.matches("[A-Za-z0-9!#$%&'*+\\-/=?^_`{|}~.]+") ? id : "\"" + id.replace("\"", "\\\"") + "\"";
    }
}
