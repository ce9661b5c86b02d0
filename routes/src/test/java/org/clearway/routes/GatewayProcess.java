package org.clearway.routes;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.clearway.routes.store.TestDatabases;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The packaged gateway ({@code routes/target/clearway.jar}) in its own process, started as the
 * README says (from the repository root, on its own data directory and HTTP port), for the
 * out-of-process ITs: {@link GatewayCrashIT}, {@link BrokerRestartIT}, {@link ScaleOutIT}.
 */
final class GatewayProcess {
    private static final Logger log = LoggerFactory.getLogger(GatewayProcess.class);

    private static final long START_SECONDS = Long.getLong("gateway.start-seconds", 600);

    private final String name;
    private final Path jar;
    private final Path root;
    private final Path dataDir;
    private final Path logFile;
    private final int port;
    private final List<String> arguments = new ArrayList<>();
    private final Map<String, String> environment = new LinkedHashMap<>();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();
    private volatile Process process;

    /**
     * A gateway named {@code name} (its log is {@code target/<name>.log}, truncated here) on a fresh
     * data directory and a free port, with the crash tests' settings: 2 s express hold window, no
     * rate limit, quiet logs.
     */
    GatewayProcess(Path jar, String name) throws IOException {
        this.name = name;
        this.jar = jar;
        this.root = jar.getParent().getParent().getParent();
        this.dataDir = Files.createTempDirectory("clearway-" + name + "-");
        this.logFile = jar.getParent().resolve(name + ".log");
        Files.deleteIfExists(logFile);
        this.port = freePort();
        arguments.addAll(List.of("--clearway.partners.DEMO-EXPRESS.hold-window=2s",
                "--clearway.api.rate-limit-per-second=100000", "--clearway.api.rate-limit-burst=100000",
                "--logging.level.org.clearway=WARN", "--logging.level.org.apache=WARN"));
    }

    GatewayProcess argument(String argument) {
        arguments.add(argument);
        return this;
    }

    GatewayProcess arguments(List<String> more) {
        arguments.addAll(more);
        return this;
    }

    GatewayProcess env(String key, String value) {
        environment.put(key, value);
        return this;
    }

    /** Runs the gateway on the given PostgreSQL database (URL, user and password from the environment, as in production). */
    GatewayProcess database(TestDatabases.Database database, String url) {
        return env("CLEARWAY_DB_URL", url).env("CLEARWAY_DB_USER", database.user())
                .env("CLEARWAY_DB_PASSWORD", database.password());
    }

    int port() {
        return port;
    }

    String name() {
        return name;
    }

    Path logFile() {
        return logFile;
    }

    String base() {
        return "http://127.0.0.1:" + port;
    }

    long pid() {
        return process.pid();
    }

    boolean alive() {
        return process != null && process.isAlive();
    }

    /**
     * Starts the process and waits until it answers an authenticated API call (at most
     * {@code -Dgateway.start-seconds}, default 600: a loaded CI machine starts slowly).
     */
    void start() throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                // C1 only and the serial collector: a faster start and fewer threads on a small test machine
                "-Xmx512m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Duser.timezone=UTC", "-jar", jar.toString()));
        command.addAll(arguments);
        ProcessBuilder pb = new ProcessBuilder(command).directory(root.toFile())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
        pb.environment().put("CLEARWAY_DATA_DIR", dataDir.toString());
        pb.environment().put("CLEARWAY_HTTP_PORT", String.valueOf(port));
        pb.environment().putAll(environment);
        long started = System.nanoTime();
        process = pb.start();
        while (true) {
            if (!process.isAlive()) {
                throw new AssertionError(name + " exited with " + process.exitValue() + "; see " + logFile);
            }
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base() + "/v1/customs/certificates"))
                        .header("Authorization", "Bearer " + GatewayLoad.CUSTOMS_KEY).timeout(Duration.ofSeconds(2)).GET().build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    break;
                }
            } catch (IOException e) {
                // not listening yet
            }
            if (System.nanoTime() - started > Duration.ofSeconds(START_SECONDS).toNanos()) {
                throw new AssertionError(name + " did not answer within " + START_SECONDS + " s; see " + logFile);
            }
            Thread.sleep(200);
        }
        log.info("GATEWAY {} pid {} on port {} ready after {} ms", name, process.pid(), port,
                (System.nanoTime() - started) / 1_000_000);
    }

    /** SIGKILL: no shutdown hook, no flush. */
    void kill() throws InterruptedException {
        Process p = process;
        if (p != null && p.isAlive()) {
            p.destroyForcibly();
            p.waitFor(30, TimeUnit.SECONDS);
        }
    }

    /** The admin-free Prometheus scrape (public from loopback). */
    String prometheus() throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base() + "/actuator/prometheus"))
                .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new AssertionError(name + " /actuator/prometheus answered " + r.statusCode());
        }
        return r.body();
    }

    static Path findJar() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            for (Path candidate : List.of(dir.resolve("target/clearway.jar"), dir.resolve("routes/target/clearway.jar"))) {
                if (Files.isRegularFile(candidate)) {
                    return candidate.toAbsolutePath();
                }
            }
        }
        return null;
    }

    /** A fresh PostgreSQL database of its own for gateway processes; returns its URL. */
    static String createDatabase(TestDatabases.Database admin, String prefix) throws Exception {
        String db = prefix + Long.toHexString(System.nanoTime());
        try (var c = java.sql.DriverManager.getConnection(admin.url(), admin.user(), admin.password());
             var s = c.createStatement()) {
            s.execute("create database " + db);
        }
        return admin.url().substring(0, admin.url().lastIndexOf('/') + 1) + db;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
