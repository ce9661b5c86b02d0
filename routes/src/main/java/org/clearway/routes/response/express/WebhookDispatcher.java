package org.clearway.routes.response.express;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongUnaryOperator;
import org.clearway.mappings.express.WebhookSignature;
import org.clearway.routes.store.PartnerEventStore;
import org.clearway.routes.store.PartnerEventStore.Due;
import org.clearway.routes.store.WebhookEndpointStore;
import org.clearway.routes.support.GatewayProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Webhook push of decision events (PARTNER-APIS §5.2, normative). Each call of {@link #dispatchDue()}
 * sends the events that are due, at most one per declaration (the first pending one in
 * {@code sequence} order), in parallel across declarations, with the Standard-Webhooks headers
 * signed by the current secret (and the previous one during a rotation overlap). A 2xx within the
 * timeout is {@code DELIVERED}; anything else is retried after the next delay of the retry
 * schedule plus a small bounded jitter, and after the last one the event is {@code FAILED} (still
 * pullable), an alert is logged and the endpoint's run of failed events grows; at
 * {@code disable-after-failed-events} the endpoint is disabled. All state is in the database, and
 * no transaction is open while a request is in flight.
 *
 * <p>Several gateway instances may share the database: before its request an instance claims the
 * event with a lease (a conditional update that only one instance wins) lasting the request
 * timeout plus {@link #LEASE_MARGIN}; the others skip it, and the outcome is recorded only by the
 * lease holder. An instance that dies mid-request leaves a lease that runs out, and the event is
 * sent again (at-least-once, as §5.2 allows: receivers deduplicate by {@code webhook-id}).
 */
public class WebhookDispatcher {
    private static final Logger log = LoggerFactory.getLogger(WebhookDispatcher.class);
    /** Most events sent per poll. */
    static final int BATCH = 50;
    /** Upper bound of the jitter added to a retry delay ([0, min(10 % of the delay, 30 s)]). */
    static final Duration MAX_JITTER = Duration.ofSeconds(30);
    /** How long an event waits for its declaration's previous event to be published before it goes anyway. */
    static final Duration GAP_WAIT = Duration.ofSeconds(30);
    /** How long a claim outlives the request timeout, for recording the outcome. */
    static final Duration LEASE_MARGIN = Duration.ofSeconds(30);

    private final PartnerEventStore events;
    private final WebhookEndpointStore endpoints;
    private final WebhookTransport transport;
    private final GatewayProperties.Webhooks config;
    private final Clock clock;
    private final LongUnaryOperator jitter;
    private final String owner;

    /**
     * @param jitter given the bound in milliseconds (inclusive), returns the jitter to add, in [0, bound]
     */
    public WebhookDispatcher(PartnerEventStore events, WebhookEndpointStore endpoints, WebhookTransport transport,
                             GatewayProperties.Webhooks config, Clock clock, LongUnaryOperator jitter) {
        this(events, endpoints, transport, config, clock, jitter, "gw-" + java.util.UUID.randomUUID());
    }

    /** @param owner this instance's name in the claims it takes (unique per running dispatcher) */
    public WebhookDispatcher(PartnerEventStore events, WebhookEndpointStore endpoints, WebhookTransport transport,
                             GatewayProperties.Webhooks config, Clock clock, LongUnaryOperator jitter, String owner) {
        this.owner = owner;
        this.events = events;
        this.endpoints = endpoints;
        this.transport = transport;
        this.config = config;
        this.clock = clock;
        this.jitter = jitter;
    }

    /** Sends every event due now (one batch); returns how many were attempted. */
    public int dispatchDue() {
        Instant now = clock.instant();
        List<Due> candidates = events.dueForPush(now, now.minus(GAP_WAIT), BATCH);
        if (candidates.isEmpty()) {
            return 0;
        }
        Instant leaseUntil = now.plus(config.timeout()).plus(LEASE_MARGIN);
        List<Due> due = new ArrayList<>(candidates.size());
        for (Due d : candidates) {
            if (events.claim(d.event().seq(), owner, now, leaseUntil)) {
                due.add(d);
            }
        }
        if (due.size() < candidates.size()) {
            log.debug("{} of {} due events were claimed by another instance", candidates.size() - due.size(),
                    candidates.size());
        }
        List<CompletableFuture<Integer>> calls = new ArrayList<>(due.size());
        for (Due d : due) {
            calls.add(send(d, now));
        }
        for (int i = 0; i < due.size(); i++) {
            record(due.get(i), outcome(calls.get(i)));
        }
        // a full batch of candidates means more may be due, even if other instances took some
        return candidates.size();
    }

    private CompletableFuture<Integer> send(Due d, Instant now) {
        byte[] body = d.event().body().getBytes(StandardCharsets.UTF_8);
        long timestamp = now.getEpochSecond();
        List<String> secrets = new ArrayList<>();
        secrets.add(d.signingSecret());
        // §5.2 rotation: the old secret stays valid for its overlap; sign with both meanwhile
        if (d.previousSecret() != null && d.previousValidUntil() != null && now.isBefore(d.previousValidUntil())) {
            secrets.add(d.previousSecret());
        }
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/json");
        headers.put("webhook-id", d.event().eventId());
        headers.put("webhook-timestamp", Long.toString(timestamp));
        headers.put("webhook-signature", WebhookSignature.header(secrets, d.event().eventId(), timestamp, body));
        try {
            return transport.post(URI.create(d.url()), headers, body, config.timeout());
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** Null on success, else the reason of the failed attempt. */
    private String outcome(CompletableFuture<Integer> call) {
        try {
            int status = call.get(config.timeout().toMillis() + 1000, TimeUnit.MILLISECONDS);
            return status >= 200 && status < 300 ? null : "HTTP " + status;
        } catch (TimeoutException e) {
            call.cancel(true);
            return "no answer within " + config.timeout();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            return cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    private void record(Due d, String error) {
        PartnerEventStore.Event e = d.event();
        int attempts = e.pushAttempts() + 1;
        Instant now = clock.instant();
        if (error == null) {
            if (!events.markDelivered(e.seq(), owner, attempts, now)) {
                log.warn("event {} to {} delivered, but its claim had run out; another instance may send it again",
                        e.eventId(), e.partnerId());
                return;
            }
            endpoints.resetFailures(e.partnerId());
            log.info("event {} delivered to {} (attempt {})", e.eventId(), e.partnerId(), attempts);
            return;
        }
        List<Duration> schedule = config.retrySchedule();
        if (attempts <= schedule.size()) {
            Duration delay = schedule.get(attempts - 1);
            long bound = Math.min(delay.toMillis() / 10, MAX_JITTER.toMillis());
            long extra = bound <= 0 ? 0 : Math.floorMod(jitter.applyAsLong(bound), bound + 1);
            Instant next = now.plus(delay).plusMillis(extra);
            if (!events.scheduleRetry(e.seq(), owner, attempts, next, error)) {
                log.warn("event {} to {} failed ({}) after its claim had run out; left to the instance holding it",
                        e.eventId(), e.partnerId(), error);
                return;
            }
            log.info("event {} to {} failed (attempt {}: {}); next attempt at {}", e.eventId(), e.partnerId(),
                    attempts, error, next);
            return;
        }
        if (!events.markFailed(e.seq(), owner, attempts, error)) {
            log.warn("event {} to {} failed ({}) after its claim had run out; left to the instance holding it",
                    e.eventId(), e.partnerId(), error);
            return;
        }
        // §5.2: the partner's technical contact is alerted; operators alert on this WARN
        log.warn("ALERT webhook: event {} for {} FAILED after {} attempts (last: {}); it stays available by pull",
                e.eventId(), e.partnerId(), attempts, error);
        int failures = endpoints.countFailure(e.partnerId());
        if (failures >= config.disableAfterFailedEvents() && endpoints.disable(e.partnerId(), now)) {
            log.warn("ALERT webhook: endpoint of {} disabled after {} consecutive FAILED events; re-enable with "
                    + "PUT /v1/webhooks/config", e.partnerId(), failures);
        }
    }
}
