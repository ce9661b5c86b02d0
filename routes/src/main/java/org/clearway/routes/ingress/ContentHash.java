package org.clearway.routes.ingress;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * SHA-256 of the normalised content of a submitted JSON document, for business deduplication
 * (PARTNER-APIS §1.2: "identical normalised content"): members sorted, numbers without trailing
 * zeros, nulls dropped; so {@code 9.0} and {@code 9.00} or a different member order are the same
 * shipment or order.
 */
public final class ContentHash {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ContentHash() {
    }

    public static String of(JsonNode document) {
        try {
            return Idempotency.sha256(JSON.writeValueAsString(normalise(document)).getBytes(StandardCharsets.UTF_8));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode normalise(JsonNode n) {
        if (n.isObject()) {
            ObjectNode sorted = JsonNodeFactory.instance.objectNode();
            List<String> names = new ArrayList<>();
            n.fieldNames().forEachRemaining(names::add);
            names.stream().sorted().forEach(name -> {
                JsonNode v = n.get(name);
                if (!v.isNull()) {
                    sorted.set(name, normalise(v));
                }
            });
            return sorted;
        }
        if (n.isArray()) {
            ArrayNode a = JsonNodeFactory.instance.arrayNode();
            n.forEach(v -> a.add(normalise(v)));
            return a;
        }
        if (n.isNumber()) {
            BigDecimal d = n.decimalValue().stripTrailingZeros();
            return JsonNodeFactory.withExactBigDecimals(true).numberNode(d.scale() < 0 ? d.setScale(0) : d);
        }
        return n;
    }
}
