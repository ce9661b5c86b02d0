package org.clearway.routes.ingress.as2;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.clearway.routes.ingress.IngressOutcome;
import org.clearway.routes.store.As2MessageStore;
import org.clearway.security.as2.As2Disposition;
import org.clearway.security.as2.As2DispositionException;
import org.clearway.security.as2.As2Entity;
import org.clearway.security.as2.As2Inbound;
import org.clearway.security.as2.As2MessageReader;
import org.clearway.security.as2.DispositionNotificationOptions;
import org.clearway.security.as2.Mdn;
import org.clearway.security.as2.MdnBuilder;
import org.clearway.security.as2.Mic;
import org.clearway.security.as2.MicAlgorithm;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Receives one AS2 message (RFC 4130) for the gateway: resolves the partner from AS2-From, opens
 * the message with the security core under that partner's policy only (so a message signed by
 * partner A but claiming AS2-From B fails with {@code authentication-failed}), hands the EDIFACT
 * payload to the postal ingress pass and answers with an MDN (CUSTOMS-AND-POSTAL §2.1).
 *
 * <p>Receipt rules:
 * <ul>
 *   <li>{@code processed} only after the ingress pass returned: Accepted or Replayed means the
 *       messages are durably queued on {@code gw.parse}. An interchange rejected by the syntax pass
 *       (CONTRL UCI 0083 = 4, e.g. X021 when the UNB sender is not the AS2 partner's) is also
 *       {@code processed} at the AS2 level: the message was received and checked, and the answer
 *       to it is the CONTRL that the ingress pass put into the partner's outbox.</li>
 *   <li>Security failures give the RFC 4130 §7.5.3 disposition of the core; non-EDIFACT or
 *       oversized payloads give {@code unexpected-processing-error}; nothing is queued then.</li>
 *   <li>A Message-ID already processed for this partner is checked again and receipted again
 *       from the record, not processed twice; the same Message-ID with a different MIC (other
 *       content) is refused. Failed messages are not recorded and may be resent as they are.</li>
 *   <li>A requested async MDN (Receipt-Delivery-Option) goes only to a URL on one of the
 *       partner's configured hosts; any other return URL is refused before anything is processed
 *       with HTTP 400 and a negative synchronous MDN in the body, so the gateway never posts to a
 *       host a message names, and a sender waiting for the async MDN sees its send fail.</li>
 *   <li>A transient failure of the ingress pass (disk, broker) propagates: the HTTP answer is 5xx
 *       without MDN, and the sender retries.</li>
 * </ul>
 * Thread-safe.
 */
public final class As2Receiver {
    private static final Logger log = LoggerFactory.getLogger(As2Receiver.class);

    /** The ingress pass, {@code PostalIngressService::submit} in the application. */
    @FunctionalInterface
    public interface Ingress {
        IngressOutcome submit(String partnerId, InputStream body, String channel) throws IOException;
    }

    /** The AS2-relevant parts of the HTTP request (RFC 4130 §6, §7.3); header values as received. */
    public record Request(String as2From, String as2To, String messageId, String contentType, String transferEncoding,
                          String dispositionNotificationTo, String dispositionNotificationOptions,
                          String receiptDeliveryOption, byte[] body) {
    }

    /**
     * The answer: HTTP status, headers and body (a sync MDN, or empty); {@code asyncMdn} is set when
     * the MDN is to be posted to the partner instead.
     */
    public record Reply(int status, Map<String, String> headers, byte[] body, AsyncMdn asyncMdn,
                        As2Disposition disposition) {
    }

    /** An MDN to post to the partner's return URL, with its AS2 headers. */
    public record AsyncMdn(URI url, Map<String, String> headers, byte[] body) {
    }

    /**
     * The HTTP status of the answer to an async MDN request the profile does not allow: the
     * negative MDN goes in the body, for senders that read it (issue 11 item 8, SPEC-NOTES).
     */
    static final int ASYNC_REFUSED_STATUS = 400;

    private final As2Profiles profiles;
    private final String gatewayAs2Id;
    private final String reportingUa;
    private final As2MessageReader reader;
    private final MdnBuilder mdns;
    private final As2MessageStore store;
    private final Ingress ingress;
    private final Clock clock;

    public As2Receiver(As2Profiles profiles, String gatewayAs2Id, String reportingUa, As2MessageReader reader,
                       MdnBuilder mdns, As2MessageStore store, Ingress ingress, Clock clock) {
        this.profiles = profiles;
        this.gatewayAs2Id = gatewayAs2Id;
        this.reportingUa = reportingUa;
        this.reader = reader;
        this.mdns = mdns;
        this.store = store;
        this.ingress = ingress;
        this.clock = clock;
    }

    /** The profile a request's AS2-From names, for the size cap before the body is read. */
    public Optional<As2Profiles.Profile> profileFor(String as2From) {
        return profiles.forAs2Id(unquote(as2From));
    }

    public Reply receive(Request request) throws IOException {
        String as2From = unquote(request.as2From());
        Optional<As2Profiles.Profile> found = profiles.forAs2Id(as2From);
        if (found.isEmpty()) {
            log.warn("AS2 message {} from unknown AS2-From {} refused", request.messageId(), as2From);
            return plain(403, "unknown AS2-From");
        }
        As2Profiles.Profile profile = found.get();
        if (!gatewayAs2Id.equals(unquote(request.as2To()))) {
            log.warn("AS2 message {} from {} is addressed to {}, not {}", request.messageId(), as2From,
                    request.as2To(), gatewayAs2Id);
            return plain(400, "AS2-To is not " + gatewayAs2Id);
        }
        String messageId = request.messageId() == null ? "" : request.messageId().trim();
        if (messageId.isEmpty() || messageId.indexOf('\r') >= 0 || messageId.indexOf('\n') >= 0 || messageId.length() > 998) {
            return plain(400, "missing or malformed Message-ID");
        }
        Receipt receipt = receipt(request, profile);
        if (receipt.refusal() != null) {
            Reply refused = answer(receipt, profile, messageId, As2Disposition.UNEXPECTED_PROCESSING_ERROR, null,
                    receipt.refusal());
            if (receipt.asyncRequested()) {
                // a sender that asked for an async MDN ignores the body of a 2xx answer and waits for a
                // receipt that never comes (OpenAS2, as2-lib): a 4xx makes it fail the send visibly
                log.warn("AS2 message {} from {}: {}; answered HTTP {} with a negative MDN, nothing processed",
                        messageId, as2From, receipt.refusal(), ASYNC_REFUSED_STATUS);
                return new Reply(ASYNC_REFUSED_STATUS, refused.headers(), refused.body(), null, refused.disposition());
            }
            log.warn("AS2 message {} from {}: {}", messageId, as2From, receipt.refusal());
            return refused;
        }

        long started = System.nanoTime();
        As2Inbound inbound;
        try {
            inbound = reader.read(new As2Entity(request.contentType() == null ? "text/plain" : request.contentType(),
                    request.transferEncoding(), request.body()), profile.policy(), request.dispositionNotificationOptions());
        } catch (As2DispositionException e) {
            log.warn("AS2 message {} from {} ({}) refused: {}: {}", messageId, as2From, profile.partnerId(),
                    e.disposition().modifier(), e.getMessage());
            return answer(receipt, profile, messageId, e.disposition(), null, e.getMessage());
        }

        Optional<As2MessageStore.Processed> seen = store.find(profile.partnerId(), messageId);
        if (seen.isPresent()) {
            return duplicate(receipt, profile, messageId, inbound, seen.get());
        }

        long opened = System.nanoTime();
        IngressOutcome outcome = ingress.submit(profile.partnerId(), new ByteArrayInputStream(inbound.payload()), "as2");
        long staged = System.nanoTime();
        String state = outcome instanceof IngressOutcome.Accepted ? "ACCEPTED"
                : outcome instanceof IngressOutcome.Replayed ? "REPLAYED"
                : outcome instanceof IngressOutcome.Rejected ? "REJECTED"
                : null;
        if (state == null) {
            String detail = outcome instanceof IngressOutcome.TooLarge t
                    ? "X019: the interchange exceeds " + t.limit() + " bytes"
                    : "X001: " + ((IngressOutcome.NotEdifact) outcome).reason();
            log.warn("AS2 message {} from {}: payload refused by the ingress pass {}: {}", messageId, profile.partnerId(),
                    outcome.ingressId(), detail);
            return answer(receipt, profile, messageId, As2Disposition.UNEXPECTED_PROCESSING_ERROR, null, detail);
        }
        if (outcome instanceof IngressOutcome.Rejected r) {
            log.info("AS2 message {} from {}: interchange rejected ({} {}), CONTRL in the outbox; MDN processed",
                    messageId, profile.partnerId(), r.code(), r.reason());
        }
        store.record(profile.partnerId(), messageId, outcome.ingressId(), state, inbound.mic().headerValue(),
                clock.instant());
        log.info("AS2 message {} from {} ({}): signed={} encrypted={} compressed={} -> ingress {} {}; "
                        + "security {} ms, ingress pass {} ms", messageId, as2From, profile.partnerId(), inbound.signed(),
                inbound.encrypted(), inbound.compressed(), outcome.ingressId(), state, (opened - started) / 1_000_000,
                (staged - opened) / 1_000_000);
        return answer(receipt, profile, messageId, As2Disposition.PROCESSED, inbound.mic(), null);
    }

    private Reply duplicate(Receipt receipt, As2Profiles.Profile profile, String messageId, As2Inbound inbound,
                            As2MessageStore.Processed seen) {
        Optional<Mic> first = store.mic(profile.partnerId(), messageId).flatMap(Mic::parse);
        if (first.isPresent() && first.get().algorithm() == inbound.mic().algorithm() && !first.get().matches(inbound.mic())) {
            log.warn("AS2 message {} from {} reuses the Message-ID of ingress {} with other content: refused",
                    messageId, profile.partnerId(), seen.ingressId());
            return answer(receipt, profile, messageId, As2Disposition.UNEXPECTED_PROCESSING_ERROR, null,
                    "the Message-ID was already used for a different message");
        }
        log.info("AS2 message {} from {} is a resend of ingress {} ({}): receipted again, not processed again",
                messageId, profile.partnerId(), seen.ingressId(), seen.outcome());
        return answer(receipt, profile, messageId, As2Disposition.PROCESSED, inbound.mic(), null);
    }

    /** How the partner asked for its receipt, or why that way is refused. */
    private record Receipt(boolean wanted, DispositionNotificationOptions options, URI asyncUrl, String refusal,
                           boolean asyncRequested) {
        Receipt(boolean wanted, DispositionNotificationOptions options, URI asyncUrl, String refusal) {
            this(wanted, options, asyncUrl, refusal, asyncUrl != null);
        }
    }

    private static Receipt receipt(Request request, As2Profiles.Profile profile) {
        DispositionNotificationOptions options = DispositionNotificationOptions.parse(request.dispositionNotificationOptions());
        if (request.dispositionNotificationTo() == null || request.dispositionNotificationTo().isBlank()) {
            return new Receipt(false, options, null, null);
        }
        String rdo = request.receiptDeliveryOption();
        if (rdo == null || rdo.isBlank()) {
            return new Receipt(true, options, null,
                    profile.syncMdnAllowed() ? null : "synchronous MDNs are not enabled for this partner");
        }
        URI url;
        try {
            url = new URI(rdo.trim());
        } catch (URISyntaxException e) {
            return new Receipt(true, options, null, "Receipt-Delivery-Option is not a URL", true);
        }
        if (!profile.asyncUrlAllowed(url)) {
            // refused synchronously: the gateway posts nowhere a message names unless the profile lists the host
            return new Receipt(true, options, null, "async MDN to " + url.getScheme() + "://" + url.getHost()
                    + " is not allowed for this partner", true);
        }
        return new Receipt(true, options, url, null);
    }

    private Reply answer(Receipt receipt, As2Profiles.Profile profile, String messageId, As2Disposition disposition,
                         Mic mic, String detail) {
        if (!receipt.wanted()) {
            return disposition.isPositive() ? new Reply(200, Map.of(), new byte[0], null, disposition)
                    : new Reply(400, Map.of("Content-Type", "text/plain; charset=us-ascii"),
                            disposition.dispositionType().getBytes(java.nio.charset.StandardCharsets.US_ASCII), null,
                            disposition);
        }
        Mdn mdn = Mdn.forMessage(reportingUa, gatewayAs2Id, messageId, disposition, mic, detail);
        As2Entity entity = mdns.build(mdn, receipt.options().signedReceiptRequested()
                ? signingDigest(receipt.options(), profile, mic) : null);
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("AS2-Version", "1.2");
        headers.put("AS2-From", quote(gatewayAs2Id));
        headers.put("AS2-To", quote(profile.policy().partnerAs2Id()));
        headers.put("Message-ID", "<" + UUID.randomUUID() + "@clearway>");
        headers.put("MIME-Version", "1.0");
        headers.put("Content-Type", entity.contentType());
        if (receipt.asyncUrl() != null) {
            return new Reply(200, Map.of(), new byte[0], new AsyncMdn(receipt.asyncUrl(), headers, entity.body()),
                    disposition);
        }
        return new Reply(200, headers, entity.body(), null, disposition);
    }

    /** The MIC's digest when it is strong, else the first strong one asked for and allowed, else SHA-256. */
    private static MicAlgorithm signingDigest(DispositionNotificationOptions options, As2Profiles.Profile profile, Mic mic) {
        if (mic != null && !mic.algorithm().weak()) {
            return mic.algorithm();
        }
        return options.micAlgorithms().stream().filter(a -> !a.weak() && profile.policy().accepts(a)).findFirst()
                .orElse(MicAlgorithm.SHA256);
    }

    private static Reply plain(int status, String text) {
        return new Reply(status, Map.of("Content-Type", "text/plain; charset=us-ascii"),
                text.getBytes(java.nio.charset.StandardCharsets.US_ASCII), null, null);
    }

    /** RFC 4130 §6.2: AS2 names may be quoted. */
    static String unquote(String value) {
        if (value == null) {
            return null;
        }
        String v = value.trim();
        if (v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")) {
            return v.substring(1, v.length() - 1).replace("\\\"", "\"").replace("\\\\", "\\");
        }
        return v;
    }

    static String quote(String as2Id) {
        return as2Id.matches("[A-Za-z0-9!#$%&'*+\\-/=?^_`{|}~.]+") ? as2Id
                : "\"" + as2Id.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
