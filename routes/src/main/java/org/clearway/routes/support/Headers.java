package org.clearway.routes.support;

/** Message properties carried on the internal queues (gw.parse and gw.respond: {@code pipeline.InboundQueueCodec}), and the external ones of §3.2. */
public final class Headers {
    public static final String INGRESS_ID = "clearway_ingress_id";
    public static final String PARTNER_ID = "clearway_partner_id";
    public static final String INTERCHANGE_REF = "clearway_interchange_ref";
    public static final String RECEIVED_AT = "clearway_received_at";
    public static final String PAYLOAD_SHA256 = "clearway_payload_sha256";
    public static final String DECLARATION_ID = "clearway_declaration_id";
    public static final String REVISION = "clearway_revision";
    public static final String GATEWAY_MESSAGE_ID = "clearway_message_id";
    public static final String BACKEND_ID = "clearway_backend_id";
    public static final String SIGNATURE = "clearway_sig";
    public static final String SIGNATURE_KEY = "clearway_sig_key";
    /** The media type of the signed bytes: the backend's customs format (docs/SPEC-NOTES.md). */
    public static final String MEDIA_TYPE = "clearway_media_type";
    /**
     * Set on an AMENDMENT the rule re-evaluation stages (issue 15): the pack id and version the
     * amended revision was evaluated under; the sign stage names them in {@code RULE_PACK_CHANGED}.
     */
    public static final String RULE_PACK_PREVIOUS_ID = "clearway_rule_pack_previous_id";
    public static final String RULE_PACK_PREVIOUS_VERSION = "clearway_rule_pack_previous_version";
    public static final String DLQ_REASON = "clearway_dlq_reason";
    public static final String DLQ_ORIGIN = "clearway_dlq_origin";
    public static final String DLQ_AT = "clearway_dlq_at";
    /** Artemis duplicate detection property ({@code _AMQ_DUPL_ID}). */
    public static final String ARTEMIS_DUPLICATE_ID = "_AMQ_DUPL_ID";

    private Headers() {
    }
}
