package org.clearway.routes.ingress.platform;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.annotation.PreDestroy;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.clearway.mappings.platform.CsvOrderReader;
import org.clearway.mappings.platform.NdjsonOrderReader;
import org.clearway.mappings.platform.OrderResult;
import org.clearway.routes.ingress.ApiResult;
import org.clearway.routes.ingress.Idempotency;
import org.clearway.routes.store.PlatformOrderStore;
import org.clearway.routes.store.PlatformUploadStore;
import org.clearway.routes.store.PlatformUploadStore.Upload;
import org.clearway.routes.support.ApiProblem;
import org.clearway.routes.support.ClusterProperties;
import org.clearway.routes.support.GatewayProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.context.event.EventListener;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

/**
 * Bulk order uploads (PARTNER-APIS §6.1): the body is spooled to the data directory under the
 * transport-level checks ({@link UploadSpool}, CSV header), recorded as {@code PROCESSING} and
 * answered 202 with its {@code uploadId}; a worker then reads the file line by line (NDJSON) or
 * order by order (CSV, {@link CsvOrderReader}) and stores every valid order through
 * {@link PlatformService#upsert}, {@code chunk} orders and their results per database transaction.
 * Results live in the database ({@code GET /v1/platform/uploads/{uploadId}}, paged by line), so
 * neither the file nor its results are held in memory. At most {@code concurrent-per-partner}
 * uploads of one partner are received or processed at once (§1.1, 429 otherwise). Uploads still
 * {@code PROCESSING} when the gateway stops are processed again from their spooled file at the
 * next start: the orders already stored then come out {@code DUPLICATE_IGNORED}.
 */
@Service
public class PlatformUploads {
    private static final Logger log = LoggerFactory.getLogger(PlatformUploads.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final PlatformUploadStore uploads;
    private final PlatformService service;
    private final Idempotency idempotency;
    private final GatewayProperties.Upload limits;
    private final int maxGzipRatio;
    private final Path spoolDir;
    private final Path spillDir;
    private final ObjectMapper json = new ObjectMapper();
    private final Clock clock;
    private final ExecutorService workers;
    private final Map<String, AtomicInteger> active = new ConcurrentHashMap<>();
    /** This instance's name in upload leases, and how long a lease lasts without renewal. */
    private final String owner;
    private final Duration lease;
    /** Uploads this process is working on (never taken over by itself). */
    private final Set<String> running = ConcurrentHashMap.newKeySet();

    public PlatformUploads(PlatformUploadStore uploads, PlatformService service, Idempotency idempotency,
                           GatewayProperties properties, Clock clock) {
        this(uploads, service, idempotency, properties, ClusterProperties.defaults(), clock);
    }

    @Autowired
    public PlatformUploads(PlatformUploadStore uploads, PlatformService service, Idempotency idempotency,
                           GatewayProperties properties, ClusterProperties cluster, Clock clock) {
        this.owner = cluster.resolveInstanceId(properties.dataDir());
        this.lease = cluster.uploadLease();
        this.uploads = uploads;
        this.service = service;
        this.idempotency = idempotency;
        this.limits = properties.api().upload();
        this.maxGzipRatio = properties.api().maxGzipRatio();
        this.spoolDir = properties.dataDir().resolve("platform").resolve("uploads");
        this.spillDir = properties.dataDir().resolve("platform").resolve("spill");
        this.clock = clock;
        AtomicInteger n = new AtomicInteger();
        this.workers = Executors.newFixedThreadPool(Math.max(1, limits.workers()), r -> {
            Thread t = new Thread(r, "platform-upload-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /** {@code POST /v1/platform/orders:bulk}: 202 with the upload once the body is on disk. */
    public ApiResult accept(String partnerId, String idempotencyKey, String format, InputStream body, boolean gzip)
            throws IOException {
        Idempotency.requireKey(idempotencyKey);
        acquire(partnerId);
        String uploadId = newUploadId();
        Path file = spoolDir.resolve(uploadId + ("CSV".equals(format) ? ".csv" : ".ndjson"));
        AtomicBoolean started = new AtomicBoolean();
        try {
            UploadSpool.Spooled spooled = UploadSpool.write(body, gzip, file, limits.maxBytes(), limits.maxLines(),
                    limits.maxLineBytes(), maxGzipRatio);
            if ("CSV".equals(format)) {
                checkHeader(spooled.firstLine());
            }
            ApiResult result = idempotency.runForSha(partnerId, idempotencyKey, "bulk:" + format, spooled.sha256(),
                    () -> {
                        uploads.insert(new Upload(uploadId, partnerId, format, "PROCESSING", file.toString(),
                                spooled.bytes(), spooled.sha256(), 0, 0, 0, null, clock.instant(), null));
                        uploads.lease(uploadId, owner, clock.instant().plus(lease));
                        started.set(true);
                        ObjectNode answer = json.createObjectNode();
                        answer.put("uploadId", uploadId);
                        answer.put("status", "PROCESSING");
                        answer.put("format", format);
                        answer.put("bytes", spooled.bytes());
                        return new ApiResult(202, answer, Map.of("Location", "/v1/platform/uploads/" + uploadId));
                    });
            if (started.get()) {
                log.info("upload {} of {} spooled: {} ({} bytes, {} lines)", uploadId, partnerId, format,
                        spooled.bytes(), spooled.lines());
                running.add(uploadId);
                workers.execute(() -> process(uploadId, partnerId));
            }
            return result;
        } finally {
            if (!started.get()) {
                release(partnerId);
                Files.deleteIfExists(file);
            }
        }
    }

    private static void checkHeader(String firstLine) {
        String header = firstLine.startsWith("\uFEFF") ? firstLine.substring(1) : firstLine;
        try {
            CsvOrderReader.header(header);
        } catch (CsvOrderReader.HeaderException e) {
            throw PlatformService.problem("validation-error", e.problems(), List.of());
        }
    }

    /** {@code GET /v1/platform/uploads/{uploadId}}: progress and the results from {@code fromLine} on. */
    public ApiResult status(String partnerId, String uploadId, int fromLine, int limit) {
        Upload u = uploads.find(partnerId, uploadId)
                .orElseThrow(() -> new ApiProblem(HttpStatus.NOT_FOUND, "not-found", "no upload " + uploadId));
        int page = Math.max(1, Math.min(limit, 10_000));
        ObjectNode body = json.createObjectNode();
        body.put("uploadId", u.uploadId());
        body.put("status", u.status());
        body.put("format", u.format());
        body.put("linesTotal", u.linesTotal());
        body.put("ordersAccepted", u.ordersAccepted());
        body.put("linesRejected", u.linesRejected());
        if (u.warningsJson() != null) {
            body.set("warnings", tree(u.warningsJson()));
        }
        ArrayNode results = body.putArray("results");
        List<PlatformUploadStore.Result> rows = uploads.results(uploadId, fromLine, page + 1);
        for (PlatformUploadStore.Result r : rows.subList(0, Math.min(page, rows.size()))) {
            ObjectNode n = results.addObject();
            n.put("line", r.line());
            if (r.linesJson() != null) {
                n.set("lines", tree(r.linesJson()));
            }
            if (r.orderId() != null) {
                n.put("orderId", r.orderId());
            }
            n.put("outcome", r.outcome());
            if (r.resultJson() != null) {
                n.setAll((ObjectNode) tree(r.resultJson()));
            }
        }
        if (rows.size() > page) {
            body.put("nextFromLine", rows.get(page).line());
        }
        body.put("createdAt", u.createdAt().toString());
        if (u.completedAt() != null) {
            body.put("completedAt", u.completedAt().toString());
        }
        return new ApiResult(200, body);
    }

    // ---- processing ------------------------------------------------------------------------------

    /**
     * Uploads left PROCESSING are processed again from their spooled file: at start, the ones this
     * instance held before it stopped and any whose lease ran out; later, every
     * {@code clearway.cluster.upload-lease}, the ones another instance left behind when it stopped
     * (if their spooled file is readable here, i.e. the data directory is shared).
     */
    @EventListener(ApplicationReadyEvent.class)
    public void resume() {
        takeOverUploads("was still processing at shutdown");
    }

    @Scheduled(initialDelayString = "${clearway.cluster.upload-lease:2m}",
            fixedDelayString = "${clearway.cluster.upload-lease:2m}")
    void takeOverAbandoned() {
        try {
            takeOverUploads("was left by an instance whose lease ran out");
        } catch (RuntimeException e) {
            log.warn("upload take-over failed; retried at the next poll: {}", e.toString());
        }
    }

    /** Claims and restarts the PROCESSING uploads this instance may take; returns how many. */
    int takeOverUploads(String why) {
        int taken = 0;
        for (Upload u : uploads.processing()) {
            if (running.contains(u.uploadId())) {
                continue;
            }
            if (!Files.isReadable(Path.of(u.spoolPath()))) {
                log.debug("upload {}: spooled file {} not readable here; left to its instance", u.uploadId(),
                        u.spoolPath());
                continue;
            }
            java.time.Instant now = clock.instant();
            if (!uploads.takeOver(u.uploadId(), owner, now, now.plus(lease))) {
                continue;
            }
            log.info("upload {} of {} {}; processing it again", u.uploadId(), u.partnerId(), why);
            uploads.restart(u.uploadId());
            running.add(u.uploadId());
            active.computeIfAbsent(u.partnerId(), k -> new AtomicInteger()).incrementAndGet();
            workers.execute(() -> process(u.uploadId(), u.partnerId()));
            taken++;
        }
        return taken;
    }

    private void process(String uploadId, String partnerId) {
        long started = System.nanoTime();
        try {
            Upload u = uploads.find(partnerId, uploadId).orElseThrow();
            Path file = Path.of(u.spoolPath());
            List<OrderResult> chunk = new ArrayList<>();
            long total;
            String warnings = null;
            try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
                java.util.function.Consumer<OrderResult> sink = r -> {
                    chunk.add(r);
                    if (chunk.size() >= limits.chunk()) {
                        flush(u, chunk);
                    }
                };
                if ("CSV".equals(u.format())) {
                    Files.createDirectories(spillDir);
                    CsvOrderReader.Summary s = new CsvOrderReader(limits.maxLineBytes(), limits.bufferedRows(), spillDir)
                            .read(in, sink);
                    total = s.records();
                    if (!s.headerWarnings().isEmpty()) {
                        warnings = json.writeValueAsString(PlatformService.fieldErrors(s.headerWarnings()));
                    }
                } else {
                    total = new NdjsonOrderReader(limits.maxLineBytes()).read(in, sink);
                }
            }
            flush(u, chunk);
            uploads.complete(uploadId, total, warnings, clock.instant());
            Files.deleteIfExists(file);
            log.info("upload {} of {} completed: {} lines in {} ms", uploadId, partnerId, total,
                    (System.nanoTime() - started) / 1_000_000);
        } catch (CsvOrderReader.HeaderException e) {
            // checked when received; only a file changed on disk gets here
            log.error("upload {}: CSV header unusable: {}", uploadId, e.getMessage());
        } catch (LeaseLostException e) {
            log.warn("upload {} of {}: {}; this instance stops processing it", uploadId, partnerId, e.getMessage());
        } catch (IOException | RuntimeException e) {
            log.error("upload {} of {} failed; it stays PROCESSING and is taken up again when its lease runs out",
                    uploadId, partnerId, e);
        } finally {
            running.remove(uploadId);
            release(partnerId);
        }
    }

    /** Stores a chunk of orders and their results in one transaction; retried when a concurrent request raced it. */
    private void flush(Upload u, List<OrderResult> chunk) {
        if (chunk.isEmpty()) {
            return;
        }
        for (int attempt = 0; ; attempt++) {
            try {
                List<Changed> stored = service.tx().inTransaction(status -> {
                    if (!uploads.renewLease(u.uploadId(), owner, clock.instant().plus(lease))) {
                        throw new LeaseLostException("another instance took the upload over");
                    }
                    return store(u, chunk);
                });
                for (Changed c : stored) {
                    if (c.parcels() == null) {
                        service.orderStored(u.partnerId(), c.orderId());
                    } else {
                        service.newOrderStored(u.partnerId(), c.orderId(), c.parcels());
                    }
                }
                break;
            } catch (DuplicateKeyException | TransientDataAccessException e) {
                if (attempt >= 3) {
                    throw e;
                }
                log.debug("upload {}: chunk raced a concurrent request; retrying", u.uploadId());
            }
        }
        chunk.clear();
    }

    /** An order whose data is new (accepted or updated); the parcels of an order new to the gateway, else null. */
    private record Changed(String orderId, List<PlatformOrderStore.Parcel> parcels) {
    }

    /**
     * Stores the chunk; returns the orders whose data is new (accepted or updated). Orders the
     * partner has not stored before are inserted with batched statements (the common case of a
     * bulk upload); an order id seen before, or twice in the chunk, takes the per-order version rules.
     */
    private List<Changed> store(Upload u, List<OrderResult> chunk) {
        List<Changed> changed = new ArrayList<>();
        List<PlatformUploadStore.Result> rows = new ArrayList<>(chunk.size());
        long lines = 0;
        long accepted = 0;
        long rejected = 0;
        java.time.Instant now = clock.instant();
        Set<String> stored = service.storedOrderIds(u.partnerId(), chunk.stream().filter(OrderResult::valid)
                .map(r -> r.order().orderId()).collect(java.util.stream.Collectors.toSet()));
        List<PlatformOrderStore.NewOrder> fresh = new ArrayList<>();
        Set<String> freshIds = new java.util.HashSet<>();
        for (OrderResult r : chunk) {
            lines += r.lines().size();
            String outcome;
            ObjectNode extra = json.createObjectNode();
            ApiProblem problem = null;
            if (!r.valid()) {
                problem = PlatformService.problem(r.problem(), r.errors(), r.warnings());
            } else {
                List<Map<String, Object>> forbidden = service.linkErrors(u.partnerId(), r.order());
                if (!forbidden.isEmpty()) {
                    forbidden.forEach(e -> e.put("line", r.line()));
                    problem = new ApiProblem(HttpStatus.FORBIDDEN, "forbidden-scope",
                            "the order links parcels of carrier codes not bound to this platform", forbidden);
                } else {
                    String orderId = r.order().orderId();
                    if (!r.warnings().isEmpty()) {
                        extra.set("warnings", json.valueToTree(PlatformService.fieldErrors(r.warnings())));
                    }
                    if (!stored.contains(orderId) && !freshIds.contains(orderId)) {
                        PlatformOrderStore.NewOrder n = service.newOrder(u.partnerId(), r.order(), r.json(),
                                u.uploadId(), now);
                        fresh.add(n);
                        freshIds.add(orderId);
                        accepted++;
                        changed.add(new Changed(orderId, n.parcels()));
                        rows.add(row(r, "ACCEPTED", extra));
                        continue;
                    }
                    if (freshIds.contains(orderId)) {
                        // a later version of an order first seen in this chunk: store the batch first
                        service.insertNew(fresh, now);
                        fresh.clear();
                        stored.addAll(freshIds);
                        freshIds.clear();
                    }
                    try {
                        outcome = service.upsert(u.partnerId(), r.order(), r.json(), u.uploadId(), now).outcome().name();
                        accepted++;
                        if ("ACCEPTED".equals(outcome) || "UPDATED".equals(outcome)) {
                            changed.add(new Changed(orderId, null));
                        }
                        rows.add(row(r, outcome, extra));
                        continue;
                    } catch (ApiProblem e) {
                        // order-version-conflict: thrown before anything of this order was written
                        problem = e;
                        extra.remove("warnings");
                    }
                }
            }
            rejected += r.lines().size();
            extra.set("problem", problemNode(problem, r.line()));
            rows.add(row(r, "REJECTED", extra));
        }
        service.insertNew(fresh, now);
        uploads.addResults(u.uploadId(), rows, lines, accepted, rejected);
        return changed;
    }

    private PlatformUploadStore.Result row(OrderResult r, String outcome, ObjectNode extra) {
        try {
            return new PlatformUploadStore.Result(r.line(), r.orderId(), outcome,
                    r.lines().size() > 1 ? json.writeValueAsString(r.lines()) : null,
                    extra.isEmpty() ? null : json.writeValueAsString(extra));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private ObjectNode problemNode(ApiProblem e, int line) {
        ObjectNode p = json.createObjectNode();
        p.put("type", e.type().toString());
        p.put("title", e.title());
        p.put("status", e.status().value());
        p.put("detail", e.getMessage());
        ArrayNode errors = p.putArray("errors");
        for (Map<String, Object> err : e.errors()) {
            ObjectNode n = json.valueToTree(err);
            if (!n.has("line")) {
                n.put("line", line);
            }
            errors.add(n);
        }
        if (!e.warnings().isEmpty()) {
            p.set("warnings", json.valueToTree(e.warnings()));
        }
        return p;
    }

    // ---- concurrency (§1.1: bulk uploads 2 concurrent) -----------------------------------------------

    /** The upload's lease went to another instance while this one was processing it. */
    static final class LeaseLostException extends RuntimeException {
        LeaseLostException(String message) {
            super(message);
        }
    }

    private void acquire(String partnerId) {
        AtomicInteger n = active.computeIfAbsent(partnerId, k -> new AtomicInteger());
        if (n.incrementAndGet() > limits.concurrentPerPartner()) {
            n.decrementAndGet();
            throw new ApiProblem(HttpStatus.TOO_MANY_REQUESTS, "rate-limited", "partner " + partnerId + " already has "
                    + limits.concurrentPerPartner() + " bulk uploads in progress", List.of(), Map.of("Retry-After", "5"));
        }
    }

    private void release(String partnerId) {
        AtomicInteger n = active.get(partnerId);
        if (n != null) {
            n.updateAndGet(v -> Math.max(0, v - 1));
        }
    }

    private JsonNode tree(String text) {
        try {
            return json.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String newUploadId() {
        byte[] random = new byte[2];
        RANDOM.nextBytes(random);
        return "upl_" + String.format("%012x", System.currentTimeMillis()) + HexFormat.of().formatHex(random);
    }

    @PreDestroy
    void stop() throws InterruptedException {
        workers.shutdownNow();
        workers.awaitTermination(5, TimeUnit.SECONDS);
    }
}
