package org.clearway.routes;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.clearway.routes.admin.RetentionJob;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Personal data is not kept beyond the retention period (CUSTOMS-AND-POSTAL-INTERFACES §4). */
class RetentionIT extends GatewayIT {
    @Autowired
    RetentionJob job;
    @Autowired
    JdbcClient jdbc;

    @Test
    void deletesArchiveDaysAndEventsOlderThanTheRetention() throws Exception {
        Instant cutoff = Instant.parse("2026-11-10T00:00:00Z");
        Path old = Files.createDirectories(DATA_DIR.resolve("archive/raw/2026-11-01"));
        Files.writeString(old.resolve("x.edi"), "UNB+...");
        Path oldResponse = Files.createDirectories(DATA_DIR.resolve("archive/responses/2026-11-09"));
        Path kept = Files.createDirectories(DATA_DIR.resolve("archive/raw/2026-11-20"));
        Files.writeString(kept.resolve("y.edi"), "UNB+...");
        Path other = Files.createDirectories(DATA_DIR.resolve("archive/raw/not-a-day"));
        String marker = "retention-" + System.nanoTime();
        jdbc.sql("insert into trace_event (at, stage, event, detail) values (?, 'ingress', 'old', ?)")
                .params(java.sql.Timestamp.from(cutoff.minus(5, ChronoUnit.DAYS)), marker).update();
        jdbc.sql("insert into trace_event (at, stage, event, detail) values (?, 'ingress', 'kept', ?)")
                .params(java.sql.Timestamp.from(cutoff.plus(5, ChronoUnit.DAYS)), marker).update();

        int removed = job.purge(cutoff);

        assertThat(removed).isEqualTo(2);
        assertThat(old).doesNotExist();
        assertThat(oldResponse).doesNotExist();
        assertThat(kept.resolve("y.edi")).exists();
        assertThat(other).exists();
        assertThat(jdbc.sql("select event from trace_event where detail = ?").param(marker).query(String.class).list())
                .containsExactly("kept");
    }
}
