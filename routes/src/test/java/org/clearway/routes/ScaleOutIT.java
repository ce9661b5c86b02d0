package org.clearway.routes;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.clearway.routes.store.TestDatabases;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Issue 13, "Scale-out": two packaged gateways (their own HTTP ports, data directories and
 * instance ids) on one PostgreSQL database and one standalone Artemis broker share the work. The
 * {@link GatewayLoad} sends every request attempt to an instance picked at random, so a submission
 * and its retries, a customs pull page and the next, land on either. The load: postal interchanges,
 * express shipments held 2 s by the hold window and released by whichever instance's poller claims
 * them first (no order data comes), express corrections, customs pulling the feed and deciding, and
 * a platform's bulk order uploads (spooled and processed by the instance that accepted them).
 *
 * <p>Proves: nothing told is lost, no revision reaches customs twice (two instances' sign stages
 * never emit one revision twice; two hold-window pollers never release one shipment twice), every
 * decision reaches its sender once; every bulk upload completes with each line counted once; both instances' stage consumers did work (per-instance counts
 * from each instance's {@code /actuator/prometheus}, logged as {@code SCALE-OUT RESULT}).
 * {@code -Dscale.millis} (default 25 s of load) and {@code -Dscale.workers} (default 5) for longer
 * runs ({@code scripts/scale-out-test.sh}). Needs PostgreSQL ({@code -Ppostgres}); skipped without.
 */
class ScaleOutIT {
    private static final Logger log = LoggerFactory.getLogger(ScaleOutIT.class);
    private static final Pattern ROUTE_COUNT = Pattern.compile(
            "^clearway_stage_handled_total\\{[^}]*stage=\"([^\"]+)\"[^}]*} ([0-9.E+]+)", Pattern.MULTILINE);
    private static final Pattern STAGE_EVENT = Pattern.compile(
            "^clearway_stage_messages_total\\{([^}]*)} ([0-9.E+]+)", Pattern.MULTILINE);
    private static final Pattern HTTP_COUNT = Pattern.compile(
            "^http_server_requests_seconds_count\\{[^}]*} ([0-9.E+]+)", Pattern.MULTILINE);

    @Test
    void twoInstancesOnOneDatabaseAndBrokerShareTheWorkLosingAndDoublingNothing() throws Exception {
        Path jar = GatewayProcess.findJar();
        Assumptions.assumeTrue(jar != null, "routes/target/clearway.jar not built (mvn package first)");
        Optional<TestDatabases.Database> pg = TestDatabases.postgres();
        Assumptions.assumeTrue(pg.isPresent(), TestDatabases::postgresUnavailable);
        Optional<Path> artemis = StandaloneArtemis.distribution();
        Assumptions.assumeTrue(artemis.isPresent(), StandaloneArtemis.unavailable());
        long loadMillis = Long.getLong("scale.millis", 25_000);
        int workers = Integer.getInteger("scale.workers", 5);

        Path logFile = jar.getParent().resolve("scale-out-artemis.log");
        Files.deleteIfExists(logFile);
        long began = System.nanoTime();
        String database = GatewayProcess.createDatabase(pg.get(), "clearway_scale_");
        try (StandaloneArtemis broker = StandaloneArtemis.create(artemis.get(),
                Files.createTempDirectory("clearway-artemis-"), logFile)) {
            broker.start();
            List<GatewayProcess> gateways = new ArrayList<>();
            for (String id : List.of("gw-a", "gw-b")) {
                gateways.add(new GatewayProcess(jar, "scale-out-" + id).arguments(broker.gatewayArguments())
                        .database(pg.get(), database).env("CLEARWAY_INSTANCE_ID", id));
            }
            try {
                // both at once: Flyway serialises the schema migration with a PostgreSQL advisory lock
                CompletableFuture<?>[] starting = gateways.stream().map(g -> CompletableFuture.runAsync(() -> {
                    try {
                        g.start();
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                })).toArray(CompletableFuture[]::new);
                CompletableFuture.allOf(starting).join();

                GatewayLoad load = new GatewayLoad(
                        () -> gateways.get(ThreadLocalRandom.current().nextInt(gateways.size())).base(), true);
                load.start(workers);
                Thread.sleep(loadMillis);
                GatewayLoad.Result result = load.drainAndCount(Duration.ofSeconds(30));

                Map<String, Map<String, Long>> perInstance = new TreeMap<>();
                for (GatewayProcess g : gateways) {
                    perInstance.put(g.name(), counts(g.prometheus()));
                }
                log.info("SCALE-OUT RESULT: instances=2 load-s={} duration-s={} {}", loadMillis / 1000,
                        (System.nanoTime() - began) / 1_000_000_000, result.line());
                perInstance.forEach((name, counts) -> log.info("SCALE-OUT INSTANCE {}: {}", name, counts));
                log.info("SCALE-OUT broker queues (consumers of both instances):\n{}", broker.queueStat());

                result.assertNothingLostOrDoubled();
                for (var e : perInstance.entrySet()) {
                    assertThat(e.getValue().getOrDefault("http-requests", 0L)).as("%s answered requests", e.getKey())
                            .isPositive();
                    long stageWork = e.getValue().entrySet().stream().filter(c -> c.getKey().startsWith("route:"))
                            .mapToLong(Map.Entry::getValue).sum();
                    assertThat(stageWork).as("%s's stage consumers took messages from the shared broker", e.getKey())
                            .isPositive();
                }
                long holdReleases = perInstance.values().stream()
                        .mapToLong(c -> c.getOrDefault("event:enrich/hold-expired", 0L)).sum();
                assertThat(holdReleases).as("hold windows released (by either instance)").isPositive();
            } finally {
                for (GatewayProcess g : gateways) {
                    g.kill();
                }
            }
        }
    }

    /** Per instance: exchanges per Camel route, stage events, HTTP requests answered. */
    static Map<String, Long> counts(String prometheus) {
        Map<String, Long> counts = new TreeMap<>();
        Matcher m = ROUTE_COUNT.matcher(prometheus);
        while (m.find()) {
            counts.merge("route:" + m.group(1), (long) Double.parseDouble(m.group(2)), Long::sum);
        }
        m = STAGE_EVENT.matcher(prometheus);
        while (m.find()) {
            String labels = m.group(1);
            String stage = label(labels, "stage");
            String event = label(labels, "event");
            if (stage != null && event != null) {
                counts.merge("event:" + stage + "/" + event, (long) Double.parseDouble(m.group(2)), Long::sum);
            }
        }
        m = HTTP_COUNT.matcher(prometheus);
        while (m.find()) {
            counts.merge("http-requests", (long) Double.parseDouble(m.group(1)), Long::sum);
        }
        return counts;
    }

    private static String label(String labels, String name) {
        Matcher m = Pattern.compile("(?:^|,)" + name + "=\"([^\"]*)\"").matcher(labels);
        return m.find() ? m.group(1) : null;
    }
}
