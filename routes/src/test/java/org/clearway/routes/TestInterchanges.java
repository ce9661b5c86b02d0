package org.clearway.routes;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Builds GW10 CUSITM interchanges for the end-to-end tests: unique interchange references, BGM
 * numbers and S10 ids per call (so tests do not trip each other's duplicate rules), correct
 * UNT/UNZ counts unless a test breaks them on purpose.
 */
final class TestInterchanges {
    private static final AtomicLong SERIAL = new AtomicLong(System.nanoTime() % 10_000_000L * 10);

    private TestInterchanges() {
    }

    /** One item as in MIG example 1, item 1, with a chosen S10 id, addressee country and value. */
    record Item(String s10, String addresseeCountry, String value) {
        static Item valid() {
            return new Item(TestInterchanges.s10("CP", "GB"), "DE", "42.50");
        }
    }

    /** A valid S10 id with a fresh serial and the right check digit (MIG §9 V2). */
    static String s10(String service, String country) {
        String serial = String.format("%08d", SERIAL.incrementAndGet() % 100_000_000L);
        int[] weights = {8, 6, 4, 2, 3, 5, 9, 7};
        int sum = 0;
        for (int i = 0; i < 8; i++) {
            sum += (serial.charAt(i) - '0') * weights[i];
        }
        int c = 11 - sum % 11;
        c = c == 10 ? 0 : c == 11 ? 5 : c;
        return service + serial + c + country;
    }

    static String reference(String prefix) {
        return prefix + String.format("%010d", SERIAL.incrementAndGet() % 10_000_000_000L);
    }

    static List<String> message(String messageRef, List<Item> items) {
        return message(messageRef, reference("TEST-"), "9", items);
    }

    /**
     * A message with a chosen BGM 1004 message number and BGM 1225 function ({@code 9} original,
     * {@code 5} replace, {@code 1} cancel; MIG §5.2, V20/V21).
     */
    static List<String> message(String messageRef, String bgmNumber, String function, List<Item> items) {
        List<String> segs = new ArrayList<>();
        segs.add("UNH+" + messageRef + "+CUSITM:1:1:AD:GW10");
        segs.add("BGM+936+" + bgmNumber + "+" + function);
        segs.add("DTM+137:202611240830:203");
        segs.add("NAD+MS+DEA");
        segs.add("NAD+MR+DE004850");
        int seq = 0;
        for (Item item : items) {
            seq++;
            String half = new java.math.BigDecimal(item.value()).subtract(new java.math.BigDecimal("24.50")).toPlainString();
            segs.add("CNI+" + seq + "+" + item.s10());
            segs.add("DTM+11:20261120:102");
            segs.add("LOC+ZOP+GBA");
            segs.add("LOC+ZDP+DEA");
            segs.add("GIS+11:ZCI");
            segs.add("GIS+C:ZMC");
            segs.add("MEA+WT+AAB+KGM:1.350");
            segs.add("MOA+ZDV:" + item.value() + ":GBP");
            segs.add("RFF+ZIO:IM3720001234");
            segs.add("NAD+CZ+++BRITISH TEA HOUSE LTD+12 MILL LANE+LONDON++SE1 9PX+GB");
            segs.add("NAD+CN+++ANNA SCHMIDT+KASTANIENALLEE 12+BERLIN++10435+" + item.addresseeCountry());
            segs.add("LIN+1++090240:HS");
            segs.add("FTX+AAA+++BLACK TEA, LOOSE LEAF, 250 G TIN");
            segs.add("QTY+1:2");
            segs.add("MEA+WT+AAA+KGM:0.500");
            segs.add("MOA+203:" + half + ":GBP");
            segs.add("LOC+27+IN");
            segs.add("LIN+2++691200:HS");
            segs.add("FTX+AAA+++CERAMIC TEAPOT");
            segs.add("QTY+1:1");
            segs.add("MEA+WT+AAA+KGM:0.700");
            segs.add("MOA+203:24.50:GBP");
            segs.add("LOC+27+CN");
        }
        segs.add("UNT+" + (segs.size() + 1) + "+" + messageRef);
        return segs;
    }

    /** An interchange of the given messages (each a list of segments without terminators). */
    static byte[] interchange(String controlRef, List<List<String>> messages) {
        StringBuilder b = new StringBuilder("UNA:+.? '\n");
        b.append("UNB+UNOC:3+DEPOSTGW:ZZZ+DECUSTGW:ZZZ+261124:0830+").append(controlRef).append("++CUSITM'\n");
        for (List<String> m : messages) {
            for (String s : m) {
                b.append(s).append("'\n");
            }
        }
        b.append("UNZ+").append(messages.size()).append('+').append(controlRef).append("'\n");
        return b.toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    /** The interchange as text (ISO-8859-1, as written by {@link #interchange}), for tests that edit the envelope. */
    static String text(byte[] interchange) {
        return new String(interchange, StandardCharsets.ISO_8859_1);
    }

    static byte[] single(String controlRef, Item... items) {
        return interchange(controlRef, List.of(message("1", List.of(items))));
    }
}
