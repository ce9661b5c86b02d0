package org.clearway.mappings.postal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.clearway.mappings.gw10.CusitmMessage;
import org.clearway.mappings.gw10.CusitmReader;
import org.junit.jupiter.api.Test;

class PostalContentTest {

    private static final String SAMPLE = new String(PostalSamples.bytes("02-two-items-three-pieces.edi"),
            StandardCharsets.ISO_8859_1);

    private static List<CusitmMessage> readText(String text) {
        return CusitmReader.readAll(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    /** The same business content re-sent with new envelope refs, times, numbering and number format. */
    private static String resent() {
        return SAMPLE.replace("DP0000000002", "DP0000000777")
                .replace("UNH+1+", "UNH+42+").replace("UNT+60+1", "UNT+60+42")
                .replace("DEPOST-20261124-0002", "DEPOST-20261125-0100")
                .replace("DTM+137:202611240830:203", "DTM+137:20261125101500:204")
                .replace("261124:0830", "261125:1015")
                .replace("CNI+1+CP473124829GB", "CNI+5+CP473124829GB")
                .replace("CNI+2+LX204812345US", "CNI+6+LX204812345US")
                .replace("LIN+1++090240:HS", "LIN+3++090240:HS")
                .replace("LIN+2++691200:HS", "LIN+4++691200:HS")
                .replace("KGM:1.350", "KGM:1.35")
                .replace("\n", "\r\n");
    }

    @Test
    void digestIgnoresEnvelopeReferencesTimesAndNumbering() {
        CusitmMessage original = readText(SAMPLE).get(0);
        CusitmMessage again = readText(resent()).get(0);
        assertThat(again.items().get(0).sequence()).isEqualTo(5);
        assertThat(again.messageNumber()).isNotEqualTo(original.messageNumber());

        for (int i = 0; i < 2; i++) {
            String a = PostalContent.digest(original.items().get(i));
            assertThat(a).matches("[0-9a-f]{64}");
            assertThat(PostalContent.digest(again.items().get(i))).isEqualTo(a);
        }
        assertThat(PostalContent.digest(original.items().get(0)))
                .isNotEqualTo(PostalContent.digest(original.items().get(1)));
    }

    @Test
    void digestChangesWhenBusinessContentChanges() {
        String base = PostalContent.digest(readText(SAMPLE).get(0).items().get(0));
        List<String> changed = List.of(
                SAMPLE.replace("MOA+203:18.00:GBP", "MOA+203:18.01:GBP"),
                SAMPLE.replace("KASTANIENALLEE 12", "KASTANIENALLEE 14"),
                SAMPLE.replace("BLACK TEA, LOOSE LEAF", "GREEN TEA, LOOSE LEAF"),
                SAMPLE.replace("LOC+27+IN", "LOC+27+LK"),
                SAMPLE.replace("RFF+ZIO:IM3720001234", "RFF+ZIO:IM3720001235"),
                SAMPLE.replace("DTM+11:20261120:102", "DTM+11:20261121:102"),
                SAMPLE.replace("QTY+1:2'\nMEA+WT+AAA+KGM:0.500", "QTY+1:3'\nMEA+WT+AAA+KGM:0.500"));
        for (String text : changed) {
            assertThat(text).isNotEqualTo(SAMPLE);
            assertThat(PostalContent.digest(readText(text).get(0).items().get(0))).isNotEqualTo(base);
        }
    }

    @Test
    void decimalCommaAndDotGiveTheSameDigest() {
        String comma = SAMPLE.replace("UNA:+.? '", "UNA:+,? '").replace("KGM:1.350", "KGM:1,350")
                .replace("18.00:GBP", "18,00:GBP").replace("24.50:GBP", "24,50:GBP").replace("42.50:GBP", "42,50:GBP")
                .replace("9.80:GBP", "9,80:GBP").replace("KGM:0.500", "KGM:0,5").replace("KGM:0.700", "KGM:0,700");
        assertThat(PostalContent.digest(readText(comma).get(0).items().get(0)))
                .isEqualTo(PostalContent.digest(readText(SAMPLE).get(0).items().get(0)));
    }
}
