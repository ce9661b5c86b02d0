package org.clearway.routes;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A standalone Apache Artemis broker in its own process, for the out-of-process ITs: the
 * distribution {@code org.apache.activemq:apache-artemis:<version>:tar.gz:bin} that the build
 * unpacks to {@code routes/target/apache-artemis-<version>} (maven-dependency-plugin, phase
 * pre-integration-test; Failsafe passes its path as {@code clearway.test.artemis.home}).
 *
 * <p>{@link #create} makes a persistent instance (NIO journal, fsync on, paging, login required,
 * only the core acceptor on a free loopback port, no web console, 256 MiB heap); {@link #start}
 * runs it in the foreground ({@code artemis run}, which {@code exec}s the JVM, so the process is
 * the broker), {@link #kill} sends SIGKILL, {@link #start} again restarts it on the same journal.
 */
final class StandaloneArtemis implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(StandaloneArtemis.class);
    static final String USER = "clearway-gw";
    static final String PASSWORD = "broker-test-only";

    private final Path home;
    private final Path instance;
    private final int port;
    private final Path logFile;
    private volatile Process process;
    private int starts;

    private StandaloneArtemis(Path home, Path instance, int port, Path logFile) {
        this.home = home;
        this.instance = instance;
        this.port = port;
        this.logFile = logFile;
    }

    /** The unpacked distribution: {@code clearway.test.artemis.home}, else {@code target/apache-artemis-*} found upwards. */
    static Optional<Path> distribution() {
        String configured = System.getProperty("clearway.test.artemis.home", "");
        if (!configured.isBlank() && Files.isExecutable(Path.of(configured, "bin", "artemis"))) {
            return Optional.of(Path.of(configured).toAbsolutePath());
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            for (Path target : List.of(dir.resolve("target"), dir.resolve("routes/target"))) {
                if (!Files.isDirectory(target)) {
                    continue;
                }
                try (var entries = Files.list(target)) {
                    Optional<Path> found = entries.filter(p -> p.getFileName().toString().startsWith("apache-artemis-"))
                            .filter(p -> Files.isExecutable(p.resolve("bin/artemis"))).findFirst();
                    if (found.isPresent()) {
                        return found;
                    }
                } catch (IOException e) {
                    // not readable: look further up
                }
            }
        }
        return Optional.empty();
    }

    static String unavailable() {
        return "the Artemis distribution is not unpacked (mvn verify unpacks it to routes/target/apache-artemis-*)";
    }

    /** Creates a fresh broker instance under {@code parent} listening on a free loopback port. */
    static StandaloneArtemis create(Path home, Path parent, Path logFile) throws Exception {
        int port = freePort();
        Path instance = parent.resolve("broker");
        List<String> command = List.of(home.resolve("bin/artemis").toString(), "create", instance.toString(),
                "--silent", "--force", "--name", "clearway-test", "--user", USER, "--password", PASSWORD,
                "--require-login", "--no-web", "--nio", "--paging", "--no-autotune",
                "--host", "127.0.0.1", "--default-port", String.valueOf(port),
                "--no-amqp-acceptor", "--no-mqtt-acceptor", "--no-stomp-acceptor", "--no-hornetq-acceptor",
                "--java-memory", "256M");
        Process create = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile())).start();
        if (!create.waitFor(120, TimeUnit.SECONDS) || create.exitValue() != 0) {
            create.destroyForcibly();
            throw new AssertionError("artemis create failed; see " + logFile);
        }
        // the profile's -Xms512M is over the 256 MiB asked for (the JVM refuses to start): a small initial heap
        Path profile = instance.resolve("etc/artemis.profile");
        Files.writeString(profile, Files.readString(profile).replace("-Xms512M", "-Xms64M"));
        // as README "Production topology" asks of an external broker: message groups in buckets
        // (the embedded broker's BrokerConfig does the same)
        Path brokerXml = instance.resolve("etc/broker.xml");
        String xml = Files.readString(brokerXml);
        if (!xml.contains("<address-setting match=\"#\">")) {
            throw new AssertionError("no catch-all address-setting in " + brokerXml);
        }
        Files.writeString(brokerXml, xml.replace("<address-setting match=\"#\">",
                "<address-setting match=\"#\">\n            <default-group-buckets>1024</default-group-buckets>"));
        log.info("BROKER instance {} created on port {}", instance, port);
        return new StandaloneArtemis(home, instance, port, logFile);
    }

    /** The URL the gateway connects with ({@code spring.artemis.broker-url}). */
    String url() {
        return "tcp://127.0.0.1:" + port;
    }

    /** The gateway's arguments for this broker: native mode, no embedded broker, the credentials. */
    List<String> gatewayArguments() {
        return new ArrayList<>(List.of("--spring.artemis.mode=native", "--spring.artemis.embedded.enabled=false",
                "--spring.artemis.broker-url=" + url(), "--spring.artemis.user=" + USER,
                "--spring.artemis.password=" + PASSWORD));
    }

    /** Runs the instance and waits until its acceptor takes connections. */
    void start() throws Exception {
        long started = System.nanoTime();
        process = new ProcessBuilder(instance.resolve("bin/artemis").toString(), "run").redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile())).start();
        starts++;
        while (!listening()) {
            if (!process.isAlive()) {
                throw new AssertionError("the broker exited with " + process.exitValue() + "; see " + logFile);
            }
            if (System.nanoTime() - started > Duration.ofSeconds(120).toNanos()) {
                throw new AssertionError("the broker did not listen within 120 s; see " + logFile);
            }
            Thread.sleep(100);
        }
        log.info("BROKER pid {} listening on {} after {} ms (start {})", process.pid(), url(),
                (System.nanoTime() - started) / 1_000_000, starts);
    }

    /** {@code artemis queue stat} of the running broker: per queue its consumers, messages added and acknowledged. */
    String queueStat() throws Exception {
        Process stat = new ProcessBuilder(home.resolve("bin/artemis").toString(), "queue", "stat", "--url", url(),
                "--user", USER, "--password", PASSWORD, "--maxRows", "100").redirectErrorStream(true).start();
        String out = new String(stat.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        stat.waitFor(60, TimeUnit.SECONDS);
        return out;
    }

    /** SIGKILL: no shutdown, the journal as the disk has it. */
    void kill() throws InterruptedException {
        Process p = process;
        if (p != null && p.isAlive()) {
            p.destroyForcibly();
            p.waitFor(30, TimeUnit.SECONDS);
            log.info("BROKER pid {} killed", p.pid());
        }
    }

    boolean alive() {
        return process != null && process.isAlive();
    }

    @Override
    public void close() throws InterruptedException {
        kill();
    }

    private boolean listening() {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
