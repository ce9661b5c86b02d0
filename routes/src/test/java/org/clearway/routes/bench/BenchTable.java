package org.clearway.routes.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one table of a bench run (issue 12, step 7): the raw limits measured in this run, Clearway's
 * figures, and each figure as a ratio of the limit it is compared with, next to the target ratio.
 * Benches record into it as they go (they all run in one failsafe JVM); {@link BenchTableListener}
 * prints it when the run ends and writes {@code target/bench-table.md}.
 */
final class BenchTable {
    private static final Logger log = LoggerFactory.getLogger(BenchTable.class);

    /** A raw building block's capacity, measured in this run. */
    record Limit(String key, String label, double value, String unit) {
    }

    /** A Clearway figure, optionally compared with a limit ({@code limitKey}) against a target ratio. */
    record Figure(String label, double value, String unit, String limitKey, Double target, boolean lowerIsBetter) {
    }

    private static final Map<String, Limit> LIMITS = new ConcurrentHashMap<>();
    private static final List<Limit> LIMIT_ORDER = new CopyOnWriteArrayList<>();
    private static final List<Figure> FIGURES = new CopyOnWriteArrayList<>();
    private static final BenchSupport.HeapSampler HEAP = new BenchSupport.HeapSampler();

    /** Starts sampling the heap for the whole run (the bench profile's listener calls it first). */
    static synchronized void start() {
        if (!HEAP.isAlive()) {
            HEAP.start();
        }
    }

    private BenchTable() {
    }

    static void limit(String key, String label, double value, String unit) {
        Limit limit = new Limit(key, label, value, unit);
        if (LIMITS.put(key, limit) == null) {
            LIMIT_ORDER.add(limit);
        } else {
            LIMIT_ORDER.replaceAll(l -> l.key().equals(key) ? limit : l);
        }
    }

    static void figure(String label, double value, String unit) {
        FIGURES.add(new Figure(label, value, unit, null, null, false));
    }

    /** A throughput compared with a limit: ratio = value / limit, target is a minimum. */
    static void figure(String label, double value, String unit, String limitKey, Double target) {
        FIGURES.add(new Figure(label, value, unit, limitKey, target, false));
    }

    /** A latency compared with a limit: ratio = value / limit, target is a maximum. */
    static void latency(String label, double millis, String limitKey, Double maxRatio) {
        FIGURES.add(new Figure(label, millis, "ms", limitKey, maxRatio, true));
    }

    static boolean isEmpty() {
        return LIMITS.isEmpty() && FIGURES.isEmpty();
    }

    /** Peak RSS of this JVM (Linux {@code VmHWM}), in MiB; -1 elsewhere. */
    static long peakRssMib() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            log.debug("no /proc/self/status: {}", e.toString());
        }
        return -1;
    }

    static String render() {
        StringBuilder t = new StringBuilder();
        t.append("Machine: ").append(Runtime.getRuntime().availableProcessors()).append(" cores, ")
                .append(System.getProperty("os.name")).append(' ').append(System.getProperty("os.arch"))
                .append(", Java ").append(System.getProperty("java.version"))
                .append(", -Xmx").append(Runtime.getRuntime().maxMemory() / BenchSupport.MIB).append("m\n\n");
        t.append("| Raw limit (this run) | Value |\n|---|---:|\n");
        for (Limit l : LIMIT_ORDER) {
            t.append("| ").append(l.label()).append(" | ").append(number(l.value())).append(' ').append(l.unit())
                    .append(" |\n");
        }
        t.append("\n| Clearway | Value | Compared with | Ratio | Target |\n|---|---:|---|---:|---|\n");
        List<Figure> figures = new ArrayList<>(FIGURES);
        figures.add(new Figure("peak heap used (whole run)", HEAP.maxUsed / (double) BenchSupport.MIB, "MiB",
                null, null, false));
        figures.add(new Figure("peak RSS of the bench JVM (whole run)", peakRssMib(), "MiB", null, null, false));
        for (Figure f : figures) {
            Limit l = f.limitKey() == null ? null : LIMITS.get(f.limitKey());
            String ratio = "";
            String target = "";
            if (l != null && l.value() > 0) {
                double r = f.value() / l.value();
                ratio = String.format(Locale.ROOT, "%.3fx", r);
                if (f.target() != null) {
                    boolean met = f.lowerIsBetter() ? r <= f.target() : r >= f.target();
                    target = (f.lowerIsBetter() ? "<= " : ">= ") + f.target() + "x " + (met ? "met" : "NOT met");
                }
            }
            t.append("| ").append(f.label()).append(" | ").append(number(f.value())).append(' ').append(f.unit())
                    .append(" | ").append(l == null ? "" : l.label()).append(" | ").append(ratio).append(" | ")
                    .append(target).append(" |\n");
        }
        return t.toString();
    }

    static void print(Path file) {
        String table = render();
        log.info("BENCH TABLE\n{}", table);
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, table, StandardCharsets.UTF_8);
        } catch (IOException e) {
            log.warn("cannot write {}: {}", file, e.toString());
        }
    }

    private static String number(double v) {
        return v >= 100 || v == Math.rint(v) ? String.format(Locale.ROOT, "%,.0f", v) : String.format(Locale.ROOT, "%.1f", v);
    }

    static String jvmName() {
        return ManagementFactory.getRuntimeMXBean().getName();
    }
}
