package org.clearway.mappings.postal;

import java.text.Normalizer;

/**
 * The {@code Text} rule of CANONICAL-MODEL §4: NFC, TAB/CR/LF replaced by one space, other C0/C1
 * control characters removed, leading and trailing spaces trimmed, maximum length counted in
 * code points.
 */
final class PostalText {

    private PostalText() {
    }

    /** Result of normalising one value: the text and whether §4 requires {@code TEXT_NORMALISED}. */
    record Normalised(String text, boolean changed, boolean truncated) {
    }

    /**
     * @param raw text as received (null treated as "")
     * @param max maximum length in code points (Integer.MAX_VALUE for none)
     */
    static Normalised normalise(String raw, int max) {
        String s = raw == null ? "" : raw;
        boolean changed = false;
        StringBuilder b = new StringBuilder(s.length());
        int i = 0;
        while (i < s.length()) {
            int cp = s.codePointAt(i);
            i += Character.charCount(cp);
            if (cp == '\t' || cp == '\r' || cp == '\n') {
                // §4: TAB, CR and LF become a single space
                changed = true;
                if (b.length() == 0 || b.charAt(b.length() - 1) != ' ') {
                    b.append(' ');
                }
            } else if (cp < 0x20 || (cp >= 0x7F && cp <= 0x9F)) {
                changed = true; // §4: other C0/C1 controls removed
            } else {
                b.appendCodePoint(cp);
            }
        }
        String text = b.toString();
        String nfc = Normalizer.normalize(text, Normalizer.Form.NFC);
        if (!nfc.equals(text)) {
            changed = true;
        }
        text = nfc.strip();
        boolean truncated = false;
        if (text.codePointCount(0, text.length()) > max) {
            text = text.substring(0, text.offsetByCodePoints(0, max)).stripTrailing();
            truncated = true;
        }
        return new Normalised(text, changed || truncated, truncated);
    }

    /** Normalised text without the flag information (for digests). */
    static String plain(String raw) {
        return normalise(raw, Integer.MAX_VALUE).text();
    }
}
