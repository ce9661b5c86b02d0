package org.clearway.routes.support;

/**
 * Message properties shared by every queue (ingress, partner, declaration: traces and dead letters),
 * those of {@code customs.decisions} and the dead-letter queues. The properties of {@code gw.parse}
 * and {@code gw.respond} are known to {@code pipeline.InboundQueueCodec} alone, those of
 * {@code gw.enrich}, {@code gw.sign}, {@code gw.deliver} and {@code customs.declarations} to
 * {@code pipeline.StageQueueCodec} alone.
 */
public final class Headers {
    public static final String INGRESS_ID = "clearway_ingress_id";
    public static final String PARTNER_ID = "clearway_partner_id";
    public static final String INTERCHANGE_REF = "clearway_interchange_ref";
    public static final String RECEIVED_AT = "clearway_received_at";
    public static final String PAYLOAD_SHA256 = "clearway_payload_sha256";
    public static final String DECLARATION_ID = "clearway_declaration_id";
    public static final String BACKEND_ID = "clearway_backend_id";
    public static final String SIGNATURE = "clearway_sig";
    public static final String DECISION_ID = "clearway_decision_id";
    public static final String DLQ_REASON = "clearway_dlq_reason";
    public static final String DLQ_ORIGIN = "clearway_dlq_origin";
    public static final String DLQ_AT = "clearway_dlq_at";
    /** Artemis duplicate detection property ({@code _AMQ_DUPL_ID}). */
    public static final String ARTEMIS_DUPLICATE_ID = "_AMQ_DUPL_ID";

    private Headers() {
    }
}
