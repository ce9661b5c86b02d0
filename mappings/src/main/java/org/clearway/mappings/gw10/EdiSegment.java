package org.clearway.mappings.gw10;

import java.util.ArrayList;
import java.util.List;

/**
 * One segment as read, already un-escaped: element -> repetition -> component, all 1-based in
 * the accessors. Empty and absent constituents both read as {@code ""} (MIG GW10 §3.5).
 *
 * @param tag      segment tag
 * @param position position in the message, UNH = 1 (0 for service segments outside a message)
 * @param elements element -> repetitions -> components
 */
record EdiSegment(String tag, int position, List<List<List<String>>> elements) {

    // No defensive copy: segments are only built by EdiSegmentSource, which hands over fresh
    // lists and never touches them again; copying cost as much as StAEDI's own parsing.

    /** Component {@code component} of the first repetition of element {@code element}; "" if absent. */
    String value(int element, int component) {
        return value(element, 1, component);
    }

    /** First component of element {@code element}; "" if absent. */
    String value(int element) {
        return value(element, 1, 1);
    }

    String value(int element, int repetition, int component) {
        if (element < 1 || element > elements.size()) {
            return "";
        }
        List<List<String>> reps = elements.get(element - 1);
        if (repetition < 1 || repetition > reps.size()) {
            return "";
        }
        List<String> comps = reps.get(repetition - 1);
        if (component < 1 || component > comps.size()) {
            return "";
        }
        String v = comps.get(component - 1);
        return v == null ? "" : v;
    }

    /** Number of repetitions of an element (0 when absent). */
    int repetitions(int element) {
        return element < 1 || element > elements.size() ? 0 : elements.get(element - 1).size();
    }

    /** The non-empty components of the first repetition of an element, in order. */
    List<String> nonEmptyComponents(int element) {
        List<String> out = new ArrayList<>();
        if (element >= 1 && element <= elements.size() && !elements.get(element - 1).isEmpty()) {
            for (String c : elements.get(element - 1).get(0)) {
                if (c != null && !c.isEmpty()) {
                    out.add(c);
                }
            }
        }
        return out;
    }

    /** The qualifier (first component of the first element), the usual discriminator. */
    String qualifier() {
        return value(1, 1);
    }
}
