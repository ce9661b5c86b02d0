package org.clearway.mappings.edifact;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The UN/EDIFACT D.96B segment directory layouts of the segments GW10 uses (MIG §0 "Base
 * directory"), and the trailing-separator rule of MIG §3.5 applied with them: trailing empty
 * components and elements within the number of constituents the UN layout defines are absent
 * ({@code CNI+1+CP473124829GB:::'} is {@code CNI+1+CP473124829GB'}), a composite whose components
 * are all empty is absent ({@code NAD+CZ++:+...}), and a constituent beyond the UN layout, empty or
 * not, is X020. The GW10 schemas model only the constituents GW10 uses, so the syntax pass hands
 * StAEDI the message with these separators removed; a constituent the UN layout defines but GW10
 * does not use and that carries data is still reported by StAEDI as X020 (MIG §5.2 "all others
 * must be absent"). Service segments (UNH, UNT, ...) are left to StAEDI's control schema.
 */
final class UnSegmentLayouts {

    /** Components per element (1 = simple element), in directory order, per tag (D.96B). */
    static final Map<String, int[]> D96B = Map.ofEntries(
            Map.entry("BGM", new int[] {4, 1, 1, 1}),             // C002, 1004, 1225, 4343
            Map.entry("DTM", new int[] {3}),                      // C507
            Map.entry("NAD", new int[] {1, 3, 5, 6, 4, 1, 1, 1, 1}), // 3035, C082, C058, C080, C059, 3164, 3229, 3251, 3207
            Map.entry("CNI", new int[] {1, 6, 1}),                // 1490, C503, 1312
            Map.entry("LOC", new int[] {1, 4, 4, 4, 1}),          // 3227, C517, C519, C553, 5479
            Map.entry("GIS", new int[] {4}),                      // C529
            Map.entry("MEA", new int[] {1, 4, 5, 1}),             // 6311, C502, C174, 7383
            Map.entry("MOA", new int[] {5}),                      // C516
            Map.entry("FTX", new int[] {1, 1, 3, 5, 1}),          // 4451, 4453, C107, C108, 3453
            Map.entry("RFF", new int[] {4}),                      // C506
            Map.entry("DOC", new int[] {4, 6, 1, 1, 1}),          // C002, C503, 3153, 1220, 1218
            Map.entry("COM", new int[] {2}),                      // C076
            Map.entry("LIN", new int[] {1, 1, 4, 2, 1, 1}),       // 1082, 1229, C212, C829, 1222, 7083
            Map.entry("QTY", new int[] {3}),                      // C186
            Map.entry("TAX", new int[] {1, 4, 3, 1, 7, 1, 1, 1}), // 5283, C241, C533, 5286, C243, 5305, 3446, 1227
            Map.entry("ERP", new int[] {3, 3}),                   // C701, C853
            Map.entry("ERC", new int[] {3}));                     // C901

    private UnSegmentLayouts() {
    }

    /**
     * The segment for schema validation: {@code data} (the segment without its terminator, still
     * escaped) with trailing empty constituents and all-empty composites removed, or, when a
     * constituent lies beyond the UN layout, the X020 position ({@code element}, {@code component}
     * or null) and the data unchanged.
     */
    record Trimmed(byte[] data, Integer beyondElement, Integer beyondComponent) {
        boolean beyondLayout() {
            return beyondElement != null;
        }
    }

    static Trimmed trim(byte[] bytes, int length, EdifactEnvelope env) {
        byte elem = (byte) env.elementSeparator();
        byte comp = (byte) env.componentSeparator();
        byte rel = (byte) env.releaseCharacter();
        boolean hasRep = "4".equals(env.syntaxVersion()) && env.repetitionSeparator() != ' ';
        byte rep = (byte) env.repetitionSeparator();

        // elements -> repetitions -> components, each component as its raw (escaped) bytes
        List<List<List<byte[]>>> elements = new ArrayList<>();
        List<List<byte[]>> reps = new ArrayList<>();
        List<byte[]> comps = new ArrayList<>();
        ByteArrayOutputStream cur = new ByteArrayOutputStream();
        for (int i = 0; i < length; i++) {
            byte x = bytes[i];
            if (x == rel && i + 1 < length) {
                cur.write(x);
                cur.write(bytes[++i]);
            } else if (x == elem) {
                comps.add(cur.toByteArray());
                reps.add(comps);
                elements.add(reps);
                cur.reset();
                comps = new ArrayList<>();
                reps = new ArrayList<>();
            } else if (x == comp) {
                comps.add(cur.toByteArray());
                cur.reset();
            } else if (hasRep && x == rep) {
                comps.add(cur.toByteArray());
                reps.add(comps);
                cur.reset();
                comps = new ArrayList<>();
            } else {
                cur.write(x);
            }
        }
        comps.add(cur.toByteArray());
        reps.add(comps);
        elements.add(reps);

        String tag = new String(elements.get(0).get(0).get(0), java.nio.charset.StandardCharsets.ISO_8859_1);
        int[] layout = D96B.get(tag);
        if (layout == null) {
            return new Trimmed(java.util.Arrays.copyOf(bytes, length), null, null);
        }
        if (elements.size() - 1 > layout.length) {
            return new Trimmed(java.util.Arrays.copyOf(bytes, length), layout.length + 1, null);
        }
        for (int e = 1; e < elements.size(); e++) {
            for (List<byte[]> r : elements.get(e)) {
                if (r.size() > layout[e - 1]) {
                    return new Trimmed(java.util.Arrays.copyOf(bytes, length), e, layout[e - 1] + 1);
                }
                while (r.size() > 1 && r.get(r.size() - 1).length == 0) {
                    r.remove(r.size() - 1); // trailing empty components; an all-empty composite ends as ""
                }
            }
        }
        while (elements.size() > 1 && isEmpty(elements.get(elements.size() - 1))) {
            elements.remove(elements.size() - 1);
        }

        ByteArrayOutputStream out = new ByteArrayOutputStream(length);
        for (int e = 0; e < elements.size(); e++) {
            if (e > 0) {
                out.write(elem);
            }
            List<List<byte[]>> rs = elements.get(e);
            for (int r = 0; r < rs.size(); r++) {
                if (r > 0) {
                    out.write(rep);
                }
                List<byte[]> cs = rs.get(r);
                for (int c = 0; c < cs.size(); c++) {
                    if (c > 0) {
                        out.write(comp);
                    }
                    out.writeBytes(cs.get(c));
                }
            }
        }
        return new Trimmed(out.toByteArray(), null, null);
    }

    private static boolean isEmpty(List<List<byte[]>> element) {
        return element.size() == 1 && element.get(0).size() == 1 && element.get(0).get(0).length == 0;
    }
}
