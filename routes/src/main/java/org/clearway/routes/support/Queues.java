package org.clearway.routes.support;

import java.util.List;

/**
 * The broker queues in flow order (CUSTOMS-AND-POSTAL-INTERFACES §3.1). Internal queues are named
 * after the stage that consumes them; each has a {@code .DLQ} dead-letter companion.
 */
public final class Queues {
    /** ingress -> parse: staged one-message EDIFACT interchanges / partner payloads. */
    public static final String PARSE = "gw.parse";
    /** parse -> enrich: canonical drafts. */
    public static final String ENRICH = "gw.enrich";
    /** enrich -> sign: declarations ready to sign. */
    public static final String SIGN = "gw.sign";
    /** sign -> deliver: signed declarations. */
    public static final String DELIVER = "gw.deliver";
    /** external: deliver stage -> customs backend (JMS channel). */
    public static final String CUSTOMS_DECLARATIONS = "customs.declarations";
    /** external: customs backend -> decision ingress. */
    public static final String CUSTOMS_DECISIONS = "customs.decisions";
    /** decision ingress -> response stage: validated decisions fanned out to partners. */
    public static final String RESPOND = "gw.respond";

    public static final String DLQ_SUFFIX = ".DLQ";

    /**
     * The queues the gateway consumes, in flow order: each failure there is dead-lettered to
     * {@code <queue>.DLQ} with its reason (pipeline.DeadLetterQueues), replayable onto the queue.
     */
    public static final List<String> CONSUMED = List.of(PARSE, ENRICH, SIGN, DELIVER, CUSTOMS_DECISIONS, RESPOND);

    private Queues() {
    }

    public static String dlq(String queue) {
        return queue + DLQ_SUFFIX;
    }

    /** The JMS queue of one customs backend: the plain queue, or {@code customs.declarations.<backendId>} when several backends use JMS. */
    public static String customsDeclarations(String backendId, boolean shared) {
        return shared ? CUSTOMS_DECLARATIONS : CUSTOMS_DECLARATIONS + "." + backendId;
    }
}
