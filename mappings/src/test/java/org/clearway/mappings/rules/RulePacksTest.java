package org.clearway.mappings.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.clearway.mappings.canonical.DeclarationKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shipped packs on both sides of every boundary, and files with bad dates or keys refused. */
class RulePacksTest {

    private final RulePacks packs = ShippedPacks.load();

    private String euPack(String date) {
        return packs.inForce("EU", LocalDate.parse(date)).orElseThrow().id();
    }

    private String usPack(String date) {
        return packs.inForce("US", LocalDate.parse(date)).orElseThrow().id();
    }

    @Test
    void euFlatDutyStartsOnFirstJuly2026() {
        RulePack before = packs.inForce("EU", LocalDate.of(2026, 6, 30)).orElseThrow();
        RulePack after = packs.inForce("EU", LocalDate.of(2026, 7, 1)).orElseThrow();
        assertThat(before.id()).isEqualTo("EU-2021-07");
        assertThat(before.duty().method()).isEqualTo(DutyMethod.RELIEF_UP_TO_DE_MINIMIS);
        assertThat(before.thresholds().deMinimis().amount()).isEqualByComparingTo("150");
        assertThat(after.id()).isEqualTo("EU-2026-07");
        assertThat(after.duty().method()).isEqualTo(DutyMethod.FLAT_PER_ITEM);
        assertThat(after.duty().perItem().amount()).isEqualByComparingTo("3");
        assertThat(after.thresholds().deMinimis()).isNull();
        // the H7 ceiling stays on both sides
        assertThat(before.thresholds().h7Max().amount()).isEqualByComparingTo("150");
        assertThat(after.thresholds().h7Max().amount()).isEqualByComparingTo("150");
        assertThat(after.source()).contains("2026/382").contains("2026/1022");
    }

    @Test
    void euProductIdentifiersAndHandlingFeeFromFirstNovember2026() {
        RulePack before = packs.inForce("EU", LocalDate.of(2026, 10, 31)).orElseThrow();
        RulePack after = packs.inForce("EU", LocalDate.of(2026, 11, 1)).orElseThrow();
        assertThat(before.requiredFor(DeclarationKind.EU_H7)).isEmpty();
        assertThat(before.feesFor("DE", LocalDate.of(2026, 10, 31))).isEmpty();
        assertThat(after.id()).isEqualTo("EU-2026-11");
        assertThat(after.requiredFor(DeclarationKind.EU_H7))
                .containsExactlyInAnyOrder(DataElement.SKU, DataElement.MANUFACTURER_PRODUCT_ID, DataElement.GTIN);
        assertThat(after.feesFor("DE", LocalDate.of(2026, 11, 1))).extracting(RulePack.FeeRule::id)
                .containsExactly("EU-HANDLING-FEE");
        assertThat(after.feesFor("FR", LocalDate.of(2026, 11, 1))).extracting(RulePack.FeeRule::id)
                .containsExactlyInAnyOrder("EU-HANDLING-FEE", "FR-HS6-FEE");
        assertThat(after.fees().get(0).note()).contains("level set by the Commission");
    }

    @Test
    void nationalFeesStartOnTheirOwnDatesInsideAPack() {
        RulePack p = packs.inForce("EU", LocalDate.of(2026, 2, 28)).orElseThrow();
        assertThat(p.feesFor("FR", LocalDate.of(2026, 2, 28))).isEmpty();
        assertThat(p.feesFor("FR", LocalDate.of(2026, 3, 1))).extracting(RulePack.FeeRule::id).containsExactly("FR-HS6-FEE");
        assertThat(p.feesFor("RO", LocalDate.of(2025, 12, 31))).isEmpty();
        assertThat(p.feesFor("RO", LocalDate.of(2026, 1, 1))).extracting(RulePack.FeeRule::id).containsExactly("RO-PARCEL-FEE");
        assertThat(p.feesFor("DE", LocalDate.of(2026, 3, 1))).isEmpty();
    }

    @Test
    void usDeMinimisEndsOn29August2025() {
        RulePack before = packs.inForce("US", LocalDate.of(2025, 8, 28)).orElseThrow();
        RulePack after = packs.inForce("US", LocalDate.of(2025, 8, 29)).orElseThrow();
        assertThat(before.thresholds().deMinimis().amount()).isEqualByComparingTo("800");
        assertThat(before.thresholds().deMinimis().currency()).isEqualTo("USD");
        assertThat(after.id()).isEqualTo("US-2025-08");
        assertThat(after.thresholds().deMinimis()).isNull();
        assertThat(after.duty().method()).isEqualTo(DutyMethod.TARIFF);
        assertThat(after.duty().postalMethod()).contains("qualified party");
        assertThat(after.source()).contains("14324");
        assertThat(usPack("2027-06-30")).isEqualTo("US-2025-08");
        assertThat(usPack("2027-07-01")).isEqualTo("US-2027-07");
        assertThat(euPack("2028-06-30")).isEqualTo("EU-2026-11");
        assertThat(euPack("2028-07-01")).isEqualTo("EU-2028-07");
        assertThat(euPack("2099-01-01")).isEqualTo("EU-2028-07");
    }

    @Test
    void datesAreReadInTheRegimesTimeZone() {
        // 30 June 2026 22:30 UTC is already 1 July in Brussels
        assertThat(packs.forDestination("DE", Instant.parse("2026-06-30T21:59:59Z")).orElseThrow().pack().id())
                .isEqualTo("EU-2021-07");
        assertThat(packs.forDestination("DE", Instant.parse("2026-06-30T22:00:00Z")).orElseThrow().pack().id())
                .isEqualTo("EU-2026-07");
        // 12:01 a.m. EDT on 29 August 2025 is 04:01 UTC
        assertThat(packs.forDestination("US", Instant.parse("2025-08-29T03:59:00Z")).orElseThrow().pack().id())
                .isEqualTo("US-2016-03");
        assertThat(packs.forDestination("US", Instant.parse("2025-08-29T04:01:00Z")).orElseThrow().pack().id())
                .isEqualTo("US-2025-08");
        assertThat(packs.forDestination("CH", Instant.parse("2026-08-01T00:00:00Z"))).isEmpty();
        assertThat(packs.regimeFor("RO").orElseThrow().id()).isEqualTo("EU");
    }

    @Test
    void beforeTheFirstPackNothingIsInForce() {
        assertThat(packs.inForce("EU", LocalDate.of(2021, 6, 30))).isEmpty();
        assertThat(packs.inForce("XX", LocalDate.of(2026, 1, 1))).isEmpty();
    }

    @Test
    void summaryNamesEveryPackAndVersion() {
        assertThat(packs.summary()).contains("EU [EU-2021-07 v1 from 2021-07-01", "US [US-2016-03 v1");
    }

    // ---- refused files ----

    private static final String HEAD = """
            regime: XX
            currency: EUR
            zone: Europe/Brussels
            countries: [DE]
            packs:
            """;

    private static String pack(String id, String from, String to) {
        return "  - id: " + id + "\n    version: 1\n    effective-from: " + from + "\n"
                + (to == null ? "" : "    effective-to: " + to + "\n")
                + "    date-basis: ACCEPTANCE\n    source: test act\n    duty:\n      method: TARIFF\n";
    }

    private static List<String> problems(String yaml) {
        try {
            RulePackLoader.parse("xx.yml", new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)));
        } catch (RulePackException e) {
            return e.problems();
        }
        throw new AssertionError("accepted: " + yaml);
    }

    @Test
    void overlappingPacksAreRefused() {
        assertThat(problems(HEAD + pack("A", "2026-01-01", "2026-07-01") + pack("B", "2026-06-30", null)))
                .containsExactly("xx.yml: pack B: effective-from 2026-06-30 overlaps pack A (2026-01-01 to 2026-07-01)");
        // an open-ended pack followed by another
        assertThat(problems(HEAD + pack("A", "2026-01-01", null) + pack("B", "2026-07-01", null)))
                .containsExactly("xx.yml: pack B: effective-from 2026-07-01 overlaps pack A (2026-01-01 to open end)");
    }

    @Test
    void gapsAndBackwardDatesAreRefused() {
        assertThat(problems(HEAD + pack("A", "2026-01-01", "2026-07-01") + pack("B", "2026-07-02", null)))
                .containsExactly("xx.yml: pack B: effective-from 2026-07-02 leaves a gap after pack A "
                        + "(2026-01-01 to 2026-07-01): no rules would apply from 2026-07-01");
        assertThat(problems(HEAD + pack("A", "2026-07-01", "2026-07-01")))
                .containsExactly("xx.yml: pack A: effective-to 2026-07-01 is not after effective-from 2026-07-01");
        assertThat(problems(HEAD + pack("A", "2026-02-30", null)))
                .containsExactly("xx.yml: pack A: effective-from '2026-02-30' is not a date (YYYY-MM-DD)");
    }

    @Test
    void feeDatesOutsideThePackAreRefused() {
        String yaml = HEAD + pack("A", "2026-01-01", "2026-07-01") + """
                    fees:
                      - id: F
                        kind: NATIONAL
                        basis: PER_CONSIGNMENT
                        amount: "2.00"
                        countries: [DE, FR]
                        effective-from: 2025-12-01
                        source: test act
                """;
        assertThat(problems(yaml)).containsExactlyInAnyOrder(
                "xx.yml: pack A fee F: country FR is not a country of the regime",
                "xx.yml: pack A fee F: effective-from 2025-12-01 is before the pack's effective-from 2026-01-01");
    }

    @Test
    void typosAndMissingValuesAreNamed() {
        String yaml = HEAD.replace("zone: Europe/Brussels", "zone: Europe/Nowhere") + """
                  - id: A
                    version: 0
                    effective_from: 2026-01-01
                    date-basis: DEPARTED
                    duty:
                      method: FLAT_PER_ITEM
                      per-item: "-3"
                    required-item-data:
                      EU_H8: [GTIN]
                      EU_H7: [EAN]
                """;
        assertThat(problems(yaml)).containsExactlyInAnyOrder(
                "xx.yml: regime XX: zone 'Europe/Nowhere' is not a time zone id (e.g. Europe/Brussels)",
                "xx.yml: pack A: unknown key 'effective_from' (allowed: [date-basis, duty, effective-from, "
                        + "effective-to, fees, id, note, required-item-data, source, thresholds, version])",
                "xx.yml: pack A: version must be a whole number >= 1",
                "xx.yml: pack A: effective-from is required (YYYY-MM-DD)",
                "xx.yml: pack A: date-basis 'DEPARTED' is not one of [ACCEPTANCE, PRESENTATION, DEPARTURE]",
                "xx.yml: pack A: source is required",
                "xx.yml: pack A duty: per-item must be an amount >= 0 with at most 2 decimals, not '-3'",
                "xx.yml: pack A duty: max-consignment-value is required",
                "xx.yml: pack A required-item-data: 'EU_H8' is not a declaration kind "
                        + "[EU_H7, EU_ENS_HOUSE, US_T86, US_321_MANIFEST, GENERIC_LVC]",
                "xx.yml: pack A required-item-data EU_H7: 'EAN' is not one of "
                        + "[SKU, MANUFACTURER_PRODUCT_ID, GTIN, HS_CODE_FULL]");
    }

    @Test
    void duplicateKeysAndBrokenYamlAreRefused() {
        assertThat(problems(HEAD + pack("A", "2026-01-01", null).replace("    version: 1\n",
                "    version: 1\n    version: 2\n"))).singleElement().asString()
                .startsWith("xx.yml: not valid YAML: Duplicate field 'version'");
        assertThat(problems("regime: [unclosed")).singleElement().asString().startsWith("xx.yml: not valid YAML");
        assertThat(problems("- just a list")).containsExactly(
                "xx.yml: the file must be a mapping with regime, currency, zone, countries and packs");
    }

    @Test
    void aCountryInTwoRegimesOrAPackIdTwiceIsRefused(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("a.yml"), HEAD + pack("P1", "2026-01-01", null));
        Files.writeString(dir.resolve("b.yaml"), HEAD.replace("regime: XX", "regime: YY") + pack("P1", "2026-01-01", null));
        Files.writeString(dir.resolve("ignored.txt"), "not a rule file");
        assertThatThrownBy(() -> RulePackLoader.load(dir)).isInstanceOf(RulePackException.class)
                .satisfies(e -> assertThat(((RulePackException) e).problems()).containsExactly(
                        "b.yaml: country DE of regime YY is already in regime XX",
                        "b.yaml: pack id P1 is used twice"));
    }

    @Test
    void oneBadFileRefusesTheWholeDirectory(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("a.yml"), HEAD + pack("P1", "2026-01-01", null));
        Files.writeString(dir.resolve("b.yml"), HEAD.replace("regime: XX", "regime: YY")
                .replace("[DE]", "[FR]") + pack("P2", "2026-01-01", "2025-01-01"));
        assertThatThrownBy(() -> RulePackLoader.load(dir)).isInstanceOf(RulePackException.class)
                .hasMessage("b.yml: pack P2: effective-to 2025-01-01 is not after effective-from 2026-01-01");
        assertThatThrownBy(() -> RulePackLoader.load(dir.resolve("missing"))).hasMessageContaining("does not exist");
    }
}
