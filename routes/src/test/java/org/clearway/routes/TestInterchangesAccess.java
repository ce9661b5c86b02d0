package org.clearway.routes;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Streams large synthetic CUSITM interchanges for the benchmarks, message by message. */
public final class TestInterchangesAccess {
    private TestInterchangesAccess() {
    }

    public static String reference(String prefix) {
        return TestInterchanges.reference(prefix.length() > 4 ? prefix.substring(0, 4) : prefix);
    }

    public static void write(OutputStream out, String controlRef, int messages, int itemsPerMessage) throws IOException {
        out.write(("UNA:+.? '\nUNB+UNOC:3+DEPOSTGW:ZZZ+DECUSTGW:ZZZ+261124:0830+" + controlRef + "++CUSITM'\n")
                .getBytes(StandardCharsets.ISO_8859_1));
        for (int m = 1; m <= messages; m++) {
            TestInterchanges.Item[] items = new TestInterchanges.Item[itemsPerMessage];
            for (int i = 0; i < itemsPerMessage; i++) {
                items[i] = TestInterchanges.Item.valid();
            }
            StringBuilder b = new StringBuilder();
            for (String s : TestInterchanges.message(String.valueOf(m), List.of(items))) {
                b.append(s).append("'\n");
            }
            out.write(b.toString().getBytes(StandardCharsets.ISO_8859_1));
        }
        out.write(("UNZ+" + messages + "+" + controlRef + "'\n").getBytes(StandardCharsets.ISO_8859_1));
    }
}
