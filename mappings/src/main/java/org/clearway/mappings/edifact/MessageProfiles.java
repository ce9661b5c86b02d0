package org.clearway.mappings.edifact;

import io.xlate.edi.schema.EDISchemaException;
import io.xlate.edi.schema.Schema;
import io.xlate.edi.schema.SchemaFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The message profiles the gateway has agreed, keyed as MIG GW10 §2.3 says: UNB sender
 * ({@code id:qualifier}) plus UNH S009 0065, 0052, 0054, 0051, 0057. GW10 (and CONTRL) is registered
 * for every sender; partner profiles are registered per sender. Each key points to a StAEDI
 * transaction schema on the classpath. A key that matches nothing is X009 (CONTRL 17).
 *
 * <p>Immutable; {@code with...} returns a copy. Schemas are loaded once and cached.
 */
public final class MessageProfiles {

    static final String SCHEMA_DIR = "/edifact/schemas/";
    private static final Map<String, Schema> SCHEMA_CACHE = new ConcurrentHashMap<>();

    private static final MessageProfiles GW10 = new MessageProfiles(Map.of(
            "CUSITM:1:1:AD:GW10", "CUSITM-GW10.xml",
            "CUSRSP:1:1:AD:GW10", "CUSRSP-GW10.xml",
            // CONTRL identifiers of MIG §2.2 / §7.2 (no association code)
            "CONTRL:D:3:UN:", "CONTRL.xml",
            "CONTRL:4:1:UN:", "CONTRL.xml"), Map.of());

    private final Map<String, String> anySender;
    private final Map<String, String> perSender;

    private MessageProfiles(Map<String, String> anySender, Map<String, String> perSender) {
        this.anySender = Map.copyOf(anySender);
        this.perSender = Map.copyOf(perSender);
    }

    /** The default profile GW10 plus CONTRL, for every sender (MIG §2.3). */
    public static MessageProfiles gw10() {
        return GW10;
    }

    /**
     * Adds a partner profile.
     *
     * @param senderKey      UNB {@code id:qualifier}
     * @param s009           {@code 0065:0052:0054:0051:0057} (0057 empty when absent)
     * @param schemaResource file name under {@code /edifact/schemas/} or an absolute classpath path
     */
    public MessageProfiles withPartnerProfile(String senderKey, String s009, String schemaResource) {
        Map<String, String> copy = new HashMap<>(perSender);
        copy.put(senderKey + "|" + s009, schemaResource);
        return new MessageProfiles(anySender, copy);
    }

    /** Every S009 key (without sender) agreed for this sender, for X009 component reporting. */
    List<String> keysFor(String senderKey) {
        var keys = new java.util.ArrayList<>(anySender.keySet());
        perSender.keySet().stream().filter(k -> k.startsWith(senderKey + "|"))
                .map(k -> k.substring(senderKey.length() + 1)).forEach(keys::add);
        return keys;
    }

    /**
     * The transaction schema for a message.
     *
     * @param senderKey UNB S002 {@code id:qualifier}
     * @param s009      UNH S009 components 0065, 0052, 0054, 0051, 0057 (unescaped; missing ones empty)
     * @return empty when the key is not agreed (X009)
     */
    public Optional<Schema> schemaFor(String senderKey, List<String> s009) {
        String key = s009Key(s009);
        String resource = perSender.getOrDefault(senderKey + "|" + key, anySender.get(key));
        return Optional.ofNullable(resource).map(MessageProfiles::load);
    }

    static String s009Key(List<String> s009) {
        StringBuilder key = new StringBuilder();
        for (int i = 0; i < 5; i++) {
            if (i > 0) {
                key.append(':');
            }
            key.append(i < s009.size() ? s009.get(i) : "");
        }
        return key.toString();
    }

    static Schema load(String resource) {
        String path = resource.startsWith("/") ? resource : SCHEMA_DIR + resource;
        return SCHEMA_CACHE.computeIfAbsent(path, p -> {
            try (InputStream in = MessageProfiles.class.getResourceAsStream(p)) {
                if (in == null) {
                    throw new IllegalStateException("schema not on classpath: " + p);
                }
                return SchemaFactory.newFactory().createSchema(in);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (EDISchemaException e) {
                throw new IllegalStateException("invalid schema " + p + ": " + e.getMessage(), e);
            }
        });
    }
}
