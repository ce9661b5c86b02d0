package org.clearway.mappings.edifact;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** A partner's CONTRL must be read into records that say which interchange and messages it rejects. */
class ContrlReaderTest {

    @Test
    void readsTheNegativeContrlSample() {
        ContrlReader.ContrlInterchange read = ContrlReader.read(Samples.bytes("12-contrl-negative.edi"));

        assertThat(read.valid()).isTrue();
        assertThat(read.scan().header().orElseThrow().controlReference()).isEqualTo("DC0000000003");
        ContrlReader.Contrl contrl = read.contrls().get(0);
        assertThat(contrl.acknowledgedInterchangeRef()).isEqualTo("DP0000000099");
        assertThat(contrl.acknowledgedSender()).isEqualTo("DEPOSTGW:ZZZ");
        assertThat(contrl.acknowledgedRecipient()).isEqualTo("DECUSTGW:ZZZ");
        assertThat(contrl.action()).isEqualTo("7");
        assertThat(contrl.error()).isEmpty();
        assertThat(contrl.negative()).isTrue();
        assertThat(contrl.messages()).extracting(ContrlReader.MessageAck::messageRef).containsExactly("2", "3");

        ContrlReader.MessageAck second = contrl.messages().get(0);
        assertThat(second.messageIdentifier()).isEqualTo("CUSITM:1:1:AD:GW10");
        assertThat(second.action()).isEqualTo("4");
        assertThat(second.error()).isEqualTo(Optional.of(new ContrlReader.ErrorPoint("29", "UNT", 1, null)));
        assertThat(second.segmentErrors()).isEmpty();

        ContrlReader.MessageAck third = contrl.messages().get(1);
        assertThat(third.error()).isEmpty();
        assertThat(third.segmentErrors()).containsExactly(new ContrlReader.SegmentError(14, null,
                List.of(new ContrlReader.ElementError("37", 1, 2))));
    }

    @Test
    void flagsAContrlThatBreaksTheContrlSchema() {
        String bad = new String(Samples.bytes("12-contrl-negative.edi"), StandardCharsets.ISO_8859_1)
                .replace("DECUSTGW:ZZZ+7'", "DECUSTGW:ZZZ+9'").replace("UCS+14'", "UCS+X4'");

        ContrlReader.ContrlInterchange read = ContrlReader.read(bad.getBytes(StandardCharsets.ISO_8859_1));

        assertThat(read.valid()).isFalse();
        assertThat(read.scan().messages().get(0).errors()).extracting(SyntaxProblem::code).contains("X016", "X014");
        assertThat(read.contrls().get(0).action()).isEqualTo("9");
    }

    @Test
    void readsAPositiveContrl() {
        String positive = "UNB+UNOC:3+DEPOSTGW:ZZZ+DECUSTGW:ZZZ+261124:0840+DP0000000777'"
                + "UNH+1+CONTRL:D:3:UN'UCI+DC0000000002+DECUSTGW:ZZZ+DEPOSTGW:ZZZ+7'UNT+3+1'UNZ+1+DP0000000777'";

        ContrlReader.ContrlInterchange read = ContrlReader.read(positive.getBytes(StandardCharsets.ISO_8859_1));

        assertThat(read.valid()).isTrue();
        assertThat(read.contrls()).singleElement().satisfies(c -> {
            assertThat(c.acknowledgedInterchangeRef()).isEqualTo("DC0000000002");
            assertThat(c.negative()).isFalse();
        });
    }
}
