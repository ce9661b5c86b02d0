package org.clearway.mappings.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * Mutations of a valid partner JSON document for the property tests of the readers: a value
 * somewhere in the tree replaced by a nasty one (empty, blank, null, wrong type, lone surrogate,
 * control characters, huge or over-precise numbers, deep nesting), a member removed or an unknown
 * one added; and byte-level damage of the serialised text (bytes flipped, cut, inserted, a BOM).
 */
public final class JsonFuzz {
    /** Writes non-ASCII as {@code \\uXXXX} escapes, so a lone surrogate reaches the reader as the escape a partner would send. */
    private static final ObjectMapper JSON = new ObjectMapper(com.fasterxml.jackson.core.JsonFactory.builder()
            .enable(com.fasterxml.jackson.core.json.JsonWriteFeature.ESCAPE_NON_ASCII).build());
    private static final JsonNodeFactory NODES = JsonNodeFactory.withExactBigDecimals(true);

    private JsonFuzz() {
    }

    /** One structural mutation: which node (index into {@link #pointers}), what to do, with which value. */
    public record TreeMutation(int target, int kind, JsonNode value) {
        @Override
        public String toString() {
            return "kind " + kind + " at #" + target + " with " + value;
        }
    }

    /** One byte-level mutation of the serialised text. */
    public record ByteMutation(int position, int kind, byte value, int length) {
    }

    public static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String write(JsonNode node) {
        try {
            return JSON.writeValueAsString(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Values that have broken readers before (each found by an external fuzz run or by reading the code). */
    public static Arbitrary<JsonNode> nastyValues() {
        List<JsonNode> fixed = List.of(
                NODES.textNode(""), NODES.textNode(" "), NODES.nullNode(), NODES.booleanNode(true),
                NODES.numberNode(0), NODES.numberNode(-1), NODES.numberNode(new BigDecimal("1234567890123456.1234567")),
                NODES.numberNode(new BigDecimal("0.0000001")), NODES.numberNode(Long.MAX_VALUE),
                NODES.textNode("\uD800"), NODES.textNode("ab\uDC00cd"), NODES.textNode("\u0000"),
                NODES.textNode("x".repeat(5000)), NODES.textNode("DE"), NODES.textNode("de"), NODES.textNode("EUR"),
                NODES.textNode("4111 1111 1111 1111"), NODES.textNode("1e3"), NODES.textNode("-1"),
                NODES.arrayNode(), NODES.objectNode(), NODES.arrayNode().add(NODES.nullNode()),
                NODES.arrayNode().add(1).add("x"), NODES.objectNode().put("x", 1));
        return Arbitraries.oneOf(
                Arbitraries.of(fixed),
                Arbitraries.strings().ofMaxLength(40).map(NODES::textNode),
                Arbitraries.integers().map(i -> (JsonNode) NODES.numberNode(i)),
                Arbitraries.bigDecimals().ofScale(8).map(d -> (JsonNode) NODES.numberNode(d)));
    }

    public static Arbitrary<TreeMutation> treeMutations() {
        return Combinators.combine(Arbitraries.integers().between(0, 10_000), Arbitraries.integers().between(0, 3),
                nastyValues()).as(TreeMutation::new);
    }

    public static Arbitrary<ByteMutation> byteMutations() {
        return Combinators.combine(Arbitraries.integers().between(0, 1_000_000), Arbitraries.integers().between(0, 5),
                Arbitraries.bytes(), Arbitraries.integers().between(1, 40)).as(ByteMutation::new);
    }

    /** JSON Pointers of every node below the root of {@code root}. */
    public static List<String> pointers(JsonNode root) {
        List<String> out = new ArrayList<>();
        collect(root, "", out);
        return out;
    }

    private static void collect(JsonNode node, String at, List<String> out) {
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                String p = at + "/" + JsonFieldChecks.escape(e.getKey());
                out.add(p);
                collect(e.getValue(), p, out);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                String p = at + "/" + i;
                out.add(p);
                collect(node.get(i), p, out);
            }
        }
    }

    /** A deep copy of {@code root} with {@code m} applied (kinds: 0 replace, 1 remove, 2 add unknown member, 3 wrap in array). */
    public static JsonNode apply(JsonNode root, TreeMutation m) {
        JsonNode copy = root.deepCopy();
        List<String> pointers = pointers(copy);
        if (pointers.isEmpty()) {
            return copy;
        }
        String pointer = pointers.get(m.target() % pointers.size());
        String parentPointer = pointer.substring(0, pointer.lastIndexOf('/'));
        String last = pointer.substring(pointer.lastIndexOf('/') + 1).replace("~1", "/").replace("~0", "~");
        JsonNode parent = parentPointer.isEmpty() ? copy : copy.at(parentPointer);
        JsonNode current = copy.at(pointer);
        JsonNode replacement = switch (m.kind()) {
            case 0 -> m.value();
            case 2 -> current.isObject() ? ((ObjectNode) current.deepCopy()).set("zzUnknown", m.value()) : m.value();
            case 3 -> NODES.arrayNode().add(current);
            default -> null;
        };
        if (parent instanceof ObjectNode o) {
            if (replacement == null) {
                o.remove(last);
            } else {
                o.set(last, replacement);
            }
        } else if (parent instanceof ArrayNode a) {
            int i = Integer.parseInt(last);
            if (replacement == null) {
                a.remove(i);
            } else {
                a.set(i, replacement);
            }
        }
        return copy;
    }

    /** {@code text} as UTF-8 with {@code m} applied (0 flip, 1 delete, 2 insert, 3 truncate, 4 BOM, 5 lone surrogate escape). */
    public static byte[] apply(String text, ByteMutation m) {
        byte[] in = text.getBytes(StandardCharsets.UTF_8);
        int at = in.length == 0 ? 0 : m.position() % in.length;
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        switch (m.kind()) {
            case 0 -> {
                byte[] b = in.clone();
                if (b.length > 0) {
                    b[at] = (byte) (b[at] ^ (m.value() == 0 ? 0x20 : m.value()));
                }
                return b;
            }
            case 1 -> {
                out.write(in, 0, at);
                int end = Math.min(in.length, at + m.length());
                out.write(in, end, in.length - end);
            }
            case 2 -> {
                out.write(in, 0, at);
                for (int i = 0; i < m.length(); i++) {
                    out.write(m.value() + i);
                }
                out.write(in, at, in.length - at);
            }
            case 3 -> out.write(in, 0, at);
            case 4 -> {
                out.write(0xEF);
                out.write(0xBB);
                out.write(0xBF);
                out.write(in, 0, in.length);
            }
            default -> {
                String s = text;
                int q = s.indexOf('"', at % Math.max(1, s.length()));
                return (q < 0 ? s : s.substring(0, q + 1) + "\\uD83D" + s.substring(q + 1)).getBytes(StandardCharsets.UTF_8);
            }
        }
        return out.toByteArray();
    }
}
