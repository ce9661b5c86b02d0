package org.clearway.routes.pipeline;

import io.micrometer.core.instrument.MeterRegistry;
import jakarta.jms.ConnectionFactory;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.clearway.routes.ops.StageEvents;
import org.clearway.routes.store.TraceLog;
import org.clearway.routes.support.GatewayProperties;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * Runs every batched stage ({@link StageDefinition} beans): starts their consumers once the
 * application context is up, stops them first on shutdown, and reports them as the {@code stages}
 * health contributor. Operators and tests stop and start a stage by name.
 */
@Component("stages")
public class StageRunners implements SmartLifecycle, HealthIndicator {
    private final Map<String, BatchStageRunner> runners = new LinkedHashMap<>();
    private volatile boolean running;

    public StageRunners(org.springframework.beans.factory.ObjectProvider<StageDefinition> stages, StageProperties properties, GatewayProperties gateway,
                        ConnectionFactory connections, PlatformTransactionManager transactions, TraceLog trace,
                        StageEvents events, Clock clock, MeterRegistry meters) {
        for (StageDefinition stage : stages.orderedStream().toList()) {
            int consumers = stage.consumers() > 0 ? stage.consumers() : gateway.pipeline().concurrentConsumers();
            BatchStageRunner runner = new BatchStageRunner(stage, consumers, properties,
                    gateway.pipeline().maximumRedeliveries(), gateway.pipeline().redeliveryDelay(), connections,
                    transactions, trace, events, clock, meters);
            if (runners.putIfAbsent(stage.name(), runner) != null) {
                throw new IllegalStateException("two stages are named " + stage.name());
            }
        }
    }

    public Optional<BatchStageRunner> stage(String name) {
        return Optional.ofNullable(runners.get(name));
    }

    /** Stops one stage's consumers (its queue fills up meanwhile). */
    public void stop(String name) {
        stage(name).orElseThrow(() -> new IllegalArgumentException("no stage " + name)).stop();
    }

    public void start(String name) {
        stage(name).orElseThrow(() -> new IllegalArgumentException("no stage " + name)).start();
    }

    @Override
    public void start() {
        runners.values().forEach(BatchStageRunner::start);
        running = true;
    }

    @Override
    public void stop() {
        runners.values().forEach(BatchStageRunner::stop);
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Late start, early stop: after the broker, database and routes are up; before they go. */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 1000;
    }

    @Override
    public Health health() {
        Health.Builder health = Health.up();
        for (BatchStageRunner r : runners.values()) {
            String state = !r.isRunning() ? "Stopped" : r.connectedConsumers() > 0 ? "Started" : "Connecting";
            health.withDetail(r.name(), state);
            if (!"Started".equals(state)) {
                // as Camel's route health does: not ready for traffic, but not broken
                health.outOfService();
            }
        }
        return health.build();
    }
}
