package org.clearway.routes;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
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

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void killedUnderLoadAndRestartedItLosesAndDoublesNothing(String kind) throws Exception {
        Path jar = GatewayProcess.findJar();
        Assumptions.assumeTrue(jar != null, "routes/target/clearway.jar not built (mvn package first)");
        GatewayProcess gateway = new GatewayProcess(jar, "crash-" + kind);
        if ("postgresql".equals(kind)) {
            Optional<TestDatabases.Database> pg = TestDatabases.postgres();
            Assumptions.assumeTrue(pg.isPresent(), TestDatabases::postgresUnavailable);
            gateway.database(pg.get(), GatewayProcess.createDatabase(pg.get(), "clearway_crash_"));
        }
        int kills = Integer.getInteger("crash.kills", 3);
        int workers = Integer.getInteger("crash.workers", 4);
        gateway.start();
        GatewayLoad load = new GatewayLoad(gateway::base);
        GatewayLoad.Result result;
        try {
            load.start(workers);
            for (int k = 1; k <= kills; k++) {
                Thread.sleep(ThreadLocalRandom.current().nextLong(2_000, 6_000));
                long pid = gateway.pid();
                gateway.kill(); // SIGKILL: no shutdown hook, no flush
                log.info("CRASH kill {}/{} of pid {} after {} submissions", k, kills, pid, load.submissions.get());
                gateway.start();
            }
            Thread.sleep(Long.getLong("crash.tail-millis", 15_000)); // load and decisions after the last restart
            result = load.drainAndCount(Duration.ofSeconds(40));
            log.info("CRASH RESULT {}: kills={} {}", kind, kills, result.line());
        } finally {
            gateway.kill();
        }
        result.assertNothingLostOrDoubled();
    }
}
