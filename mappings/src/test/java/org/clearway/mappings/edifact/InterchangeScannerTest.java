package org.clearway.mappings.edifact;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The ingress syntax pass must accept every sample, stage exact one-message interchanges, and map
 * each kind of broken input to its MIG §7.3 code at the right level and position.
 */
class InterchangeScannerTest {

    static final ScanOptions OPTIONS = new ScanOptions(ScanOptions.DEFAULT_MAX_BYTES, "DECUSTGW", "ZZZ",
            "DEPOSTGW:ZZZ"::equals);
    static final String MINIMAL = latin1(Samples.bytes("01-minimal-item.edi"));
    static final String MULTI = latin1(Samples.bytes("04-multi-message-crlf.edi"));

    static Stream<Arguments> samples() {
        return Stream.of(
                Arguments.of("01-minimal-item.edi", "DP0000000001", List.of("1"), List.of(List.of("UA100000017US"))),
                Arguments.of("02-two-items-three-pieces.edi", "DP0000000002", List.of("1"),
                        List.of(List.of("CP473124829GB", "LX204812345US"))),
                Arguments.of("03-many-content-pieces.edi", "DP0000000003", List.of("M1"), List.of(List.of("CX000123455CH"))),
                Arguments.of("04-multi-message-crlf.edi", "DP0000000004", List.of("1", "2", "3"),
                        List.of(List.of("CA112233447CN", "UB556677887CN"), List.of("EE471108151FR"),
                                List.of("CB990011220TR", "RA314159268NO"))),
                Arguments.of("05-una-custom-separators.edi", "DP0000000005", List.of("X1"), List.of(List.of("CE765432106HK"))),
                Arguments.of("06-release-characters.edi", null, List.of("1"), List.of(List.of("RR473124829GB"))),
                Arguments.of("07-unoc-latin1.edi", null, List.of("1"), List.of(List.of("CH202620268CH", "CO876543216NO"))),
                Arguments.of("08-unoy-utf8-v4.edi", "DP0000000008", List.of("1"),
                        List.of(List.of("CJ121314152RU", "LP888888885CN", "EJ505050501JP"))),
                Arguments.of("09-decimal-comma-crlf.edi", null, List.of("1"), List.of(List.of("CD246813576CH"))));
    }

    @ParameterizedTest
    @MethodSource("samples")
    void acceptsEverySampleAndListsItsItems(String file, String interchangeRef, List<String> refs, List<List<String>> s10) {
        List<StagedMessage> staged = new ArrayList<>();
        ScanResult result = new InterchangeScanner(OPTIONS).scan(Samples.bytes(file), staged::add);

        assertThat(result.notEdifact()).isFalse();
        assertThat(result.interchangeError()).isEmpty();
        assertThat(result.messages()).allSatisfy(m -> assertThat(m.errors()).isEmpty());
        assertThat(result.messages()).extracting(MessageResult::messageRef).containsExactlyElementsOf(refs);
        assertThat(result.messages()).extracting(MessageResult::s10ItemIds).containsExactlyElementsOf(s10);
        assertThat(result.messages()).extracting(MessageResult::messageIdentifier).containsOnly("CUSITM:1:1:AD:GW10");
        assertThat(staged).extracting(StagedMessage::messageRef).containsExactlyElementsOf(refs);
        assertThat(staged).extracting(StagedMessage::s10ItemIds).containsExactlyElementsOf(s10);
        if (interchangeRef != null) {
            assertThat(result.header().orElseThrow().controlReference()).isEqualTo(interchangeRef);
        }
        assertThat(result.releasableMessages()).hasSize(refs.size());
        assertThat(ContrlWriter.write(result, "DC1", java.time.LocalDateTime.of(2026, 11, 24, 8, 35))).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({"10-cusrsp-release-and-taxes.edi,1", "11-cusrsp-hold-rfi-dnl-reject.edi,3", "12-contrl-negative.edi,1"})
    void acceptsCusrspAndContrlSamples(String file, int messages) {
        ScanResult result = new InterchangeScanner(ScanOptions.permissive()).scan(Samples.bytes(file), MessageSink.discard());

        assertThat(result.interchangeError()).isEmpty();
        assertThat(result.messages()).hasSize(messages).allSatisfy(m -> assertThat(m.errors()).isEmpty());
    }

    @ParameterizedTest
    @MethodSource("samples")
    void stagedInterchangesRescanCleanlyAndKeepTheMessageBytes(String file) {
        byte[] original = Samples.bytes(file);
        List<StagedMessage> staged = new ArrayList<>();
        new InterchangeScanner(OPTIONS).scan(original, staged::add);

        assertThat(staged).isNotEmpty();
        for (StagedMessage m : staged) {
            byte[] standalone = m.standaloneInterchange();
            int unh = indexOf(standalone, "UNH".getBytes(StandardCharsets.US_ASCII), 0);
            int unz = lastIndexOf(standalone, "UNZ".getBytes(StandardCharsets.US_ASCII));
            byte[] message = Arrays.copyOfRange(standalone, unh, unz);
            assertThat(indexOf(original, message, 0)).as("UNH..UNT of %s is a substring", m.messageRef()).isNotNegative();
            byte[] prefix = Arrays.copyOfRange(standalone, 0, unh);
            assertThat(indexOf(original, prefix, 0)).as("UNA+UNB copied unchanged").isZero();

            List<StagedMessage> again = new ArrayList<>();
            ScanResult rescan = new InterchangeScanner(OPTIONS).scan(standalone, again::add);
            assertThat(rescan.interchangeError()).isEmpty();
            assertThat(rescan.messages()).singleElement().satisfies(r -> {
                assertThat(r.accepted()).isTrue();
                assertThat(r.messageRef()).isEqualTo(m.messageRef());
            });
            assertThat(again.get(0).s10ItemIds()).isEqualTo(m.s10ItemIds());
        }
    }

    @Test
    void rejectsOnlyTheMessageWithAWrongUntCount() {
        String broken = MULTI.replace("UNT+23+2'", "UNT+22+2'");
        List<StagedMessage> staged = new ArrayList<>();
        ScanResult result = new InterchangeScanner(OPTIONS).scan(broken.getBytes(StandardCharsets.ISO_8859_1), staged::add);

        assertThat(result.interchangeError()).isEmpty();
        assertThat(result.messages()).extracting(MessageResult::accepted).containsExactly(true, false, true);
        assertThat(result.messages().get(1).errors()).singleElement().satisfies(p -> {
            assertThat(p.code()).isEqualTo("X007");
            assertThat(p.segmentTag()).isEqualTo("UNT");
            assertThat(p.segmentPosition()).isEqualTo(23);
            assertThat(p.element()).isEqualTo(1);
        });
        assertThat(result.messages().get(1).s10ItemIds()).isEmpty();
        assertThat(staged).extracting(StagedMessage::messageRef).containsExactly("1", "3");
        assertThat(result.releasableMessages()).extracting(MessageResult::messageRef).containsExactly("1", "3");
    }

    static Stream<Arguments> messageErrors() {
        return Stream.of(
                // code, replace, with, expected tag, position, element, component
                Arguments.of("X003", "JANE DOE", "Jane Doe", "NAD", 14, 4, 1),
                Arguments.of("X003", "JANE DOE", "JANE\tDOE", "NAD", 14, 4, 1),
                Arguments.of("X003", "JANE DOE", "JANE@DOE", "NAD", 14, 4, 1),
                Arguments.of("X003", "JANE DOE", "JANE\u0085DOE", "NAD", 14, 4, 1),
                Arguments.of("X003", "JANE DOE", "JANE\nDOE", "NAD", 14, 4, 1),
                Arguments.of("X008", "UNT+21+1'", "UNT+21+2'", "UNT", 21, 2, null),
                Arguments.of("X009", "CUSITM:1:1:AD:GW10", "CUSXXX:1:1:AD:GW10", "UNH", 1, 2, 1),
                Arguments.of("X009", "CUSITM:1:1:AD:GW10", "CUSITM:1:1:AD:GW99", "UNH", 1, 2, 5),
                Arguments.of("X010", "BGM+936+DEPOST-20261124-0001+9'", "", "BGM", 2, null, null),
                Arguments.of("X011", "GIS+U:ZMC'", "GIS+U:ZMC'GIS+A:ZMK'GIS+B:ZMK'", "GIS", 13, null, null),
                Arguments.of("X012", "LOC+ZDP+DEA'", "LOC+ZDP+DEA'FOO+1'", "FOO", 10, null, null),
                Arguments.of("X013", "MOA+ZDV:0.00:USD", "MOA+ZDV::USD", "MOA", 13, 1, 2),
                Arguments.of("X014", "MOA+ZDV:0.00:USD", "MOA+ZDV:0.0A:USD", "MOA", 13, 1, 2),
                Arguments.of("X014", "MOA+ZDV:0.00:USD", "MOA+ZDV:.5:USD", "MOA", 13, 1, 2),
                Arguments.of("X014", "CNI+1+", "CNI+A+", "CNI", 6, 1, null),
                Arguments.of("X015", "UA100000017US", "UA100000017US" + "X".repeat(30), "CNI", 6, 2, 1),
                Arguments.of("X016", "MOA+ZDV:", "MOA+ZZZ:", "MOA", 13, 1, 1),
                Arguments.of("X016", "GIS+91:ZCI", "GIS+91:ZZZ", "GIS", 10, 1, 2),
                Arguments.of("X020", "CNI+1+UA100000017US'", "CNI+1+UA100000017US+X'", "CNI", 6, 3, null),
                Arguments.of("X020", "CNI+1+UA100000017US'", "CNI+1+UA100000017US:X'", "CNI", 6, 2, 2),
                Arguments.of("X023", "DTM+137:202611240830:203", "DTM+137:202611240830:303", "DTM", 3, 1, 3));
    }

    @ParameterizedTest
    @MethodSource("messageErrors")
    void rejectsTheMessageWithTheMigCode(String code, String replace, String with, String tag, int position,
                                         Integer element, Integer component) {
        String broken = MINIMAL.replace(replace, with);
        assertThat(broken).isNotEqualTo(MINIMAL);
        List<StagedMessage> staged = new ArrayList<>();
        ScanResult result = new InterchangeScanner(OPTIONS).scan(broken.getBytes(StandardCharsets.ISO_8859_1), staged::add);

        assertThat(result.interchangeError()).isEmpty();
        assertThat(staged).isEmpty();
        MessageResult message = result.messages().get(0);
        assertThat(message.accepted()).isFalse();
        assertThat(message.errors()).anySatisfy(p -> {
            assertThat(p.code()).isEqualTo(code);
            assertThat(p.segmentTag()).isEqualTo(tag);
            assertThat(p.segmentPosition()).isEqualTo(position);
            assertThat(p.element()).isEqualTo(element);
            assertThat(p.component()).isEqualTo(component);
        });
    }

    static Stream<Arguments> interchangeErrors() {
        return Stream.of(
                Arguments.of("X002", "UNOA:3", "UNOD:3"),
                Arguments.of("X002", "UNOA:3", "UNOY:3"),
                Arguments.of("X002", "UNOA:3", "UNOA:2"),
                Arguments.of("X003", "DEPOSTGW:ZZZ", "DEPOSTGw:ZZZ"),
                Arguments.of("X005", "UNZ+1+", "UNZ+2+"),
                Arguments.of("X006", "UNZ+1+DP0000000001", "UNZ+1+DP0000000002"),
                Arguments.of("X012", "UNZ+1+DP0000000001'", "UNZ+1+DP0000000001'UNH+9'"),
                Arguments.of("X021", "DEPOSTGW:ZZZ", "XXPOSTGW:ZZZ"),
                Arguments.of("X022", "DECUSTGW:ZZZ", "FRCUSTGW:ZZZ"),
                Arguments.of("X004", "UNZ+1+DP0000000001'", ""),
                Arguments.of("X004", "UNZ+1+DP0000000001'", "UNZ+1+DP00000"),
                Arguments.of("X004", "UNZ+1+DP0000000001'", "UNZ+1+DP0000000001?"));
    }

    @ParameterizedTest
    @MethodSource("interchangeErrors")
    void rejectsTheInterchange(String code, String replace, String with) {
        String broken = MINIMAL.replace(replace, with);
        assertThat(broken).isNotEqualTo(MINIMAL);

        ScanResult result = new InterchangeScanner(OPTIONS).scan(broken.getBytes(StandardCharsets.ISO_8859_1), MessageSink.discard());

        assertThat(result.notEdifact()).isFalse();
        assertThat(result.header()).isPresent();
        assertThat(result.interchangeError()).hasValueSatisfying(p -> assertThat(p.code()).isEqualTo(code));
        assertThat(result.releasableMessages()).isEmpty();
    }

    @Test
    void truncatedMultiMessageInterchangeReleasesNothing() {
        byte[] whole = Samples.bytes("04-multi-message-crlf.edi");
        byte[] cut = Arrays.copyOf(whole, whole.length * 2 / 3);
        List<StagedMessage> staged = new ArrayList<>();

        ScanResult result = new InterchangeScanner(OPTIONS).scan(cut, staged::add);

        assertThat(result.interchangeError()).hasValueSatisfying(p -> {
            assertThat(p.code()).isEqualTo("X004");
            assertThat(p.contrlErrorCode()).isEqualTo("13");
        });
        assertThat(staged).isNotEmpty();
        assertThat(result.releasableMessages()).isEmpty();
    }

    @Test
    void rejectsInvalidUtf8InUnoyMessage() {
        byte[] sample = Samples.bytes("08-unoy-utf8-v4.edi");
        byte[] name = "Москва".getBytes(StandardCharsets.UTF_8);
        int at = indexOf(sample, name, 0);
        byte[] broken = sample.clone();
        broken[at + 1] = (byte) 0xFF;

        ScanResult result = new InterchangeScanner(OPTIONS).scan(broken, MessageSink.discard());

        assertThat(result.interchangeError()).isEmpty();
        assertThat(result.messages().get(0).errors()).singleElement().satisfies(p -> {
            assertThat(p.code()).isEqualTo("X003");
            assertThat(p.segmentTag()).isEqualTo("NAD");
            assertThat(p.segmentPosition()).isEqualTo(15);
            assertThat(p.element()).isEqualTo(6);
        });
    }

    @Test
    void unoyNeedsSyntaxVersion4() {
        String v3 = latin1(Samples.bytes("08-unoy-utf8-v4.edi")).replace("UNOY:4", "UNOY:3");

        ScanResult result = new InterchangeScanner(OPTIONS).scan(v3.getBytes(StandardCharsets.ISO_8859_1), MessageSink.discard());

        assertThat(result.interchangeError()).hasValueSatisfying(p -> {
            assertThat(p.code()).isEqualTo("X002");
            assertThat(p.segmentTag()).isEqualTo("UNB");
            assertThat(p.element()).isEqualTo(1);
            assertThat(p.component()).isEqualTo(2);
        });
    }

    @Test
    void escapedServiceCharactersOfACustomUnaAreNotInUnoa() {
        String unoa = latin1(Samples.bytes("05-una-custom-separators.edi")).replace("UNOC|3", "UNOA|3");

        ScanResult result = new InterchangeScanner(OPTIONS).scan(unoa.getBytes(StandardCharsets.ISO_8859_1), MessageSink.discard());

        assertThat(result.interchangeError()).isEmpty();
        assertThat(result.messages().get(0).errors()).extracting(SyntaxProblem::code).containsOnly("X003");
    }

    @ParameterizedTest
    @CsvSource({"'PK\u0003\u0004garbage'", "'<?xml version=\"1.0\"?><a/>'", "'UNB'", "''"})
    void recognisesInputThatIsNotEdifact(String input) {
        ScanResult result = new InterchangeScanner(OPTIONS).scan(input.getBytes(StandardCharsets.ISO_8859_1), MessageSink.discard());

        assertThat(result.notEdifact()).isTrue();
        assertThat(result.header()).isEmpty();
        assertThat(ContrlWriter.write(result, "DC1", java.time.LocalDateTime.of(2026, 11, 24, 8, 35))).isEmpty();
    }

    @Test
    void rejectsARepeatedMessageReference() {
        String repeated = MULTI.replace("UNH+2+", "UNH+1+").replace("UNT+23+2'", "UNT+23+1'");

        ScanResult result = new InterchangeScanner(OPTIONS).scan(repeated.getBytes(StandardCharsets.ISO_8859_1), MessageSink.discard());

        assertThat(result.messages()).extracting(MessageResult::accepted).containsExactly(true, false, true);
        assertThat(result.messages().get(1).errors()).extracting(SyntaxProblem::code).containsExactly("X012");
    }

    @Test
    void acceptsCommunicationChannelsAsSyntax4Repetitions() {
        String text = new String(Samples.bytes("08-unoy-utf8-v4.edi"), StandardCharsets.UTF_8)
                .replace("COM+?+74951234567:TE'", "COM+?+74951234567:TE*ivan?*petrov@mail.example:EM'");

        ScanResult result = new InterchangeScanner(OPTIONS).scan(text.getBytes(StandardCharsets.UTF_8), MessageSink.discard());

        assertThat(result.messages()).singleElement().satisfies(m -> assertThat(m.errors()).isEmpty());
    }

    @ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {
            "UNA:+.?:'UNB+UNOC:3+A+B+261124:0830+R1'UNZ+0+R1'",
            "UNAA+.? 'UNB+UNOC:3+A+B+261124:0830+R1'UNZ+0+R1'"})
    void rejectsAnUnusableUnaAsNotEdifact(String input) {
        ScanResult result = new InterchangeScanner(ScanOptions.permissive()).scan(input.getBytes(StandardCharsets.ISO_8859_1), MessageSink.discard());

        assertThat(result.notEdifact()).isTrue();
    }

    @Test
    void binaryGarbageIsNotEdifact() {
        byte[] garbage = new byte[4096];
        new java.util.Random(42).nextBytes(garbage);

        assertThat(new InterchangeScanner(OPTIONS).scan(garbage, MessageSink.discard()).notEdifact()).isTrue();
    }

    @Test
    void stopsReadingAtTheSizeLimit() {
        ScanOptions small = new ScanOptions(200, "DECUSTGW", "ZZZ", "DEPOSTGW:ZZZ"::equals);

        ScanResult result = new InterchangeScanner(small).scan(Samples.bytes("04-multi-message-crlf.edi"), MessageSink.discard());

        assertThat(result.interchangeError()).hasValueSatisfying(p -> {
            assertThat(p.code()).isEqualTo("X019");
            assertThat(p.contrlErrorCode()).isEqualTo("18");
        });
        assertThat(result.bytesRead()).isLessThanOrEqualTo(201);
    }

    @Test
    void acceptsMessagesInFunctionalGroups() {
        String grouped = Samples.resourceText("nasty/groups-valid.edi");

        ScanResult result = new InterchangeScanner(OPTIONS).scan(grouped.getBytes(StandardCharsets.ISO_8859_1), MessageSink.discard());

        assertThat(result.interchangeError()).isEmpty();
        assertThat(result.groups()).extracting(GroupResult::groupRef).containsExactly("G1", "G2");
        assertThat(result.messages()).extracting(MessageResult::groupRef).containsExactly("G1", "G1", "G2");
        assertThat(result.releasableMessages()).hasSize(3);
    }

    @Test
    void rejectsTheGroupWhoseUneCountIsWrong() {
        String grouped = Samples.resourceText("nasty/groups-valid.edi").replace("UNE+1+G2'", "UNE+2+G2'");
        List<StagedMessage> staged = new ArrayList<>();

        ScanResult result = new InterchangeScanner(OPTIONS).scan(grouped.getBytes(StandardCharsets.ISO_8859_1), staged::add);

        assertThat(result.interchangeError()).isEmpty();
        assertThat(result.groups()).extracting(GroupResult::accepted).containsExactly(true, false);
        assertThat(result.groups().get(1).error()).hasValueSatisfying(p -> assertThat(p.code()).isEqualTo("X017"));
        assertThat(result.releasableMessages()).extracting(MessageResult::groupRef).containsExactly("G1", "G1");
        assertThat(staged).hasSize(3);
    }

    @Test
    void rejectsAMessageWhoseTypeDiffersFromItsGroup() {
        String grouped = Samples.resourceText("nasty/groups-valid.edi").replace("UNG+CUSITM+DEPOSTGW:ZZZ+DECUSTGW:ZZZ+261124:0830+G2",
                "UNG+CUSRSP+DEPOSTGW:ZZZ+DECUSTGW:ZZZ+261124:0830+G2");

        ScanResult result = new InterchangeScanner(OPTIONS).scan(grouped.getBytes(StandardCharsets.ISO_8859_1), MessageSink.discard());

        assertThat(result.messages()).extracting(MessageResult::accepted).containsExactly(true, true, false);
        assertThat(result.messages().get(2).errors()).singleElement()
                .satisfies(p -> assertThat(p.contrlErrorCode()).isEqualTo("31"));
    }

    @Test
    void aTruncatedUnbIsAnInterchangeErrorWithoutHeader() {
        ScanResult result = new InterchangeScanner(OPTIONS).scan("UNB+UNOC:3+DEPOSTGW:ZZZ+DECU".getBytes(StandardCharsets.ISO_8859_1),
                MessageSink.discard());

        assertThat(result.notEdifact()).isFalse();
        assertThat(result.header()).isEmpty();
        assertThat(result.interchangeError()).hasValueSatisfying(p -> assertThat(p.code()).isEqualTo("X004"));
        assertThat(ContrlWriter.write(result, "DC1", java.time.LocalDateTime.of(2026, 11, 24, 8, 35))).isEmpty();
    }

    @Test
    void rejectsMixedGroupsAndMessages() {
        String mixed = Samples.resourceText("nasty/groups-mixed-with-messages.edi");

        ScanResult result = new InterchangeScanner(OPTIONS).scan(mixed.getBytes(StandardCharsets.ISO_8859_1), MessageSink.discard());

        assertThat(result.interchangeError()).hasValueSatisfying(p -> {
            assertThat(p.code()).isEqualTo("X012");
            assertThat(p.contrlErrorCode()).isEqualTo("30");
        });
    }

    @Test
    void acceptsEscapedDataWithCustomSeparatorsAndKeepsItExact() {
        byte[] original = Samples.resource("nasty/una-custom-escapes.edi");
        List<StagedMessage> staged = new ArrayList<>();

        ScanResult result = new InterchangeScanner(OPTIONS).scan(original, staged::add);

        assertThat(result.messages()).singleElement().satisfies(m -> assertThat(m.errors()).isEmpty());
        assertThat(staged.get(0).s10ItemIds()).containsExactly("CE765432106HK");
        assertThat(latin1(staged.get(0).standaloneInterchange())).startsWith("UNA|^.\\ ~").endsWith("UNZ^1^DP\\~0000005~");
    }

    @Test
    void scansAGeneratedFiveMegabyteInterchange() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(6 << 20);
        long written = SyntheticInterchanges.write(out, 40, 300);
        assertThat(written).isGreaterThan(4_000_000);
        int[] staged = {0};

        ScanResult result;
        try (InputStream in = new java.io.ByteArrayInputStream(out.toByteArray())) {
            result = new InterchangeScanner(OPTIONS).scan(in, m -> staged[0]++);
        }

        assertThat(result.interchangeError()).isEmpty();
        assertThat(result.messages()).hasSize(40).allSatisfy(m -> {
            assertThat(m.errors()).isEmpty();
            assertThat(m.s10ItemIds()).hasSize(300);
        });
        assertThat(staged[0]).isEqualTo(40);
        assertThat(result.bytesRead()).isEqualTo(written);
    }

    static String latin1(byte[] bytes) {
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }

    static int indexOf(byte[] haystack, byte[] needle, int from) {
        outer:
        for (int i = from; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    static int lastIndexOf(byte[] haystack, byte[] needle) {
        int found = -1;
        int at = indexOf(haystack, needle, 0);
        while (at >= 0) {
            found = at;
            at = indexOf(haystack, needle, at + 1);
        }
        return found;
    }
}
