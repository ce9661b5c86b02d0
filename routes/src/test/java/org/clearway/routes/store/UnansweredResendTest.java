package org.clearway.routes.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * MIG V21 and a crash between the broker's commit of an interchange's messages and its 202
 * (docs/TRANSACTIONS.md): the post resends the same bytes; the resend's messages reuse the BGM
 * numbers the first copy registered, but are the same messages, not a reuse (no E141). Another
 * interchange reusing the number, or a resend of an interchange that was answered, still is.
 */
class UnansweredResendTest {
    private final DriverManagerDataSource ds = new DriverManagerDataSource(TestDatabases.h2("resend-" + UUID.randomUUID()).url(), "sa", "");
    private final JdbcClient jdbc = JdbcClient.create(ds);
    private final DeclarationStore store = new DeclarationStore(jdbc);
    private final InterchangeStore interchanges = new InterchangeStore(jdbc);
    private final Instant now = Instant.parse("2026-11-24T10:00:00Z");
    private final Instant since = now.minus(Duration.ofDays(30));

    UnansweredResendTest() {
        Flyway.configure().dataSource(ds).load().migrate();
    }

    @Test
    void aResendOfAnUnansweredInterchangeIsNotAReuseOfItsMessageNumbers() {
        interchanges.insert(new InterchangeStore.Interchange("ing-1", "POST", null, "sha-a",
                InterchangeStore.Status.STAGING, null, now));
        assertThat(store.registerMessageNumber("POST", "BGM-1", "ing-1", "1", "sha-a", now, since)).isTrue();
        // crash: ing-1 stays STAGING; the post resends the same bytes as ing-2
        assertThat(store.registerMessageNumber("POST", "BGM-1", "ing-2", "1", "sha-a", now, since))
                .as("the same message of the same bytes").isTrue();
        assertThat(store.registerMessageNumber("POST", "BGM-1", "ing-3", "1", "sha-other", now, since))
                .as("another interchange reusing the number").isFalse();
        assertThat(store.registerMessageNumber("POST", "BGM-1", "ing-4", "2", "sha-a", now, since))
                .as("another message of the same interchange with that number").isFalse();
    }

    @Test
    void anAnsweredInterchangeKeepsItsNumbers() {
        interchanges.insert(new InterchangeStore.Interchange("ing-5", "POST", null, "sha-b",
                InterchangeStore.Status.STAGING, null, now));
        assertThat(store.registerMessageNumber("POST", "BGM-2", "ing-5", "1", "sha-b", now, since)).isTrue();
        interchanges.complete("ing-5", InterchangeStore.Status.ACCEPTED, "REF", "/tmp/x.json");
        assertThat(store.registerMessageNumber("POST", "BGM-2", "ing-6", "1", "sha-b", now, since)).isFalse();
    }
}
