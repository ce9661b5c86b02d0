package org.clearway.mappings.edifact;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The CONTRL answer must carry the MIG §7.3 codes at the right level and be a valid CONTRL itself,
 * in the syntax of the interchange it answers.
 */
class ContrlWriterTest {

    private static final LocalDateTime AT = LocalDateTime.of(2026, 11, 24, 8, 35);
    private static final InterchangeScanner SCANNER = new InterchangeScanner(InterchangeScannerTest.OPTIONS);

    private static ScanResult scan(String interchange) {
        return SCANNER.scan(interchange.getBytes(StandardCharsets.ISO_8859_1), MessageSink.discard());
    }

    private static String contrl(ScanResult result) {
        return new String(ContrlWriter.write(result, "DC0000000007", AT).orElseThrow(), StandardCharsets.ISO_8859_1);
    }

    @Test
    void rejectsMessageTwoOfThreeForItsUntCount() {
        ScanResult result = scan(InterchangeScannerTest.MULTI.replace("UNT+23+2'", "UNT+22+2'"));

        assertThat(contrl(result)).isEqualTo("UNB+UNOC:3+DECUSTGW:ZZZ+DEPOSTGW:ZZZ+261124:0835+DC0000000007++CONTRL'"
                + "UNH+1+CONTRL:D:3:UN'UCI+DP0000000004+DEPOSTGW:ZZZ+DECUSTGW:ZZZ+7'"
                + "UCM+2+CUSITM:1:1:AD:GW10+4+29+UNT+1'UNT+4+1'UNZ+1+DC0000000007'");
    }

    @Test
    void pointsAtTheSegmentAndElementOfADataError() {
        ScanResult result = scan(InterchangeScannerTest.MINIMAL.replace("MOA+ZDV:0.00", "MOA+ZDV:0.0A")
                .replace("JANE DOE", "JANE DOE+X+Y+Z+A+B"));

        assertThat(contrl(result)).contains("UCI+DP0000000001+DEPOSTGW:ZZZ+DECUSTGW:ZZZ+7'"
                + "UCM+1+CUSITM:1:1:AD:GW10+4'UCS+13'UCD+37+1:2'UCS+14'UCD+16+10'UNT+8+1'");
    }

    @Test
    void reportsAMissingSegmentWithoutUcd() {
        ScanResult result = scan(InterchangeScannerTest.MINIMAL.replace("BGM+936+DEPOST-20261124-0001+9'", "")
                .replace("UNT+21+1", "UNT+20+1"));

        assertThat(contrl(result)).contains("UCM+1+CUSITM:1:1:AD:GW10+4'UCS+2+13'UNT");
    }

    @Test
    void acknowledgesEveryMessageWhenAskedTo() {
        ScanResult result = scan(InterchangeScannerTest.MINIMAL.replace("+DP0000000001'", "+DP0000000001++++1'"));

        assertThat(contrl(result)).isEqualTo("UNB+UNOA:3+DECUSTGW:ZZZ+DEPOSTGW:ZZZ+261124:0835+DC0000000007++CONTRL'"
                + "UNH+1+CONTRL:D:3:UN'UCI+DP0000000001+DEPOSTGW:ZZZ+DECUSTGW:ZZZ+7'"
                + "UCM+1+CUSITM:1:1:AD:GW10+7'UNT+4+1'UNZ+1+DC0000000007'");
    }

    @Test
    void writesNothingForACleanInterchangeWithoutAcknowledgementRequest() {
        assertThat(ContrlWriter.write(scan(InterchangeScannerTest.MINIMAL), "DC1", AT)).isEmpty();
    }

    @Test
    void neverAnswersAContrl() {
        ScanResult result = SCANNER.scan(Samples.bytes("12-contrl-negative.edi"), MessageSink.discard());

        assertThat(ContrlWriter.write(result, "DC1", AT)).isEmpty();
    }

    @Test
    void rejectsTheInterchangeAtUciLevel() {
        ScanResult result = scan(InterchangeScannerTest.MINIMAL.replace("UNZ+1+", "UNZ+2+"));

        assertThat(contrl(result)).contains("UCI+DP0000000001+DEPOSTGW:ZZZ+DECUSTGW:ZZZ+4+29+UNZ+1'UNT+3+1'");
    }

    @Test
    void answersAnUnsupportedSyntaxInUnoc() {
        ScanResult result = scan(InterchangeScannerTest.MINIMAL.replace("UNOA:3", "UNOD:3"));

        assertThat(contrl(result)).startsWith("UNB+UNOC:3+").contains("UCI+DP0000000001+DEPOSTGW:ZZZ+DECUSTGW:ZZZ+4+2+UNB+1:1'");
    }

    @Test
    void writesDuplicateAndTooLargeRejections() {
        InterchangeHeader header = scan(InterchangeScannerTest.MINIMAL).header().orElseThrow();

        assertThat(new String(ContrlWriter.duplicate(header, "DC2", AT), StandardCharsets.ISO_8859_1))
                .contains("UCI+DP0000000001+DEPOSTGW:ZZZ+DECUSTGW:ZZZ+4+26+UNB+5'");
        assertThat(new String(ContrlWriter.tooLarge(header, "DC3", AT), StandardCharsets.ISO_8859_1))
                .contains("UCI+DP0000000001+DEPOSTGW:ZZZ+DECUSTGW:ZZZ+4+18'");
    }

    @Test
    void answersUnoyInSyntax4WithUna() {
        byte[] sample = Samples.bytes("08-unoy-utf8-v4.edi");
        String text = new String(sample, StandardCharsets.UTF_8).replace("MOA+ZDV:3000:JPY", "MOA+ZDV:3000:JPY:X");
        ScanResult result = SCANNER.scan(text.getBytes(StandardCharsets.UTF_8), MessageSink.discard());

        String contrl = new String(ContrlWriter.write(result, "DC4", AT).orElseThrow(), StandardCharsets.UTF_8);

        assertThat(contrl).startsWith("UNA:+.?*'UNB+UNOY:4+DECUSTGW:ZZZ+DEPOSTGW:ZZZ+20261124:0835+DC4++CONTRL'"
                + "UNH+1+CONTRL:4:1:UN'");
        assertThat(contrl).contains("UCM+1+CUSITM:1:1:AD:GW10+4'UCS+49'UCD+16+1:4'");
    }

    @Test
    void reportsARejectedFunctionalGroupInUcf() {
        ScanResult result = scan(Samples.resourceText("nasty/groups-valid.edi").replace("UNE+1+G2'", "UNE+2+G2'"));

        assertThat(contrl(result)).contains("UCI+DP0000000904+DEPOSTGW:ZZZ+DECUSTGW:ZZZ+7'"
                + "UCF+G2+DEPOSTGW:ZZZ+DECUSTGW:ZZZ+4+29+UNE+1'UCM+3+CUSITM:1:1:AD:GW10+4'UNT");
    }

    @Test
    void everyContrlItWritesIsAValidContrl() {
        List<String> inputs = List.of(
                InterchangeScannerTest.MULTI.replace("UNT+23+2'", "UNT+22+2'"),
                InterchangeScannerTest.MINIMAL.replace("MOA+ZDV:0.00", "MOA+ZDV:0.0A"),
                InterchangeScannerTest.MINIMAL.replace("+DP0000000001'", "+DP0000000001++++1'"),
                InterchangeScannerTest.MINIMAL.replace("UNZ+1+", "UNZ+2+"),
                Samples.resourceText("nasty/groups-valid.edi").replace("UNE+1+G2'", "UNE+2+G2'"));
        for (String input : inputs) {
            byte[] contrl = ContrlWriter.write(scan(input), "DC0000000007", AT).orElseThrow();

            ContrlReader.ContrlInterchange read = ContrlReader.read(contrl);

            assertThat(read.valid()).as(new String(contrl, StandardCharsets.ISO_8859_1)).isTrue();
            assertThat(read.contrls()).hasSize(1);
        }
    }

    @Test
    void roundTripsMessageErrorsThroughTheReader() {
        byte[] contrl = ContrlWriter.write(scan(InterchangeScannerTest.MULTI.replace("UNT+23+2'", "UNT+22+2'")),
                "DC5", AT).orElseThrow();

        ContrlReader.Contrl read = ContrlReader.read(contrl).contrls().get(0);

        assertThat(read.acknowledgedInterchangeRef()).isEqualTo("DP0000000004");
        assertThat(read.messages()).singleElement().satisfies(m -> {
            assertThat(m.messageRef()).isEqualTo("2");
            assertThat(m.error()).isEqualTo(Optional.of(new ContrlReader.ErrorPoint("29", "UNT", 1, null)));
        });
    }
}
