package org.clearway.routes.pipeline;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.Map;
import org.clearway.mappings.canonical.CanonicalFormatException;
import org.clearway.mappings.canonical.CanonicalJson;
import org.clearway.mappings.canonical.Declaration;
import org.clearway.mappings.canonical.FunctionCode;
import org.clearway.routes.store.DeclarationStore.PostalRefs;
import org.clearway.routes.support.InvalidMessageException;
import org.clearway.routes.support.Queues;

/**
 * The one place that knows the message properties of {@code gw.enrich}, {@code gw.sign},
 * {@code gw.deliver} and the external {@code customs.declarations[.<backendId>]} queues
 * (CUSTOMS-AND-POSTAL-INTERFACES §3.2): each queue's record to body bytes and JMS properties and
 * back. Every message carries {@code JMSXGroupID} = declarationId, so the revisions of one
 * declaration are consumed in order. A message that cannot be decoded (body not a canonical
 * declaration, a mandatory property missing or not understood) is an
 * {@link InvalidMessageException}: dead-lettered with its reason, never retried.
 */
public final class StageQueueCodec {
    public static final String INGRESS_ID = "clearway_ingress_id";
    public static final String PARTNER_ID = "clearway_partner_id";
    public static final String DECLARATION_ID = "clearway_declaration_id";
    public static final String CONTENT_SHA256 = "clearway_content_sha256";
    public static final String REQUESTED_FUNCTION = "clearway_requested_function";
    public static final String POSTAL_REFS = "clearway_postal_refs";
    public static final String WARNINGS = "clearway_warnings";
    public static final String STAGED_REVISION = "clearway_staged_revision";
    public static final String LATE_ENRICHMENT = "clearway_late_enrichment";
    public static final String HOLD_EXPIRED = "clearway_hold_expired";
    public static final String WITHDRAWN_PLATFORM = "clearway_withdrawn_platform";
    public static final String WITHDRAWN_ORDER = "clearway_withdrawn_order";
    public static final String RULE_PACK_PREVIOUS_ID = "clearway_rule_pack_previous_id";
    public static final String RULE_PACK_PREVIOUS_VERSION = "clearway_rule_pack_previous_version";
    public static final String GATEWAY_MESSAGE_ID = "clearway_message_id";
    public static final String REVISION = "clearway_revision";
    public static final String BACKEND_ID = "clearway_backend_id";
    public static final String SIGNATURE = "clearway_sig";
    public static final String SIGNATURE_KEY = "clearway_sig_key";
    /** The media type of the signed bytes: the backend's customs format (docs/SPEC-NOTES.md). */
    public static final String MEDIA_TYPE = "clearway_media_type";
    /** JMS message group: one consumer at a time per declaration (JMS 3.0 §3.5.9). */
    public static final String GROUP_ID = "JMSXGroupID";
    /** Artemis duplicate detection ({@code _AMQ_DUPL_ID}). */
    public static final String ARTEMIS_DUPLICATE_ID = "_AMQ_DUPL_ID";
    /** A held item's staged message: its receipt time and digest (the ingress names) and the item's CNI. */
    private static final String RECEIVED_AT = "clearway_received_at";
    private static final String PAYLOAD_SHA256 = "clearway_payload_sha256";
    private static final String PENDING_CNI = "clearway_pending_cni";

    /** PostalRefs is a record of strings: a plain mapper is enough and keeps the codec free of Spring. */
    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    /** A record as a JMS message: its queue, body and properties (JMS-representable values only). */
    public record Encoded(String queue, byte[] body, Map<String, Object> properties) {
        public Encoded {
            properties = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(properties));
        }
    }

    private StageQueueCodec() {
    }

    // ---- gw.enrich ---------------------------------------------------------------------------------

    public static Encoded encode(DraftMessage m) {
        Map<String, Object> p = common(m.declarationId(), m.ingressId(), m.partnerId());
        p.put(CONTENT_SHA256, m.contentSha256());
        p.put(REQUESTED_FUNCTION, m.requestedFunction().name());
        if (m.postalRefs() != null) {
            p.put(POSTAL_REFS, write(m.postalRefs()));
        }
        p.put(WARNINGS, m.warningsJson());
        if (m.stagedRevision() != null) {
            p.put(STAGED_REVISION, m.stagedRevision());
        }
        if (m.lateEnrichment()) {
            p.put(LATE_ENRICHMENT, true);
        }
        if (m.holdExpired()) {
            p.put(HOLD_EXPIRED, true);
        }
        if (m.withdrawn() != null) {
            p.put(WITHDRAWN_PLATFORM, m.withdrawn().platformId());
            p.put(WITHDRAWN_ORDER, m.withdrawn().orderId());
        }
        previousPack(p, m.previousPack());
        return new Encoded(Queues.ENRICH, CanonicalJson.write(m.draft()), p);
    }

    public static DraftMessage decodeDraft(byte[] body, Map<String, ?> p) {
        Declaration draft = declaration(body);
        String platform = text(p, WITHDRAWN_PLATFORM, false);
        String order = text(p, WITHDRAWN_ORDER, false);
        if ((platform == null) != (order == null)) {
            throw new InvalidMessageException(WITHDRAWN_PLATFORM + " and " + WITHDRAWN_ORDER + " go together");
        }
        String refs = text(p, POSTAL_REFS, false);
        return new DraftMessage(draft, text(p, INGRESS_ID, true), text(p, PARTNER_ID, true),
                text(p, CONTENT_SHA256, true), function(text(p, REQUESTED_FUNCTION, true)),
                refs == null ? null : read(refs, PostalRefs.class, POSTAL_REFS), text(p, WARNINGS, false),
                integer(p, STAGED_REVISION), flag(p, LATE_ENRICHMENT), flag(p, HOLD_EXPIRED),
                platform == null ? null : new DraftMessage.Withdrawn(platform, order), previousPack(p));
    }

    // ---- a held postal item (pending_declaration.headers_json) ------------------------------------------

    /** A held item's stored properties: its draft's {@code gw.enrich} properties and the facts to map it again. */
    public static Map<String, Object> encodeHeld(HeldDraft h) {
        Map<String, Object> p = common(h.declarationId(), h.ingressId(), h.partnerId());
        p.put(CONTENT_SHA256, h.contentSha256());
        p.put(REQUESTED_FUNCTION, h.requestedFunction().name());
        if (h.postalRefs() != null) {
            p.put(POSTAL_REFS, write(h.postalRefs()));
        }
        p.put(WARNINGS, h.warningsJson());
        p.put(RECEIVED_AT, h.receivedAt().toString());
        if (h.payloadSha256() != null) {
            p.put(PAYLOAD_SHA256, h.payloadSha256());
        }
        p.put(PENDING_CNI, h.itemSequence());
        return p;
    }

    /** Reads a held item's stored properties (also those written before {@link HeldDraft} existed: the same names). */
    public static HeldDraft decodeHeld(String declarationId, Map<String, ?> p) {
        String refs = text(p, POSTAL_REFS, false);
        String receivedAt = text(p, RECEIVED_AT, true);
        java.time.Instant at;
        try {
            at = java.time.Instant.parse(receivedAt);
        } catch (java.time.format.DateTimeParseException e) {
            throw new InvalidMessageException("property " + RECEIVED_AT + " is not an instant: " + receivedAt, e);
        }
        return new HeldDraft(declarationId, text(p, INGRESS_ID, true), text(p, PARTNER_ID, true),
                text(p, CONTENT_SHA256, true), function(text(p, REQUESTED_FUNCTION, true)),
                refs == null ? null : read(refs, PostalRefs.class, POSTAL_REFS), text(p, WARNINGS, false), at,
                text(p, PAYLOAD_SHA256, false), text(p, PENDING_CNI, true));
    }

    // ---- gw.sign -----------------------------------------------------------------------------------

    public static Encoded encode(SignMessage m) {
        Map<String, Object> p = common(m.declarationId(), m.ingressId(), m.partnerId());
        previousPack(p, m.previousPack());
        return new Encoded(Queues.SIGN, CanonicalJson.write(m.declaration()), p);
    }

    public static SignMessage decodeSign(byte[] body, Map<String, ?> p) {
        Declaration declaration = declaration(body);
        return new SignMessage(declaration, text(p, INGRESS_ID, true), text(p, PARTNER_ID, true), previousPack(p));
    }

    // ---- gw.deliver and customs.declarations ---------------------------------------------------------

    public static Encoded encode(DeliverMessage m) {
        Map<String, Object> p = emission(m);
        if (m.ingressId() != null) {
            p.put(INGRESS_ID, m.ingressId());
        }
        if (m.partnerId() != null) {
            p.put(PARTNER_ID, m.partnerId());
        }
        return new Encoded(Queues.DELIVER, m.payload(), p);
    }

    /** The external message of §3.2 on a customs queue: the broker drops a second copy of one emission. */
    public static Encoded encodeForCustoms(DeliverMessage m, String customsQueue) {
        Map<String, Object> p = emission(m);
        p.put(ARTEMIS_DUPLICATE_ID, m.gatewayMessageId());
        return new Encoded(customsQueue, m.payload(), p);
    }

    public static DeliverMessage decodeDeliver(byte[] body, Map<String, ?> p) {
        if (body == null || body.length == 0) {
            throw new InvalidMessageException("signed declaration without body");
        }
        Integer revision = integer(p, REVISION);
        if (revision == null) {
            throw new InvalidMessageException("message property " + REVISION + " is missing");
        }
        return new DeliverMessage(body, text(p, GATEWAY_MESSAGE_ID, true), text(p, DECLARATION_ID, true), revision,
                text(p, BACKEND_ID, true), text(p, SIGNATURE, true), text(p, SIGNATURE_KEY, true),
                text(p, MEDIA_TYPE, true), text(p, INGRESS_ID, false), text(p, PARTNER_ID, false));
    }

    private static Map<String, Object> emission(DeliverMessage m) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put(GATEWAY_MESSAGE_ID, m.gatewayMessageId());
        p.put(DECLARATION_ID, m.declarationId());
        p.put(REVISION, m.revision());
        p.put(BACKEND_ID, m.backendId());
        p.put(SIGNATURE, m.signature());
        p.put(SIGNATURE_KEY, m.signatureKey());
        p.put(MEDIA_TYPE, m.mediaType());
        p.put(GROUP_ID, m.declarationId());
        return p;
    }

    // ---- shared ----------------------------------------------------------------------------------------

    private static Map<String, Object> common(String declarationId, String ingressId, String partnerId) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put(INGRESS_ID, ingressId);
        p.put(PARTNER_ID, partnerId);
        p.put(DECLARATION_ID, declarationId);
        p.put(GROUP_ID, declarationId);
        return p;
    }

    private static void previousPack(Map<String, Object> p, PreviousPack pack) {
        if (pack != null) {
            p.put(RULE_PACK_PREVIOUS_ID, pack.id());
            p.put(RULE_PACK_PREVIOUS_VERSION, String.valueOf(pack.version()));
        }
    }

    private static PreviousPack previousPack(Map<String, ?> p) {
        String id = text(p, RULE_PACK_PREVIOUS_ID, false);
        if (id == null) {
            return null;
        }
        Integer version = integer(p, RULE_PACK_PREVIOUS_VERSION);
        return new PreviousPack(id, version == null ? 0 : version);
    }

    private static Declaration declaration(byte[] body) {
        if (body == null || body.length == 0) {
            throw new InvalidMessageException("not a canonical declaration: empty body");
        }
        try {
            return CanonicalJson.readDeclaration(body);
        } catch (CanonicalFormatException e) {
            throw new InvalidMessageException("not a canonical declaration: " + e.getMessage(), e);
        }
    }

    private static String text(Map<String, ?> p, String name, boolean mandatory) {
        Object v = p.get(name);
        if (v == null || v.toString().isBlank()) {
            if (mandatory) {
                throw new InvalidMessageException("message property " + name + " is missing");
            }
            return null;
        }
        return v.toString();
    }

    private static Integer integer(Map<String, ?> p, String name) {
        Object v = p.get(name);
        if (v == null) {
            return null;
        }
        if (v instanceof Integer i) {
            return i;
        }
        try {
            return Integer.valueOf(v.toString().trim());
        } catch (NumberFormatException e) {
            throw new InvalidMessageException("message property " + name + " is not a number: " + v, e);
        }
    }

    private static boolean flag(Map<String, ?> p, String name) {
        Object v = p.get(name);
        if (v == null || v instanceof Boolean b && !b) {
            return false;
        }
        if (Boolean.TRUE.equals(v) || "true".equalsIgnoreCase(v.toString())) {
            return true;
        }
        if ("false".equalsIgnoreCase(v.toString())) {
            return false;
        }
        throw new InvalidMessageException("message property " + name + " is not true or false: " + v);
    }

    private static FunctionCode function(String value) {
        try {
            return FunctionCode.valueOf(value);
        } catch (IllegalArgumentException e) {
            throw new InvalidMessageException("message property " + REQUESTED_FUNCTION + " names no function: " + value, e);
        }
    }

    private static String write(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static <T> T read(String value, Class<T> type, String name) {
        try {
            return JSON.readValue(value, type);
        } catch (JsonProcessingException e) {
            throw new InvalidMessageException("message property " + name + " is not readable: " + e.getOriginalMessage(), e);
        }
    }
}
