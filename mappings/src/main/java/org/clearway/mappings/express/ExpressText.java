package org.clearway.mappings.express;

import java.text.Normalizer;
import java.util.regex.Pattern;

/**
 * Text and phone normalisation for express data: the {@code Text} rule of CANONICAL-MODEL §4 (NFC,
 * TAB/CR/LF to one space, other C0/C1 controls removed, trimmed, length in code points) and the
 * §5.3 E.164 phone rule. A small copy of the postal package's private helpers, which are not public.
 */
final class ExpressText {

    private static final Pattern E164 = Pattern.compile("^\\+[1-9][0-9]{6,14}$");

    private ExpressText() {
    }

    /** A normalised value and whether §4 requires {@code TEXT_NORMALISED}. */
    record Normalised(String text, boolean changed) {
    }

    static Normalised normalise(String raw, int max) {
        String s = raw == null ? "" : raw;
        StringBuilder b = new StringBuilder(s.length());
        boolean changed = false;
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            i += Character.charCount(cp);
            if (cp == '\t' || cp == '\r' || cp == '\n') {
                changed = true;
                if (b.length() == 0 || b.charAt(b.length() - 1) != ' ') {
                    b.append(' ');
                }
            } else if (cp < 0x20 || (cp >= 0x7F && cp <= 0x9F)) {
                changed = true;
            } else {
                b.appendCodePoint(cp);
            }
        }
        String text = b.toString();
        String nfc = Normalizer.normalize(text, Normalizer.Form.NFC);
        changed |= !nfc.equals(text);
        text = nfc.strip();
        if (text.codePointCount(0, text.length()) > max) {
            text = text.substring(0, text.offsetByCodePoints(0, max)).stripTrailing();
            changed = true;
        }
        return new Normalised(text, changed);
    }

    /** Free-format phone -> E.164 (spaces, dashes, dots, brackets removed; 00 -> +), else null. */
    static String e164(String raw) {
        String s = raw.strip().replaceAll("[\\s\\-./()]", "");
        if (s.startsWith("00")) {
            s = "+" + s.substring(2);
        }
        return E164.matcher(s).matches() ? s : null;
    }
}
