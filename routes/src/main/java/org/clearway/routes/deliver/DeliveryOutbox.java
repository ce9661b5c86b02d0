package org.clearway.routes.deliver;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.clearway.routes.ops.StageEvents;
import org.clearway.routes.pipeline.DeliverMessage;
import org.clearway.routes.pipeline.StageTransactions;
import org.clearway.mappings.customs.CustomsFormats;
import org.clearway.routes.store.DeclarationStore;
import org.clearway.routes.store.DeliveryJobStore;
import org.clearway.routes.store.DeliveryJobStore.Job;
import org.clearway.routes.store.DeliveryJobStore.Payload;
import org.clearway.routes.store.DeliveryJobStore.Summary;
import org.clearway.routes.store.TraceLog;
import org.clearway.routes.support.InvalidMessageException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * HTTP push to customs backends through a database outbox (docs/TRANSACTIONS.md, "Delivery
 * outbox"). The deliver stage records a job per emission ({@link #enqueue}) in its consumer
 * transaction and returns at once: no consumer thread, JMS transaction or message waits for a
 * backend. A dispatcher thread per instance looks for due jobs per backend and hands each claimed
 * job to that backend's own bounded pool, so a backend that is down (or slow to time out) only
 * occupies its own threads. Status rules (CUSTOMS-AND-POSTAL-INTERFACES §3.2): 2xx delivered;
 * 408, 425, 429, 5xx and I/O errors tried again after exponential backoff or the backend's
 * {@code Retry-After} (either capped by {@code http-retry-max}); any other status is permanent.
 * A job that keeps failing beyond {@link DeliveryPolicy}'s bound, or is refused for good, is DEAD
 * until an operator replays it ({@code /v1/admin/deliveries}).
 */
public class DeliveryOutbox implements SmartLifecycle {
    private static final Logger log = LoggerFactory.getLogger(DeliveryOutbox.class);
    public static final String OUTBOX_JOBS = "clearway.delivery.outbox.jobs";
    public static final String OUTBOX_OLDEST = "clearway.delivery.outbox.oldest.age";
    public static final String OUTBOX_IN_FLIGHT = "clearway.delivery.outbox.inflight";
    /** Queue tag of the dead-letter meters for DEAD jobs of a backend. */
    public static final String DEAD_LETTER_ORIGIN = "delivery-outbox";

    /** The HTTP backends and their push URLs (the configured customs partners). */
    public interface Backends {
        List<String> httpBackends();

        Optional<URI> pushUrl(String backendId);

        /** The media type of what the backend is sent: its customs format's (canonical JSON by default). */
        default String mediaType(String backendId) {
            return CustomsFormats.CANONICAL_JSON_V1.mediaType();
        }
    }

    private final DeliveryJobStore jobs;
    private final DeclarationStore declarations;
    private final TraceLog trace;
    private final StageEvents metrics;
    private final DeliveryStatus status;
    private final Backends backends;
    private final DeliveryPolicy policy;
    private final Duration retryInitial;
    private final Duration retryMax;
    private final Clock clock;
    private final String owner;
    private final StageTransactions transactions;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final Duration requestTimeout;

    private final Map<String, ExecutorService> pools = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> inFlight = new ConcurrentHashMap<>();
    private volatile Map<String, Summary> snapshot = Map.of();
    private final AtomicLong lastHousekeeping = new AtomicLong();
    private final AtomicLong lastPurge = new AtomicLong();
    private final Object signal = new Object();
    private boolean woken;
    private volatile boolean running;
    private Thread loop;

    public DeliveryOutbox(DeliveryJobStore jobs, DeclarationStore declarations, TraceLog trace, StageEvents metrics,
                          DeliveryStatus status, Backends backends, DeliveryPolicy policy, Duration retryInitial,
                          Duration retryMax, Clock clock, String owner, StageTransactions transactions,
                          MeterRegistry registry, Duration requestTimeout) {
        this.jobs = jobs;
        this.declarations = declarations;
        this.trace = trace;
        this.metrics = metrics;
        this.status = status;
        this.backends = backends;
        this.policy = policy;
        this.retryInitial = retryInitial;
        this.retryMax = retryMax;
        this.clock = clock;
        this.owner = owner.length() > 64 ? owner.substring(owner.length() - 64) : owner;
        this.transactions = transactions;
        this.requestTimeout = requestTimeout;
        for (String backend : backends.httpBackends()) {
            inFlight.put(backend, new AtomicInteger());
            for (String state : List.of(DeliveryJobStore.PENDING, DeliveryJobStore.DEAD)) {
                Gauge.builder(OUTBOX_JOBS, () -> {
                    Summary s = snapshot.get(backend);
                    return s == null ? 0 : DeliveryJobStore.PENDING.equals(state) ? s.pending() : s.dead();
                }).description("HTTP push jobs not delivered, by state (PENDING: waiting or being tried; DEAD: given up)")
                        .tag("backend", backend).tag("state", state).register(registry);
            }
            Gauge.builder(OUTBOX_OLDEST, () -> {
                Summary s = snapshot.get(backend);
                return s == null || s.oldestPending() == null ? 0
                        : Math.max(0, Duration.between(s.oldestPending(), clock.instant()).toMillis() / 1000.0);
            }).description("Age of the oldest HTTP push job not yet delivered").baseUnit("seconds")
                    .tag("backend", backend).register(registry);
            Gauge.builder(OUTBOX_IN_FLIGHT, () -> inFlight.get(backend).get())
                    .description("HTTP pushes in flight in this instance").tag("backend", backend).register(registry);
        }
    }

    // ---- the deliver stage's side ------------------------------------------------------------------

    /**
     * Records the push job of the emission (idempotent by its gatewayMessageId: a
     * redelivered message adds nothing) and wakes the dispatcher. Runs in the deliver stage's
     * consumer: the row is committed before the JMS transaction (docs/TRANSACTIONS.md).
     */
    public void enqueue(DeliverMessage m) {
        String backendId = m.backendId();
        if (backends.pushUrl(backendId).isEmpty()) {
            throw new InvalidMessageException("backend " + backendId + " has channel HTTP but no push-url");
        }
        String gatewayMessageId = m.gatewayMessageId();
        String declarationId = m.declarationId();
        int revision = m.revision();
        boolean inserted = jobs.insert(gatewayMessageId, declarationId, revision, backendId, m.payload(),
                m.signature(), m.signatureKey(), clock.instant());
        if (inserted) {
            trace.record(null, declarationId, "deliver", "push-queued", "revision " + revision + " gatewayMessageId "
                    + gatewayMessageId + " for " + backendId, backendId);
        } else {
            log.info("push job of {} (declaration {} revision {}) exists already: redelivery, nothing added",
                    gatewayMessageId, declarationId, revision);
        }
        wake();
    }

    // ---- the dispatcher ------------------------------------------------------------------------------

    @Override
    public synchronized void start() {
        if (running) {
            return;
        }
        int released = jobs.releaseLeases(owner);
        if (released > 0) {
            log.info("released {} push leases this instance held before its restart", released);
        }
        running = true;
        loop = new Thread(this::run, "delivery-dispatcher");
        loop.setDaemon(true);
        loop.start();
    }

    @Override
    public synchronized void stop() {
        running = false;
        wake();
        if (loop != null) {
            loop.interrupt();
            try {
                loop.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        pools.values().forEach(ExecutorService::shutdownNow);
        for (ExecutorService pool : pools.values()) {
            try {
                pool.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        pools.clear();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Looks for due jobs now instead of at the next poll. */
    public void wake() {
        synchronized (signal) {
            woken = true;
            signal.notifyAll();
        }
    }

    private void run() {
        while (running) {
            try {
                dispatch();
            } catch (RuntimeException e) {
                // the database may be down for a moment: the jobs are still there at the next poll
                log.warn("delivery dispatcher poll failed, retried: {}", e.toString());
            }
            synchronized (signal) {
                if (!woken && running) {
                    try {
                        signal.wait(policy.pollInterval().toMillis());
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
                woken = false;
            }
        }
    }

    /**
     * One poll: claims due jobs per backend up to its free slots and starts their attempts on the
     * backend's pool; returns the attempts started (tests wait for them).
     */
    List<Future<?>> dispatch() {
        Instant now = clock.instant();
        List<Future<?>> started = new java.util.ArrayList<>();
        for (String backend : backends.httpBackends()) {
            AtomicInteger busy = inFlight.computeIfAbsent(backend, b -> new AtomicInteger());
            int free = policy.concurrency(backend) - busy.get();
            if (free <= 0) {
                continue;
            }
            for (Job job : jobs.due(backend, now, free)) {
                if (!jobs.claim(job.id(), owner, now, now.plus(policy.lease()))) {
                    continue; // another instance took it
                }
                busy.incrementAndGet();
                ExecutorService pool = pools.computeIfAbsent(backend, b -> Executors.newFixedThreadPool(
                        policy.concurrency(b), r -> {
                            Thread t = new Thread(r, "delivery-push-" + b);
                            t.setDaemon(true);
                            return t;
                        }));
                try {
                    started.add(pool.submit(() -> {
                        try {
                            attempt(job);
                        } catch (RuntimeException e) {
                            // the lease runs out and the job is due again
                            log.warn("push attempt of job {} not recorded: {}", job.id(), e.toString());
                        } finally {
                            busy.decrementAndGet();
                            wake();
                        }
                    }));
                } catch (java.util.concurrent.RejectedExecutionException e) {
                    busy.decrementAndGet(); // stopping: the lease runs out, or this instance releases it at start
                }
            }
        }
        housekeeping(now);
        return started;
    }

    private void housekeeping(Instant now) {
        long last = lastHousekeeping.get();
        if (now.toEpochMilli() - last < 2000 || !lastHousekeeping.compareAndSet(last, now.toEpochMilli())) {
            return;
        }
        snapshot = jobs.summary();
        long purged0 = lastPurge.get();
        if (now.toEpochMilli() - purged0 > 600_000 && lastPurge.compareAndSet(purged0, now.toEpochMilli())) {
            int purged = jobs.purgeDelivered(now.minus(policy.keepDelivered()));
            if (purged > 0) {
                log.info("purged {} delivered push jobs older than {}", purged, policy.keepDelivered());
            }
        }
    }

    /** One push of a claimed job and the recording of its outcome. */
    void attempt(Job job) {
        int attempt = job.attempts() + 1;
        String backend = job.backendId();
        Optional<URI> url = backends.pushUrl(backend);
        Optional<Payload> payload = jobs.payload(job.id());
        if (url.isEmpty() || payload.isEmpty() || payload.get().body() == null) {
            dead(job, attempt, null, url.isEmpty() ? "backend " + backend + " has no push-url" : "job has no body");
            return;
        }
        HttpResponse<String> response;
        try {
            response = http.send(request(job, payload.get(), url.get()), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            failed(job, attempt, null, url.get() + ": " + CustomsDelivery.cause(e), Optional.empty());
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            // stopping: give the job back, due at once, the attempt not counted
            jobs.scheduleRetry(job.id(), owner, job.attempts(), job.lastStatus(), job.lastCause(), clock.instant(),
                    clock.instant());
            return;
        }
        int code = response.statusCode();
        if (code >= 200 && code < 300) {
            delivered(job, attempt, code);
        } else if (transientStatus(code)) {
            failed(job, attempt, code, "customs backend answered " + code + " for " + job.gatewayMessageId(),
                    response.headers().firstValue("Retry-After").flatMap(v -> retryAfter(v, clock.instant())));
        } else {
            String reason = "customs backend answered " + code + " for " + job.gatewayMessageId() + ": "
                    + abbreviate(response.body());
            metrics.deliveryAttempt(backend, "rejected");
            dead(job, attempt, code, reason);
        }
    }

    private HttpRequest request(Job job, Payload payload, URI url) {
        HttpRequest.Builder request = HttpRequest.newBuilder(url)
                .timeout(requestTimeout)
                .header("Content-Type", backends.mediaType(job.backendId()))
                .header("X-CLEARWAY-Message-Id", job.gatewayMessageId())
                .header("X-CLEARWAY-Declaration-Id", job.declarationId())
                .header("X-CLEARWAY-Revision", String.valueOf(job.revision()))
                .header("Idempotency-Key", job.gatewayMessageId())
                .POST(HttpRequest.BodyPublishers.ofByteArray(payload.body()));
        if (payload.signature() != null) {
            request.header("X-CLEARWAY-Signature", payload.signature());
        }
        if (payload.signatureKey() != null) {
            request.header("X-CLEARWAY-Signature-Key", payload.signatureKey());
        }
        return request.build();
    }

    /** 408, 425, 429 and 5xx are tried again (§3.2); any other non-2xx is permanent. */
    static boolean transientStatus(int code) {
        return code == 408 || code == 425 || code == 429 || code >= 500;
    }

    private void delivered(Job job, int attempt, int code) {
        Instant now = clock.instant();
        boolean recorded = Boolean.TRUE.equals(transactions.inOwnTransaction(() -> {
            if (!jobs.markDelivered(job.id(), owner, attempt, code, now)) {
                return false;
            }
            declarations.markDelivered(job.declarationId(), job.revision(), now);
            trace.record(null, job.declarationId(), "deliver", "delivered", "HTTP revision " + job.revision()
                    + " gatewayMessageId " + job.gatewayMessageId() + " attempt " + attempt, job.backendId());
            return true;
        }));
        if (!recorded) {
            log.warn("push job {} delivered but its lease was lost meanwhile; another instance records it", job.id());
            return;
        }
        status.delivered(job.backendId(), now);
        metrics.deliveryAttempt(job.backendId(), "delivered");
        declarations.revision(job.declarationId(), job.revision()).ifPresent(r ->
                metrics.deliveryLatency(job.backendId(), Duration.between(r.createdAt(), now)));
    }

    /** A transient failure: tried again after backoff, or DEAD when the policy's bound is reached. */
    private void failed(Job job, int attempt, Integer code, String cause, Optional<Duration> retryAfter) {
        Instant now = clock.instant();
        String backend = job.backendId();
        String message = "push of declaration " + job.declarationId() + " revision " + job.revision() + " to backend "
                + backend + " failed (attempt " + attempt + "): " + cause;
        log.warn(message);
        metrics.deliveryAttempt(backend, "retry");
        status.failed(backend, now, cause);
        int maxAttempts = policy.maxAttempts(backend);
        Duration maxAge = policy.maxAge(backend);
        if ((maxAttempts > 0 && attempt >= maxAttempts)
                || (!maxAge.isZero() && !Duration.between(job.retrySince(), now).minus(maxAge).isNegative())) {
            dead(job, attempt, code, cause + " (retry bound reached: " + attempt + " attempts since "
                    + job.retrySince() + ")");
            return;
        }
        Instant next = now.plus(retryAfter.map(d -> d.compareTo(retryMax) > 0 ? retryMax : d)
                .orElseGet(() -> backoff(attempt, retryInitial, retryMax)));
        if (jobs.scheduleRetry(job.id(), owner, attempt, code, cause, next, now)) {
            traceQuietly(job.declarationId(), "attempt-failed", "attempt " + attempt + " revision " + job.revision()
                    + " to " + backend + ": " + cause + "; next try " + next, backend);
        }
    }

    private void dead(Job job, int attempt, Integer code, String cause) {
        Instant now = clock.instant();
        if (!jobs.markDead(job.id(), owner, attempt, code, cause, now)) {
            return;
        }
        log.error("push job {} (declaration {} revision {}) to backend {} is DEAD after {} attempts: {}; replay with "
                        + "POST /v1/admin/deliveries/{}/replay", job.id(), job.declarationId(), job.revision(),
                job.backendId(), attempt, cause, job.id());
        status.failed(job.backendId(), now, cause);
        metrics.deadLettered(DEAD_LETTER_ORIGIN + "." + job.backendId());
        traceQuietly(job.declarationId(), "dead-lettered", "push job " + job.id() + " revision " + job.revision()
                + " to " + job.backendId() + " DEAD after " + attempt + " attempts: " + cause, job.backendId());
    }

    /**
     * An operator's replay of a DEAD job: due now, with a fresh bound; traced. False when the job
     * is not DEAD (unknown, pending or delivered).
     */
    public boolean replay(long id, String by) {
        Optional<Job> job = jobs.byId(id);
        if (job.isEmpty() || !jobs.replay(id, clock.instant())) {
            return false;
        }
        Job j = job.get();
        traceQuietly(j.declarationId(), "replayed", "push job " + id + " revision " + j.revision() + " to "
                + j.backendId() + " replayed by " + by + " after " + j.attempts() + " attempts (" + j.lastCause() + ")",
                j.backendId());
        metrics.replayed(DEAD_LETTER_ORIGIN + "." + j.backendId(), 1);
        log.info("push job {} (declaration {} revision {}) to {} replayed by {}", id, j.declarationId(), j.revision(),
                j.backendId(), by);
        wake();
        return true;
    }

    /** Summary per backend, read now (admin listing, health). */
    public Map<String, Summary> summary() {
        Map<String, Summary> now = jobs.summary();
        snapshot = now;
        return now;
    }

    public int inFlight(String backendId) {
        AtomicInteger n = inFlight.get(backendId);
        return n == null ? 0 : n.get();
    }

    private void traceQuietly(String declarationId, String event, String detail, String backend) {
        try {
            trace.record(null, declarationId, "deliver", event, detail, backend);
        } catch (RuntimeException e) {
            log.warn("trace of {} for {} not recorded: {}", event, declarationId, e.toString());
        }
    }

    /** initial, 2 x initial, 4 x initial ... capped at {@code max}; attempt 1 waits {@code initial}. */
    static Duration backoff(int attempt, Duration initial, Duration max) {
        int doublings = Math.max(0, Math.min(attempt - 1, 30));
        long millis = initial.toMillis() * (1L << doublings);
        return millis <= 0 || millis > max.toMillis() ? max : Duration.ofMillis(millis);
    }

    /** A {@code Retry-After} value: delay seconds or an HTTP date; empty when neither. */
    static Optional<Duration> retryAfter(String value, Instant now) {
        String v = value.trim();
        try {
            long seconds = Long.parseLong(v);
            return seconds < 0 ? Optional.empty() : Optional.of(Duration.ofSeconds(seconds));
        } catch (NumberFormatException e) {
            try {
                Duration d = Duration.between(now, ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
                return Optional.of(d.isNegative() ? Duration.ZERO : d);
            } catch (DateTimeParseException notADate) {
                return Optional.empty();
            }
        }
    }

    private static String abbreviate(String s) {
        return s == null ? "" : s.length() > 300 ? s.substring(0, 300) + "..." : s;
    }
}
