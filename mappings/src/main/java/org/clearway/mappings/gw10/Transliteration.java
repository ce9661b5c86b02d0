package org.clearway.mappings.gw10;

import java.text.Normalizer;
import java.util.Locale;
import java.util.Map;

/**
 * Fits Unicode text of the canonical model into the repertoire of an EDIFACT syntax identifier
 * before writing (MIG GW10 §3.3): UNOC gets Latin-1 (other scripts transliterated), UNOB printable
 * ASCII, UNOA additionally upper case and only the UNOA characters; UNOY keeps everything. Control
 * characters become spaces in every case (line breaks are never data, §3.5). Characters without a
 * transliteration become {@code ?} (escaped by the writer when it is the release character).
 */
public final class Transliteration {

    private static final String UNOA_SPECIALS = " .,-()/='+:?!\"%&*;<>";

    /** Letters that NFD does not decompose into a base letter plus marks. */
    private static final Map<Character, String> LATIN = Map.ofEntries(
            Map.entry('ß', "ss"), Map.entry('ẞ', "SS"), Map.entry('Æ', "AE"), Map.entry('æ', "ae"),
            Map.entry('Ø', "O"), Map.entry('ø', "o"), Map.entry('Þ', "TH"), Map.entry('þ', "th"),
            Map.entry('Ð', "D"), Map.entry('ð', "d"), Map.entry('Œ', "OE"), Map.entry('œ', "oe"),
            Map.entry('Ł', "L"), Map.entry('ł', "l"), Map.entry('Đ', "D"), Map.entry('đ', "d"),
            Map.entry('Ħ', "H"), Map.entry('ħ', "h"), Map.entry('ı', "i"), Map.entry('ĸ', "k"),
            Map.entry('Ŋ', "N"), Map.entry('ŋ', "n"), Map.entry('ſ', "s"), Map.entry('Ŧ', "T"),
            Map.entry('ŧ', "t"), Map.entry('Ĳ', "IJ"), Map.entry('ĳ', "ij"),
            Map.entry('‘', "'"), Map.entry('’', "'"), Map.entry('‚', "'"), Map.entry('“', "\""),
            Map.entry('”', "\""), Map.entry('„', "\""), Map.entry('«', "\""), Map.entry('»', "\""),
            Map.entry('–', "-"), Map.entry('—', "-"), Map.entry('‐', "-"), Map.entry('…', "..."),
            Map.entry('€', "EUR"), Map.entry('£', "GBP"), Map.entry('¥', "JPY"), Map.entry('×', "x"),
            Map.entry('·', "."), Map.entry('°', "o"), Map.entry('¿', "?"), Map.entry('¡', "!"),
            Map.entry('\u00A0', " "), Map.entry('§', "S"), Map.entry('©', "(C)"), Map.entry('®', "(R)"),
            Map.entry('ª', "a"), Map.entry('º', "o"), Map.entry('¹', "1"), Map.entry('²', "2"),
            Map.entry('³', "3"), Map.entry('½', "1/2"), Map.entry('¼', "1/4"), Map.entry('¾', "3/4"));

    /** Cyrillic (Russian, Ukrainian, Belarusian, Bulgarian, Serbian) to Latin, a practical scheme. */
    private static final Map<Character, String> CYRILLIC = Map.ofEntries(
            Map.entry('а', "a"), Map.entry('б', "b"), Map.entry('в', "v"), Map.entry('г', "g"),
            Map.entry('д', "d"), Map.entry('е', "e"), Map.entry('ё', "e"), Map.entry('ж', "zh"),
            Map.entry('з', "z"), Map.entry('и', "i"), Map.entry('й', "y"), Map.entry('к', "k"),
            Map.entry('л', "l"), Map.entry('м', "m"), Map.entry('н', "n"), Map.entry('о', "o"),
            Map.entry('п', "p"), Map.entry('р', "r"), Map.entry('с', "s"), Map.entry('т', "t"),
            Map.entry('у', "u"), Map.entry('ф', "f"), Map.entry('х', "kh"), Map.entry('ц', "ts"),
            Map.entry('ч', "ch"), Map.entry('ш', "sh"), Map.entry('щ', "shch"), Map.entry('ъ', ""),
            Map.entry('ы', "y"), Map.entry('ь', ""), Map.entry('э', "e"), Map.entry('ю', "yu"),
            Map.entry('я', "ya"), Map.entry('і', "i"), Map.entry('ї', "yi"), Map.entry('є', "ye"),
            Map.entry('ґ', "g"), Map.entry('ў', "u"), Map.entry('ђ', "dj"), Map.entry('ј', "j"),
            Map.entry('љ', "lj"), Map.entry('њ', "nj"), Map.entry('ћ', "c"), Map.entry('џ', "dz"));

    private static final Map<Character, String> GREEK = Map.ofEntries(
            Map.entry('α', "a"), Map.entry('β', "v"), Map.entry('γ', "g"), Map.entry('δ', "d"),
            Map.entry('ε', "e"), Map.entry('ζ', "z"), Map.entry('η', "i"), Map.entry('θ', "th"),
            Map.entry('ι', "i"), Map.entry('κ', "k"), Map.entry('λ', "l"), Map.entry('μ', "m"),
            Map.entry('ν', "n"), Map.entry('ξ', "x"), Map.entry('ο', "o"), Map.entry('π', "p"),
            Map.entry('ρ', "r"), Map.entry('σ', "s"), Map.entry('ς', "s"), Map.entry('τ', "t"),
            Map.entry('υ', "y"), Map.entry('φ', "f"), Map.entry('χ', "ch"), Map.entry('ψ', "ps"),
            Map.entry('ω', "o"));

    private Transliteration() {
    }

    /**
     * Returns {@code text} restricted to the repertoire of {@code syntaxIdentifier}.
     *
     * @param syntaxIdentifier UNOA, UNOB, UNOC or UNOY (anything else is treated like UNOB)
     */
    public static String forSyntax(String syntaxIdentifier, String text) {
        if (text == null || text.isEmpty()) {
            return "";
        }
        StringBuilder out = new StringBuilder(text.length());
        text.codePoints().forEach(cp -> append(out, syntaxIdentifier, cp));
        String result = out.toString();
        if ("UNOA".equals(syntaxIdentifier)) {
            result = upperUnoa(result);
        }
        return result;
    }

    private static void append(StringBuilder out, String syntax, int cp) {
        if (Character.isISOControl(cp)) {
            out.append(' ');
            return;
        }
        if (allowed(syntax, cp)) {
            out.appendCodePoint(cp);
            return;
        }
        String mapped = map(cp);
        if (mapped != null) {
            for (int i = 0; i < mapped.length(); i++) {
                char c = mapped.charAt(i);
                out.append(allowed(syntax, c) || "UNOA".equals(syntax) ? c : '?');
            }
            return;
        }
        // Latin letters with diacritics: base letter without the combining marks
        String decomposed = Normalizer.normalize(new String(Character.toChars(cp)), Normalizer.Form.NFD);
        StringBuilder base = new StringBuilder();
        for (int i = 0; i < decomposed.length(); i++) {
            char c = decomposed.charAt(i);
            if (Character.getType(c) == Character.NON_SPACING_MARK) {
                continue;
            }
            if (allowed(syntax, c) || "UNOA".equals(syntax) && c < 0x80) {
                base.append(c);
            } else {
                String m = map(c);
                base.append(m != null ? m : "?");
            }
        }
        out.append(base.length() == 0 ? "?" : base);
    }

    private static String map(int cp) {
        if (cp > 0xFFFF) {
            return null;
        }
        char c = (char) cp;
        String m = LATIN.get(c);
        if (m != null) {
            return m;
        }
        char lower = Character.toLowerCase(c);
        boolean upper = lower != c;
        m = CYRILLIC.get(lower);
        if (m == null) {
            m = GREEK.get(lower);
        }
        if (m == null || !upper || m.isEmpty()) {
            return m;
        }
        return Character.toUpperCase(m.charAt(0)) + m.substring(1);
    }

    private static boolean allowed(String syntax, int cp) {
        return switch (syntax) {
            case "UNOY" -> true;
            case "UNOC" -> cp >= 0x20 && cp <= 0x7E || cp >= 0xA0 && cp <= 0xFF;
            case "UNOA" -> cp >= 'A' && cp <= 'Z' || cp >= '0' && cp <= '9' || UNOA_SPECIALS.indexOf(cp) >= 0;
            default -> cp >= 0x20 && cp <= 0x7E;
        };
    }

    /** UNOA: upper case, then anything outside the UNOA repertoire (e.g. {@code @ _ #}) becomes {@code ?}. */
    private static String upperUnoa(String s) {
        String upper = s.toUpperCase(Locale.ROOT);
        StringBuilder b = new StringBuilder(upper.length());
        for (int i = 0; i < upper.length(); i++) {
            char c = upper.charAt(i);
            b.append(allowed("UNOA", c) ? c : '?');
        }
        return b.toString();
    }
}
