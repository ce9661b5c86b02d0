package org.clearway.mappings.canonical;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The normative JSON form of CANONICAL-MODEL §9.1 in its wire and signed byte form, RFC 8785 JCS
 * (§10.1): {@code write} returns exactly the bytes to sign and transmit; {@code read*} accept any
 * JSON text of a conforming document (pretty-printed or JCS) and fail with
 * {@link CanonicalFormatException} on the first problem (unknown members, nulls, empty strings or
 * arrays, wrong types, bad enum values, malformed §4 scalars).
 */
public final class CanonicalJson {
    private static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();

    private CanonicalJson() {
    }

    /** JCS bytes of {@code declaration}; throws IllegalArgumentException if it cannot be written canonically. */
    public static byte[] write(Declaration declaration) {
        return Jcs.write(CanonicalTree.declaration(declaration));
    }

    /** JCS bytes of {@code decision} (media type {@code application/vnd.clearway.decision+json;v=1}). */
    public static byte[] write(Decision decision) {
        return Jcs.write(CanonicalTree.decision(decision));
    }

    /** Reads a Declaration from its JSON form (§9.1). */
    public static Declaration readDeclaration(byte[] json) {
        return CanonicalReader.declaration(root(json, new Problems(true)));
    }

    /** Reads a Decision from its JSON form (§9.1). */
    public static Decision readDecision(byte[] json) {
        return CanonicalReader.decision(root(json, new Problems(true)));
    }

    private static In root(byte[] json, Problems problems) {
        Map<String, Object> tree = parse(json, problems);
        return tree == null ? null : new In(tree, "", new In.Ctx(problems, false, false));
    }

    /** Parses JSON into the reader tree; null (after a problem) if it is not a JSON object. */
    static Map<String, Object> parse(byte[] json, Problems problems) {
        JsonNode node;
        try {
            node = MAPPER.readTree(json);
        } catch (JacksonException e) {
            problems.add("", "not valid JSON: " + e.getOriginalMessage());
            return null;
        } catch (java.io.IOException e) {
            problems.add("", "cannot read JSON: " + e.getMessage());
            return null;
        }
        if (node == null || !node.isObject()) {
            problems.add("", "document must be a JSON object");
            return null;
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> map = (Map<String, Object>) convert(node);
        return map;
    }

    private static Object convert(JsonNode n) {
        if (n.isObject()) {
            Map<String, Object> map = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                map.put(e.getKey(), convert(e.getValue()));
            }
            return map;
        } else if (n.isArray()) {
            List<Object> list = new ArrayList<>(n.size());
            n.forEach(e -> list.add(convert(e)));
            return list;
        } else if (n.isTextual()) {
            return n.textValue();
        } else if (n.isIntegralNumber()) {
            return n.bigIntegerValue();
        } else if (n.isNumber()) {
            return n.decimalValue();
        } else if (n.isBoolean()) {
            return n.booleanValue();
        }
        return In.NULL;
    }
}
