package org.clearway.mappings.express;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import org.clearway.mappings.canonical.CanonicalJson;
import org.clearway.mappings.canonical.Consignment;
import org.clearway.mappings.canonical.DataQuality;
import org.clearway.mappings.canonical.Declaration;
import org.clearway.mappings.canonical.DeclarationKind;
import org.clearway.mappings.canonical.ExchangeRate;
import org.clearway.mappings.canonical.FlagCode;
import org.clearway.mappings.canonical.FunctionCode;
import org.clearway.mappings.canonical.HsSystem;
import org.clearway.mappings.canonical.IdentifierScheme;
import org.clearway.mappings.canonical.Ids;
import org.clearway.mappings.canonical.Incoterm;
import org.clearway.mappings.canonical.Item;
import org.clearway.mappings.canonical.ModeOfTransport;
import org.clearway.mappings.canonical.Money;
import org.clearway.mappings.canonical.NatureOfTransaction;
import org.clearway.mappings.canonical.PartnerKind;
import org.clearway.mappings.canonical.Party;
import org.clearway.mappings.canonical.PartyRole;
import org.clearway.mappings.canonical.RateSource;
import org.clearway.mappings.canonical.TransportDocumentLevel;
import org.clearway.mappings.canonical.TypeOfPerson;
import org.clearway.mappings.rates.ExchangeRateTable;
import org.clearway.mappings.rates.MissingExchangeRateException;
import org.junit.jupiter.api.Test;

/**
 * Carrier-only mapping of the express samples (samples-json README §1-§3, the values that do not
 * depend on the platform order merge of PARTNER-APIS §7).
 */
class ExpressToCanonicalTest {

    private final ExpressShipmentReader reader = new ExpressShipmentReader();

    private ExpressShipment valid(String json) {
        ExpressShipmentReader.Result r = reader.readShipment(json);
        assertThat(r.errors()).isEmpty();
        return r.shipment();
    }

    private static Party party(Declaration d, PartyRole role) {
        return d.parties().stream().filter(p -> p.role() == role).findFirst().orElseThrow();
    }

    private static List<String> flags(Declaration d) {
        return d.dataQuality() == null ? List.of() : d.dataQuality().flags().stream()
                .map(f -> f.code() + " " + f.path()).toList();
    }

    @Test
    void euIossShipment() {
        ExpressMappingContext ctx = ExpressSamples.context("EUR");
        Declaration d = ExpressToCanonical.map(valid(ExpressSamples.text("express-shipment-eu-ioss.json")), ctx);

        assertThat(d.declarationKind()).isEqualTo(DeclarationKind.EU_H7);
        assertThat(d.functionCode()).isEqualTo(FunctionCode.ORIGINAL);
        assertThat(d.revision()).isEqualTo(1);
        assertThat(d.correlation().houseWaybill()).isEqualTo("1234567890");
        assertThat(d.correlation().masterAirWaybill()).isEqualTo("176-12345675");
        assertThat(d.correlation().platformOrderIds()).extracting("platformId", "value")
                .containsExactly(tuple("DEMO-PLATFORM", "SV-2026-000981"));
        assertThat(d.correlation().lrn()).isEqualTo(Ids.lrn(ctx.declarationId())).startsWith("XB");
        assertThat(d.destinationCustoms().country()).isEqualTo("DE");
        assertThat(d.destinationCustoms().backendId()).isEqualTo("DEMO-CUSTOMS");
        assertThat(d.sources()).singleElement().satisfies(s -> {
            assertThat(s.partnerId()).isEqualTo("DEMO-EXPRESS");
            assertThat(s.partnerKind()).isEqualTo(PartnerKind.EXPRESS);
            assertThat(s.dialect()).isEqualTo("CLEARWAY-EXPRESS-REST-1");
            assertThat(s.sourceMessageRef()).isEqualTo("ACME-SHP-20261124-000123");
        });

        Consignment c = d.consignment();
        assertThat(c.transportDocuments()).extracting("level", "type", "number").containsExactly(
                tuple(TransportDocumentLevel.HOUSE, "N703", "1234567890"),
                tuple(TransportDocumentLevel.MASTER, "N741", "176-12345675"));
        assertThat(c.totalGrossMassKg().toPlainString()).isEqualTo("0.850");
        assertThat(c.totalPackages()).isEqualTo(1);
        assertThat(c.totalItems()).isEqualTo(2);
        assertThat(c.natureOfTransaction()).isEqualTo(NatureOfTransaction.SALE_OF_GOODS);
        assertThat(c.incoterm()).isEqualTo(Incoterm.DDP);
        assertThat(c.route()).isEqualTo(new Consignment.Route("CN", "DE", List.of("CN", "DE"), "PVG",
                ModeOfTransport.AIR));
        assertThat(c.intrinsicValue()).isEqualTo(Money.of("35.13", "EUR"));
        assertThat(c.iossNumber()).isEqualTo("IM5280001234");

        Item i0 = d.items().get(0);
        assertThat(i0.hsCode().value()).isEqualTo("610910");
        assertThat(i0.hsCode().system()).isEqualTo(HsSystem.HS);
        assertThat(i0.quantity().value()).isEqualByComparingTo("2");
        assertThat(i0.quantity().unit()).isEqualTo("H87");
        assertThat(i0.netMassKg().toPlainString()).isEqualTo("0.300");
        assertThat(i0.value()).isEqualTo(Money.of("18.00", "EUR"));
        assertThat(i0.unitPrice()).isEqualTo(Money.of("9.00", "EUR"));
        assertThat(i0.originalValue()).isNull();
        assertThat(i0.countryOfOrigin()).isEqualTo("CN");
        Item i1 = d.items().get(1);
        assertThat(i1.hsCode().value()).isEqualTo("39269097");
        assertThat(i1.hsCode().system()).isEqualTo(HsSystem.CN);
        assertThat(i1.netMassKg().toPlainString()).isEqualTo("0.060");
        assertThat(i1.value()).isEqualTo(Money.of("17.13", "EUR"));
        assertThat(i1.originalValue()).isEqualTo(Money.of("19.90", "USD"));
        assertThat(d.exchangeRates()).containsExactly(new ExchangeRate("USD", "EUR", new BigDecimal("0.860804"),
                LocalDate.of(2026, 11, 20), RateSource.ECB));

        Party consignor = party(d, PartyRole.CONSIGNOR);
        assertThat(consignor.typeOfPerson()).isEqualTo(TypeOfPerson.LEGAL);
        assertThat(consignor.name()).isEqualTo("Hangzhou Blue Thread Apparel Co., Ltd.");
        assertThat(consignor.contact().phone()).isEqualTo("+8657188001122");
        Party consignee = party(d, PartyRole.CONSIGNEE);
        assertThat(consignee.typeOfPerson()).isEqualTo(TypeOfPerson.NATURAL);
        // byte-exact NFC text (README §1 "text")
        assertThat(consignee.name().getBytes(StandardCharsets.UTF_8))
                .isEqualTo("J\u00fcrgen Wei\u00df".getBytes(StandardCharsets.UTF_8));
        assertThat(consignee.address().line1()).isEqualTo("Sch\u00f6nhauser Allee");
        assertThat(consignee.contact().phone()).isEqualTo("+4930123456");
        Party carrier = party(d, PartyRole.CARRIER);
        assertThat(carrier.name()).isEqualTo("Acme Express GmbH");
        assertThat(carrier.identifiers()).extracting("scheme", "value")
                .containsExactly(tuple(IdentifierScheme.EORI, "DE4471123456789"));
        assertThat(d.parties()).extracting(Party::partyRef).containsExactly("P1", "P2", "P3");
        assertThat(d.payment()).isNull();

        // carrier-only: "clothes" is vague until the platform title replaces it (README §1 after merge)
        assertThat(flags(d)).containsExactly("VAGUE_DESCRIPTION /items/0/description",
                "CURRENCY_CONVERTED /items/1/value");
    }

    @Test
    void euIossDeclarationSurvivesCanonicalJsonRoundTrip() {
        Declaration d = ExpressToCanonical.map(valid(ExpressSamples.text("express-shipment-eu-ioss.json")),
                ExpressSamples.context("EUR"));
        Declaration back = CanonicalJson.readDeclaration(CanonicalJson.write(d));
        assertThat(back).isEqualTo(d);
    }

    @Test
    void usT86ShipmentInPounds() {
        Declaration d = ExpressToCanonical.map(valid(ExpressSamples.text("express-shipment-us-t86.json")),
                ExpressSamples.context("USD"));

        assertThat(d.declarationKind()).isEqualTo(DeclarationKind.US_T86);
        assertThat(d.destinationCustoms().country()).isEqualTo("US");
        assertThat(d.correlation().houseWaybill()).isEqualTo("7701234567");
        assertThat(d.correlation().masterAirWaybill()).isEqualTo("999-87654324");
        // 0.88 lb x 0.45359237 = 0.39916 kg, HALF_UP to 3 dp
        assertThat(d.consignment().totalGrossMassKg().toPlainString()).isEqualTo("0.399");
        assertThat(d.consignment().intrinsicValue()).isEqualTo(Money.of("29.90", "USD"));
        assertThat(d.items()).extracting(i -> i.hsCode().value(), i -> i.hsCode().system())
                .containsExactly(tuple("8518302000", HsSystem.HTSUS), tuple("8544429090", HsSystem.HTSUS));
        Item i1 = d.items().get(1);
        assertThat(i1.quantity().value()).isEqualByComparingTo("2");
        assertThat(i1.quantity().unit()).isEqualTo("H87");
        assertThat(i1.netMassKg().toPlainString()).isEqualTo("0.080");
        assertThat(i1.value()).isEqualTo(Money.of("6.40", "USD"));
        assertThat(i1.unitPrice()).isEqualTo(Money.of("3.20", "USD"));
        assertThat(d.items().get(0).netMassKg().toPlainString()).isEqualTo("0.120");

        Party seller = party(d, PartyRole.SELLER);
        assertThat(seller.name()).isEqualTo("Shenzhen Soundwave Tech Co., Ltd.");
        assertThat(d.items()).allSatisfy(i -> assertThat(i.sellerRef()).isEqualTo(seller.partyRef()));
        Party consignee = party(d, PartyRole.CONSIGNEE);
        assertThat(consignee.name()).isEqualTo("Mar\u00eda Jos\u00e9 N\u00fa\u00f1ez");
        assertThat(consignee.contact().phone()).isEqualTo("+13055550142");
        assertThat(consignee.address().line2()).isEqualTo("Apt 1507");
        assertThat(consignee.address().subdivision()).isEqualTo("FL");
        assertThat(d.exchangeRates()).isEmpty();
        // README §2: UNIT_CONVERTED only, no MASS_ROUNDED, no CURRENCY_CONVERTED
        assertThat(flags(d)).containsExactly("UNIT_CONVERTED /consignment/totalGrossMassKg");
    }

    @Test
    void batchGiftInPoundsSterlingAndCommercialInWon() {
        ExpressShipmentReader.BatchResult batch = reader.readBatch(ExpressSamples.text("express-batch.json"));
        assertThat(batch.errors()).isEmpty();
        assertThat(batch.shipments()).hasSize(2).allSatisfy(r -> assertThat(r.errors()).isEmpty());

        Declaration gift = ExpressToCanonical.map(batch.shipments().get(0).shipment(), ExpressSamples.context("EUR"));
        assertThat(gift.declarationKind()).isEqualTo(DeclarationKind.EU_H7);
        assertThat(gift.destinationCustoms().country()).isEqualTo("FR");
        assertThat(gift.consignment().natureOfTransaction()).isEqualTo(NatureOfTransaction.GIFT);
        assertThat(gift.consignment().route().modeOfTransport()).isEqualTo(ModeOfTransport.ROAD);
        assertThat(gift.consignment().totalGrossMassKg().toPlainString()).isEqualTo("0.350");
        Party consignor = party(gift, PartyRole.CONSIGNOR);
        assertThat(consignor.name()).isEqualTo("Siobh\u00e1n O'Connor");
        assertThat(consignor.typeOfPerson()).isEqualTo(TypeOfPerson.NATURAL);
        assertThat(party(gift, PartyRole.CONSIGNEE).name()).isEqualTo("\u00c9lodie Martin");
        Item scarf = gift.items().get(0);
        assertThat(scarf.description()).isEqualTo("Hand-knitted scarf of wool");
        assertThat(scarf.hsCode().value()).isEqualTo("611710");
        // round(25.00 x rate(GBP->EUR), 2) = round(28.78085, 2)
        BigDecimal expected = new BigDecimal("25.00").multiply(ExpressSamples.GBP_EUR).setScale(2, RoundingMode.HALF_UP);
        assertThat(scarf.value()).isEqualTo(new Money(expected, "EUR")).isEqualTo(Money.of("28.78", "EUR"));
        assertThat(scarf.originalValue()).isEqualTo(Money.of("25.00", "GBP"));
        assertThat(flags(gift)).containsExactly("CURRENCY_CONVERTED /items/0/value");
        assertThat(gift.payment()).isNull();

        Declaration cream = ExpressToCanonical.map(batch.shipments().get(1).shipment(), ExpressSamples.context("EUR"));
        assertThat(cream.declarationKind()).isEqualTo(DeclarationKind.EU_H7);
        assertThat(cream.destinationCustoms().country()).isEqualTo("NL");
        assertThat(cream.correlation().masterAirWaybill()).isEqualTo("180-20261124");
        Item item = cream.items().get(0);
        assertThat(item.description()).isEqualTo("Face cream, moisturising, 50 ml jar");
        assertThat(item.hsCode().value()).isEqualTo("330499");
        assertThat(item.quantity().value()).isEqualByComparingTo("3");
        assertThat(item.quantity().unit()).isEqualTo("H87");
        assertThat(item.originalValue()).isEqualTo(Money.of("45000", "KRW"));
        // 45000 x 0.000651 = 29.295 -> 29.30 (HALF_UP, EUR minor unit)
        assertThat(item.value()).isEqualTo(Money.of("29.30", "EUR"));
        assertThat(item.unitPrice()).isEqualTo(Money.of("9.77", "EUR"));
        assertThat(flags(cream)).containsExactly("CURRENCY_CONVERTED /items/0/unitPrice",
                "CURRENCY_CONVERTED /items/0/value");
    }

    @Test
    void splitOrderParcels() {
        ExpressShipmentReader.BatchResult batch = reader.readBatch(
                ExpressSamples.text("express-batch-split-order.json"));
        assertThat(batch.errors()).isEmpty();
        assertThat(batch.shipments()).allSatisfy(r -> assertThat(r.errors()).isEmpty());
        Declaration first = ExpressToCanonical.map(batch.shipments().get(0).shipment(), ExpressSamples.context("EUR"));
        Declaration second = ExpressToCanonical.map(batch.shipments().get(1).shipment(),
                ExpressSamples.context("EUR"));
        assertThat(first.correlation().houseWaybill()).isEqualTo("5550001114");
        assertThat(second.correlation().houseWaybill()).isEqualTo("5550001115");
        assertThat(first.destinationCustoms().country()).isEqualTo("PL");
        assertThat(first.items()).singleElement().satisfies(i -> {
            assertThat(i.description()).isEqualTo("Serum \"Glow\" with niacinamide, 30 ml");
            assertThat(i.originalValue()).isEqualTo(Money.of("22000", "KRW"));
            assertThat(i.value()).isEqualTo(Money.of("14.32", "EUR")); // 22000 x 0.000651 = 14.322
        });
        assertThat(second.items()).hasSize(2);
        assertThat(second.consignment().intrinsicValue()).isEqualTo(Money.of("28.64", "EUR"));
        assertThat(second.consignment().totalGrossMassKg().toPlainString()).isEqualTo("0.350");
        Party consignee = party(first, PartyRole.CONSIGNEE);
        assertThat(consignee.name()).isEqualTo("\u0141ukasz W\u00f3jcik");
        assertThat(consignee.contact().phone()).isEqualTo("+48221234567");
    }

    @Test
    void missingRateIsReportedNotGuessed() {
        ExpressShipment s = valid(ExpressSamples.text("express-shipment-eu-ioss.json"));
        assertThatThrownBy(() -> ExpressToCanonical.map(s, ExpressSamples.context("EUR", ExchangeRateTable.empty())))
                .isInstanceOf(MissingExchangeRateException.class);
    }

    @Test
    void ouncesAndGramsAreConverted() {
        String json = ExpressSamples.text("express-shipment-us-t86.json");
        Declaration oz = ExpressToCanonical.map(valid(json.replace("\"value\": 0.88, \"unit\": \"LB\"",
                "\"value\": 16, \"unit\": \"OZ\"")), ExpressSamples.context("USD"));
        assertThat(oz.consignment().totalGrossMassKg().toPlainString()).isEqualTo("0.454");
        Declaration g = ExpressToCanonical.map(valid(json.replace("\"value\": 0.88, \"unit\": \"LB\"",
                "\"value\": 350, \"unit\": \"G\"")), ExpressSamples.context("USD"));
        assertThat(g.consignment().totalGrossMassKg().toPlainString()).isEqualTo("0.350");
        assertThat(g.dataQuality().flags()).extracting(DataQuality.Flag::code).containsExactly(FlagCode.UNIT_CONVERTED);
        Declaration kg = ExpressToCanonical.map(valid(json.replace("\"value\": 0.88, \"unit\": \"LB\"",
                "\"value\": 0.39949, \"unit\": \"KG\"")), ExpressSamples.context("USD"));
        assertThat(kg.consignment().totalGrossMassKg().toPlainString()).isEqualTo("0.399");
        assertThat(kg.dataQuality().flags()).extracting(DataQuality.Flag::code).containsExactly(FlagCode.MASS_ROUNDED);
    }

    @Test
    void highValueEuShipmentRoutesToEnsAndUnparseablePhoneIsDropped() {
        String json = ExpressSamples.text("express-shipment-eu-ioss.json")
                .replace("\"amount\": 18.00", "\"amount\": 180.00")
                .replace("\"+49 30 123456\"", "\"call me\"");
        Declaration d = ExpressToCanonical.map(valid(json), ExpressSamples.context("EUR"));
        assertThat(d.declarationKind()).isEqualTo(DeclarationKind.EU_ENS_HOUSE);
        assertThat(party(d, PartyRole.CONSIGNEE).contact().phone()).isNull();
        assertThat(flags(d)).contains("DE_MINIMIS_EXCEEDED /consignment/intrinsicValue",
                "TEXT_NORMALISED /parties/1/contact");
    }
}
