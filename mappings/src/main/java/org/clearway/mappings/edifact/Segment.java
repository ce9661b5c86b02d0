package org.clearway.mappings.edifact;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.util.ArrayList;
import java.util.List;

/**
 * A raw segment split into elements and components and unescaped, with the character problems
 * found on the way (X003, MIG GW10 §3.3). Element 0 is the tag. Splitting happens on bytes before
 * decoding, so an invalid byte sequence is located at its element and component.
 * In syntax 4 a repetition separator starts a new component (positions only matter for errors).
 */
final class Segment {

    /** UNOA repertoire besides A-Z, 0-9 (MIG §3.3). */
    private static final String UNOA_SPECIALS = " .,-()/='+:?!\"%&*;<>";

    final String tag;
    final List<List<String>> elements;
    final List<int[]> badCharacters = new ArrayList<>();
    final List<String> badCharacterTexts = new ArrayList<>();

    private Segment(String tag, List<List<String>> elements) {
        this.tag = tag;
        this.elements = elements;
    }

    /** Component {@code c} (1-based) of element {@code e} (1-based after the tag), "" if absent. */
    String get(int e, int c) {
        if (e >= elements.size()) {
            return "";
        }
        List<String> comps = elements.get(e);
        return c - 1 < comps.size() ? comps.get(c - 1) : "";
    }

    int elementCount() {
        return elements.size() - 1;
    }

    static Segment parse(SegmentTokenizer.RawSegment raw, EdifactEnvelope env, Charset charset) {
        byte[] b = raw.bytes();
        int n = raw.dataLength();
        byte comp = (byte) env.componentSeparator();
        byte elem = (byte) env.elementSeparator();
        byte rel = (byte) env.releaseCharacter();
        boolean v4 = "4".equals(env.syntaxVersion());
        byte rep = (byte) env.repetitionSeparator();
        boolean hasRep = v4 && env.repetitionSeparator() != ' ';

        List<List<byte[]>> byteElements = new ArrayList<>();
        List<byte[]> comps = new ArrayList<>();
        java.io.ByteArrayOutputStream cur = new java.io.ByteArrayOutputStream();
        for (int i = 0; i < n; i++) {
            byte x = b[i];
            if (x == rel) {
                if (i + 1 < n) {
                    cur.write(b[++i]);
                }
                continue;
            }
            if (x == elem) {
                comps.add(cur.toByteArray());
                cur.reset();
                byteElements.add(comps);
                comps = new ArrayList<>();
            } else if (x == comp || (hasRep && x == rep)) {
                comps.add(cur.toByteArray());
                cur.reset();
            } else {
                cur.write(x);
            }
        }
        comps.add(cur.toByteArray());
        byteElements.add(comps);

        CharsetDecoder decoder = charset.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        List<List<String>> elements = new ArrayList<>(byteElements.size());
        List<int[]> bad = new ArrayList<>();
        List<String> badTexts = new ArrayList<>();
        for (int e = 0; e < byteElements.size(); e++) {
            List<String> decoded = new ArrayList<>();
            List<byte[]> bes = byteElements.get(e);
            for (int c = 0; c < bes.size(); c++) {
                String value;
                try {
                    CharBuffer cb = decoder.reset().decode(ByteBuffer.wrap(bes.get(c)));
                    value = cb.toString();
                    String why = checkRepertoire(value, env.syntaxIdentifier());
                    if (why != null) {
                        bad.add(new int[] {e, c + 1});
                        badTexts.add(why);
                    }
                } catch (CharacterCodingException ex) {
                    value = new String(bes.get(c), charset);
                    bad.add(new int[] {e, c + 1});
                    badTexts.add("byte sequence not valid " + charset.name() + " for " + env.syntaxIdentifier());
                }
                decoded.add(value);
            }
            elements.add(decoded);
        }
        String tag = elements.get(0).get(0);
        Segment s = new Segment(tag, elements);
        s.badCharacters.addAll(bad);
        s.badCharacterTexts.addAll(badTexts);
        return s;
    }

    /** Null when every character is allowed in the declared repertoire (MIG §3.3), else why not. */
    static String checkRepertoire(String value, String syntaxIdentifier) {
        for (int i = 0; i < value.length(); i++) {
            char ch = value.charAt(i);
            // control characters are never data; CR/LF after terminators never reach here (§3.5)
            if (ch < 0x20 || ch == 0x7F || (ch >= 0x80 && ch <= 0x9F)) {
                return String.format("control character U+%04X not allowed", (int) ch);
            }
            boolean ok = switch (syntaxIdentifier) {
                case "UNOA" -> (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') || UNOA_SPECIALS.indexOf(ch) >= 0;
                case "UNOB" -> ch < 0x7F;
                case "UNOC" -> ch <= 0xFF;
                default -> true;
            };
            if (!ok) {
                return String.format("character '%s' (U+%04X) not in repertoire %s", ch, (int) ch, syntaxIdentifier);
            }
        }
        return null;
    }

    /** Escapes a value for writing with default service characters (MIG §3.2). */
    static String escapeDefault(String value, boolean v4) {
        StringBuilder sb = new StringBuilder(value.length() + 4);
        for (int i = 0; i < value.length(); i++) {
            char ch = value.charAt(i);
            if (ch == '?' || ch == ':' || ch == '+' || ch == '\'' || (v4 && ch == '*')) {
                sb.append('?');
            }
            sb.append(ch);
        }
        return sb.toString();
    }
}
