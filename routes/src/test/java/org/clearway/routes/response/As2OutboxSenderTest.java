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
}
