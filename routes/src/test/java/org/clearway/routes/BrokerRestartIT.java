package org.clearway.routes;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.clearway.routes.store.TestDatabases;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Issue 13, "Outage and broker restart": the packaged gateway on an external, standalone Artemis
 * broker (the Maven Central distribution, {@link StandaloneArtemis}; the gateway configured by URL
 * as the README says), under the crash test's mixed load ({@link GatewayLoad}: postal, held and
 * corrected express shipments, customs pulling and deciding). The broker is killed with SIGKILL and
 * restarted on its journal {@code -Dbroker.kills} times (default 3) while the load runs, each time
 * away for {@code -Dbroker.down-millis} (default 4 s).
 *
 * <p>Proves: the gateway reconnects by itself after every restart (its stage consumers take work
 * again: everything told reaches customs after the last restart); while the broker is away it
 * answers {@code 503} with {@code Retry-After} (the load fails on any 5xx, and it must have seen
 * 503s); nothing told is lost and nothing is doubled at customs; every decision reaches its sender
 * once. The gateway itself is never restarted. On PostgreSQL when it is configured ({@code -Ppostgres}:
 * the production topology, external broker and database), else on the default H2 file database.
 */
class BrokerRestartIT {
    private static final Logger log = LoggerFactory.getLogger(BrokerRestartIT.class);

    @Test
    void brokerKilledAndRestartedUnderLoadTheGatewayReconnectsAndLosesNothing() throws Exception {
        Path jar = GatewayProcess.findJar();
        Assumptions.assumeTrue(jar != null, "routes/target/clearway.jar not built (mvn package first)");
        Optional<Path> artemis = StandaloneArtemis.distribution();
        Assumptions.assumeTrue(artemis.isPresent(), StandaloneArtemis.unavailable());
        int kills = Integer.getInteger("broker.kills", 3);
        long downMillis = Long.getLong("broker.down-millis", 4_000);
        int workers = Integer.getInteger("broker.workers", 4);

        Path logFile = jar.getParent().resolve("broker-restart-artemis.log");
        Files.deleteIfExists(logFile);
        long began = System.nanoTime();
        try (StandaloneArtemis broker = StandaloneArtemis.create(artemis.get(),
                Files.createTempDirectory("clearway-artemis-"), logFile)) {
            broker.start();
            GatewayProcess gateway = new GatewayProcess(jar, "broker-restart-gateway").arguments(broker.gatewayArguments());
            Optional<TestDatabases.Database> pg = TestDatabases.postgres();
            if (pg.isPresent()) {
                gateway.database(pg.get(), GatewayProcess.createDatabase(pg.get(), "clearway_broker_"));
            }
            String kind = pg.isPresent() ? "postgresql" : "h2";
            gateway.start();
            GatewayLoad load = new GatewayLoad(gateway::base);
            GatewayLoad.Result result;
            java.net.http.HttpResponse<String> probe = null;
            try {
                load.start(workers);
                for (int k = 1; k <= kills; k++) {
                    Thread.sleep(ThreadLocalRandom.current().nextLong(3_000, 7_000));
                    int before = load.submissions.get();
                    broker.kill();
                    long down = System.nanoTime();
                    if (k == 1) {
                        // a post sending while the broker is away is told to try again, not given a 5xx
                        probe = load.postalOnce();
                    }
                    Thread.sleep(Math.max(0, downMillis - (System.nanoTime() - down) / 1_000_000));
                    log.info("BROKER kill {}/{} after {} submissions; {} answered while it was away", k, kills, before,
                            load.submissions.get() - before);
                    broker.start();
                }
                Thread.sleep(Long.getLong("broker.tail-millis", 12_000)); // load and decisions after the last restart
                assertThat(gateway.alive()).as("the gateway process survived every broker restart").isTrue();
                result = load.drainAndCount(Duration.ofSeconds(40));
                log.info("BROKER RESTART RESULT {}: kills={} down-ms={} duration-s={} {}", kind, kills, downMillis,
                        (System.nanoTime() - began) / 1_000_000_000, result.line());
            } finally {
                gateway.kill();
            }
            result.assertNothingLostOrDoubled();
            assertThat(probe.statusCode()).as("answer while the broker was away: %s", probe.body()).isEqualTo(503);
            assertThat(probe.headers().firstValue("Retry-After")).as("Retry-After").isPresent();
        }
    }
}
