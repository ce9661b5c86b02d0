package org.clearway.routes.console;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Live throughput and latency from the trace table, so the charts work without a metrics
 * registry: events per minute per stage and per partner, and per stage the time since the
 * consignment's previous event (how long the stage took, queue wait included).
 */
public final class Throughput {
    /** Per-minute series: minute starts, then one count array per name. */
    public record Series(List<Instant> minutes, Map<String, long[]> counts) {
    }

    public record Latency(String stage, long samples, long p50Millis, long p95Millis, long maxMillis) {
    }

    public record Report(Instant since, Duration window, int events, boolean truncated, Series byStage,
                         Series byPartner, List<Latency> latencies) {
    }

    private Throughput() {
    }

    public static Report of(List<ConsoleQueries.StageEvent> events, Instant now, Duration window, boolean truncated) {
        Instant end = now.truncatedTo(ChronoUnit.MINUTES).plus(1, ChronoUnit.MINUTES);
        int buckets = (int) Math.max(1, window.toMinutes());
        Instant start = end.minus(buckets, ChronoUnit.MINUTES);
        List<Instant> minutes = new ArrayList<>();
        for (int i = 0; i < buckets; i++) {
            minutes.add(start.plus(i, ChronoUnit.MINUTES));
        }
        Map<String, long[]> byStage = new TreeMap<>();
        Map<String, long[]> byPartner = new TreeMap<>();
        Map<String, Instant> previous = new HashMap<>();
        Map<String, List<Long>> gaps = new TreeMap<>();
        for (ConsoleQueries.StageEvent e : events) {
            if (e.at() == null) {
                continue;
            }
            int bucket = (int) Duration.between(start, e.at()).toMinutes();
            if (bucket >= 0 && bucket < buckets && !e.at().isBefore(start)) {
                byStage.computeIfAbsent(e.stage(), k -> new long[buckets])[bucket]++;
                byPartner.computeIfAbsent(e.partnerId() == null ? "gateway" : e.partnerId(), k -> new long[buckets])[bucket]++;
            }
            if (e.declarationId() != null) {
                Instant before = previous.put(e.declarationId(), e.at());
                if (before != null) {
                    gaps.computeIfAbsent(e.stage(), k -> new ArrayList<>())
                            .add(Math.max(0, Duration.between(before, e.at()).toMillis()));
                }
            }
        }
        List<Latency> latencies = new ArrayList<>();
        gaps.forEach((stage, values) -> {
            values.sort(null);
            latencies.add(new Latency(stage, values.size(), percentile(values, 50), percentile(values, 95),
                    values.get(values.size() - 1)));
        });
        return new Report(start, window, events.size(), truncated, new Series(minutes, byStage),
                new Series(minutes, byPartner), latencies);
    }

    private static long percentile(List<Long> sorted, int p) {
        int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }
}
