package org.clearway.mappings.gw10;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import org.clearway.mappings.edifact.EdifactEnvelope;

/**
 * Builds EDIFACT text segment by segment with the service characters of an interchange: data is
 * transliterated for the syntax identifier, truncated, then escaped with the release character
 * (MIG GW10 §3.2, §3.3); trailing empty components and elements are not written (§3.5).
 */
final class EdiWriter {

    private static final DateTimeFormatter F203 = DateTimeFormatter.ofPattern("uuuuMMddHHmm").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter F204 = DateTimeFormatter.ofPattern("uuuuMMddHHmmss").withZone(ZoneOffset.UTC);

    private final EdifactEnvelope syntax;
    private final String lineBreak;
    private final StringBuilder out = new StringBuilder();
    private int segmentsSinceUnh;

    EdiWriter(EdifactEnvelope syntax, String lineBreak) {
        this.syntax = syntax;
        this.lineBreak = lineBreak;
    }

    /** Writes the UNA service string advice (not a segment, not counted: MIG §3.1). */
    void una() {
        out.append("UNA").append(syntax.componentSeparator()).append(syntax.elementSeparator())
                .append(syntax.decimalMark()).append(syntax.releaseCharacter())
                .append(syntax.repetitionSeparator()).append(syntax.segmentTerminator()).append(lineBreak);
    }

    /** Starts counting for UNT 0074 (UNH included). */
    void startMessage() {
        segmentsSinceUnh = 0;
    }

    int segmentsSinceUnh() {
        return segmentsSinceUnh;
    }

    /**
     * Writes one segment. Each element is a list of components; components are data values
     * (escaped) or null for empty.
     */
    void segment(String tag, List<List<String>> elements) {
        int lastElement = elements.size();
        while (lastElement > 0 && isEmpty(elements.get(lastElement - 1))) {
            lastElement--;
        }
        out.append(tag);
        for (int e = 0; e < lastElement; e++) {
            out.append(syntax.elementSeparator());
            List<String> comps = elements.get(e);
            int last = comps.size();
            while (last > 0 && (comps.get(last - 1) == null || comps.get(last - 1).isEmpty())) {
                last--;
            }
            for (int c = 0; c < last; c++) {
                if (c > 0) {
                    out.append(syntax.componentSeparator());
                }
                String v = comps.get(c);
                if (v != null) {
                    out.append(escape(v));
                }
            }
        }
        out.append(syntax.segmentTerminator()).append(lineBreak);
        segmentsSinceUnh++;
    }

    /** Convenience: each argument is one simple element, or a composite given as a String[]. */
    void seg(String tag, Object... elements) {
        List<List<String>> list = new ArrayList<>();
        for (Object e : elements) {
            if (e == null) {
                list.add(List.of());
            } else if (e instanceof String[] comps) {
                List<String> c = new ArrayList<>();
                for (String s : comps) {
                    c.add(s);
                }
                list.add(c);
            } else {
                List<String> c = new ArrayList<>();
                c.add(e.toString());
                list.add(c);
            }
        }
        segment(tag, list);
    }

    private static boolean isEmpty(List<String> comps) {
        return comps.stream().allMatch(c -> c == null || c.isEmpty());
    }

    /** Text data: transliterate, truncate to {@code max} characters, then escape (by segment()). */
    String text(String value, int max) {
        String t = Transliteration.forSyntax(syntax.syntaxIdentifier(), value == null ? "" : value);
        return t.length() > max ? t.substring(0, max) : t;
    }

    /** Number with the interchange's decimal mark (MIG §3.4); null stays null. */
    String number(BigDecimal value) {
        if (value == null) {
            return null;
        }
        String s = value.toPlainString();
        return syntax.decimalMark() == ',' ? s.replace('.', ',') : s;
    }

    /** DTM value and format: 203 at full minutes, else 204 (MIG §5.2, §6.2). */
    String[] dateTime(String qualifier, Instant t) {
        boolean minutes = t.getEpochSecond() % 60 == 0 && t.getNano() == 0;
        return new String[]{qualifier, (minutes ? F203 : F204).format(t), minutes ? "203" : "204"};
    }

    private String escape(String v) {
        StringBuilder b = new StringBuilder(v.length() + 4);
        boolean v4 = "4".equals(syntax.syntaxVersion());
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            // Only the service characters of this interchange are escaped; the repetition
            // separator only in syntax 4 (in syntax 3 position 8 is reserved) (MIG §3.2)
            if (c == syntax.componentSeparator() || c == syntax.elementSeparator()
                    || c == syntax.segmentTerminator() || c == syntax.releaseCharacter()
                    || v4 && c == syntax.repetitionSeparator()) {
                b.append(syntax.releaseCharacter());
            }
            b.append(c);
        }
        return b.toString();
    }

    /** Appends raw, already-formed text (service segments built by the caller are not used). */
    String result() {
        return out.toString();
    }
}
