package org.clearway.routes.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.clearway.routes.console.ConsoleQueries.StageEvent;
import org.junit.jupiter.api.Test;

/** The console's charts are computed from trace events alone: per-minute buckets and stage latencies must be right. */
class ThroughputTest {
    private static final Instant NOW = Instant.parse("2026-12-07T10:30:20Z");

    @Test
    void countsEventsPerMinuteByStageAndPartner() {
        List<StageEvent> events = List.of(
                new StageEvent(Instant.parse("2026-12-07T10:28:05Z"), "parse", "parsed", "d1", "DEMO-POST"),
                new StageEvent(Instant.parse("2026-12-07T10:28:59Z"), "parse", "parsed", "d2", "DEMO-POST"),
                new StageEvent(Instant.parse("2026-12-07T10:30:01Z"), "sign", "signed", "d1", "DEMO-POST"),
                new StageEvent(Instant.parse("2026-12-07T10:30:02Z"), "admin", "dlq-replayed", null, null),
                // before the window: not counted
                new StageEvent(Instant.parse("2026-12-07T09:00:00Z"), "parse", "parsed", "d3", "DEMO-EXPRESS"));
        Throughput.Report r = Throughput.of(events, NOW, Duration.ofMinutes(5), false);

        assertThat(r.byStage().minutes()).hasSize(5);
        assertThat(r.byStage().minutes().get(0)).isEqualTo(Instant.parse("2026-12-07T10:26:00Z"));
        assertThat(r.byStage().minutes().get(4)).isEqualTo(Instant.parse("2026-12-07T10:30:00Z"));
        assertThat(r.byStage().counts().get("parse")).containsExactly(0, 0, 2, 0, 0);
        assertThat(r.byStage().counts().get("sign")).containsExactly(0, 0, 0, 0, 1);
        assertThat(r.byPartner().counts().get("DEMO-POST")).containsExactly(0, 0, 2, 0, 1);
        assertThat(r.byPartner().counts().get("gateway")).containsExactly(0, 0, 0, 0, 1);
        assertThat(r.byPartner().counts()).doesNotContainKey("DEMO-EXPRESS");
    }

    @Test
    void latencyIsTheTimeSinceTheConsignmentsPreviousEvent() {
        Instant t = Instant.parse("2026-12-07T10:29:00Z");
        List<StageEvent> events = List.of(
                new StageEvent(t, "parse", "parsed", "d1", "P"),
                new StageEvent(t.plusMillis(100), "parse", "parsed", "d2", "P"),
                new StageEvent(t.plusMillis(300), "sign", "signed", "d1", "P"),
                new StageEvent(t.plusMillis(1100), "sign", "signed", "d2", "P"),
                new StageEvent(t.plusMillis(1400), "deliver", "delivered", "d1", "P"));
        Throughput.Report r = Throughput.of(events, NOW, Duration.ofMinutes(60), false);

        assertThat(r.latencies()).extracting(Throughput.Latency::stage).containsExactly("deliver", "sign");
        Throughput.Latency sign = r.latencies().get(1);
        assertThat(sign.samples()).isEqualTo(2);
        assertThat(sign.p50Millis()).isEqualTo(300);
        assertThat(sign.p95Millis()).isEqualTo(1000);
        assertThat(sign.maxMillis()).isEqualTo(1000);
        assertThat(r.latencies().get(0).p50Millis()).isEqualTo(1100);
    }

    @Test
    void anEmptyWindowHasNoSeries() {
        Throughput.Report r = Throughput.of(List.of(), NOW, Duration.ofMinutes(60), false);
        assertThat(r.byStage().counts()).isEmpty();
        assertThat(r.byStage().minutes()).hasSize(60);
        assertThat(r.latencies()).isEmpty();
    }
}
