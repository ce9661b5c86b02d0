package org.clearway.mappings.gw10;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A syntactically valid interchange inside UNG/UNE with nearly every business error at once: the
 * reader must still map it, and the validator must report every problem with its pointer.
 */
class NastyInterchangeTest {

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = NastyInterchangeTest.class.getResourceAsStream("/gw10/nasty/" + name)) {
            return in.readAllBytes();
        }
    }

    @Test
    void reportsEveryProblemOfEveryItemInAGroupedInterchange() throws IOException {
        List<CusitmMessage> messages = CusitmReader.readAll(resource("groups-and-many-problems.edi"));
        assertThat(messages).hasSize(1);
        CusitmMessage m = messages.get(0);
        assertThat(m.function()).isEqualTo(MessageFunction.REPLACE);
        assertThat(m.items()).hasSize(2);

        CusitmValidation v = CusitmValidator.validate(m, ValidationSettings.defaults());
        CusitmValidation.ItemValidation first = v.items().get(0);
        assertThat(first.problems()).extracting(BusinessProblem::code).containsExactly(
                "E101",          // lower-case, 12-character S10
                "E130",          // mail class X
                "E131",          // posted 3 days after the message
                "E110", "W117",  // sender: UK, no street
                "E119",          // addressee twice
                "E111",          // XTS postage
                "E112", "W151", "E120", "W118", "E110", // piece 1: HS, GOODS, 1.5, KGM, EL
                "W105", "E113", "E121", "W115",        // piece 3: LIN 3 where 2 expected, no HS,
                                                       // negative value, no origin
                "E122",          // net 0.700 > gross 0.500
                "E123",          // 25.00 - 1.00 != 30.00
                "W116");         // IOSS IM12
        assertThat(first.problems()).filteredOn(p -> p.code().equals("E113"))
                .singleElement().satisfies(p -> {
                    assertThat(p.erpPointer()).isEqualTo("2:1:3");
                    assertThat(p.pieceIndex()).isEqualTo(3);
                    assertThat(p.segmentTag()).isEqualTo("LIN");
                });
        assertThat(first.rejected()).isTrue();

        CusitmValidation.ItemValidation second = v.items().get(1);
        assertThat(second.problems()).extracting(BusinessProblem::code).containsExactly("W124");
        assertThat(second.rejected()).isFalse();
        assertThat(second.item().sender().orElseThrow().name()).isEqualTo("SEAN O'BRIEN");
    }
}
