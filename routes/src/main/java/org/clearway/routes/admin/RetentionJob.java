package org.clearway.routes.admin;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Comparator;
import java.util.stream.Stream;
import org.clearway.routes.support.GatewayProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Retention of personal data (CUSTOMS-AND-POSTAL-INTERFACES §4): raw interchanges and 202 bodies
 * in the archive (one folder per day), trace events and acknowledged outbox entries older than
 * {@code clearway.limits.retention} are deleted. Runs hourly and once at start-up.
 */
@Component
public class RetentionJob {
    private static final Logger log = LoggerFactory.getLogger(RetentionJob.class);

    private final GatewayProperties properties;
    private final JdbcClient jdbc;
    private final Clock clock;

    public RetentionJob(GatewayProperties properties, JdbcClient jdbc, Clock clock) {
        this.properties = properties;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    @Scheduled(initialDelayString = "PT1M", fixedDelayString = "PT1H")
    public void run() {
        Instant now = clock.instant();
        purge(now.minus(properties.limits().retention()));
        int keys = jdbc.sql("delete from idempotency_key where created_at < ?")
                .param(Timestamp.from(now.minus(properties.api().idempotencyRetention()))).update();
        // AS2 Message-IDs are kept as long as the duplicate window of interchanges (CUSTOMS-AND-POSTAL §2.2)
        int as2 = jdbc.sql("delete from as2_message where received_at < ?")
                .param(Timestamp.from(now.minus(properties.limits().duplicateWindow()))).update();
        if (as2 > 0) {
            log.info("retention: removed {} AS2 Message-IDs older than {}", as2, properties.limits().duplicateWindow());
        }
        if (keys > 0) {
            log.info("retention: removed {} idempotency keys older than {}", keys, properties.api().idempotencyRetention());
        }
    }

    /** Deletes everything older than {@code cutoff}; returns the number of archive days removed. */
    public int purge(Instant cutoff) {
        LocalDate firstKept = cutoff.atZone(ZoneOffset.UTC).toLocalDate();
        int days = 0;
        for (String area : new String[] {"raw", "responses"}) {
            Path dir = properties.dataDir().resolve("archive").resolve(area);
            if (!Files.isDirectory(dir)) {
                continue;
            }
            try (DirectoryStream<Path> dayDirs = Files.newDirectoryStream(dir)) {
                for (Path day : dayDirs) {
                    if (olderThan(day, firstKept)) {
                        deleteTree(day);
                        days++;
                    }
                }
            } catch (IOException e) {
                log.warn("retention: cannot list {}: {}", dir, e.getMessage());
            }
        }
        Timestamp before = Timestamp.from(cutoff);
        int events = jdbc.sql("delete from trace_event where at < ?").param(before).update();
        int outbox = jdbc.sql("delete from outbox where acked_at is not null and acked_at < ?").param(before).update();
        // postal transport drafts hold personal data like the raw archive; an item older than the
        // retention period is no longer amended for late or cancelled orders
        int drafts = jdbc.sql("delete from postal_transport_draft where updated_at < ?").param(before).update();
        if (drafts > 0) {
            log.info("retention: removed {} postal transport drafts before {}", drafts, cutoff);
        }
        // the signed JSON kept for the rule re-evaluation (V30) holds the same personal data; a
        // declaration signed before the retention period is no longer re-evaluated at a boundary
        int evaluations = jdbc.sql("delete from rule_evaluation where evaluated_at < ?").param(before).update();
        if (evaluations > 0) {
            log.info("retention: removed {} rule evaluations before {}", evaluations, cutoff);
        }
        // released or refused PENDING items keep their staged input (personal data) until then
        int held = new org.clearway.routes.store.PendingStore(jdbc).purgeResolvedBefore(cutoff);
        if (held > 0) {
            log.info("retention: removed {} resolved pending declarations before {}", held, cutoff);
        }
        if (days + events + outbox > 0) {
            log.info("retention: removed {} archive day folders, {} trace events, {} acknowledged outbox entries before {}",
                    days, events, outbox, cutoff);
        }
        return days;
    }

    private static boolean olderThan(Path dayDir, LocalDate firstKept) {
        try {
            return LocalDate.parse(dayDir.getFileName().toString()).isBefore(firstKept);
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    log.warn("retention: cannot delete {}: {}", p, e.getMessage());
                }
            });
        } catch (IOException e) {
            log.warn("retention: cannot walk {}: {}", root, e.getMessage());
        }
    }

}
