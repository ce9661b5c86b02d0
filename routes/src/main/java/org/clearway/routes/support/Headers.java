package org.clearway.routes.support;

/**
 * Message properties shared by every queue (ingress, partner, declaration: traces and dead letters),
 * those customs sets on {@code customs.decisions} (backend, signature) and the dead-letter queues'. The properties of {@code gw.parse}
 * and {@code gw.respond} are known to {@code pipeline.InboundQueueCodec} alone, those of
 * {@code gw.enrich}, {@code gw.sign}, {@code gw.deliver} and {@code customs.declarations} to
 * {@code pipeline.StageQueueCodec} alone.
 */
public final class Headers {
    public static final String INGRESS_ID = "clearway_ingress_id";
    public static final String PARTNER_ID = "clearway_partner_id";
    public static final String DECLARATION_ID = "clearway_declaration_id";
    public static final String BACKEND_ID = "clearway_backend_id";
    public static final String SIGNATURE = "clearway_sig";
    public static final String DLQ_REASON = "clearway_dlq_reason";
    public static final String DLQ_ORIGIN = "clearway_dlq_origin";
    public static final String DLQ_AT = "clearway_dlq_at";

    private Headers() {
    }
}
