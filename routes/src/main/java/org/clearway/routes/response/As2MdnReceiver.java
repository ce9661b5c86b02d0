package org.clearway.routes.response;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.clearway.routes.ingress.as2.As2Profiles;
import org.clearway.routes.store.As2DeliveryStore;
import org.clearway.routes.store.OutboxStore;
import org.clearway.routes.store.TraceLog;
import org.clearway.security.as2.As2Entity;
import org.clearway.security.as2.MdnReader;
import org.clearway.security.as2.MdnVerification;
import org.clearway.security.as2.Mic;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Receives the asynchronous MDNs partners post to {@code POST /as2/mdn} for messages the gateway
 * sent (RFC 4130 §7.1, §7.4): the partner is chosen by AS2-From, AS2-To must be the gateway's id,
 * the delivery is found by Original-Message-ID <em>and</em> that partner, then the MDN is verified
 * like a sync one ({@link MdnReader}: signature with that partner's certificates only, signed when
 * the profile requires it, Original-Message-ID, MIC against the one computed when sending,
 * disposition).
 *
 * <p>Answers: 200 for an authentic MDN whatever it reports (positive: DELIVERED and the outbox entry
 * acknowledged; negative or MIC mismatch: not delivered, the reason recorded, resent after backoff or
 * FAILED after the last attempt) and for a replay of an MDN already accepted (idempotent); 403 for an
 * MDN that is not authentic (untrusted or invalid signature, unsigned where a signed one is
 * required), recorded on the delivery without changing its state; 404 for an unknown AS2-From or
 * AS2-To, or an Original-Message-ID the gateway did not send to that partner; 400 for a body that is
 * not an MDN. Thread-safe.
 */
public final class As2MdnReceiver {
    private static final Logger log = LoggerFactory.getLogger(As2MdnReceiver.class);

    /** The outcome for the HTTP answer. */
    public record Outcome(int status, String text) {
    }

    private final As2Profiles profiles;
    private final As2DeliveryStore deliveries;
    private final OutboxStore outbox;
    private final MdnReader mdns;
    private final TraceLog trace;
    private final String gatewayAs2Id;
    private final Duration retryInitial;
    private final Duration retryMax;
    private final Clock clock;

    public As2MdnReceiver(As2Profiles profiles, As2DeliveryStore deliveries, OutboxStore outbox, MdnReader mdns,
                          TraceLog trace, String gatewayAs2Id, Duration retryInitial, Duration retryMax, Clock clock) {
        this.profiles = profiles;
        this.deliveries = deliveries;
        this.outbox = outbox;
        this.mdns = mdns;
        this.trace = trace;
        this.gatewayAs2Id = gatewayAs2Id;
        this.retryInitial = retryInitial;
        this.retryMax = retryMax;
        this.clock = clock;
    }

    public Outcome receive(String as2From, String as2To, String mdnMessageId, As2Entity mdn) {
        Optional<As2Profiles.Profile> found = profiles.forAs2Id(unquote(as2From));
        if (found.isEmpty() || !gatewayAs2Id.equals(unquote(as2To))) {
            log.warn("async MDN {} refused: AS2-From {} / AS2-To {} is not a configured partner and this gateway",
                    mdnMessageId, as2From, as2To);
            return new Outcome(404, "unknown AS2-From/AS2-To pair");
        }
        As2Profiles.Profile profile = found.get();
        Optional<String> original = MdnReader.originalMessageId(mdn);
        if (original.isEmpty()) {
            log.warn("async MDN {} from {} refused: not readable as an MDN ({})", mdnMessageId, profile.partnerId(),
                    mdn.contentType());
            return new Outcome(400, "not an MDN");
        }
        Optional<As2DeliveryStore.Delivery> pending = deliveries.findByMessageId(profile.partnerId(), original.get());
        if (pending.isEmpty() || pending.get().mic() == null) {
            log.warn("async MDN {} from {} refused: Original-Message-ID {} is not a message sent to this partner",
                    mdnMessageId, profile.partnerId(), original.get());
            return new Outcome(404, "unknown Original-Message-ID");
        }
        As2DeliveryStore.Delivery delivery = pending.get();
        Mic sentMic = Mic.parse(delivery.mic()).orElseThrow();
        MdnVerification verification = mdns.verify(mdn, profile.policy(), delivery.messageId(), sentMic);
        Instant now = clock.instant();
        String detail = "MDN " + verification.status() + ": " + verification.detail();
        switch (verification.status()) {
            case POSITIVE -> {
                if (deliveries.mdnDelivered(delivery.outboxId(), delivery.messageId(), detail, now)) {
                    outbox.ack(profile.partnerId(), delivery.outboxId(), now);
                    log.info("AS2 outbox entry {} delivered to {} as {}: verified positive async MDN {}{}",
                            delivery.outboxId(), profile.partnerId(), delivery.messageId(), mdnMessageId,
                            delivery.state().equals(As2DeliveryStore.FAILED) ? " (after it had been marked FAILED)" : "");
                    trace(delivery, "DELIVERED", delivery.messageId() + ": " + verification.detail());
                    return new Outcome(200, "receipt accepted");
                }
                log.info("async MDN {} from {} for {}: already delivered (replay), nothing changed", mdnMessageId,
                        profile.partnerId(), delivery.messageId());
                return new Outcome(200, "receipt already accepted");
            }
            case NEGATIVE, MIC_MISMATCH -> {
                // authentic, but no proof that what was sent arrived intact: send again, or give up
                boolean last = delivery.attempts() >= profile.maxAttempts();
                String state = last ? As2DeliveryStore.FAILED : As2DeliveryStore.PENDING;
                Duration backoff = backoff(Math.max(0, delivery.attempts() - 1));
                String reason = last ? "FAILED after " + delivery.attempts() + " attempt(s): " + detail : detail;
                if (deliveries.mdnNotAccepted(delivery.outboxId(), delivery.messageId(), state, now.plus(backoff),
                        reason, now)) {
                    if (last) {
                        log.error("AS2 outbox entry {} to {} as {} FAILED: {}", delivery.outboxId(), profile.partnerId(),
                                delivery.messageId(), reason);
                    } else {
                        log.warn("AS2 outbox entry {} to {} as {} not delivered: {}; resent in {}", delivery.outboxId(),
                                profile.partnerId(), delivery.messageId(), detail, backoff);
                    }
                    trace(delivery, last ? "FAILED" : "MDN_NOT_ACCEPTED", reason);
                } else {
                    log.info("async MDN {} from {} for {} ignored ({}): the delivery is already {}", mdnMessageId,
                            profile.partnerId(), delivery.messageId(), detail, delivery.state());
                }
                return new Outcome(200, "receipt read: " + verification.status());
            }
            case WRONG_MESSAGE, MALFORMED -> {
                return new Outcome(400, detail);
            }
            default -> {
                // UNSIGNED, UNTRUSTED_SIGNER, SIGNATURE_INVALID: anyone may post here; the state is not
                // changed by an MDN that does not come from the partner, but operators see it
                deliveries.mdnRefused(delivery.outboxId(), "refused " + detail, now);
                trace(delivery, "MDN_REFUSED", detail);
                return new Outcome(403, detail);
            }
        }
    }

    private Duration backoff(int previousAttempts) {
        return As2OutboxSender.backoff(previousAttempts, retryInitial, retryMax);
    }

    private void trace(As2DeliveryStore.Delivery delivery, String event, String detail) {
        try {
            String ingressId = outbox.find(delivery.partnerId(), delivery.outboxId())
                    .map(OutboxStore.Entry::ingressId).orElse(null);
            trace.record(ingressId, null, "as2-outbound", event, "outbox " + delivery.outboxId() + ": " + detail);
        } catch (RuntimeException e) {
            log.warn("trace event {} for outbox entry {} not recorded: {}", event, delivery.outboxId(), e.toString());
        }
    }

    private static String unquote(String as2Id) {
        if (as2Id == null) {
            return null;
        }
        String id = as2Id.trim();
        return id.length() >= 2 && id.startsWith("\"") && id.endsWith("\"")
                ? id.substring(1, id.length() - 1).replace("\\\"", "\"").replace("\\\\", "\\") : id;
    }
}
