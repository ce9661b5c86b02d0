package org.clearway.mappings.fusion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.clearway.mappings.canonical.CanonicalJson;
import org.clearway.mappings.canonical.Consignment;
import org.clearway.mappings.canonical.DataQuality;
import org.clearway.mappings.canonical.Declaration;
import org.clearway.mappings.canonical.DeclarationKind;
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
import org.clearway.mappings.canonical.PaymentMethod;
import org.clearway.mappings.canonical.ProvenanceEntry;
import org.clearway.mappings.canonical.RateSource;
import org.clearway.mappings.canonical.Source;
import org.clearway.mappings.canonical.TransportDocumentLevel;
import org.clearway.mappings.canonical.TypeOfPerson;
import org.clearway.mappings.canonical.VatScheme;
import org.junit.jupiter.api.Test;

/**
 * The fused declaration of carrier and platform data (CANONICAL-MODEL §7, PARTNER-APIS §7):
 * the expected values of samples-json README §1, §2 and §4, the §9.1 example byte for byte, and
 * the merge cases the samples do not show (split without allocation, several orders, conflicts).
 */
class OrderFusionTest {

    private static final Instant ORDER_AT = Instant.parse("2026-11-20T14:05:40.003Z");
    private static final Instant SHIPMENT_AT = Instant.parse("2026-11-24T06:18:02.117Z");
    private static final UUID MESSAGE_ID = UUID.fromString("0193f1c2-8b10-7d44-a1f3-2c6e9d0b7a55");
    private static final Instant CREATED_AT = Instant.parse("2026-11-24T06:20:15.482Z");

    private static FusionContext ctx(String currency) {
        return FusionContext.original(MESSAGE_ID, CREATED_AT, currency, FusionSamples.rates());
    }

    private static Declaration sample1(Instant orderAt, Instant shipmentAt) {
        Declaration carrier = FusionSamples.express("express-shipment-eu-ioss.json", "EUR", shipmentAt);
        return OrderFusion.fuse(carrier, List.of(FusionSamples.ndjson(1, orderAt)), ctx("EUR"));
    }

    private static Party party(Declaration d, PartyRole role) {
        return d.parties().stream().filter(p -> p.role() == role).findFirst().orElseThrow();
    }

    private static List<String> flags(Declaration d) {
        return d.dataQuality() == null ? List.of() : d.dataQuality().flags().stream()
                .map(f -> f.code() + " " + f.path()).toList();
    }

    private static DataQuality.Flag flag(Declaration d, FlagCode code) {
        return d.dataQuality().flags().stream().filter(f -> f.code() == code).findFirst().orElseThrow();
    }

    // ------------------------------------------------------------------------------ README §1

    @Test
    void expressIossShipmentWithNdjsonOrderGivesReadmeSection1Values() {
        Declaration d = sample1(ORDER_AT, SHIPMENT_AT);

        assertThat(d.declarationKind()).isEqualTo(DeclarationKind.EU_H7);
        assertThat(d.functionCode()).isEqualTo(FunctionCode.ORIGINAL);
        assertThat(d.revision()).isEqualTo(1);
        assertThat(d.correlation().houseWaybill()).isEqualTo("1234567890");
        assertThat(d.correlation().masterAirWaybill()).isEqualTo("176-12345675");
        assertThat(d.correlation().platformOrderIds()).extracting("platformId", "value")
                .containsExactly(tuple("DEMO-PLATFORM", "SV-2026-000981"));
        assertThat(d.correlation().lrn()).isEqualTo(Ids.lrn(d.declarationId()));
        assertThat(d.destinationCustoms().country()).isEqualTo("DE");
        assertThat(d.destinationCustoms().backendId()).isEqualTo("DEMO-CUSTOMS");
        assertThat(d.sources()).extracting(Source::partnerId, Source::dialect).containsExactly(
                tuple("DEMO-PLATFORM", "CLEARWAY-PLATFORM-NDJSON-1"), tuple("DEMO-EXPRESS", "CLEARWAY-EXPRESS-REST-1"));
        assertThat(d.provenance()).extracting(ProvenanceEntry::path, ProvenanceEntry::source).containsExactly(
                tuple("/consignment/invoice", 0), tuple("/consignment/transportCost", 0),
                tuple("/items/0/description", 0), tuple("/items/0/platformLineId", 0),
                tuple("/items/0/productUrl", 0), tuple("/items/0/sku", 0),
                tuple("/items/1/description", 0), tuple("/items/1/hsCode", 1),
                tuple("/items/1/platformLineId", 0), tuple("/items/1/productUrl", 0), tuple("/items/1/sku", 0),
                tuple("/items/1/unitPrice", 0), tuple("/parties/0", 0), tuple("/parties/2", 0),
                tuple("/payment", 0));

        Consignment c = d.consignment();
        assertThat(c.transportDocuments()).extracting("level", "type", "number").containsExactly(
                tuple(TransportDocumentLevel.HOUSE, "N703", "1234567890"),
                tuple(TransportDocumentLevel.MASTER, "N741", "176-12345675"));
        assertThat(c.totalGrossMassKg()).hasToString("0.850");
        assertThat(c.totalPackages()).isEqualTo(1);
        assertThat(c.totalItems()).isEqualTo(2);
        assertThat(c.natureOfTransaction()).isEqualTo(NatureOfTransaction.SALE_OF_GOODS);
        assertThat(c.incoterm()).isEqualTo(Incoterm.DDP);
        assertThat(c.route()).isEqualTo(new Consignment.Route("CN", "DE", List.of("CN", "DE"), "PVG",
                ModeOfTransport.AIR));
        assertThat(c.invoice()).isEqualTo(new Consignment.Invoice("SV-2026-000981", LocalDate.of(2026, 11, 20),
                Money.of("41.79", "EUR")));
        assertThat(c.intrinsicValue()).isEqualTo(Money.of("35.13", "EUR"));
        assertThat(c.transportCost()).isEqualTo(Money.of("6.66", "EUR"));
        assertThat(c.iossNumber()).as("IOSS lives in payment.vat once the order is known").isNull();

        String sellerRef = party(d, PartyRole.SELLER).partyRef();
        Item i0 = d.items().get(0);
        assertThat(i0.description()).isEqualTo("Women's T-shirt, knitted cotton, short sleeves");
        assertThat(i0.hsCode().value()).isEqualTo("610910");
        assertThat(i0.hsCode().system()).isEqualTo(HsSystem.HS);
        assertThat(i0.quantity().value()).hasToString("2");
        assertThat(i0.quantity().unit()).isEqualTo("H87");
        assertThat(i0.netMassKg()).hasToString("0.300");
        assertThat(i0.value()).isEqualTo(Money.of("18.00", "EUR"));
        assertThat(i0.unitPrice()).isEqualTo(Money.of("9.00", "EUR"));
        assertThat(i0.countryOfOrigin()).isEqualTo("CN");
        assertThat(i0.productUrl()).isEqualTo("https://shopverse.example/p/778812-ts100");
        assertThat(i0.sku()).isEqualTo("TS-100-BLU-M");
        assertThat(i0.sellerRef()).isEqualTo(sellerRef);

        Item i1 = d.items().get(1);
        assertThat(i1.description()).isEqualTo("Phone case of silicone rubber for smartphone");
        assertThat(i1.hsCode().value()).isEqualTo("39269097");
        assertThat(i1.hsCode().system()).isEqualTo(HsSystem.CN);
        assertThat(i1.quantity().value()).hasToString("1");
        assertThat(i1.netMassKg()).hasToString("0.060");
        assertThat(i1.value()).isEqualTo(Money.of("17.13", "EUR"));
        assertThat(i1.originalValue()).isEqualTo(Money.of("19.90", "USD"));

        assertThat(d.exchangeRates()).singleElement().satisfies(r -> {
            assertThat(r.from()).isEqualTo("USD");
            assertThat(r.to()).isEqualTo("EUR");
            assertThat(r.rate()).isEqualByComparingTo(FusionSamples.USD_EUR);
            assertThat(r.rateDate()).isEqualTo(LocalDate.of(2026, 11, 20));
            assertThat(r.source()).isEqualTo(RateSource.ECB);
        });

        assertThat(d.parties()).extracting(Party::partyRef, Party::role).containsExactly(
                tuple("P1", PartyRole.SELLER), tuple("P2", PartyRole.CONSIGNOR), tuple("P3", PartyRole.BUYER),
                tuple("P4", PartyRole.CONSIGNEE), tuple("P5", PartyRole.CARRIER), tuple("P6", PartyRole.PLATFORM));
        assertThat(party(d, PartyRole.SELLER).identifiers()).containsExactly(
                new Party.Identifier(IdentifierScheme.PLATFORM_SELLER_ID, "S-778812", "DEMO-PLATFORM"),
                new Party.Identifier(IdentifierScheme.EORI, "NL823456789", null));
        Party consignor = party(d, PartyRole.CONSIGNOR);
        assertThat(consignor.typeOfPerson()).isEqualTo(TypeOfPerson.LEGAL);
        assertThat(consignor.contact().phone()).isEqualTo("+8657188001122");
        Party buyer = party(d, PartyRole.BUYER);
        assertThat(buyer.name()).isEqualTo("Jürgen Weiß");
        assertThat(buyer.typeOfPerson()).isEqualTo(TypeOfPerson.NATURAL);
        Party consignee = party(d, PartyRole.CONSIGNEE);
        assertThat(consignee.name()).isEqualTo("Jürgen Weiß");
        assertThat(consignee.contact().phone()).isEqualTo("+4930123456");
        assertThat(consignee.address().line1()).isEqualTo("Schönhauser Allee");
        assertThat(party(d, PartyRole.CARRIER).name()).isEqualTo("Acme Express GmbH");
        assertThat(party(d, PartyRole.PLATFORM).identifiers()).extracting("scheme", "value").containsExactly(
                tuple(IdentifierScheme.IOSS, "IM5280001234"), tuple(IdentifierScheme.VAT, "NL001234567B01"));

        assertThat(d.payment().method()).isEqualTo(PaymentMethod.CARD);
        assertThat(d.payment().amount()).isEqualTo(Money.of("41.79", "EUR"));
        assertThat(d.payment().paidAt()).isEqualTo(Instant.parse("2026-11-20T14:02:11.000Z"));
        assertThat(d.payment().transactionRef()).isEqualTo("pi_3Q9xY2");
        assertThat(d.payment().payerRef()).isEqualTo(buyer.partyRef());
        assertThat(d.payment().vat().scheme()).isEqualTo(VatScheme.IOSS);
        assertThat(d.payment().vat().iossNumber()).isEqualTo("IM5280001234");
        assertThat(d.payment().vat().collected()).isEqualTo(Money.of("6.67", "EUR"));

        assertThat(flags(d)).containsExactly("DESCRIPTION_FROM_PLATFORM /items/0/description",
                "DESCRIPTION_FROM_PLATFORM /items/1/description", "CURRENCY_CONVERTED /items/1/value");

        String json = new String(CanonicalJson.write(d), StandardCharsets.UTF_8);
        assertThat(json).contains("\"name\":\"Jürgen Weiß\"", "\"line1\":\"Schönhauser Allee\"");
    }

    @Test
    void sample1IsTheSpecExampleByteForByte() {
        Declaration example = CanonicalJson.readDeclaration(FusionSamples.resource(
                "/canonical/declaration-example.json"));
        Source platformSource = example.sources().get(0);
        Source expressSource = example.sources().get(1);
        Declaration carrier = FusionSamples.express(FusionSamples.text("express-shipment-eu-ioss.json"), "EUR",
                example.declarationId(), expressSource.receivedAt(), expressSource.idempotencyKey(),
                expressSource.payloadSha256());
        // the express mapper names the source after the shipmentId; the example uses another partner ref
        carrier = withSources(carrier, List.of(expressSource));
        MatchedOrder order = new MatchedOrder(FusionSamples.ndjsonOrder(1), platformSource, FusionSamples.PLATFORM);

        Declaration fused = OrderFusion.fuse(carrier, List.of(order),
                FusionContext.original(example.gatewayMessageId(), example.createdAt(), "EUR", FusionSamples.rates()));

        assertThat(new String(CanonicalJson.write(fused), StandardCharsets.UTF_8))
                .isEqualTo(new String(CanonicalJson.write(example), StandardCharsets.UTF_8));
    }

    @Test
    void eitherArrivalOrderGivesTheSameRevisionOne() {
        Declaration orderFirst = sample1(ORDER_AT, SHIPMENT_AT);
        Declaration shipmentFirst = sample1(Instant.parse("2026-11-24T06:21:00Z"), SHIPMENT_AT);

        assertThat(shipmentFirst.sources()).extracting(Source::partnerId)
                .containsExactly("DEMO-EXPRESS", "DEMO-PLATFORM");
        assertThat(provenanceByPartner(shipmentFirst)).isEqualTo(provenanceByPartner(orderFirst));
        assertThat(shipmentFirst.provenance()).filteredOn(p -> p.path().equals("/items/1/hsCode"))
                .extracting(ProvenanceEntry::source).containsExactly(0);
        assertThat(new String(CanonicalJson.write(withSources(shipmentFirst, List.of())), StandardCharsets.UTF_8))
                .isEqualTo(new String(CanonicalJson.write(withSources(orderFirst, List.of())), StandardCharsets.UTF_8));
    }

    private static List<String> provenanceByPartner(Declaration d) {
        return d.provenance().stream().map(p -> p.path() + " " + d.sources().get(p.source()).partnerId()).toList();
    }

    /** The declaration with other sources; with none, the sources and provenance are left out for comparison. */
    private static Declaration withSources(Declaration d, List<Source> sources) {
        List<Source> s = sources.isEmpty()
                ? List.of(new Source("X", PartnerKind.EXPRESS, "X", "X", null, Instant.EPOCH, "0".repeat(64)))
                : sources;
        return new Declaration(d.specVersion(), d.declarationId(), d.revision(), d.functionCode(),
                d.declarationKind(), d.gatewayMessageId(), d.createdAt(), d.destinationCustoms(), s,
                sources.isEmpty() ? List.of() : d.provenance(), d.correlation(), d.parties(), d.consignment(),
                d.items(), d.payment(), d.exchangeRates(), d.dataQuality());
    }

    // ------------------------------------------------------------------------------ README §2

    @Test
    void usShipmentWithNdjsonOrderGivesReadmeSection2Values() {
        Declaration carrier = FusionSamples.express("express-shipment-us-t86.json", "USD",
                Instant.parse("2026-11-24T09:00:00Z"));
        Declaration d = OrderFusion.fuse(carrier, List.of(FusionSamples.ndjson(2,
                Instant.parse("2026-11-23T05:00:00Z"))), ctx("USD"));

        assertThat(d.declarationKind()).isEqualTo(DeclarationKind.US_T86);
        assertThat(d.destinationCustoms().country()).isEqualTo("US");
        assertThat(d.correlation().houseWaybill()).isEqualTo("7701234567");
        assertThat(d.correlation().masterAirWaybill()).isEqualTo("999-87654324");
        assertThat(d.consignment().totalGrossMassKg()).hasToString("0.399");
        assertThat(d.consignment().invoice()).isEqualTo(new Consignment.Invoice("SV-2026-001502",
                LocalDate.of(2026, 11, 23), Money.of("29.90", "USD")));
        assertThat(d.consignment().intrinsicValue()).isEqualTo(Money.of("29.90", "USD"));
        assertThat(d.consignment().transportCost()).isEqualTo(Money.of("0.00", "USD"));

        Item i0 = d.items().get(0);
        assertThat(i0.description()).isEqualTo("Soundwave EB-200 wireless Bluetooth earbuds with charging case");
        assertThat(i0.hsCode().value()).isEqualTo("8518302000");
        assertThat(i0.hsCode().system()).isEqualTo(HsSystem.HTSUS);
        assertThat(i0.quantity().value()).hasToString("1");
        assertThat(i0.netMassKg()).hasToString("0.120");
        assertThat(i0.value()).isEqualTo(Money.of("23.50", "USD"));
        assertThat(i0.productUrl()).isEqualTo("https://shopverse.example/p/901177-eb200");
        Item i1 = d.items().get(1);
        assertThat(i1.description()).isEqualTo("USB-C to USB-C charging cable 1 m");
        assertThat(i1.hsCode().value()).isEqualTo("8544429090");
        assertThat(i1.hsCode().system()).isEqualTo(HsSystem.HTSUS);
        assertThat(i1.quantity().value()).hasToString("2");
        assertThat(i1.netMassKg()).hasToString("0.080");
        assertThat(i1.value()).isEqualTo(Money.of("6.40", "USD"));
        assertThat(i1.unitPrice()).isEqualTo(Money.of("3.20", "USD"));

        Party seller = party(d, PartyRole.SELLER);
        assertThat(seller.name()).isEqualTo("Shenzhen Soundwave Tech Co., Ltd.");
        assertThat(seller.identifiers()).extracting("value").contains("S-901177");
        assertThat(d.parties()).filteredOn(p -> p.role() == PartyRole.SELLER).hasSize(1);
        Party consignee = party(d, PartyRole.CONSIGNEE);
        assertThat(consignee.name()).isEqualTo("María José Núñez");
        assertThat(consignee.contact().phone()).isEqualTo("+13055550142");
        assertThat(consignee.address().line2()).isEqualTo("Apt 1507");
        assertThat(consignee.address().subdivision()).isEqualTo("FL");

        assertThat(d.payment().method()).isEqualTo(PaymentMethod.WALLET);
        assertThat(d.payment().amount()).isEqualTo(Money.of("29.90", "USD"));
        assertThat(d.payment().paidAt()).isEqualTo(Instant.parse("2026-11-23T04:40:30.000Z"));
        assertThat(d.payment().vat().scheme()).isEqualTo(VatScheme.NONE);

        assertThat(flags(d)).containsExactly("UNIT_CONVERTED /consignment/totalGrossMassKg",
                "DESCRIPTION_FROM_PLATFORM /items/0/description", "DESCRIPTION_FROM_PLATFORM /items/1/description");
        assertThat(d.exchangeRates()).isEmpty();
    }

    // ------------------------------------------------------------------------------ README §4

    @Test
    void csvOrderSplitOverTwoParcelsGivesReadmeSection4Shares() {
        Instant orderAt = Instant.parse("2026-11-23T09:05:00Z");
        MatchedOrder order = FusionSamples.csv(FusionSamples.kb77811(FusionSamples.kb77811Links()), orderAt);
        Declaration first = OrderFusion.fuse(FusionSamples.splitParcel(0, Instant.parse("2026-11-24T10:00:00Z")),
                List.of(order), ctx("EUR"));
        Declaration second = OrderFusion.fuse(FusionSamples.splitParcel(1, Instant.parse("2026-11-24T10:00:01Z")),
                List.of(order), ctx("EUR"));

        assertThat(first.items()).singleElement().satisfies(i -> {
            assertThat(i.platformLineId()).isEqualTo("KB-77811-1");
            assertThat(i.quantity().value()).hasToString("1");
            assertThat(i.originalValue()).isEqualTo(Money.of("22000", "KRW"));
            assertThat(i.value()).isEqualTo(Money.of("14.32", "EUR"));
        });
        assertThat(first.payment().amount()).isEqualTo(Money.of("14.75", "EUR"));
        assertThat(first.payment().vat().collected()).isEqualTo(Money.of("2.56", "EUR"));
        assertThat(flags(first)).contains("SPLIT_SHIPMENT /items").doesNotContain("ITEMS_RESTRUCTURED /items");

        assertThat(second.items()).extracting(Item::platformLineId, i -> i.quantity().value().toPlainString(),
                Item::originalValue).containsExactly(
                tuple("KB-77811-1", "1", Money.of("22000", "KRW")), tuple("KB-77811-2", "1", Money.of("22000", "KRW")));
        assertThat(second.items()).extracting(Item::netMassKg).extracting(BigDecimal::toPlainString)
                .containsExactly("0.080", "0.190");
        assertThat(second.payment().amount()).isEqualTo(Money.of("29.49", "EUR"));
        assertThat(second.payment().vat().collected()).isEqualTo(Money.of("5.13", "EUR"));
        assertThat(flags(second)).contains("SPLIT_SHIPMENT /items");

        for (Declaration d : List.of(first, second)) {
            assertThat(d.consignment().invoice().number()).isEqualTo("KB-77811");
            assertThat(d.consignment().invoice().total()).as("invoice total is not converted")
                    .isEqualTo(Money.of("66000", "KRW"));
            assertThat(d.consignment().transportCost()).isEqualTo(Money.of("0.00", "EUR"));
            assertThat(party(d, PartyRole.BUYER).name()).isEqualTo("Łukasz Wójcik");
            assertThat(d.payment().vat().iossNumber()).isEqualTo("IM5280009876");
            assertThat(flags(d)).doesNotContain("DESCRIPTION_FROM_PLATFORM /items/0/description");
        }
        assertThat(flag(first, FlagCode.SPLIT_SHIPMENT).detail()).contains("KB-77811", "5550001114", "KB-77811-1 x1");
    }

    @Test
    void splitRemainderOfOddAmountsGoesToTheLastParcel() {
        // 3 units at 10.01 split 1 + 2: 10.01 | 20.02; payment 33.34 by value 1/3 -> 11.11 | 22.23
        OrderData.Line line = new OrderData.Line("L1", null, "Ceramic coffee mug, 300 ml", new BigDecimal("3"),
                "PCS", Money.of("10.01", "EUR"), Money.of("30.03", "EUR"), null, "691200", "CN", null, null, null);
        OrderData base = FusionSamples.ndjsonOrder(1);
        OrderData order = new OrderData(base.platformId(), "ODD-1", 1, base.orderedAt(), base.sellers(), base.buyer(),
                base.shipTo(), List.of(line), Money.of("3.31", "EUR"), null, Money.of("33.34", "EUR"),
                new OrderData.OrderPayment(PaymentMethod.CARD, Money.of("33.34", "EUR"), base.payment().paidAt(), null),
                new OrderData.OrderVat(VatScheme.IOSS, "IM5280001234", Money.of("5.33", "EUR"), null),
                List.of(new OrderData.ShipmentLink("ACME", "1234567890", List.of(new OrderData.Allocation("L1",
                                BigDecimal.ONE))),
                        new OrderData.ShipmentLink("ACME", "9999999999", List.of(new OrderData.Allocation("L1",
                                new BigDecimal("2"))))));
        Declaration carrier = FusionSamples.express("express-shipment-eu-ioss.json", "EUR", SHIPMENT_AT);
        Declaration d = OrderFusion.fuse(carrier, List.of(new MatchedOrder(order, FusionSamples.platformSource(
                "CLEARWAY-PLATFORM-JSON-1", "ODD-1", ORDER_AT), FusionSamples.PLATFORM)), ctx("EUR"));

        assertThat(d.items()).singleElement().extracting(Item::value).isEqualTo(Money.of("10.01", "EUR"));
        assertThat(d.payment().amount()).isEqualTo(Money.of("11.11", "EUR"));
        assertThat(d.payment().vat().collected()).isEqualTo(Money.of("1.78", "EUR"));
        assertThat(d.consignment().transportCost()).isEqualTo(Money.of("1.10", "EUR"));
        assertThat(flags(d)).contains("ITEMS_RESTRUCTURED /items", "SPLIT_SHIPMENT /items");
    }

    // ------------------------------------------------------------------------------ README §3

    @Test
    void koreanShipmentWithCsvOrderGivesReadmeSection3Values() {
        Declaration carrier = FusionSamples.batchParcel("express-batch.json", 1, Instant.parse("2026-11-24T10:00:00Z"));
        OrderData order = FusionSamples.kb77810();
        Declaration d = OrderFusion.fuse(carrier, List.of(FusionSamples.csv(order,
                Instant.parse("2026-11-23T08:20:00Z"))), ctx("EUR"));

        assertThat(d.declarationKind()).isEqualTo(DeclarationKind.EU_H7);
        assertThat(d.destinationCustoms().country()).isEqualTo("NL");
        assertThat(d.correlation().masterAirWaybill()).isEqualTo("180-20261124");
        assertThat(d.items()).singleElement().satisfies(i -> {
            assertThat(i.description()).isEqualTo("Face cream, moisturising, 50 ml jar");
            assertThat(i.hsCode().value()).isEqualTo("330499");
            assertThat(i.quantity().value()).hasToString("3");
            assertThat(i.originalValue()).isEqualTo(Money.of("45000", "KRW"));
            // round(45000 x 0.000651, 2) = round(29.295) = 29.30
            assertThat(i.value()).isEqualTo(Money.of("29.30", "EUR"));
        });
        assertThat(d.consignment().transportCost()).isEqualTo(Money.of("2.93", "EUR"));
        assertThat(d.consignment().invoice().total()).isEqualTo(Money.of("49500", "KRW"));
        assertThat(d.payment().method()).isEqualTo(PaymentMethod.CARD);
        assertThat(d.payment().amount()).isEqualTo(Money.of("33.17", "EUR"));
        assertThat(d.payment().vat().iossNumber()).isEqualTo("IM5280009876");
        assertThat(d.payment().vat().collected()).isEqualTo(Money.of("5.77", "EUR"));
        assertThat(party(d, PartyRole.BUYER).name()).isEqualTo("Sanne de Vries");
        assertThat(flags(d)).as("the whole order in one parcel is no split").doesNotContain("SPLIT_SHIPMENT /items")
                .contains("CURRENCY_CONVERTED /items/0/value", "CURRENCY_CONVERTED /consignment/transportCost");
        assertThat(d.exchangeRates()).extracting("from", "rateDate")
                .containsExactly(tuple("KRW", LocalDate.of(2026, 11, 20)));
    }

    // ------------------------------------------------------------------------------ postal side

    @Test
    void postalItemIsFusedThroughItsS10Id() {
        Declaration postal = FusionSamples.postal();
        OrderData o = FusionSamples.ndjsonOrder(1);
        OrderData linked = withLinks(withLines(o, List.of(o.lines().get(0))),
                List.of(new OrderData.ShipmentLink(null, "cp 473124829-gb", null)));
        Declaration d = OrderFusion.fuse(postal, List.of(matched(linked, "p")), ctx("EUR"));

        assertThat(d.correlation().s10ItemId()).isEqualTo("CP473124829GB");
        assertThat(d.items()).singleElement().satisfies(i -> {
            assertThat(i.description()).isEqualTo("Women's T-shirt, knitted cotton, short sleeves");
            assertThat(i.netMassKg()).hasToString("0.500");
        });
        assertThat(d.consignment().natureOfTransaction()).as("postal nature kept (Fill P, E, M)")
                .isEqualTo(NatureOfTransaction.GIFT);
        assertThat(flag(d, FlagCode.DESCRIPTION_FROM_PLATFORM).detail())
                .isEqualTo("postal text 'goods' replaced by platform listing title");
        assertThat(flags(d)).doesNotContain("VAGUE_DESCRIPTION /items/0/description");
        assertThat(flag(d, FlagCode.IOSS_MISMATCH).detail()).isEqualTo("postal IM5280000001, platform IM5280001234");
        assertThat(d.sources()).extracting(Source::partnerId).containsExactly("DEMO-PLATFORM", "DEMO-POST");
        assertThat(d.provenance()).contains(new ProvenanceEntry("/items/0/sku", 0))
                .as("same value on both sides").doesNotContain(new ProvenanceEntry("/items/0/value", 0));
        assertThat(d.correlation().trackingNumbers()).as("no carrier code known for the S10 link").isEmpty();
    }

    @Test
    void cancelledOrderIsWithdrawnWithPlatformDataMissingNamingIt() {
        Declaration postal = FusionSamples.postal();
        OrderData o = FusionSamples.ndjsonOrder(1);
        OrderData linked = withLinks(withLines(o, List.of(o.lines().get(0))),
                List.of(new OrderData.ShipmentLink(null, "CP473124829GB", null)));
        // rebuilt from the post's data only (the cancelled order was the only one)
        Declaration alone = OrderFusion.withOrderWithdrawn(postal, "DEMO-PLATFORM", "SV-2026-000981");
        assertThat(flag(alone, FlagCode.PLATFORM_DATA_MISSING)).satisfies(f -> {
            assertThat(f.path()).isEqualTo("/correlation/platformOrderIds");
            assertThat(f.severity()).isEqualTo(org.clearway.mappings.canonical.Severity.INFO);
            assertThat(f.detail()).isEqualTo("order SV-2026-000981 of platform DEMO-PLATFORM was cancelled; "
                    + "its data is withdrawn from this revision");
        });
        assertThat(alone.items()).isEqualTo(postal.items());
        assertThat(alone.sources()).isEqualTo(postal.sources());
        assertThat(OrderFusion.withOrderWithdrawn(alone, "DEMO-PLATFORM", "SV-2026-000981").dataQuality().flags())
                .as("applied twice: one flag").isEqualTo(alone.dataQuality().flags());

        // rebuilt with an order still linked: its data stays, the withdrawn one is named
        FusionContext amend = new FusionContext(2, FunctionCode.AMENDMENT, UUID.randomUUID(),
                Instant.parse("2026-11-24T07:00:00Z"), false, "EUR", FusionSamples.rates(), null, null, null, null);
        Declaration fused = OrderFusion.withOrderWithdrawn(OrderFusion.fuse(postal, List.of(matched(linked, "p")), amend),
                "DEMO-PLATFORM", "SV-OTHER");
        assertThat(fused.items()).singleElement()
                .satisfies(i -> assertThat(i.description()).isEqualTo("Women's T-shirt, knitted cotton, short sleeves"));
        assertThat(fused.sources()).extracting(Source::partnerId).containsExactly("DEMO-PLATFORM", "DEMO-POST");
        assertThat(flag(fused, FlagCode.PLATFORM_DATA_MISSING).detail()).contains("SV-OTHER");
        assertThat(flags(fused)).contains("DESCRIPTION_FROM_PLATFORM /items/0/description")
                .doesNotContain("LATE_ENRICHMENT /sources/0", "LATE_ENRICHMENT /sources/1");
    }

    // ------------------------------------------------------------------------------ nasty cases

    @Test
    void overAllocationIsRefused() {
        List<OrderData.ShipmentLink> links = List.of(
                new OrderData.ShipmentLink("ACME", "5550001114",
                        List.of(new OrderData.Allocation("KB-77811-1", new BigDecimal("2")))),
                new OrderData.ShipmentLink("ACME", "5550001115",
                        List.of(new OrderData.Allocation("KB-77811-1", new BigDecimal("1")))));
        MatchedOrder order = FusionSamples.csv(FusionSamples.kb77811(links), ORDER_AT);

        assertThatThrownBy(() -> OrderFusion.fuse(FusionSamples.splitParcel(0, SHIPMENT_AT), List.of(order),
                ctx("EUR"))).isInstanceOfSatisfying(FusionInputException.class,
                        e -> assertThat(e.code()).isEqualTo("ALLOCATION_EXCEEDS_QUANTITY"));
    }

    @Test
    void orderWhoseLinksPointElsewhereIsRefused() {
        MatchedOrder order = FusionSamples.csv(FusionSamples.kb77811(FusionSamples.kb77811Links()), ORDER_AT);
        Declaration carrier = FusionSamples.express("express-shipment-eu-ioss.json", "EUR", SHIPMENT_AT);

        assertThatThrownBy(() -> OrderFusion.fuse(carrier, List.of(order), ctx("EUR")))
                .isInstanceOfSatisfying(FusionInputException.class, e -> assertThat(e.code()).isEqualTo("NOT_LINKED"));
    }

    @Test
    void orderLinkedToSeveralParcelsWithoutAllocationKeepsCarrierLines() {
        OrderData o = FusionSamples.ndjsonOrder(1);
        OrderData unallocated = withLinks(o, List.of(new OrderData.ShipmentLink("ACME", "1234567890", null),
                new OrderData.ShipmentLink("ACME", "1234567891", null)));
        Declaration carrier = FusionSamples.express("express-shipment-eu-ioss.json", "EUR", SHIPMENT_AT);
        Declaration d = OrderFusion.fuse(carrier, List.of(new MatchedOrder(unallocated,
                FusionSamples.platformSource("CLEARWAY-PLATFORM-NDJSON-1", "x", ORDER_AT), FusionSamples.PLATFORM)),
                ctx("EUR"));

        assertThat(d.items()).extracting(Item::description).containsExactly("clothes", "Phone case silicone");
        assertThat(d.items()).extracting(Item::sellerRef).containsOnly(party(d, PartyRole.SELLER).partyRef());
        assertThat(d.payment().amount()).isEqualTo(Money.of("41.79", "EUR"));
        assertThat(party(d, PartyRole.BUYER).name()).isEqualTo("Jürgen Weiß");
        assertThat(flags(d)).containsExactly("SPLIT_UNALLOCATED /items", "VAGUE_DESCRIPTION /items/0/description",
                "CURRENCY_CONVERTED /items/1/value");
        assertThat(d.exchangeRates()).extracting("from").containsExactly("USD");
    }

    @Test
    void severalOrdersInOneParcelAreUnitedAndTheirPaymentsSummed() {
        OrderData a = FusionSamples.ndjsonOrder(1);
        OrderData b = secondOrder(a, "SV-2026-000990", Money.of("10.00", "EUR"), PaymentMethod.CARD);
        Declaration carrier = FusionSamples.express("express-shipment-eu-ioss.json", "EUR", SHIPMENT_AT);
        // given in reverse order: the result follows orderedAt, not the list
        Declaration d = OrderFusion.fuse(carrier, List.of(matched(b, "b"), matched(a, "a")), ctx("EUR"));

        assertThat(d.correlation().platformOrderIds()).extracting("value")
                .containsExactly("SV-2026-000981", "SV-2026-000990");
        assertThat(d.items()).extracting(Item::platformLineId)
                .containsExactly("SV-2026-000981-1", "SV-2026-000981-2", "SV-2026-000990-1");
        assertThat(d.items()).extracting(Item::sequence).containsExactly(1, 2, 3);
        assertThat(d.payment().amount()).isEqualTo(Money.of("51.79", "EUR"));
        assertThat(d.consignment().invoice().number()).isEqualTo("SV-2026-000981, SV-2026-000990");
        assertThat(d.consignment().intrinsicValue()).isEqualTo(Money.of("45.13", "EUR"));
        assertThat(d.parties()).filteredOn(p -> p.role() == PartyRole.SELLER).hasSize(1);
        assertThat(d.provenance()).extracting(ProvenanceEntry::path).contains("/correlation/platformOrderIds/1",
                "/items/2/description");
        assertThat(flags(d)).contains("ITEMS_RESTRUCTURED /items");
    }

    @Test
    void ordersPaidInDifferentCurrenciesKeepTheLargerPaymentAndFlagIt() {
        OrderData a = FusionSamples.ndjsonOrder(1);
        OrderData b = secondOrder(a, "SV-2026-000990", Money.of("12.00", "USD"), PaymentMethod.CARD);
        Declaration carrier = FusionSamples.express("express-shipment-eu-ioss.json", "EUR", SHIPMENT_AT);
        Declaration d = OrderFusion.fuse(carrier, List.of(matched(a, "a"), matched(b, "b")), ctx("EUR"));

        assertThat(d.payment().amount()).isEqualTo(Money.of("41.79", "EUR"));
        assertThat(d.payment().transactionRef()).isEqualTo("pi_3Q9xY2");
        assertThat(flag(d, FlagCode.VALUE_MISMATCH).path()).isEqualTo("/payment/amount");
        assertThat(flag(d, FlagCode.VALUE_MISMATCH).detail())
                .contains("SV-2026-000981 41.79 EUR", "SV-2026-000990 12.00 USD", "payment of order SV-2026-000981 kept");
    }

    @Test
    void conflictingHsCodeKeepsTheCarrierCodeAndFlagsIt() {
        OrderData o = FusionSamples.ndjsonOrder(1);
        OrderData.Line l = o.lines().get(0);
        OrderData changed = withLines(o, List.of(new OrderData.Line(l.lineId(), l.sku(), l.title(), l.quantity(),
                l.unit(), l.unitPrice(), l.lineTotal(), null, "620520", l.originCountry(), l.productUrl(),
                l.unitWeightKg(), null), o.lines().get(1)));
        Declaration d = fuse1(changed);

        assertThat(d.items().get(0).hsCode().value()).isEqualTo("610910");
        assertThat(d.provenance()).contains(new ProvenanceEntry("/items/0/hsCode", 1));
        assertThat(flag(d, FlagCode.HS_CONFLICT).path()).isEqualTo("/items/0/hsCode");
        assertThat(flag(d, FlagCode.HS_CONFLICT).detail()).contains("610910", "620520");
    }

    @Test
    void undervaluedCarrierDeclarationIsFlaggedWithItsNumbers() {
        OrderData o = FusionSamples.ndjsonOrder(1);
        OrderData.Line l = o.lines().get(0);
        OrderData pricier = withLines(o, List.of(new OrderData.Line(l.lineId(), l.sku(), l.title(), l.quantity(),
                l.unit(), Money.of("30.00", "EUR"), Money.of("60.00", "EUR"), null, l.hsCode(), l.originCountry(),
                l.productUrl(), l.unitWeightKg(), null), o.lines().get(1)));
        Declaration d = fuse1(pricier);

        assertThat(d.consignment().intrinsicValue()).isEqualTo(Money.of("77.13", "EUR"));
        assertThat(flag(d, FlagCode.UNDERVALUATION_SUSPECTED).path()).isEqualTo("/consignment/intrinsicValue");
        assertThat(flag(d, FlagCode.UNDERVALUATION_SUSPECTED).detail())
                .isEqualTo("declared 35.13 EUR, order 77.13 EUR, payment 41.79 EUR");
        assertThat(flag(d, FlagCode.VALUE_MISMATCH).path()).isEqualTo("/items/0/value");
        assertThat(flag(d, FlagCode.VALUE_MISMATCH).detail()).isEqualTo("carrier 18.00 EUR, platform 60.00 EUR");
    }

    @Test
    void smallValueDifferenceRaisesNoValueMismatch() {
        OrderData o = FusionSamples.ndjsonOrder(1);
        OrderData.Line l = o.lines().get(0);
        // 0.90 EUR apart: above 5 % but not above 1 unit of currency (§5.8)
        OrderData close = withLines(o, List.of(new OrderData.Line(l.lineId(), l.sku(), l.title(), l.quantity(),
                l.unit(), Money.of("8.55", "EUR"), Money.of("17.10", "EUR"), null, l.hsCode(), l.originCountry(),
                l.productUrl(), l.unitWeightKg(), null), o.lines().get(1)));

        assertThat(flags(fuse1(close))).noneMatch(f -> f.startsWith("VALUE_MISMATCH"));
    }

    @Test
    void differentIossNumbersAreFlagged() {
        OrderData o = FusionSamples.ndjsonOrder(1);
        OrderData other = new OrderData(o.platformId(), o.orderId(), o.orderVersion(), o.orderedAt(), o.sellers(),
                o.buyer(), o.shipTo(), o.lines(), o.shipping(), o.insurance(), o.orderTotal(), o.payment(),
                new OrderData.OrderVat(VatScheme.IOSS, "IM5280009999", o.vat().collected(), null), o.shipments());
        Declaration d = fuse1(other);

        assertThat(flag(d, FlagCode.IOSS_MISMATCH).path()).isEqualTo("/payment/vat/iossNumber");
        assertThat(flag(d, FlagCode.IOSS_MISMATCH).detail()).isEqualTo("carrier IM5280001234, platform IM5280009999");
        assertThat(d.payment().vat().iossNumber()).isEqualTo("IM5280009999");
        assertThat(party(d, PartyRole.PLATFORM).identifiers()).extracting("value").contains("IM5280009999");
    }

    @Test
    void orderAfterTheHoldWindowGivesAnAmendmentWithLateEnrichment() {
        Declaration carrier = FusionSamples.express("express-shipment-eu-ioss.json", "EUR", SHIPMENT_AT);
        Declaration rev1 = OrderFusion.withoutOrderData(carrier);
        assertThat(flags(rev1)).contains("PLATFORM_DATA_MISSING /correlation");

        FusionContext amend = new FusionContext(2, FunctionCode.AMENDMENT, UUID.randomUUID(),
                Instant.parse("2026-11-24T07:00:00Z"), true, "EUR", FusionSamples.rates(), null, null, null, null);
        Declaration rev2 = OrderFusion.fuse(rev1, List.of(FusionSamples.ndjson(1,
                Instant.parse("2026-11-24T06:45:00Z"))), amend);

        assertThat(rev2.revision()).isEqualTo(2);
        assertThat(rev2.functionCode()).isEqualTo(FunctionCode.AMENDMENT);
        assertThat(rev2.declarationId()).isEqualTo(rev1.declarationId());
        assertThat(rev2.correlation().lrn()).isEqualTo(rev1.correlation().lrn());
        assertThat(flags(rev2)).contains("LATE_ENRICHMENT /sources/1")
                .doesNotContain("PLATFORM_DATA_MISSING /correlation");
    }

    @Test
    void hsCodeImplausibleForTheDescriptionIsFlaggedWhenAKeywordTableIsConfigured() {
        Declaration carrier = FusionSamples.express("express-shipment-eu-ioss.json", "EUR", SHIPMENT_AT);
        FusionContext withTable = new FusionContext(1, FunctionCode.ORIGINAL, MESSAGE_ID, CREATED_AT, false, "EUR",
                FusionSamples.rates(), null, null, null, Map.of("PHONE", Set.of("85"), "SILICONE", Set.of("39", "40"),
                "SHIRT", Set.of("61", "62")));
        Declaration d = OrderFusion.fuse(carrier, List.of(FusionSamples.ndjson(1, ORDER_AT)), withTable);

        assertThat(flags(d)).doesNotContain("HS_DESCRIPTION_IMPLAUSIBLE /items/1/hsCode");
        OrderData o = FusionSamples.ndjsonOrder(1);
        OrderData.Line l = o.lines().get(1);
        OrderData renamed = withLines(o, List.of(o.lines().get(0), new OrderData.Line(l.lineId(), l.sku(),
                "Phone holder for car dashboard", l.quantity(), l.unit(), l.unitPrice(), l.lineTotal(), null,
                l.hsCode(), l.originCountry(), l.productUrl(), l.unitWeightKg(), null)));
        Declaration odd = OrderFusion.fuse(carrier, List.of(matched(renamed, "r")), withTable);

        assertThat(flag(odd, FlagCode.HS_DESCRIPTION_IMPLAUSIBLE).path()).isEqualTo("/items/1/hsCode");
        assertThat(flag(odd, FlagCode.HS_DESCRIPTION_IMPLAUSIBLE).detail())
                .isEqualTo("HS 39269097, chapter 39; description suggests 85");
    }

    @Test
    void platformWeightsAboveGrossMassAreFlagged() {
        OrderData o = FusionSamples.ndjsonOrder(1);
        OrderData.Line l = o.lines().get(0);
        // a third line the carrier does not list: its net mass comes from unitWeightKg (fallback)
        OrderData.Line heavy = new OrderData.Line("SV-2026-000981-3", null, "Cast iron skillet, 26 cm",
                BigDecimal.ONE, "PCS", Money.of("5.00", "EUR"), Money.of("5.00", "EUR"), null, "732393", "CN", null,
                new BigDecimal("0.9"), null);
        Declaration d = fuse1(withLines(o, List.of(l, o.lines().get(1), heavy)));

        assertThat(d.items().get(2).netMassKg()).hasToString("0.900");
        assertThat(d.provenance()).contains(new ProvenanceEntry("/items/2/netMassKg", 0));
        assertThat(flag(d, FlagCode.MASS_INCONSISTENT).detail())
                .isEqualTo("sum of item net masses 1.260 kg above total gross mass 0.850 kg");
        assertThat(flags(d)).contains("ITEMS_RESTRUCTURED /items");
    }

    // ------------------------------------------------------------------------------ helpers

    private static Declaration fuse1(OrderData order) {
        Declaration carrier = FusionSamples.express("express-shipment-eu-ioss.json", "EUR", SHIPMENT_AT);
        return OrderFusion.fuse(carrier, List.of(matched(order, "1")), ctx("EUR"));
    }

    private static MatchedOrder matched(OrderData o, String ref) {
        return new MatchedOrder(o, FusionSamples.platformSource("CLEARWAY-PLATFORM-NDJSON-1", "upl#" + ref,
                ORDER_AT.plusSeconds(ref.hashCode() & 0xff)), FusionSamples.PLATFORM);
    }

    private static OrderData withLinks(OrderData o, List<OrderData.ShipmentLink> links) {
        return new OrderData(o.platformId(), o.orderId(), o.orderVersion(), o.orderedAt(), o.sellers(), o.buyer(),
                o.shipTo(), o.lines(), o.shipping(), o.insurance(), o.orderTotal(), o.payment(), o.vat(), links);
    }

    private static OrderData withLines(OrderData o, List<OrderData.Line> lines) {
        return new OrderData(o.platformId(), o.orderId(), o.orderVersion(), o.orderedAt(), o.sellers(), o.buyer(),
                o.shipTo(), lines, o.shipping(), o.insurance(), o.orderTotal(), o.payment(), o.vat(), o.shipments());
    }

    /** A second order of the same buyer and seller, one line, placed an hour after {@code a}, in the same parcel. */
    private static OrderData secondOrder(OrderData a, String id, Money paid, PaymentMethod method) {
        OrderData.Line line = new OrderData.Line(id + "-1", "KC-1", "Keychain of stainless steel", BigDecimal.ONE,
                "PCS", Money.of("10.00", "EUR"), Money.of("10.00", "EUR"), null, "732690", "CN", null, null, null);
        List<OrderData.ShipmentLink> links = new ArrayList<>();
        links.add(new OrderData.ShipmentLink("ACME", "1234567890", null));
        OffsetDateTime at = a.orderedAt().plusHours(1);
        return new OrderData(a.platformId(), id, 1, at, a.sellers(), a.buyer(), a.shipTo(), List.of(line), null, null,
                Money.of("10.00", "EUR"), new OrderData.OrderPayment(method, paid, a.payment().paidAt().plusSeconds(3600),
                "pi_" + id), new OrderData.OrderVat(VatScheme.IOSS, "IM5280001234", Money.of("1.60", "EUR"), null),
                links);
    }
}
