package org.clearway.mappings.edifact;

import java.util.Map;
import java.util.Objects;

/**
 * One syntax error found by the ingress pass, with the gateway code of MIG GW10 §7.3 and where it
 * is (CONTRL UCS/UCD coordinates).
 *
 * @param code             gateway syntax code {@code X001}..{@code X023} (MIG §7.3)
 * @param segmentTag       tag of the segment in error (for a missing segment: the missing tag when
 *                         known), may be null for interchange-level problems without a segment
 * @param segmentPosition  position of the segment in its message, UNH = 1 (CONTRL UCS 0096); 0 for
 *                         envelope segments outside a message (UNB, UNG, UNE, UNZ)
 * @param element          element position counted from 1 after the tag (S011 0098), or null
 * @param component        component position counted from 1 (S011 0104), or null
 * @param text             human readable explanation (goes into the 202 body, never into CONTRL)
 * @param contrlErrorCode  ISO 9735 syntax error code for CONTRL 0085 (MIG §7.3 column 0085)
 */
public record SyntaxProblem(String code, String segmentTag, int segmentPosition, Integer element,
                            Integer component, String text, String contrlErrorCode) {

    /** The usual 0085 value of each gateway code (MIG §7.3); refinements are passed explicitly. */
    private static final Map<String, String> DEFAULT_0085 = Map.ofEntries(
            Map.entry("X002", "2"), Map.entry("X003", "21"), Map.entry("X004", "13"),
            Map.entry("X005", "29"), Map.entry("X006", "28"), Map.entry("X007", "29"),
            Map.entry("X008", "28"), Map.entry("X009", "17"), Map.entry("X010", "13"),
            Map.entry("X011", "35"), Map.entry("X012", "15"), Map.entry("X013", "13"),
            Map.entry("X014", "37"), Map.entry("X015", "39"), Map.entry("X016", "12"),
            Map.entry("X017", "29"), Map.entry("X018", "26"), Map.entry("X019", "18"),
            Map.entry("X020", "16"), Map.entry("X021", "23"), Map.entry("X022", "7"),
            Map.entry("X023", "12"));

    public SyntaxProblem {
        Objects.requireNonNull(code, "code");
        if (contrlErrorCode == null) {
            contrlErrorCode = DEFAULT_0085.get(code);
        }
    }

    /** A problem whose CONTRL 0085 is the default for its code (MIG §7.3). */
    public SyntaxProblem(String code, String segmentTag, int segmentPosition, Integer element,
                         Integer component, String text) {
        this(code, segmentTag, segmentPosition, element, component, text, null);
    }

    /** True for the codes that MIG §7.3 reports on the UCM itself (0013/S011) rather than in UCS. */
    boolean reportedOnUcm() {
        return code.equals("X007") || code.equals("X008") || code.equals("X009");
    }
}
