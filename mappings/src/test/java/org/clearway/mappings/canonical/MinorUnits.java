package org.clearway.mappings.canonical;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Test helper: every Money of a signed declaration's JSON form has exactly its currency's minor digits (§4). */
public final class MinorUnits {

    private MinorUnits() {
    }

    /** The Money members of {@code d} as {@code "<pointer> <amount> <currency>"}, after checking each. */
    public static List<String> assertEveryMoneyScaled(Declaration d) {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(CanonicalJson.write(d));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> seen = new ArrayList<>();
        walk(root, "", seen);
        return seen;
    }

    private static void walk(JsonNode n, String pointer, List<String> seen) {
        if (n.isObject()) {
            if (n.path("amount").isTextual() && n.path("currency").isTextual()) {
                String amount = n.get("amount").textValue();
                String currency = n.get("currency").textValue();
                int digits = Money.minorDigits(currency);
                String pattern = digits == 0 ? "(0|[1-9][0-9]*)" : "(0|[1-9][0-9]*)\\.[0-9]{" + digits + "}";
                assertThat(amount).as("%s (%s)", pointer, currency).matches(pattern);
                seen.add(pointer + " " + amount + " " + currency);
            }
            for (Map.Entry<String, JsonNode> e : n.properties()) {
                walk(e.getValue(), pointer + "/" + e.getKey(), seen);
            }
        } else if (n.isArray()) {
            for (int i = 0; i < n.size(); i++) {
                walk(n.get(i), pointer + "/" + i, seen);
            }
        }
    }
}
