package org.clearway.mappings.edifact;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Generates large valid GW10 CUSITM interchanges (UNOC:3, no UNA, CR/LF after each segment) for
 * tests and benchmarks, streaming: nothing is held in memory. Each item has one content piece and
 * an S10 id with a correct check digit (MIG §9 V1).
 */
public final class SyntheticInterchanges {

    private SyntheticInterchanges() {}

    /** Writes an interchange with reference {@code SY0000000001}. */
    public static long write(OutputStream out, int messages, int itemsPerMessage) {
        return write(out, messages, itemsPerMessage, "SY0000000001");
    }

    /**
     * Writes one interchange.
     *
     * @return bytes written
     */
    public static long write(OutputStream out, int messages, int itemsPerMessage, String controlReference) {
        try {
            Counter w = new Counter(out);
            w.seg("UNB+UNOC:3+DEPOSTGW:ZZZ+DECUSTGW:ZZZ+261124:0830+" + controlReference + "++CUSITM");
            int serial = 1;
            for (int m = 1; m <= messages; m++) {
                int segments = 0;
                w.seg("UNH+" + m + "+CUSITM:1:1:AD:GW10");
                w.seg("BGM+936+SYN-" + controlReference + "-" + m + "+9");
                w.seg("DTM+137:202611240830:203");
                w.seg("NAD+MS+DEA");
                w.seg("NAD+MR+DE004850");
                segments += 5;
                for (int i = 1; i <= itemsPerMessage; i++) {
                    String s10 = s10("CP", serial++ % 100_000_000, "GB");
                    w.seg("CNI+" + i + "+" + s10);
                    w.seg("DTM+11:20261120:102");
                    w.seg("LOC+ZOP+GBA");
                    w.seg("LOC+ZDP+DEA");
                    w.seg("GIS+31:ZCI");
                    w.seg("GIS+C:ZMC");
                    w.seg("MEA+WT+AAB+KGM:1.250");
                    w.seg("MOA+ZDV:42.50:GBP");
                    w.seg("NAD+CZ+++JOHN O?'BRIEN+12 MILL LANE+LONDON++SE1 9PX+GB");
                    w.seg("NAD+CN+++ANNA SCHMIDT+KASTANIENALLEE 12+BERLIN++10435+DE");
                    w.seg("LIN+1++090240:HS");
                    w.seg("FTX+AAA+++BLACK TEA, LOOSE LEAF, 250 G TIN");
                    w.seg("QTY+1:2");
                    w.seg("MEA+WT+AAA+KGM:1.000");
                    w.seg("MOA+203:42.50:GBP");
                    segments += 15;
                }
                w.seg("UNT+" + (segments + 1) + "+" + m);
            }
            w.seg("UNZ+" + messages + "+" + controlReference);
            return w.count;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An S10 id: 2 letters, 8 digits, UPU check digit, country (MIG §9 V1). */
    static String s10(String service, int serial, String country) {
        String digits = String.format("%08d", serial);
        int[] weights = {8, 6, 4, 2, 3, 5, 9, 7};
        int sum = 0;
        for (int i = 0; i < 8; i++) {
            sum += (digits.charAt(i) - '0') * weights[i];
        }
        int check = 11 - sum % 11;
        check = check == 10 ? 0 : check == 11 ? 5 : check;
        return service + digits + check + country;
    }

    private static final class Counter {
        private final OutputStream out;
        private long count;

        Counter(OutputStream out) {
            this.out = out;
        }

        void seg(String text) throws IOException {
            byte[] b = (text + "'\r\n").getBytes(StandardCharsets.ISO_8859_1);
            out.write(b);
            count += b.length;
        }
    }
}
