package org.clearway.routes.pipeline;

import jakarta.jms.BytesMessage;
import jakarta.jms.JMSException;
import jakarta.jms.Session;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.clearway.routes.support.InvalidMessageException;

/**
 * The one mapping between the records of {@code gw.parse} ({@link ParseMessage}) and
 * {@code gw.respond} ({@link RespondMessage}) and their JMS form: the payload is the body, every
 * other field a message property. The property names of those two queues appear nowhere else.
 * Properties are JSON-representable values (strings, integers, booleans), so a map of them can
 * also be kept in the stage outbox or with a held declaration and read back here.
 */
public final class InboundQueueCodec {
    private static final String DIALECT = "clearway_dialect";
    private static final String PARTNER_ID = "clearway_partner_id";
    private static final String INGRESS_ID = "clearway_ingress_id";
    private static final String RECEIVED_AT = "clearway_received_at";
    private static final String PAYLOAD_SHA256 = "clearway_payload_sha256";
    private static final String MESSAGE_INDEX = "clearway_message_index";
    private static final String MESSAGE_REF = "clearway_message_ref";
    private static final String DECLARATION_ID = "clearway_declaration_id";
    private static final String SHIPMENT_REF = "clearway_shipment_ref";
    private static final String STAGED_REVISION = "clearway_staged_revision";
    private static final String FUNCTION = "clearway_function";
    private static final String CONTENT_SHA256 = "clearway_express_content_sha256";
    private static final String IDEMPOTENCY_KEY = "clearway_idempotency_key";
    private static final String SOURCE_DIALECT = "clearway_source_dialect";
    private static final String LATE_ENRICHMENT = "clearway_late_enrichment";
    private static final String HOLD_EXPIRED = "clearway_hold_expired";
    private static final String WITHDRAWN_PLATFORM = "clearway_withdrawn_platform";
    private static final String WITHDRAWN_ORDER = "clearway_withdrawn_order";
    private static final String RULE_PACK_PREVIOUS_ID = "clearway_rule_pack_previous_id";
    private static final String RULE_PACK_PREVIOUS_VERSION = "clearway_rule_pack_previous_version";
    private static final String DECISION_ID = "clearway_decision_id";
    /** JMS message groups: the versions of one declaration are parsed in order by one consumer. */
    private static final String GROUP = "JMSXGroupID";

    private InboundQueueCodec() {
    }

    /** The message properties of {@code m} (everything but the payload), in a stable order. */
    public static Map<String, Object> properties(ParseMessage m) {
        Map<String, Object> p = new LinkedHashMap<>();
        put(p, DIALECT, m.dialect());
        put(p, PARTNER_ID, m.partnerId());
        put(p, INGRESS_ID, m.ingressId());
        put(p, RECEIVED_AT, m.receivedAt() == null ? null : m.receivedAt().toString());
        put(p, PAYLOAD_SHA256, m.payloadSha256());
        put(p, MESSAGE_INDEX, m.messageIndex());
        put(p, MESSAGE_REF, m.messageRef());
        ParseMessage.StagedVersion v = m.version();
        if (v != null) {
            put(p, DECLARATION_ID, v.declarationId());
            put(p, SHIPMENT_REF, v.shipmentRef());
            p.put(STAGED_REVISION, v.revision());
            put(p, FUNCTION, v.function());
            put(p, CONTENT_SHA256, v.contentSha256());
            put(p, IDEMPOTENCY_KEY, v.idempotencyKey());
            put(p, SOURCE_DIALECT, v.sourceDialect());
            if (v.lateEnrichment()) {
                p.put(LATE_ENRICHMENT, true);
            }
            if (v.holdExpired()) {
                p.put(HOLD_EXPIRED, true);
            }
            if (v.withdrawnOrder() != null) {
                put(p, WITHDRAWN_PLATFORM, v.withdrawnPlatform());
                p.put(WITHDRAWN_ORDER, v.withdrawnOrder());
            }
            put(p, RULE_PACK_PREVIOUS_ID, v.rulePackPreviousId());
            put(p, RULE_PACK_PREVIOUS_VERSION, v.rulePackPreviousVersion());
            p.put(GROUP, v.declarationId());
        }
        return p;
    }

    /**
     * Reads a {@code gw.parse} message. A message without its dialect, partner, ingress id or a
     * readable receipt time is invalid (dead-lettered with this reason), never retried.
     */
    public static ParseMessage readParse(byte[] body, Map<String, ?> properties) {
        if (body == null) {
            throw new InvalidMessageException("gw.parse message without a body");
        }
        String dialect = required(properties, DIALECT);
        String partnerId = required(properties, PARTNER_ID);
        String ingressId = required(properties, INGRESS_ID);
        Instant receivedAt;
        try {
            receivedAt = Instant.parse(required(properties, RECEIVED_AT));
        } catch (DateTimeParseException e) {
            throw new InvalidMessageException("gw.parse property " + RECEIVED_AT + " is not an instant: "
                    + properties.get(RECEIVED_AT), e);
        }
        ParseMessage.StagedVersion version = null;
        String declarationId = text(properties, DECLARATION_ID);
        if (declarationId != null && properties.get(STAGED_REVISION) != null) {
            version = new ParseMessage.StagedVersion(declarationId, text(properties, SHIPMENT_REF),
                    integer(properties, STAGED_REVISION), required(properties, FUNCTION),
                    text(properties, CONTENT_SHA256), text(properties, IDEMPOTENCY_KEY),
                    text(properties, SOURCE_DIALECT), flag(properties, LATE_ENRICHMENT),
                    flag(properties, HOLD_EXPIRED), text(properties, WITHDRAWN_PLATFORM),
                    text(properties, WITHDRAWN_ORDER), text(properties, RULE_PACK_PREVIOUS_ID),
                    text(properties, RULE_PACK_PREVIOUS_VERSION));
        }
        Integer index = properties.get(MESSAGE_INDEX) == null ? null : integer(properties, MESSAGE_INDEX);
        return new ParseMessage(dialect, partnerId, ingressId, receivedAt, text(properties, PAYLOAD_SHA256), index,
                text(properties, MESSAGE_REF), version, body);
    }

    /** {@code m} as a JMS bytes message of {@code session}. */
    public static BytesMessage toJms(Session session, ParseMessage m) throws JMSException {
        BytesMessage message = session.createBytesMessage();
        message.writeBytes(m.payload());
        for (Map.Entry<String, Object> p : properties(m).entrySet()) {
            message.setObjectProperty(p.getKey(), p.getValue());
        }
        return message;
    }

    /** The message properties of a {@code gw.respond} message. */
    public static Map<String, Object> properties(RespondMessage m) {
        Map<String, Object> p = new LinkedHashMap<>();
        put(p, DECISION_ID, m.decisionId());
        return p;
    }

    /** Reads a {@code gw.respond} message; its body is checked as a decision by the response stage. */
    public static RespondMessage readRespond(byte[] body, Map<String, ?> properties) {
        if (body == null) {
            throw new InvalidMessageException("gw.respond message without a body");
        }
        return new RespondMessage(text(properties, DECISION_ID), body);
    }

    private static void put(Map<String, Object> p, String name, Object value) {
        if (value != null) {
            p.put(name, value);
        }
    }

    private static String text(Map<String, ?> properties, String name) {
        Object v = properties.get(name);
        return v == null ? null : v.toString();
    }

    private static String required(Map<String, ?> properties, String name) {
        String v = text(properties, name);
        if (v == null || v.isBlank()) {
            throw new InvalidMessageException("gw.parse message without " + name);
        }
        return v;
    }

    private static int integer(Map<String, ?> properties, String name) {
        Object v = properties.get(name);
        if (v instanceof Number n) {
            return n.intValue();
        }
        try {
            return Integer.parseInt(String.valueOf(v).strip());
        } catch (NumberFormatException e) {
            throw new InvalidMessageException("gw.parse property " + name + " is not a number: " + v, e);
        }
    }

    private static boolean flag(Map<String, ?> properties, String name) {
        Object v = properties.get(name);
        return v instanceof Boolean b ? b : v != null && Boolean.parseBoolean(v.toString());
    }
}
