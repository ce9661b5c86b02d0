package org.clearway.mappings.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.clearway.mappings.canonical.Consignment;
import org.clearway.mappings.canonical.Correlation;
import org.clearway.mappings.canonical.DataQuality;
import org.clearway.mappings.canonical.Declaration;
import org.clearway.mappings.canonical.DeclarationKind;
import org.clearway.mappings.canonical.DestinationCustoms;
import org.clearway.mappings.canonical.FlagCode;
import org.clearway.mappings.canonical.FunctionCode;
import org.clearway.mappings.canonical.HsCode;
import org.clearway.mappings.canonical.HsSystem;
import org.clearway.mappings.canonical.Item;
import org.clearway.mappings.canonical.ModeOfTransport;
import org.clearway.mappings.canonical.Money;
import org.clearway.mappings.canonical.NatureOfTransaction;
import org.clearway.mappings.canonical.PartnerKind;
import org.clearway.mappings.canonical.Party;
import org.clearway.mappings.canonical.PartyRole;
import org.clearway.mappings.canonical.Quantity;
import org.clearway.mappings.canonical.Severity;
import org.clearway.mappings.canonical.Source;
import org.clearway.mappings.canonical.TypeOfPerson;
import org.clearway.mappings.postal.PostalMappingContext;
import org.junit.jupiter.api.Test;

/** The pack in force applied to whole declarations, and re-evaluation across 1 November 2026. */
class RuleEvaluationTest {

    private final RulePacks packs = ShippedPacks.load();

    static Item item(int seq, String description, String hs, String value, String sku, String mpn, String gtin) {
        return new Item(seq, description, hs == null ? null : new HsCode(hs, HsSystem.HS, null),
                new Quantity(BigDecimal.ONE, "H87"), new BigDecimal("0.200"), null, Money.of(value, "EUR"), null, null,
                "CN", null, sku, null, null, null, null, mpn, gtin);
    }

    static Declaration declaration(String country, boolean postal, List<Item> items, DataQuality dq) {
        UUID id = UUID.fromString("0193f1c2-7a4e-7c3b-9d2e-5b1a0c9e4f21");
        BigDecimal total = items.stream().map(i -> i.value().amount()).reduce(BigDecimal.ZERO, BigDecimal::add);
        return new Declaration(Declaration.SPEC_VERSION, id, 1, FunctionCode.ORIGINAL,
                "US".equals(country) ? DeclarationKind.US_T86 : DeclarationKind.EU_H7, UUID.randomUUID(),
                Instant.parse("2026-10-30T10:00:00Z"), new DestinationCustoms(country, "DEMO-CUSTOMS"),
                List.of(new Source("DEMO-EXPRESS", PartnerKind.EXPRESS, "CLEARWAY-EXPRESS-JSON-1", "m-1", null,
                        Instant.parse("2026-10-30T09:59:00Z"), "0".repeat(64))), null,
                new Correlation(null, "HWB1", null, null, null, "LRN1", null),
                List.of(new Party("P1", PartyRole.CONSIGNEE, TypeOfPerson.NATURAL, "Erika Muster",
                        new Party.Address("Hauptstr. 1", null, null, "10115", "Berlin", null, country), null, null)),
                new Consignment(null, new BigDecimal("1.000"), 1, items.size(), null, new Money(total, "EUR"), null, null,
                        null, null, null, NatureOfTransaction.SALE_OF_GOODS, null, null, null,
                        new Consignment.Route("CN", country, null, null, ModeOfTransport.AIR),
                        postal ? new Consignment.Postal("E", null, null, LocalDate.of(2026, 10, 20), null, null, null) : null),
                items, null, null, dq);
    }

    private RuleEvaluation.Outcome evaluate(Declaration d, String at) {
        return RuleEvaluation.evaluate(d, packs, Instant.parse(at), PostalMappingContext.DEFAULT_GENERIC_WORDS,
                (m, c) -> m.currency().equals("EUR") && c.equals("USD")
                        ? Optional.of(new Money(m.amount().multiply(new BigDecimal("1.082")), "USD")) : Optional.empty());
    }

    private static List<Item> goods(boolean ids) {
        return List.of(item(1, "Cotton T-shirt", "610910", "20.00", ids ? "TS-1" : null, ids ? "MPN-1" : null,
                        ids ? "4006381333931" : null),
                item(2, "Cotton T-shirts", "610910", "20.00", ids ? "TS-1" : null, ids ? "MPN-1" : null,
                        ids ? "4006381333931" : null),
                item(3, "Wrist watch", "910211", "60.00", ids ? "W-9" : null, ids ? "MPN-9" : null,
                        ids ? "036000291452" : null));
    }

    @Test
    void recordsThePackAndTheEstimate() {
        Declaration d = evaluate(declaration("DE", false, goods(true), null), "2026-10-30T10:00:00Z").declaration();
        assertThat(d.specVersion()).isEqualTo("1.1");
        assertThat(d.rulePack().id()).isEqualTo("EU-2026-07");
        assertThat(d.rulePack().date()).isEqualTo(LocalDate.of(2026, 10, 30));
        assertThat(d.rulePack().dateBasis()).isEqualTo("PRESENTATION");
        assertThat(d.dutyEstimate().items()).isEqualTo(2);
        assertThat(d.dutyEstimate().total()).isEqualTo(Money.of("6.00", "EUR"));
        assertThat(d.dataQuality()).isNull();
    }

    @Test
    void productIdentifiersAreRequiredFromFirstNovember2026() {
        Declaration plain = declaration("DE", false, goods(false), null);
        Declaration oct31 = evaluate(plain, "2026-10-31T12:00:00Z").declaration();
        Declaration nov1 = evaluate(plain, "2026-11-01T12:00:00Z").declaration();
        assertThat(oct31.dataQuality()).isNull();
        assertThat(nov1.dataQuality().flags()).hasSize(9).allSatisfy(f -> {
            assertThat(f.code()).isEqualTo(FlagCode.PRODUCT_ID_MISSING);
            assertThat(f.detail()).contains("required by EU-2026-11 v1 for EU_H7 from 2026-11-01");
        });
        assertThat(nov1.dataQuality().flags()).extracting(DataQuality.Flag::path)
                .contains("/items/0/sku", "/items/0/manufacturerProductId", "/items/2/gtin");
        // with identifiers nothing is flagged, and the handling fee is added
        Declaration withIds = evaluate(declaration("DE", false, goods(true), null), "2026-11-01T12:00:00Z").declaration();
        assertThat(withIds.dataQuality()).isNull();
        assertThat(withIds.dutyEstimate().total()).isEqualTo(Money.of("10.00", "EUR"));
    }

    @Test
    void postalItemsAreFlaggedAsCarryingNoIdentifiers() {
        Declaration nov2 = evaluate(declaration("DE", true, goods(false), null), "2026-11-02T12:00:00Z").declaration();
        assertThat(nov2.dataQuality().flags()).isNotEmpty()
                .allSatisfy(f -> assertThat(f.detail()).endsWith("postal CUSITM carries no product identifiers"));
    }

    @Test
    void anInvalidGtinIsNotAlsoReportedMissing() {
        DataQuality invalid = new DataQuality(List.of(new DataQuality.Flag(FlagCode.PRODUCT_ID_INVALID, Severity.WARNING,
                "/items/0/gtin", "check digit 2 should be 1")));
        List<Item> items = List.of(item(1, "Cotton T-shirt", "610910", "20.00", "TS-1", "MPN-1", null));
        Declaration d = evaluate(declaration("DE", false, items, invalid), "2026-11-02T12:00:00Z").declaration();
        assertThat(d.dataQuality().flags()).extracting(DataQuality.Flag::code).containsExactly(FlagCode.PRODUCT_ID_INVALID);
    }

    @Test
    void reEvaluationReplacesItsOwnFlagsAndDetectsChange() {
        Declaration original = evaluate(declaration("DE", false, goods(false), null), "2026-10-30T10:00:00Z").declaration();
        Declaration again = evaluate(original, "2026-10-31T23:00:00Z").declaration(); // 1 November in Brussels
        assertThat(again.rulePack().id()).isEqualTo("EU-2026-11");
        assertThat(RuleEvaluation.resultChanged(original, again)).isTrue();
        Declaration amended = RuleEvaluation.flagChange(again, original.rulePack());
        assertThat(amended.dataQuality().flags()).filteredOn(f -> f.code() == FlagCode.RULE_PACK_CHANGED).singleElement()
                .satisfies(f -> assertThat(f.detail())
                        .isEqualTo("EU-2026-07 v1 -> EU-2026-11 v1 (presentation date 2026-11-01)"));
        // evaluating the amendment again under the same pack changes nothing, flags do not pile up
        Declaration third = evaluate(amended, "2026-11-05T10:00:00Z").declaration();
        assertThat(RuleEvaluation.resultChanged(amended, third)).isFalse();
        assertThat(third.dataQuality().flags()).hasSize(9);
    }

    @Test
    void aNewPackWithTheSameResultIsNoChange() {
        // B2B above 150 EUR to DE: tariff duty under both packs; identifiers present, so no new flags,
        // but the handling fee is B2C only: same estimate
        List<Item> items = List.of(item(1, "Laptop", "847130", "900.00", "L-1", "MPN-L", "4006381333931"));
        Declaration d = declaration("DE", false, items, null);
        Declaration b2b = new Declaration(d.specVersion(), d.declarationId(), d.revision(), d.functionCode(),
                DeclarationKind.EU_ENS_HOUSE, d.gatewayMessageId(), d.createdAt(), d.destinationCustoms(), d.sources(),
                d.provenance(), d.correlation(), List.of(new Party("P1", PartyRole.CONSIGNEE, TypeOfPerson.LEGAL,
                "Muster GmbH", d.parties().get(0).address(), null, null)), d.consignment(), d.items(), null, null, null);
        Declaration before = evaluate(b2b, "2026-10-31T12:00:00Z").declaration();
        Declaration after = evaluate(before, "2026-11-01T12:00:00Z").declaration();
        assertThat(after.rulePack().id()).isNotEqualTo(before.rulePack().id());
        assertThat(RuleEvaluation.resultChanged(before, after)).isFalse();
    }

    @Test
    void usItemsNeedTheTenDigitCodeAfter29August2025() {
        List<Item> items = List.of(item(1, "Cotton T-shirt", "610910", "20.00", null, null, null));
        Declaration aug28 = evaluate(declaration("US", false, items, null), "2025-08-28T16:00:00Z").declaration();
        Declaration aug29 = evaluate(declaration("US", false, items, null), "2025-08-29T16:00:00Z").declaration();
        assertThat(aug28.dataQuality()).isNull();
        assertThat(aug28.dutyEstimate().dutyMethod()).isEqualTo("RELIEF_UP_TO_DE_MINIMIS");
        assertThat(aug28.dutyEstimate().total()).isEqualTo(Money.of("0.00", "USD"));
        assertThat(aug29.dutyEstimate().dutyMethod()).isEqualTo("TARIFF");
        assertThat(aug29.dataQuality().flags()).singleElement().satisfies(f -> {
            assertThat(f.code()).isEqualTo(FlagCode.HS_ONLY_6_DIGITS);
            assertThat(f.detail()).contains("US-2025-08");
        });
    }

    @Test
    void noPackForTheDestinationLeavesTheDeclarationWithoutRules() {
        RuleEvaluation.Outcome o = evaluate(declaration("CH", false, goods(true), null), "2026-11-01T12:00:00Z");
        assertThat(o.applied()).isEmpty();
        assertThat(o.declaration().rulePack()).isNull();
        assertThat(o.declaration().specVersion()).isEqualTo("1.1"); // the items carry identifiers
    }
}
