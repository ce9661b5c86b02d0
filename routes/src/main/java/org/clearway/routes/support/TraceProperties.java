package org.clearway.routes.support;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Trace recording ({@code clearway.trace}).
 *
 * @param enabled whether stage events are written as {@code trace_event} rows (the admin trace
 *                search, the console's timelines and throughput charts read them; nothing in the
 *                pipeline does). Off, the stage events are still counted as metrics, and what the
 *                gateway needs to work (declaration revisions, outboxes, the partners' decision
 *                feed in {@code partner_event}) is written as always. For measuring the cost of
 *                recording and for installations that trace elsewhere.
 */
@ConfigurationProperties("clearway.trace")
public record TraceProperties(@DefaultValue("true") boolean enabled) {
}
