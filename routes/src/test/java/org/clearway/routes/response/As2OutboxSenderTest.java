package org.clearway.routes.response;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The retry schedule of outbound AS2: doubling from the initial delay, capped, never overflowing. */
class As2OutboxSenderTest {

    @Test
    void backoffDoublesPerFailedAttemptUpToTheMaximum() {
        As2OutboxSender sender = new As2OutboxSender(null, null, null, null, null, "CLEARWAY", Duration.ofSeconds(5),
                Duration.ofSeconds(2), Duration.ofMinutes(5), Clock.systemUTC());

        assertThat(sender.backoff(0)).isEqualTo(Duration.ofSeconds(2));
        assertThat(sender.backoff(1)).isEqualTo(Duration.ofSeconds(4));
        assertThat(sender.backoff(3)).isEqualTo(Duration.ofSeconds(16));
        assertThat(sender.backoff(7)).isEqualTo(Duration.ofSeconds(256));
        assertThat(sender.backoff(8)).isEqualTo(Duration.ofMinutes(5));
        assertThat(sender.backoff(10_000)).isEqualTo(Duration.ofMinutes(5));
    }

    /** The AS2 file name follows the drop directory's rule, and no reference can name a path at the partner. */
    @Test
    void payloadFileNameIsTheDropDirectoryNameSanitised() {
        assertThat(As2OutboxSender.fileName(entry("GW00000000042", "CUSRSP"))).isEqualTo("GW00000000042.CUSRSP.edi");
        assertThat(As2OutboxSender.fileName(entry("REF1", "CONTRL"))).isEqualTo("REF1.CONTRL.edi");
        assertThat(OutboxService.fileName("../../x", "CUSRSP")).isEqualTo("______x.CUSRSP.edi");
        assertThat(OutboxService.fileName("A/B\\C\"D", "CONTRL")).isEqualTo("A_B_C_D.CONTRL.edi");
        assertThat(OutboxService.fileName("", "CUSRSP")).isEqualTo("_.CUSRSP.edi");
        assertThat(OutboxService.fileName("..", "CUSRSP")).doesNotStartWith(".");
    }

    private static org.clearway.routes.store.OutboxStore.Entry entry(String controlRef, String kind) {
        return new org.clearway.routes.store.OutboxStore.Entry("0190-outbox", "AS2-OPEN", kind, controlRef,
                OutboxService.EDIFACT, java.time.Instant.parse("2026-11-24T08:30:00Z"), null, "0190-ingress");
    }
}
