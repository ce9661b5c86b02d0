package org.clearway.routes;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The partners' side of the out-of-process ITs ({@link GatewayCrashIT}, {@link BrokerRestartIT},
 * {@link ScaleOutIT}): mixed load over HTTP (postal interchanges of three items, express shipments
 * held by the hold window and sometimes corrected, customs pulling the feed and deciding on what
 * arrived), retried the way a partner does (the same bytes and {@code Idempotency-Key}; after
 * {@code Retry-After} on 409 in-flight/429/503; after a connection error), and the end checks: every
 * told revision at customs exactly once, every accepted decision once in its sender's history.
 *
 * <p>Each attempt of each request asks {@code base} for the gateway to send to, so with several
 * instances a submission and its retries may land on different instances. A 5xx fails the load.
 */
final class GatewayLoad {
    private static final Logger log = LoggerFactory.getLogger(GatewayLoad.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    static final String POST_KEY = "demo-post-key";
    static final String EXPRESS_KEY = "demo-express-key";
    static final String CUSTOMS_KEY = "demo-customs-key";

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();
    private final Supplier<String> base;
    private final boolean uploads;
    /** uploadId -> the orderIds of its lines, of every bulk upload the gateway accepted. */
    private final Map<String, List<String>> uploadsTold = new ConcurrentHashMap<>();
    private final AtomicInteger uploadSerial = new AtomicInteger();
    private final String uploadRun = Long.toString(System.currentTimeMillis(), 36).toUpperCase(java.util.Locale.ROOT);

    /** What each accepted submission was told: declarationId -> revisions. */
    private final Map<String, Set<Integer>> told = new ConcurrentHashMap<>();
    private final Map<String, String> postalDeclarationByS10 = new ConcurrentHashMap<>();
    final AtomicInteger submissions = new AtomicInteger();
    final AtomicInteger retries = new AtomicInteger();
    private final AtomicInteger closedCorrections = new AtomicInteger();
    /** decisionId -> declarationId of every decision the gateway accepted. */
    private final Map<String, String> decisions = new ConcurrentHashMap<>();
    private final Set<String> decided = ConcurrentHashMap.newKeySet();
    private final Map<String, AtomicInteger> decisionAnswers = new ConcurrentHashMap<>();
    /** Why requests were retried: status code, or "io" for no answer. */
    private final Map<String, AtomicInteger> retryCauses = new ConcurrentHashMap<>();
    private final AtomicBoolean loading = new AtomicBoolean();
    private final AtomicBoolean deciding = new AtomicBoolean();
    private ExecutorService pool;
    private Future<?> decider;
    private final List<Future<?>> workers = new ArrayList<>();

    GatewayLoad(Supplier<String> base) {
        this(base, false);
    }

    /** With {@code uploads}, one more worker plays an e-commerce platform sending bulk order uploads. */
    GatewayLoad(Supplier<String> base, boolean uploads) {
        this.base = base;
        this.uploads = uploads;
    }

    /** Starts {@code count} workers: worker 0 plays customs deciding on what arrived, the others posts and carriers. */
    void start(int count) {
        loading.set(true);
        deciding.set(true);
        pool = Executors.newFixedThreadPool(count + (uploads ? 1 : 0));
        decider = pool.submit(() -> {
            while (deciding.get()) {
                decide();
            }
            return null;
        });
        if (uploads) {
            workers.add(pool.submit(() -> {
                while (loading.get()) {
                    upload();
                    Thread.sleep(1_000);
                }
                return null;
            }));
        }
        for (int w = 1; w < count; w++) {
            int worker = w;
            workers.add(pool.submit(() -> {
                while (loading.get()) {
                    if ((worker + submissions.get()) % 3 == 0) {
                        express();
                    } else {
                        postal();
                    }
                }
                return null;
            }));
        }
    }

    /**
     * Stops the posts and carriers after their current request (customs goes on deciding until the
     * drain); a worker's failure (a 5xx, a wrong answer) is thrown here.
     */
    void stopSubmitting() throws Exception {
        loading.set(false);
        for (Future<?> f : workers) {
            f.get(5, TimeUnit.MINUTES);
        }
    }

    private void stopDeciding() throws Exception {
        deciding.set(false);
        try {
            decider.get(5, TimeUnit.MINUTES);
        } finally {
            pool.shutdownNow();
        }
    }

    /** The end state: what was told against what customs can pull. */
    record Result(int submissions, int retries, Map<String, Integer> retryCauses, int closedCorrections,
                  int toldRevisions, int revisionsAtCustoms, List<String> lost, List<String> doubled, int decisions,
                  List<String> decisionProblems, Map<String, Integer> decisionAnswers, long drainMillis,
                  int uploads, List<String> uploadProblems) {
        String line() {
            return "submissions=" + submissions + " retried=" + retries + " retry-causes=" + retryCauses
                    + " closed-corrections=" + closedCorrections + " told-revisions=" + toldRevisions
                    + " at-customs=" + revisionsAtCustoms + " lost=" + lost.size() + " duplicated=" + doubled.size()
                    + " decisions=" + decisions + " decision-problems=" + decisionProblems.size()
                    + " uploads=" + uploads + " upload-problems=" + uploadProblems.size()
                    + " drain-ms=" + drainMillis + " (decision answers " + decisionAnswers + ")";
        }

        /** The assertions every out-of-process IT makes. */
        void assertNothingLostOrDoubled() {
            assertThat(toldRevisions).as("accepted revisions").isPositive();
            assertThat(lost).as("told revisions missing at customs").isEmpty();
            assertThat(doubled).as("revisions emitted twice under different gatewayMessageIds").isEmpty();
            assertThat(decisions).as("decisions accepted during the load").isPositive();
            assertThat(decisionProblems).isEmpty();
            assertThat(uploadProblems).as("bulk uploads not processed exactly once").isEmpty();
        }
    }

    /**
     * Stops the submissions, waits until every told revision is at customs (holds end after 2 s) and
     * customs decided at least once, or nothing has moved for {@code quiet} (at most 3 minutes);
     * stops customs deciding; waits until the decisions reached their senders (at most 1 minute);
     * then counts.
     */
    Result drainAndCount(Duration quiet) throws Exception {
        if (loading.get()) {
            stopSubmitting();
        }
        long drainStart = System.nanoTime();
        Map<String, Map<Integer, Set<String>>> atCustoms = Map.of();
        int previous = -1;
        long stableSince = System.nanoTime();
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (System.nanoTime() < deadline) {
            atCustoms = pullAll();
            int count = atCustoms.values().stream().mapToInt(Map::size).sum();
            if (missing(atCustoms).isEmpty() && !decisions.isEmpty()) {
                break;
            }
            if (count != previous) {
                previous = count;
                stableSince = System.nanoTime();
            } else if (System.nanoTime() - stableSince > quiet.toNanos()) {
                break;
            }
            Thread.sleep(1_000);
        }
        stopDeciding();
        atCustoms = pullAll();
        long drainMillis = (System.nanoTime() - drainStart) / 1_000_000;
        List<String> lost = missing(atCustoms);
        List<String> doubled = new ArrayList<>();
        int revisionsAtCustoms = 0;
        for (var d : atCustoms.entrySet()) {
            for (var r : d.getValue().entrySet()) {
                revisionsAtCustoms++;
                if (r.getValue().size() > 1) {
                    doubled.add(d.getKey() + " revision " + r.getKey() + " as " + r.getValue());
                }
            }
        }
        int expected = told.values().stream().mapToInt(Set::size).sum();
        List<String> decisionProblems = decisionProblems();
        long decisionDeadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
        while (!decisionProblems.isEmpty() && System.nanoTime() < decisionDeadline) {
            // a decision accepted just before customs stopped may still be on its way to its sender
            Thread.sleep(2_000);
            decisionProblems = decisionProblems();
        }
        if (!lost.isEmpty() || !doubled.isEmpty() || !decisionProblems.isEmpty()) {
            log.warn("lost (first 20): {}; doubled (first 20): {}; decision problems (first 20): {}",
                    lost.stream().limit(20).toList(), doubled.stream().limit(20).toList(),
                    decisionProblems.stream().limit(20).toList());
        }
        return new Result(submissions.get(), retries.get(), counts(retryCauses), closedCorrections.get(), expected,
                revisionsAtCustoms, lost, doubled, decisions.size(), decisionProblems, counts(decisionAnswers), drainMillis,
                uploadsTold.size(), uploadProblems());
    }

    /**
     * Every accepted upload COMPLETED (waiting up to a minute) with each of its lines counted once:
     * an upload processed twice, or by two instances at once, counts its lines twice.
     */
    private List<String> uploadProblems() throws Exception {
        List<String> problems = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
        for (var u : uploadsTold.entrySet()) {
            JsonNode status = null;
            while (System.nanoTime() < deadline) {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri("/v1/platform/uploads/" + u.getKey()))
                        .header("Authorization", "Bearer " + PlatformFixtures.PLATFORM_KEY).GET().build(),
                        HttpResponse.BodyHandlers.ofString());
                status = r.statusCode() == 200 ? JSON.readTree(r.body()) : null;
                if (status != null && "COMPLETED".equals(status.path("status").asText())) {
                    break;
                }
                Thread.sleep(500);
            }
            int lines = u.getValue().size();
            if (status == null || !"COMPLETED".equals(status.path("status").asText())) {
                problems.add("upload " + u.getKey() + " not COMPLETED: " + status);
            } else if (status.path("linesTotal").asInt() != lines || status.path("ordersAccepted").asInt() != lines
                    || status.path("linesRejected").asInt() != 0) {
                problems.add("upload " + u.getKey() + " of " + lines + " orders counted linesTotal="
                        + status.path("linesTotal") + " ordersAccepted=" + status.path("ordersAccepted")
                        + " linesRejected=" + status.path("linesRejected") + " " + status.path("results"));
            }
        }
        if (!problems.isEmpty()) {
            log.warn("upload problems (first 20): {}", problems.stream().limit(20).toList());
        }
        return problems;
    }

    private List<String> decisionProblems() throws Exception {
        Map<String, Integer> decisionCounts = decisionCounts();
        List<String> problems = new ArrayList<>();
        decisions.forEach((decisionId, declarationId) -> {
            int n = decisionCounts.getOrDefault(decisionId, 0);
            if (n != 1) {
                problems.add("decision " + decisionId + " of " + declarationId + " seen " + n + " times");
            }
        });
        return problems;
    }

    private static Map<String, Integer> counts(Map<String, AtomicInteger> counters) {
        Map<String, Integer> copy = new TreeMap<>();
        counters.forEach((k, v) -> copy.put(k, v.get()));
        return copy;
    }

    private URI uri(String path) {
        return URI.create(base.get() + path);
    }

    // ---- load ----

    private void postal() throws Exception {
        List<TestInterchanges.Item> items = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            items.add(new TestInterchanges.Item(TestInterchanges.s10("CP", "GB"), "DE", "42.50"));
        }
        byte[] body = TestInterchanges.single(TestInterchanges.reference("CR"), items.toArray(TestInterchanges.Item[]::new));
        HttpResponse<String> r = untilAnswered(() -> HttpRequest.newBuilder(uri("/v1/postal/interchanges"))
                .header("Authorization", "Bearer " + POST_KEY).header("Content-Type", "application/EDIFACT")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
        if (r == null) {
            return;
        }
        assertThat(r.statusCode()).as("postal answer %s", r.body()).isEqualTo(202);
        submissions.incrementAndGet();
        for (JsonNode m : JSON.readTree(r.body()).path("messages")) {
            for (JsonNode item : m.path("items")) {
                String declarationId = item.path("declarationId").asText();
                postalDeclarationByS10.put(item.path("s10ItemId").asText(), declarationId);
                told.computeIfAbsent(declarationId, k -> ConcurrentHashMap.newKeySet()).add(1);
            }
        }
    }

    private void express() throws Exception {
        ObjectNode shipment = ExpressFixtures.shipment("express-shipment-eu-ioss.json");
        String key = "crash-" + shipment.path("houseWaybill").asText();
        if (!submitShipment(shipment, key, false)) {
            return;
        }
        if (ThreadLocalRandom.current().nextInt(3) == 0) {
            // the carrier corrects the shipment: a new version, a new key, one more revision
            ObjectNode amended = shipment.deepCopy();
            ((ObjectNode) amended.get("grossWeight")).put("value",
                    new java.math.BigDecimal("0.900").add(java.math.BigDecimal.valueOf(ThreadLocalRandom.current().nextInt(100), 3)));
            submitShipment(amended, key + "-v2", true);
        }
    }

    /**
     * One submission, retried until answered. A correction that arrives after customs took a final
     * decision is refused with 409 {@code consignment-closed} (PARTNER-APIS): nothing is told then.
     */
    private boolean submitShipment(ObjectNode shipment, String key, boolean correction) throws Exception {
        byte[] body = JSON.writeValueAsBytes(shipment);
        HttpResponse<String> r = untilAnswered(() -> HttpRequest.newBuilder(uri("/v1/express/shipments"))
                .header("Authorization", "Bearer " + EXPRESS_KEY).header("Content-Type", "application/json")
                .header("Idempotency-Key", key).POST(HttpRequest.BodyPublishers.ofByteArray(body)));
        if (r == null) {
            return false;
        }
        if (correction && r.statusCode() == 409 && r.body().contains("/consignment-closed")) {
            closedCorrections.incrementAndGet();
            return false;
        }
        assertThat(r.statusCode()).as("express answer %s", r.body()).isIn(200, 202);
        submissions.incrementAndGet();
        JsonNode answer = JSON.readTree(r.body());
        if (answer.hasNonNull("declarationId") && answer.hasNonNull("revision")) {
            told.computeIfAbsent(answer.get("declarationId").asText(), k -> ConcurrentHashMap.newKeySet())
                    .add(answer.get("revision").asInt());
        }
        return true;
    }

    /** A final decision on something already at customs (by gatewayMessageId), retried with its backendDecisionRef. */
    private void decide() throws Exception {
        Map<String, Map<Integer, Set<String>>> feed;
        try {
            feed = pullPage();
        } catch (IOException e) {
            decisionAnswers.computeIfAbsent("pull-io", k -> new AtomicInteger()).incrementAndGet();
            Thread.sleep(200);
            return;
        }
        decisionAnswers.computeIfAbsent(feed.isEmpty() ? "pull-empty" : "pull-items", k -> new AtomicInteger())
                .incrementAndGet();
        for (var d : feed.entrySet()) {
            if (!decided.add(d.getKey())) {
                continue;
            }
            var latest = d.getValue().entrySet().stream().max(Map.Entry.comparingByKey()).orElseThrow();
            String gatewayMessageId = latest.getValue().iterator().next();
            String body = "{\"schema\":\"urn:clearway:customs-decision-submission:1\",\"specVersion\":\"1.0\","
                    + "\"backendDecisionRef\":\"CRASH-" + d.getKey() + "\",\"gatewayMessageId\":\"" + gatewayMessageId
                    + "\",\"kind\":\"DECISION\",\"status\":\"RELEASED\",\"track\":\"CLEARANCE\",\"final\":true,"
                    + "\"customsAuthority\":{\"country\":\"DE\",\"officeRef\":\"DE004850\"},"
                    + "\"decidedAt\":\"2026-11-24T10:03:00.000Z\"}";
            HttpResponse<String> r = untilAnswered(() -> HttpRequest.newBuilder(uri("/v1/customs/decisions"))
                    .header("Authorization", "Bearer " + CUSTOMS_KEY).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)));
            if (r == null) {
                decided.remove(d.getKey());
                return;
            }
            decisionAnswers.computeIfAbsent(String.valueOf(r.statusCode()), k -> new AtomicInteger()).incrementAndGet();
            if (r.statusCode() == 409) {
                // a newer revision arrived meanwhile: decide again later
                decided.remove(d.getKey());
                return;
            }
            assertThat(r.statusCode()).as("decision answer %s", r.body()).isIn(200, 202);
            submissions.incrementAndGet();
            decisions.put(JSON.readTree(r.body()).path("decisionId").asText(), d.getKey());
            return;
        }
        Thread.sleep(100);
    }

    /** One postal interchange sent once, not retried and not counted: the caller checks the answer. */
    HttpResponse<String> postalOnce() throws Exception {
        byte[] body = TestInterchanges.single(TestInterchanges.reference("CR"),
                new TestInterchanges.Item(TestInterchanges.s10("CP", "GB"), "DE", "42.50"));
        return http.send(HttpRequest.newBuilder(uri("/v1/postal/interchanges")).timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + POST_KEY).header("Content-Type", "application/EDIFACT")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A bulk upload (PARTNER-APIS §6.4) of three new orders, NDJSON, retried with its Idempotency-Key. */
    private void upload() throws Exception {
        int n = uploadSerial.incrementAndGet();
        List<String> orderIds = new ArrayList<>();
        StringBuilder ndjson = new StringBuilder();
        for (int line = 1; line <= 3; line++) {
            String orderId = "SO-" + uploadRun + "-" + n + "-" + line;
            orderIds.add(orderId);
            // no tracking link: the order waits for its parcel, which never comes (no fusion in this load)
            ndjson.append(JSON.writeValueAsString(PlatformFixtures.order(orderId))).append('\n');
        }
        byte[] body = ndjson.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        String key = "scale-upload-" + uploadRun + "-" + n;
        HttpResponse<String> r = untilAnswered(() -> HttpRequest.newBuilder(uri("/v1/platform/orders:bulk"))
                .header("Authorization", "Bearer " + PlatformFixtures.PLATFORM_KEY)
                .header("Content-Type", "application/x-ndjson; charset=utf-8").header("Idempotency-Key", key)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
        if (r == null) {
            return;
        }
        assertThat(r.statusCode()).as("bulk upload answer %s", r.body()).isIn(200, 202);
        submissions.incrementAndGet();
        uploadsTold.put(JSON.readTree(r.body()).path("uploadId").asText(), orderIds);
    }

    /** Sends until an answer that is not "try again"; null when the load stopped first. */
    private HttpResponse<String> untilAnswered(java.util.function.Supplier<HttpRequest.Builder> request) throws Exception {
        for (int attempt = 0; attempt < 600; attempt++) {
            try {
                HttpResponse<String> r = http.send(request.get().timeout(Duration.ofSeconds(30)).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 409 && r.body().contains("in-flight") || r.statusCode() == 429
                        || r.statusCode() == 503 || r.statusCode() == 404 && r.body().contains("No service")) {
                    retries.incrementAndGet();
                    retryCauses.computeIfAbsent(String.valueOf(r.statusCode()), k -> new AtomicInteger()).incrementAndGet();
                    long wait = r.headers().firstValueAsLong("Retry-After").orElse(1);
                    Thread.sleep(Math.min(wait, 5) * 1000L);
                    continue;
                }
                if (r.statusCode() >= 500) {
                    throw new AssertionError("5xx from the gateway: " + r.statusCode() + " " + r.body());
                }
                return r;
            } catch (IOException e) {
                // connection refused or cut by the kill: retry the same request, as a partner does
                retries.incrementAndGet();
                retryCauses.computeIfAbsent("io", k -> new AtomicInteger()).incrementAndGet();
                Thread.sleep(300);
            }
        }
        return null;
    }

    // ---- customs side ----

    private Map<String, Map<Integer, Set<String>>> pullAll() throws Exception {
        Map<String, Map<Integer, Set<String>>> all = new HashMap<>();
        String cursor = "";
        while (true) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri("/v1/customs/declarations?limit=1000"
                            + (cursor.isEmpty() ? "" : "&after=" + cursor)))
                    .header("Authorization", "Bearer " + CUSTOMS_KEY).GET().build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(200);
            JsonNode page = JSON.readTree(r.body());
            if (page.path("items").isEmpty()) {
                return all;
            }
            for (JsonNode item : page.path("items")) {
                all.computeIfAbsent(item.path("declarationId").asText(), k -> new HashMap<>())
                        .computeIfAbsent(item.path("revision").asInt(), k -> new HashSet<>())
                        .add(item.path("gatewayMessageId").asText());
            }
            cursor = page.path("nextCursor").asText();
        }
    }

    /** A recent page of the feed, for the decision load. */
    private Map<String, Map<Integer, Set<String>>> pullPage() throws Exception {
        Map<String, Map<Integer, Set<String>>> page = new LinkedHashMap<>();
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri("/v1/customs/declarations?limit=200"))
                .timeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer " + CUSTOMS_KEY).GET().build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            decisionAnswers.computeIfAbsent("pull-" + r.statusCode(), k -> new AtomicInteger()).incrementAndGet();
            return page;
        }
        for (JsonNode item : JSON.readTree(r.body()).path("items")) {
            page.computeIfAbsent(item.path("declarationId").asText(), k -> new HashMap<>())
                    .computeIfAbsent(item.path("revision").asInt(), k -> new HashSet<>())
                    .add(item.path("gatewayMessageId").asText());
        }
        return page;
    }

    private List<String> missing(Map<String, Map<Integer, Set<String>>> atCustoms) {
        List<String> missing = new ArrayList<>();
        told.forEach((declarationId, revisions) -> {
            for (int revision : revisions) {
                if (!atCustoms.getOrDefault(declarationId, Map.of()).containsKey(revision)) {
                    missing.add(declarationId + " revision " + revision);
                }
            }
        });
        return missing;
    }

    /** How often each accepted decision appears in its sender's history (postal item status, express events). */
    private Map<String, Integer> decisionCounts() throws Exception {
        Map<String, Integer> counts = new HashMap<>();
        Set<String> postalDeclarations = new HashSet<>(postalDeclarationByS10.values());
        for (var e : postalDeclarationByS10.entrySet()) {
            if (!decisions.containsValue(e.getValue())) {
                continue;
            }
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri("/v1/postal/items/" + e.getKey()))
                    .header("Authorization", "Bearer " + POST_KEY).GET().build(), HttpResponse.BodyHandlers.ofString());
            for (JsonNode d : JSON.readTree(r.body()).findValues("decisionId")) {
                counts.merge(d.asText(), 1, Integer::sum);
            }
        }
        String cursor = "";
        while (true) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri("/v1/decisions?limit=100"
                            + (cursor.isEmpty() ? "" : "&after=" + cursor)))
                    .header("Authorization", "Bearer " + EXPRESS_KEY).GET().build(), HttpResponse.BodyHandlers.ofString());
            JsonNode page = JSON.readTree(r.body());
            for (JsonNode event : page.path("events")) {
                JsonNode id = event.findValue("decisionId");
                JsonNode declaration = event.findValue("declarationId");
                if (id != null && (declaration == null || !postalDeclarations.contains(declaration.asText()))) {
                    counts.merge(id.asText(), 1, Integer::sum);
                }
            }
            if (!page.path("hasMore").asBoolean(false)) {
                return counts;
            }
            cursor = page.path("nextCursor").asText();
        }
    }
}
