package org.clearway.routes.bench;

import java.nio.file.Path;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestPlan;

/**
 * Prints the bench table when a bench run ends (registered through {@code META-INF/services};
 * active only when the bench profile sets {@code bench.table=true}, silent in ordinary test runs).
 */
public class BenchTableListener implements TestExecutionListener {
    private static boolean active() {
        return Boolean.getBoolean("bench.table");
    }

    @Override
    public void testPlanExecutionStarted(TestPlan testPlan) {
        if (active()) {
            BenchTable.start();
        }
    }

    @Override
    public void testPlanExecutionFinished(TestPlan testPlan) {
        if (active() && !BenchTable.isEmpty()) {
            BenchTable.print(Path.of("target", "bench-table.md"));
        }
    }
}
