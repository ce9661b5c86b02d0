package org.clearway.routes;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.clearway.routes.store.TestDatabases;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The crash test of issue 12: the packaged gateway ({@code routes/target/clearway.jar}, started as
 * the README says, on its own data directory) takes mixed load while it is killed with SIGKILL at
 * random moments and restarted on the same data. The load: postal interchanges of several items,
 * express shipments held by the hold window (2 s here, so holds are pending at every kill), express
 * amendments, and customs decisions on what reached customs. The client retries every request that
 * got no answer the way a partner does: the same bytes, the same {@code Idempotency-Key}, after
 * {@code Retry-After} on 409/429/503.
 *
 * <p>At the end, read from the customs pull feed from the start: every accepted submission has
 * exactly one emission per revision it was told about, under the declarationId it was told; no
 * revision has two emissions (two gatewayMessageIds); every decision is in its sender's history once.
 *
 * <p>{@code -Dcrash.kills} (default 3, CI) and {@code -Dcrash.workers} (default 4); the script
 * {@code scripts/crash-test.sh} runs 20 kills and prints the counts. Runs on H2, and on PostgreSQL
 * when configured ({@code -Ppostgres}).
 */
class GatewayCrashIT {
    private static final Logger log = LoggerFactory.getLogger(GatewayCrashIT.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String POST_KEY = "demo-post-key";
    private static final String EXPRESS_KEY = "demo-express-key";
    private static final String CUSTOMS_KEY = "demo-customs-key";

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();
    private volatile Process gateway;
    private int port;
    private Path dataDir;
    private Path logFile;
    private final List<String> extraEnv = new ArrayList<>();

    /** What each accepted submission was told: declarationId -> revisions. */
    private final Map<String, Set<Integer>> told = new ConcurrentHashMap<>();
    private final Map<String, String> postalDeclarationByS10 = new ConcurrentHashMap<>();
    private final AtomicInteger submissions = new AtomicInteger();
    private final AtomicInteger retries = new AtomicInteger();
    private final AtomicInteger closedCorrections = new AtomicInteger();
    /** decisionId -> declarationId of every decision the gateway accepted. */
    private final Map<String, String> decisions = new ConcurrentHashMap<>();
    private final Set<String> decided = ConcurrentHashMap.newKeySet();
    private final Map<String, AtomicInteger> decisionAnswers = new ConcurrentHashMap<>();

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void killedUnderLoadAndRestartedItLosesAndDoublesNothing(String kind) throws Exception {
        Path jar = findJar();
        Assumptions.assumeTrue(jar != null, "routes/target/clearway.jar not built (mvn package first)");
        if ("postgresql".equals(kind)) {
            Optional<TestDatabases.Database> pg = TestDatabases.postgres();
            Assumptions.assumeTrue(pg.isPresent(), TestDatabases::postgresUnavailable);
            String db = createDatabase(pg.get());
            extraEnv.add("CLEARWAY_DB_URL=" + db);
            extraEnv.add("CLEARWAY_DB_USER=" + pg.get().user());
            extraEnv.add("CLEARWAY_DB_PASSWORD=" + pg.get().password());
        }
        int kills = Integer.getInteger("crash.kills", 3);
        int workers = Integer.getInteger("crash.workers", 4);
        dataDir = Files.createTempDirectory("clearway-crash-" + kind + "-");
        logFile = jar.getParent().resolve("crash-" + kind + ".log");
        Files.deleteIfExists(logFile);
        port = freePort();
        Path root = jar.getParent().getParent().getParent();
        start(root, jar);

        AtomicBoolean loading = new AtomicBoolean(true);
        ExecutorService pool = Executors.newFixedThreadPool(workers + 1);
        List<Future<?>> load = new ArrayList<>();
        for (int w = 0; w < workers; w++) {
            int worker = w;
            load.add(pool.submit(() -> {
                while (loading.get()) {
                    // worker 0 plays customs deciding on what arrived; the others are posts and carriers
                    if (worker == 0) {
                        decide();
                    } else if ((worker + submissions.get()) % 3 == 0) {
                        express();
                    } else {
                        postal();
                    }
                }
                return null;
            }));
        }
        for (int k = 1; k <= kills; k++) {
            Thread.sleep(ThreadLocalRandom.current().nextLong(2_000, 6_000));
            long pid = gateway.pid();
            gateway.destroyForcibly(); // SIGKILL: no shutdown hook, no flush
            gateway.waitFor(30, TimeUnit.SECONDS);
            log.info("CRASH kill {}/{} of pid {} after {} submissions", k, kills, pid, submissions.get());
            start(root, jar);
        }
        Thread.sleep(Long.getLong("crash.tail-millis", 15_000)); // load and decisions after the last restart
        loading.set(false);
        for (Future<?> f : load) {
            f.get(5, TimeUnit.MINUTES);
        }
        pool.shutdownNow();

        // drain: holds end after 2 s; wait until every told revision is at customs or nothing moves
        Map<String, Map<Integer, Set<String>>> atCustoms = Map.of();
        int previous = -1;
        long stableSince = System.nanoTime();
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (System.nanoTime() < deadline) {
            atCustoms = pullAll();
            int count = atCustoms.values().stream().mapToInt(Map::size).sum();
            if (missing(atCustoms).isEmpty()) {
                break;
            }
            if (count != previous) {
                previous = count;
                stableSince = System.nanoTime();
            } else if (System.nanoTime() - stableSince > Duration.ofSeconds(40).toNanos()) {
                break;
            }
            Thread.sleep(1_000);
        }
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
        Map<String, Integer> decisionCounts = decisionCounts();
        List<String> decisionProblems = new ArrayList<>();
        decisions.forEach((decisionId, declarationId) -> {
            int n = decisionCounts.getOrDefault(decisionId, 0);
            if (n != 1) {
                decisionProblems.add("decision " + decisionId + " of " + declarationId + " seen " + n + " times");
            }
        });
        log.info("CRASH RESULT {}: kills={} submissions={} retried={} closed-corrections={} told-revisions={} "
                        + "at-customs={} lost={} duplicated={} decisions={} decision-problems={} (decision answers {})", kind,
                kills, submissions.get(), retries.get(), closedCorrections.get(), expected, revisionsAtCustoms, lost.size(), doubled.size(), decisions.size(),
                decisionProblems.size(), decisionAnswers);
        gateway.destroyForcibly();
        gateway.waitFor(30, TimeUnit.SECONDS);

        assertThat(expected).as("accepted revisions").isPositive();
        assertThat(lost).as("told revisions missing at customs").isEmpty();
        assertThat(doubled).as("revisions emitted twice under different gatewayMessageIds").isEmpty();
        assertThat(decisions).as("decisions accepted during the load").isNotEmpty();
        assertThat(decisionProblems).isEmpty();
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

    /** Sends until an answer that is not "try again"; null when the load stopped first. */
    private HttpResponse<String> untilAnswered(java.util.function.Supplier<HttpRequest.Builder> request) throws Exception {
        for (int attempt = 0; attempt < 600; attempt++) {
            try {
                HttpResponse<String> r = http.send(request.get().timeout(Duration.ofSeconds(30)).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 409 && r.body().contains("in-flight") || r.statusCode() == 429
                        || r.statusCode() == 503 || r.statusCode() == 404 && r.body().contains("No service")) {
                    retries.incrementAndGet();
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

    // ---- the gateway process ----

    private void start(Path root, Path jar) throws Exception {
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-jar", jar.toString(),
                "--clearway.partners.DEMO-EXPRESS.hold-window=2s",
                "--clearway.api.rate-limit-per-second=100000", "--clearway.api.rate-limit-burst=100000",
                "--logging.level.org.clearway=WARN", "--logging.level.org.apache=WARN");
        ProcessBuilder pb = new ProcessBuilder(command).directory(root.toFile())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
        pb.environment().put("CLEARWAY_DATA_DIR", dataDir.toString());
        pb.environment().put("CLEARWAY_HTTP_PORT", String.valueOf(port));
        for (String kv : extraEnv) {
            int eq = kv.indexOf('=');
            pb.environment().put(kv.substring(0, eq), kv.substring(eq + 1));
        }
        long started = System.nanoTime();
        gateway = pb.start();
        while (true) {
            if (!gateway.isAlive()) {
                throw new AssertionError("the gateway exited with " + gateway.exitValue() + "; see " + logFile);
            }
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri("/v1/customs/certificates"))
                        .header("Authorization", "Bearer " + CUSTOMS_KEY).timeout(Duration.ofSeconds(2)).GET().build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    break;
                }
            } catch (IOException e) {
                // not listening yet
            }
            if (System.nanoTime() - started > Duration.ofSeconds(300).toNanos()) {
                throw new AssertionError("the gateway did not answer within 300 s; see " + logFile);
            }
            Thread.sleep(200);
        }
        log.info("CRASH gateway pid {} ready after {} ms", gateway.pid(), (System.nanoTime() - started) / 1_000_000);
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    private static Path findJar() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            for (Path candidate : List.of(dir.resolve("target/clearway.jar"), dir.resolve("routes/target/clearway.jar"))) {
                if (Files.isRegularFile(candidate)) {
                    return candidate.toAbsolutePath();
                }
            }
        }
        return null;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** A fresh PostgreSQL database of its own for the gateway process. */
    private static String createDatabase(TestDatabases.Database admin) throws Exception {
        String name = "clearway_crash_" + Long.toHexString(System.nanoTime());
        try (var c = java.sql.DriverManager.getConnection(admin.url(), admin.user(), admin.password());
             var s = c.createStatement()) {
            s.execute("create database " + name);
        }
        return admin.url().substring(0, admin.url().lastIndexOf('/') + 1) + name;
    }

    @SuppressWarnings("unused")
    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }
}
