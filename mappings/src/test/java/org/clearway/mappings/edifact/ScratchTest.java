package org.clearway.mappings.edifact;

import org.junit.jupiter.api.Test;
import java.nio.charset.StandardCharsets;

class ScratchTest {
    @Test
    void dump() {
        var scanner = new InterchangeScanner(ScanOptions.permissive());
        String base = new String(Samples.bytes("01-minimal-item.edi"), StandardCharsets.ISO_8859_1);
        String[][] variants = {
            {"DEPOST-20261124-0001+9'", "DEPOST-20261124-0001+7'"},
            {"BGM+936", "BGM+999"},
            {"NAD+MS+DEA'", "NAD+XX+DEA'"},
            {"GIS+91:ZCI", "GIS+91:ZZZ"},
            {"MOA+ZDV:", "MOA+ZZZ:"},
            {"UNT+21+1", "UNT+20+1"},
            {"MOA+ZDV:0.00", "MOA+ZDV:.5"},
            {"MOA+ZDV:0.00", "MOA+ZDV:0,5"},
            {"MOA+ZDV:0.00", "MOA+ZDV:5."},
            {"MOA+ZDV:0.00", "MOA+ZDV:1.2.3"},
            {"DTM+137:202611240830:203", "DTM+137:202611240830:303"},
};
        for (String[] v : variants) {
            var r = scanner.scan(base.replace(v[0], v[1]).getBytes(StandardCharsets.ISO_8859_1), MessageSink.discard());
            System.err.println(v[1] + " -> " + r.interchangeError());
            r.messages().forEach(m -> m.errors().forEach(e -> System.err.println("   " + e)));
        }
    }
}
