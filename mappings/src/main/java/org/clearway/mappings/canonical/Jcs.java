package org.clearway.mappings.canonical;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * RFC 8785 (JCS) serializer for the restricted JSON trees of CANONICAL-MODEL §9.1/§10.1: members
 * sorted by UTF-16 code units, minimal string escaping, integers in plain decimal, no whitespace.
 * Non-integer numbers never occur in these trees (decimals are strings), so the ECMAScript
 * number formatting of RFC 8785 §3.2.2.3 reduces to integer printing.
 */
final class Jcs {
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private Jcs() {
    }

    static byte[] write(Object tree) {
        StringBuilder sb = new StringBuilder(4096);
        value(tree, sb);
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void value(Object v, StringBuilder sb) {
        if (v instanceof String s) {
            string(s, sb);
        } else if (v instanceof Map<?, ?> m) {
            List<String> keys = new ArrayList<>();
            for (Object k : m.keySet()) {
                keys.add((String) k);
            }
            // RFC 8785 §3.2.3: sort by UTF-16 code units, which is String.compareTo
            keys.sort(String::compareTo);
            sb.append('{');
            boolean first = true;
            for (String k : keys) {
                if (!first) {
                    sb.append(',');
                }
                first = false;
                string(k, sb);
                sb.append(':');
                value(m.get(k), sb);
            }
            sb.append('}');
        } else if (v instanceof List<?> l) {
            sb.append('[');
            for (int i = 0; i < l.size(); i++) {
                if (i > 0) {
                    sb.append(',');
                }
                value(l.get(i), sb);
            }
            sb.append(']');
        } else if (v instanceof Long || v instanceof Integer || v instanceof BigInteger) {
            sb.append(v);
        } else if (v instanceof Boolean b) {
            sb.append(b ? "true" : "false");
        } else {
            throw new IllegalArgumentException("not a canonical JSON value: " + v);
        }
    }

    /** RFC 8785 §3.2.2.2: only '"', '\\' and U+0000..U+001F are escaped; lone surrogates are invalid. */
    static void string(String s, StringBuilder sb) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\b' -> sb.append("\\b");
                case '\f' -> sb.append("\\f");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) {
                        sb.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xf]);
                    } else if (Character.isHighSurrogate(c)) {
                        if (i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1))) {
                            throw new IllegalArgumentException("lone surrogate at index " + i);
                        }
                        sb.append(c).append(s.charAt(++i));
                    } else if (Character.isLowSurrogate(c)) {
                        throw new IllegalArgumentException("lone surrogate at index " + i);
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }
}
