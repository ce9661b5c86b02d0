package org.clearway.routes.response;

import java.io.IOException;
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
 * exponential backoff. Requests carry no {@code Expect: 100-continue} (STACK-NOTES: receivers
 * that ignore it stall such senders for seconds). One entry at a time per run; thread-confined.
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

    public As2OutboxSender(As2Profiles profiles, OutboxStore outbox, As2DeliveryStore deliveries, As2MessageBuilder builder,
                           MdnReader mdns, String gatewayAs2Id, Duration timeout, Duration retryInitial,
                           Duration retryMax, Clock clock) {
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
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /** Attempts every due entry once; returns how many were delivered (acknowledged) in this run. */
    public int deliverDue() throws InterruptedException {
        int delivered = 0;
        Instant now = clock.instant();
        for (As2Profiles.Profile profile : profiles.withUrl()) {
            for (OutboxStore.Entry entry : outbox.pending(profile.partnerId())) {
                Optional<As2DeliveryStore.Delivery> previous = deliveries.find(entry.outboxId());
                if (previous.isPresent() && (previous.get().state().equals("DELIVERED")
                        || previous.get().nextAttemptAt().isAfter(now))) {
                    continue;
                }
                if (deliver(profile, entry, previous.map(As2DeliveryStore.Delivery::attempts).orElse(0))) {
                    delivered++;
                }
            }
        }
        return delivered;
    }

    private boolean deliver(As2Profiles.Profile profile, OutboxStore.Entry entry, int previousAttempts)
            throws InterruptedException {
        byte[] body = outbox.body(profile.partnerId(), entry.outboxId()).orElseThrow();
        As2Outbound message = builder.build(body, entry.mediaType(), As2Protection.forPolicy(profile.policy(), false),
                profile.policy());
        String messageId = "<" + UUID.randomUUID() + "@clearway.as2>";
        HttpRequest request = HttpRequest.newBuilder(profile.url()).timeout(timeout)
                .header("AS2-Version", "1.2")
                .header("AS2-From", quote(gatewayAs2Id))
                .header("AS2-To", quote(profile.policy().partnerAs2Id()))
                .header("Message-ID", messageId)
                .header("Subject", entry.kind() + " " + entry.controlRef())
                .header("Content-Type", message.entity().contentType())
                .header("Disposition-Notification-To", "as2@clearway.invalid")
                .header("Disposition-Notification-Options",
                        DispositionNotificationOptions.signed(profile.policy().micAlgorithms().get(0)).headerValue())
                .POST(HttpRequest.BodyPublishers.ofByteArray(message.entity().body()))
                .build();
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
                    deliveries.attempted(entry.outboxId(), profile.partnerId(), messageId, true, clock.instant(), null,
                            clock.instant());
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
        deliveries.attempted(entry.outboxId(), profile.partnerId(), messageId, false, clock.instant().plus(backoff),
                failure, clock.instant());
        log.warn("AS2 {} {} ({}) to {} not acknowledged (attempt {}): {}; next attempt in {}", entry.kind(),
                entry.controlRef(), entry.outboxId(), profile.partnerId(), previousAttempts + 1, failure, backoff);
        return false;
    }

    /** {@code retryInitial} doubled per failed attempt, at most {@code retryMax}. */
    Duration backoff(int previousAttempts) {
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
