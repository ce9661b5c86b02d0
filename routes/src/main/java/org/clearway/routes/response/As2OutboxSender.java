package org.clearway.routes.response;

import java.io.IOException;
import java.net.URI;
import java.util.function.Supplier;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.clearway.routes.ingress.as2.As2Profiles;
import org.clearway.routes.store.As2DeliveryStore;
import org.clearway.routes.store.OutboxStore;
import org.clearway.routes.store.TraceLog;
import org.clearway.security.as2.As2Entity;
import org.clearway.security.as2.As2MessageBuilder;
import org.clearway.security.as2.As2Outbound;
import org.clearway.security.as2.As2Protection;
import org.clearway.security.as2.DispositionNotificationOptions;
import org.clearway.security.as2.MdnReader;
import org.clearway.security.as2.MdnVerification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends pending outbox entries (CUSRSP, CONTRL) by AS2 to partners whose profile has an
 * {@code url} (CUSTOMS-AND-POSTAL §2.1, outbound): signed and encrypted with the partner's
 * preferred algorithms, a signed synchronous MDN requested, and the MDN verified by the gateway
 * itself (signature with the partner's certificate, Original-Message-ID, MIC, disposition). Only a
 * verified positive MDN acknowledges the outbox entry; anything else (connection error, HTTP
 * error, negative, unsigned or untrusted MDN, MIC mismatch) keeps it pending and retries with
 * exponential backoff.
 *
 * <p>Partners with {@code mdn.outbound-mode: async} get {@code Receipt-Delivery-Option} = the
 * gateway's {@code POST /as2/mdn} URL; the delivery then waits (AWAITING_MDN) for the MDN, which
 * {@link As2MdnReceiver} verifies the same way. Without one within the profile's
 * {@code async-timeout}, the same bytes are resent under the same Message-ID after backoff, and
 * after {@code max-attempts} sends the delivery is FAILED: logged at ERROR, a trace event, and
 * shown in the partner's outbox listing. Every send is preceded by a conditional claim in
 * {@link As2DeliveryStore}, so gateway instances sharing the database never send the same entry
 * twice. Requests carry no {@code Expect: 100-continue} (STACK-NOTES: receivers that ignore it
 * stall such senders for seconds). One entry at a time per run; thread-confined.
 */
public final class As2OutboxSender {
    private static final Logger log = LoggerFactory.getLogger(As2OutboxSender.class);

    private final As2Profiles profiles;
    private final OutboxStore outbox;
    private final As2DeliveryStore deliveries;
    private final As2MessageBuilder builder;
    private final MdnReader mdns;
    private final String gatewayAs2Id;
    private final Duration timeout;
    private final Duration retryInitial;
    private final Duration retryMax;
    private final Clock clock;
    private final HttpClient http;
    private final TraceLog trace;
    private final Supplier<URI> mdnUrl;
    /** Sends of a synchronous-MDN delivery before it is FAILED ({@code clearway.as2.sync-max-attempts}). */
    private volatile int syncMaxAttempts = 500;

    public As2OutboxSender(As2Profiles profiles, OutboxStore outbox, As2DeliveryStore deliveries, As2MessageBuilder builder,
                           MdnReader mdns, String gatewayAs2Id, Duration timeout, Duration retryInitial,
                           Duration retryMax, Clock clock) {
        this(profiles, outbox, deliveries, builder, mdns, gatewayAs2Id, timeout, retryInitial, retryMax, clock, null,
                () -> {
                    throw new IllegalStateException("no async MDN URL configured");
                });
    }

    /**
     * @param trace  where delivery milestones (sent, MDN timeout, FAILED) are recorded against the
     *               entry's ingress id, {@code null} for none
     * @param mdnUrl the gateway's async MDN URL ({@code Receipt-Delivery-Option}), resolved per send
     *               (the default depends on the server port, known only once the server runs)
     */
    public As2OutboxSender(As2Profiles profiles, OutboxStore outbox, As2DeliveryStore deliveries, As2MessageBuilder builder,
                           MdnReader mdns, String gatewayAs2Id, Duration timeout, Duration retryInitial,
                           Duration retryMax, Clock clock, TraceLog trace, Supplier<URI> mdnUrl) {
        this(profiles, outbox, deliveries, builder, mdns, gatewayAs2Id, timeout, retryInitial, retryMax, clock, trace,
                mdnUrl, null);
    }

    /** @param tls the TLS context for https partner URLs (the trusted partner servers); null for the JVM default */
    public As2OutboxSender(As2Profiles profiles, OutboxStore outbox, As2DeliveryStore deliveries, As2MessageBuilder builder,
                           MdnReader mdns, String gatewayAs2Id, Duration timeout, Duration retryInitial,
                           Duration retryMax, Clock clock, TraceLog trace, Supplier<URI> mdnUrl,
                           javax.net.ssl.SSLContext tls) {
        this.trace = trace;
        this.mdnUrl = mdnUrl;
        this.profiles = profiles;
        this.outbox = outbox;
        this.deliveries = deliveries;
        this.builder = builder;
        this.mdns = mdns;
        this.gatewayAs2Id = gatewayAs2Id;
        this.timeout = timeout;
        this.retryInitial = retryInitial;
        this.retryMax = retryMax;
        this.clock = clock;
        HttpClient.Builder client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER);
        if (tls != null) {
            client.sslContext(tls);
        }
        this.http = client.build();
    }

    /**
     * One poll: sends every due entry once, turns async deliveries whose MDN did not come in time
     * into resends or FAILED; returns how many were delivered (acknowledged) in this run.
     */
    public int deliverDue() throws InterruptedException {
        int delivered = 0;
        for (As2Profiles.Profile profile : profiles.withUrl()) {
            String mode = profile.asyncOutbound() ? "ASYNC" : "SYNC";
            for (OutboxStore.Entry entry : outbox.pending(profile.partnerId())) {
                Instant now = clock.instant();
                As2DeliveryStore.Delivery delivery = deliveries.find(entry.outboxId())
                        .orElseGet(() -> deliveries.ensure(entry.outboxId(), profile.partnerId(), mode, now));
                if (delivery.isFinal() || delivery.nextAttemptAt().isAfter(now)) {
                    continue;
                }
                if (delivery.state().equals(As2DeliveryStore.AWAITING_MDN)) {
                    mdnTimedOut(profile, entry, delivery, now);
                    continue;
                }
                int bound = profile.asyncOutbound() ? profile.maxAttempts() : syncMaxAttempts;
                if (delivery.attempts() >= bound) {
                    // bounded like every delivery retry: FAILED is listed and replayable by an operator
                    fail(profile, entry, delivery, delivery.lastError(), now);
                    continue;
                }
                // lease: no other instance (nor this one after a crash) sends it before the attempt can be over
                Optional<As2DeliveryStore.Delivery> claimed = deliveries.claim(delivery,
                        now.plus(timeout.multipliedBy(2)), now);
                if (claimed.isEmpty()) {
                    log.debug("AS2 outbox entry {} claimed by another instance", entry.outboxId());
                    continue;
                }
                boolean ok = profile.asyncOutbound() ? sendAsync(profile, entry, claimed.get())
                        : deliver(profile, entry, claimed.get());
                if (ok) {
                    delivered++;
                }
            }
        }
        return delivered;
    }

    /** An async delivery whose MDN wait is over: a resend after backoff, or FAILED after the last attempt. */
    private void mdnTimedOut(As2Profiles.Profile profile, OutboxStore.Entry entry, As2DeliveryStore.Delivery delivery,
                             Instant now) {
        String reason = "no MDN for " + delivery.messageId() + " within " + profile.asyncMdnTimeout()
                + " (attempt " + delivery.attempts() + " of " + profile.maxAttempts() + ")";
        if (delivery.attempts() >= profile.maxAttempts()) {
            fail(profile, entry, delivery, reason, now);
            return;
        }
        Duration backoff = backoff(delivery.attempts() - 1);
        if (deliveries.transition(delivery, As2DeliveryStore.PENDING, now.plus(backoff), reason, now)) {
            log.warn("AS2 {} {} ({}) to {}: {}; resending the same message in {}", entry.kind(), entry.controlRef(),
                    entry.outboxId(), profile.partnerId(), reason, backoff);
            traceEvent(entry, "MDN_TIMEOUT", reason);
        }
    }

    private void fail(As2Profiles.Profile profile, OutboxStore.Entry entry, As2DeliveryStore.Delivery delivery,
                      String reason, Instant now) {
        String why = "FAILED after " + delivery.attempts() + " attempt(s): " + reason;
        if (deliveries.transition(delivery, As2DeliveryStore.FAILED, now, why, now)) {
            log.error("AS2 {} {} ({}) to {} as {} FAILED after {} attempt(s): {}; the entry stays in the partner's"
                            + " outbox (GET /v1/postal/outbox) and is no longer sent by AS2", entry.kind(),
                    entry.controlRef(), entry.outboxId(), profile.partnerId(), delivery.messageId(),
                    delivery.attempts(), reason);
            traceEvent(entry, "FAILED", why);
        }
    }

    /**
     * An async attempt: the first one builds and stores the secured message (Message-ID, MIC,
     * bytes); a resend posts the same bytes under the same Message-ID. A 2xx answer means
     * "received, MDN follows" (RFC 4130 §7.1); the delivery then waits for the MDN.
     */
    private boolean sendAsync(As2Profiles.Profile profile, OutboxStore.Entry entry, As2DeliveryStore.Delivery claimed)
            throws InterruptedException {
        As2DeliveryStore.Delivery delivery = claimed;
        Optional<byte[]> stored = delivery.messageId() == null || delivery.sentContentType() == null
                ? Optional.empty() : deliveries.sentBody(delivery.outboxId());
        String messageId;
        As2Entity entity;
        if (stored.isPresent()) {
            messageId = delivery.messageId();
            entity = new As2Entity(delivery.sentContentType(), null, stored.get());
        } else {
            byte[] body = outbox.body(profile.partnerId(), entry.outboxId()).orElseThrow();
            As2Outbound message = builder.build(body, entry.mediaType(), fileName(entry),
                    As2Protection.forPolicy(profile.policy(), false), profile.policy());
            messageId = newMessageId();
            entity = message.entity();
            if (!deliveries.prepared(delivery, messageId, message.mic().headerValue(), entity.contentType(),
                    entity.body(), "ASYNC", clock.instant())) {
                return false;
            }
            delivery = deliveries.find(delivery.outboxId()).orElseThrow();
        }
        URI mdnUrl = this.mdnUrl.get();
        HttpRequest request = request(profile, entry, messageId, entity)
                .header("Receipt-Delivery-Option", mdnUrl.toString())
                .build();
        long started = System.nanoTime();
        String failure;
        try {
            HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            long ms = (System.nanoTime() - started) / 1_000_000;
            if (response.statusCode() / 100 == 2) {
                Instant now = clock.instant();
                Instant deadline = now.plus(profile.asyncMdnTimeout());
                // the previous attempt's reason (MDN timeout, MIC mismatch) stays visible until the entry is delivered
                if (deliveries.attempted(delivery, messageId, null, As2DeliveryStore.AWAITING_MDN, deadline,
                        delivery.lastError(), now)) {
                    log.info("AS2 {} {} ({}) sent to {} as {} (attempt {}, HTTP {} in {} ms); async MDN expected at {}"
                                    + " by {}", entry.kind(), entry.controlRef(), entry.outboxId(), profile.partnerId(),
                            messageId, delivery.attempts() + 1, response.statusCode(), ms, mdnUrl, deadline);
                    traceEvent(entry, "SENT", messageId + " attempt " + (delivery.attempts() + 1) + ", async MDN to "
                            + mdnUrl);
                }
                return false;
            }
            failure = "HTTP " + response.statusCode();
        } catch (IOException e) {
            failure = e.toString();
        }
        Instant now = clock.instant();
        Duration backoff = backoff(delivery.attempts());
        deliveries.attempted(delivery, messageId, null, As2DeliveryStore.PENDING, now.plus(backoff), failure, now);
        log.warn("AS2 {} {} ({}) to {} as {} not accepted (attempt {} of {}): {}; next attempt in {}", entry.kind(),
                entry.controlRef(), entry.outboxId(), profile.partnerId(), messageId, delivery.attempts() + 1,
                profile.maxAttempts(), failure, backoff);
        return false;
    }

    private HttpRequest.Builder request(As2Profiles.Profile profile, OutboxStore.Entry entry, String messageId,
                                        As2Entity entity) {
        return HttpRequest.newBuilder(profile.url()).timeout(timeout)
                .header("AS2-Version", "1.2")
                .header("AS2-From", quote(gatewayAs2Id))
                .header("AS2-To", quote(profile.policy().partnerAs2Id()))
                .header("Message-ID", messageId)
                .header("Subject", entry.kind() + " " + entry.controlRef())
                .header("Content-Type", entity.contentType())
                // also on the HTTP request, as OpenAS2's sender does: the only place it can go when nothing is secured
                .header("Content-Disposition", As2MessageBuilder.contentDisposition(fileName(entry)))
                .header("Disposition-Notification-To", "as2@clearway.invalid")
                .header("Disposition-Notification-Options",
                        DispositionNotificationOptions.signed(profile.policy().micAlgorithms().get(0)).headerValue())
                .POST(HttpRequest.BodyPublishers.ofByteArray(entity.body()));
    }

    /** The name partners store the interchange under: the drop directory's rule, {@code <0020>.<KIND>.edi}. */
    static String fileName(OutboxStore.Entry entry) {
        return OutboxService.fileName(entry.controlRef(), entry.kind());
    }

    private static String newMessageId() {
        return "<" + UUID.randomUUID() + "@clearway.as2>";
    }

    private void traceEvent(OutboxStore.Entry entry, String event, String detail) {
        if (trace != null) {
            try {
                trace.record(entry.ingressId(), null, "as2-outbound", event,
                        entry.kind() + " " + entry.controlRef() + " (" + entry.outboxId() + "): " + detail);
            } catch (RuntimeException e) {
                log.warn("trace event {} for outbox entry {} not recorded: {}", event, entry.outboxId(), e.toString());
            }
        }
    }

    /** A synchronous attempt: a new Message-ID, the MDN in the HTTP response, verified here. */
    private boolean deliver(As2Profiles.Profile profile, OutboxStore.Entry entry, As2DeliveryStore.Delivery claimed)
            throws InterruptedException {
        int previousAttempts = claimed.attempts();
        byte[] body = outbox.body(profile.partnerId(), entry.outboxId()).orElseThrow();
        As2Outbound message = builder.build(body, entry.mediaType(), fileName(entry),
                As2Protection.forPolicy(profile.policy(), false), profile.policy());
        String messageId = newMessageId();
        HttpRequest request = request(profile, entry, messageId, message.entity()).build();
        long started = System.nanoTime();
        String failure;
        try {
            HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            long ms = (System.nanoTime() - started) / 1_000_000;
            String type = response.headers().firstValue("Content-Type").orElse(null);
            if (response.statusCode() / 100 != 2 || type == null) {
                failure = "HTTP " + response.statusCode() + (type == null ? " without an MDN" : "");
            } else {
                MdnVerification verification = mdns.verify(new As2Entity(type,
                        response.headers().firstValue("Content-Transfer-Encoding").orElse(null), response.body()),
                        profile.policy(), messageId, message.mic());
                if (verification.isPositive()) {
                    outbox.ack(profile.partnerId(), entry.outboxId(), clock.instant());
                    deliveries.attempted(claimed, messageId, message.mic().headerValue(), As2DeliveryStore.DELIVERED,
                            clock.instant(), null, clock.instant());
                    log.info("AS2 {} {} ({}) delivered to {} as {}: verified positive MDN in {} ms", entry.kind(),
                            entry.controlRef(), entry.outboxId(), profile.partnerId(), messageId, ms);
                    return true;
                }
                failure = "MDN " + verification.status() + ": " + verification.detail();
            }
        } catch (IOException e) {
            failure = e.toString();
        }
        Duration backoff = backoff(previousAttempts);
        deliveries.attempted(claimed, messageId, message.mic().headerValue(), As2DeliveryStore.PENDING,
                clock.instant().plus(backoff), failure, clock.instant());
        log.warn("AS2 {} {} ({}) to {} not acknowledged (attempt {}): {}; next attempt in {}", entry.kind(),
                entry.controlRef(), entry.outboxId(), profile.partnerId(), previousAttempts + 1, failure, backoff);
        return false;
    }

    /** {@code retryInitial} doubled per failed attempt, at most {@code retryMax}. */
    /** The bound of synchronous-MDN deliveries (async ones use their profile's {@code mdn.max-attempts}). */
    public void setSyncMaxAttempts(int attempts) {
        if (attempts < 1) {
            throw new IllegalArgumentException("clearway.as2.sync-max-attempts must be at least 1");
        }
        this.syncMaxAttempts = attempts;
    }

    Duration backoff(int previousAttempts) {
        return backoff(previousAttempts, retryInitial, retryMax);
    }

    static Duration backoff(int previousAttempts, Duration retryInitial, Duration retryMax) {
        Duration delay = retryInitial;
        for (int i = 0; i < previousAttempts && delay.compareTo(retryMax) < 0; i++) {
            delay = delay.multipliedBy(2);
        }
        return delay.compareTo(retryMax) > 0 ? retryMax : delay;
    }

    private static String quote(String as2Id) {
        return as2Id.matches("[A-Za-z0-9!#$%&'*+\\-/=?^_`{|}~.]+") ? as2Id
                : "\"" + as2Id.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
