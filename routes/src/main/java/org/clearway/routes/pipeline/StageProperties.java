package org.clearway.routes.pipeline;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Batched stages ({@code clearway.stages}, issue 12 step 6). A stage consumer takes up to
 * {@code batchSize} messages, or what arrives within {@code batchWait} of the first, and handles
 * them in one database transaction and one JMS transaction. Redeliveries and their backoff come from
 * {@code clearway.pipeline.maximum-redeliveries} and {@code redelivery-delay}.
 *
 * @param batchSize   messages per transaction (1 = one transaction per message, as before)
 * @param batchWait   how long a consumer waits for more messages after the first before it commits
 *                    what it has (bounds the latency a batch adds)
 * @param reconnectDelay pause before a consumer reconnects after the broker went away
 * @param batchMaxBytes a batch takes no further message once its bodies reach this many bytes: one
 *                    CUSITM of 2,000 items is about 1 MB and hands on 2,000 drafts, so fifty of
 *                    them in one transaction would hold 100,000 hand-ons and their rows at once (a
 *                    100 MB interchange ran out of a 256 MB heap that way); a large message is a
 *                    batch of its own, small ones still fill batchSize
 */
@Validated
@ConfigurationProperties("clearway.stages")
public record StageProperties(@DefaultValue("50") @Min(1) @Max(1000) int batchSize,
                              @DefaultValue("2ms") Duration batchWait,
                              @DefaultValue("5s") Duration reconnectDelay,
                              @DefaultValue("262144") @Min(1) long batchMaxBytes) {
}
