package org.clearway.mappings.canonical;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

/** specVersion 1.1 members (docs/CANONICAL-MODEL-EXTENSIONS.md): rulePack, dutyEstimate, item product ids. */
class RulesMembersTest {

    static Declaration withRules() {
        Declaration d = Examples.postal("Cotton T-shirt");
        Item item = d.items().get(0).withProductIds("MPN-4711", "4006381333931");
        DutyEstimate estimate = new DutyEstimate("FLAT_PER_ITEM", 1, List.of(
                new DutyEstimate.Line(DutyEstimate.ChargeType.DUTY, "EU-2026-11/duty", "PER_ITEM", 1,
                        Money.of("3.00", "EUR"), Money.of("3.00", "EUR")),
                new DutyEstimate.Line(DutyEstimate.ChargeType.HANDLING_FEE, "EU-2026-11/EU-HANDLING-FEE", "PER_ITEM", 1,
                        Money.of("2.00", "EUR"), Money.of("2.00", "EUR"))),
                Money.of("5.00", "EUR"), false, "1 goods line(s) cannot be grouped");
        return d.withRules(new RulePackRef("EU-2026-11", 2, "EU", "PRESENTATION", LocalDate.of(2026, 11, 24)),
                estimate, List.of(item), new DataQuality(List.of(new DataQuality.Flag(FlagCode.PRODUCT_ID_MISSING,
                        Severity.WARNING, "/items/0/sku", "required by EU-2026-11 for EU_H7"))));
    }

    @Test
    void aDeclarationWithoutTheNewMembersStays10() {
        assertThat(Examples.postal("x").specVersion()).isEqualTo("1.0");
        assertThat(new String(CanonicalJson.write(Examples.postal("x")), StandardCharsets.UTF_8))
                .contains("\"specVersion\":\"1.0\"").doesNotContain("rulePack").doesNotContain("gtin");
    }

    @Test
    void jsonCarriesRulePackEstimateAndProductIds() {
        Declaration d = withRules();
        assertThat(d.specVersion()).isEqualTo("1.1");
        String json = new String(CanonicalJson.write(d), StandardCharsets.UTF_8);
        assertThat(json).contains("\"specVersion\":\"1.1\"")
                .contains("\"rulePack\":{\"date\":\"2026-11-24\",\"dateBasis\":\"PRESENTATION\",\"id\":\"EU-2026-11\","
                        + "\"regime\":\"EU\",\"version\":2}")
                .contains("\"gtin\":\"4006381333931\"").contains("\"manufacturerProductId\":\"MPN-4711\"")
                .contains("\"dutyEstimate\":{\"complete\":false,\"dutyMethod\":\"FLAT_PER_ITEM\",\"items\":1,\"lines\":[{"
                        + "\"amount\":{\"amount\":\"3.00\",\"currency\":\"EUR\"},\"basis\":\"PER_ITEM\",\"count\":1,")
                .contains("\"total\":{\"amount\":\"5.00\",\"currency\":\"EUR\"}")
                .contains("\"code\":\"PRODUCT_ID_MISSING\"");
        Declaration back = CanonicalJson.readDeclaration(json.getBytes(StandardCharsets.UTF_8));
        assertThat(back).isEqualTo(d);
        assertThat(CanonicalJson.write(back)).isEqualTo(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void xmlRoundTrips() {
        Declaration d = withRules();
        byte[] xml = CanonicalXml.write(d);
        assertThat(new String(xml, StandardCharsets.UTF_8)).contains("<specVersion>1.1</specVersion>")
                .contains("<lines><line><amount>").contains("<complete>false</complete>")
                .contains("<gtin>4006381333931</gtin>");
        Declaration back = CanonicalXml.readDeclaration(xml);
        assertThat(back).isEqualTo(d);
        assertThat(CanonicalXml.write(back)).isEqualTo(xml);
    }

    @Test
    void newMembersIn10DocumentsAndBadGtinsAreRefused() {
        String json = new String(CanonicalJson.write(withRules()), StandardCharsets.UTF_8);
        String as10 = json.replace("\"specVersion\":\"1.1\"", "\"specVersion\":\"1.0\"");
        assertThatThrownBy(() -> CanonicalJson.readDeclaration(as10.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOfSatisfying(CanonicalFormatException.class,
                        e -> assertThat(e.pointer()).isEqualTo("/specVersion"));
        String badGtin = json.replace("4006381333931", "4006381333932");
        assertThatThrownBy(() -> CanonicalJson.readDeclaration(badGtin.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOfSatisfying(CanonicalFormatException.class,
                        e -> assertThat(e.pointer()).isEqualTo("/items/0/gtin"))
                .hasMessageContaining("check digit 2 should be 1");
        String badBasis = json.replace("\"PRESENTATION\"", "\"ARRIVAL\"");
        assertThatThrownBy(() -> CanonicalJson.readDeclaration(badBasis.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOfSatisfying(CanonicalFormatException.class,
                        e -> assertThat(e.pointer()).isEqualTo("/rulePack/dateBasis"));
    }
}
