package org.clearway.mappings.edifact;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.clearway.mappings.gw10.CusitmReader;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * MIG §3.5: trailing empty components and elements within the UN/EDIFACT D.96B layout of a segment
 * (not the subset GW10 uses) and all-empty composites are absent, so the message is accepted and
 * reads exactly like the one without them; a constituent beyond the UN layout is X020.
 */
class TrailingSeparatorsTest {

    static final String TWO_ITEMS = new String(Samples.bytes("02-two-items-three-pieces.edi"),
            StandardCharsets.ISO_8859_1);

    private static ScanResult scan(String edi, List<StagedMessage> staged) {
        return new InterchangeScanner(InterchangeScannerTest.OPTIONS).scan(edi.getBytes(StandardCharsets.ISO_8859_1),
                staged::add);
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', value = {
        "CNI+1+CP473124829GB'|CNI+1+CP473124829GB:::::'",
        "CNI+1+CP473124829GB'|CNI+1+CP473124829GB+'",
        "GIS+11:ZCI'|GIS+11:ZCI::'",
        "MOA+ZDV:42.50:GBP'|MOA+ZDV:42.50:GBP::'",
        "LIN+1++090240:HS'|LIN+1++090240:HS::+++'",
        "LOC+ZOP+GBA'|LOC+ZOP+GBA:::+:::+:::+'",
        "FTX+AAA+++BLACK TEA, LOOSE LEAF, 250 G TIN'|FTX+AAA+++BLACK TEA, LOOSE LEAF, 250 G TIN::::+'",
        "BGM+936+DEPOST-20261124-0002+9'|BGM+936:::+DEPOST-20261124-0002+9+'",
        "DTM+11:20261120:102'|DTM+11:20261120:102'",
        "MEA+WT+AAB+KGM:1.350'|MEA+WT+AAB:::+KGM:1.350:::+'",
        "QTY+1:2'|QTY+1:2:'",
        "RFF+VA:GB123456789'|RFF+VA:GB123456789::'",
        "DOC+380+INV-2026-1187'|DOC+380:::+INV-2026-1187:::::+++'",
        "COM+?+442079460000:TE'|COM+?+442079460000:TE'",
        "NAD+CZ+++BRITISH TEA HOUSE LTD+|NAD+CZ+:+::::+BRITISH TEA HOUSE LTD:::::+",
        "NAD+CN+++ANNA SCHMIDT+KASTANIENALLEE 12+BERLIN++10435+DE'|NAD+CN++:+ANNA SCHMIDT+KASTANIENALLEE 12:::+BERLIN++10435+DE'",
    })
    void trailingEmptiesWithinTheUnLayoutAreAbsent(String replace, String with) {
        String variant = TWO_ITEMS.replace(replace, with);
        assertThat(TWO_ITEMS).contains(replace);
        List<StagedMessage> staged = new ArrayList<>();
        ScanResult result = scan(variant, staged);

        assertThat(result.interchangeError()).isEmpty();
        assertThat(result.messages()).singleElement().satisfies(m -> assertThat(m.errors()).isEmpty());
        assertThat(staged).hasSize(1);
        // the business reader sees the same message as without the separators
        assertThat(CusitmReader.readAll(variant.getBytes(StandardCharsets.ISO_8859_1)).get(0).items())
                .isEqualTo(CusitmReader.readAll(TWO_ITEMS.getBytes(StandardCharsets.ISO_8859_1)).get(0).items());
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', value = {
        "CNI+1+CP473124829GB'|CNI+1+CP473124829GB::::::'|CNI|2|7",
        "CNI+1+CP473124829GB'|CNI+1+CP473124829GB++'|CNI|4|",
        "GIS+11:ZCI'|GIS+11:ZCI:::'|GIS|1|5",
        "MOA+ZDV:42.50:GBP'|MOA+ZDV:42.50:GBP:::'|MOA|1|6",
        "FTX+AAA+++BLACK TEA, LOOSE LEAF, 250 G TIN'|FTX+AAA+++BLACK TEA, LOOSE LEAF, 250 G TIN:::::'|FTX|4|6",
        "LIN+1++090240:HS'|LIN+1++090240:HS+++++'|LIN|7|",
        "QTY+1:2'|QTY+1:2::'|QTY|1|4",
        "LIN+1++090240:HS'|LIN+1+:+090240:HS'|LIN|2|2",
    })
    void constituentsBeyondTheUnLayoutAreX020(String replace, String with, String tag, int element, Integer component) {
        ScanResult result = scan(TWO_ITEMS.replace(replace, with), new ArrayList<>());

        assertThat(result.messages()).singleElement().satisfies(m -> assertThat(m.errors())
                .anySatisfy(p -> {
                    assertThat(p.code()).isEqualTo("X020");
                    assertThat(p.segmentTag()).isEqualTo(tag);
                    assertThat(p.element()).isEqualTo(element);
                    assertThat(p.component()).isEqualTo(component);
                    assertThat(p.contrlErrorCode()).isEqualTo("16");
                }));
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', value = {
        // data in a constituent the UN layout defines but GW10 does not use: still refused (MIG §5.2)
        "CNI+1+CP473124829GB'|CNI+1+CP473124829GB:X'|X020",
        "GIS+11:ZCI'|GIS+11:ZCI::Z'|X020",
        // an all-empty mandatory composite is a missing mandatory one
        "MOA+ZDV:42.50:GBP'|MOA+::'|X013",
        "CNI+1+CP473124829GB'|CNI+1+:::'|X013",
    })
    void dataInUnusedConstituentsAndEmptyMandatoryCompositesStayErrors(String replace, String with, String code) {
        ScanResult result = scan(TWO_ITEMS.replace(replace, with), new ArrayList<>());

        assertThat(result.messages()).singleElement().satisfies(m -> assertThat(m.errors())
                .extracting(SyntaxProblem::code).contains(code));
    }
}
