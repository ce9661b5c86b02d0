package org.clearway.mappings.fusion;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.clearway.mappings.canonical.Consignment;
import org.clearway.mappings.canonical.Correlation;
import org.clearway.mappings.canonical.DataQuality;
import org.clearway.mappings.canonical.Declaration;
import org.clearway.mappings.canonical.DeclarationKind;
import org.clearway.mappings.canonical.DestinationCustoms;
import org.clearway.mappings.canonical.FlagCode;
import org.clearway.mappings.canonical.HsCode;
import org.clearway.mappings.canonical.HsSystem;
import org.clearway.mappings.canonical.Ids;
import org.clearway.mappings.canonical.Item;
import org.clearway.mappings.canonical.ModeOfTransport;
import org.clearway.mappings.canonical.NatureOfTransaction;
import org.clearway.mappings.canonical.Quantity;
import org.clearway.mappings.canonical.Severity;
import org.clearway.mappings.canonical.TransportDocumentLevel;
import org.clearway.mappings.canonical.FunctionCode;
import org.clearway.mappings.canonical.IdentifierScheme;
import org.clearway.mappings.canonical.Money;
import org.clearway.mappings.canonical.PartnerKind;
import org.clearway.mappings.canonical.Party;
import org.clearway.mappings.canonical.PartyRole;
import org.clearway.mappings.canonical.PaymentMethod;
import org.clearway.mappings.canonical.RateSource;
import org.clearway.mappings.canonical.Source;
import org.clearway.mappings.canonical.TypeOfPerson;
import org.clearway.mappings.canonical.VatScheme;
import org.clearway.mappings.express.ExpressMappingContext;
import org.clearway.mappings.express.ExpressShipmentReader;
import org.clearway.mappings.express.ExpressToCanonical;
import org.clearway.mappings.rates.ExchangeRateTable;

/**
 * Inputs of the fusion tests, built from {@code shared/specs/samples-json} (walking up from the
 * working directory; copies under {@code src/test/resources/express} and {@code fusion} as
 * fallback): express shipments mapped carrier-only, NDJSON orders parsed here with Jackson, the two
 * CSV orders transcribed by hand, and the demo partner configuration (CANONICAL-MODEL §9.1 parties).
 */
final class FusionSamples {

    static final BigDecimal USD_EUR = new BigDecimal("0.860804");
    static final BigDecimal KRW_EUR = new BigDecimal("0.000651");

    /** The DEMO-EXPRESS CARRIER party exactly as in the §9.1 example. */
    static final Party CARRIER = new Party("P0", PartyRole.CARRIER, TypeOfPerson.LEGAL, "Acme Express GmbH",
            new Party.Address("Flughafenstrasse", null, "1", "04435", "Schkeuditz", null, "DE"), null,
            List.of(new Party.Identifier(IdentifierScheme.EORI, "DE4471123456789", null)));
    /** The DEMO-PLATFORM PLATFORM party exactly as in the §9.1 example. */
    static final Party PLATFORM = new Party("P0", PartyRole.PLATFORM, TypeOfPerson.LEGAL,
            "Shopverse Marketplace B.V.",
            new Party.Address("Keizersgracht", null, "100", "1015 CV", "Amsterdam", null, "NL"), null,
            List.of(new Party.Identifier(IdentifierScheme.IOSS, "IM5280001234", null),
                    new Party.Identifier(IdentifierScheme.VAT, "NL001234567B01", null)));

    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS).build();

    private FusionSamples() {
    }

    static byte[] bytes(String name, String fallbackFolder) {
        try {
            for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
                Path candidate = dir.resolve("shared/specs/samples-json").resolve(name);
                if (Files.isRegularFile(candidate)) {
                    return Files.readAllBytes(candidate);
                }
            }
            try (InputStream in = FusionSamples.class.getResourceAsStream("/" + fallbackFolder + "/" + name)) {
                if (in == null) {
                    throw new IllegalArgumentException("sample not found: " + name);
                }
                return in.readAllBytes();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] resource(String path) {
        try (InputStream in = FusionSamples.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalArgumentException("missing test resource " + path);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ExchangeRateTable rates() {
        LocalDate d = LocalDate.of(2026, 11, 20);
        return ExchangeRateTable.of(Map.of(
                "USD/EUR", new ExchangeRateTable.Rate(USD_EUR, RateSource.ECB, d),
                "KRW/EUR", new ExchangeRateTable.Rate(KRW_EUR, RateSource.ECB, d),
                "EUR/USD", new ExchangeRateTable.Rate(new BigDecimal("1.161705"), RateSource.ECB, d)));
    }

    // ---------------------------------------------------------------------------------- transport side

    /** The carrier-only declaration of one express shipment JSON (the fusion's input). */
    static Declaration express(String shipmentJson, String currency, UUID declarationId, Instant receivedAt,
                               String idempotencyKey, String sha) {
        ExpressShipmentReader.Result r = new ExpressShipmentReader().readShipment(shipmentJson);
        if (!r.valid()) {
            throw new IllegalStateException("sample shipment invalid: " + r.errors());
        }
        ExpressMappingContext ctx = new ExpressMappingContext(declarationId, 1, FunctionCode.ORIGINAL,
                UUID.randomUUID(), receivedAt.plusSeconds(1), "DEMO-EXPRESS", "ACME", CARRIER, idempotencyKey,
                receivedAt, sha, "DEMO-CUSTOMS", currency, rates(), null, null);
        return ExpressToCanonical.map(r.shipment(), ctx);
    }

    static Declaration express(String sampleName, String currency, Instant receivedAt) {
        return express(text(sampleName), currency, UUID.fromString("0193f1c2-7a4e-7c3b-9d2e-5b1a0c9e4f21"),
                receivedAt, "acme-idem", "5".repeat(64));
    }

    /** Shipment {@code index} of {@code express-batch-split-order.json}, mapped carrier-only to EUR. */
    static Declaration splitParcel(int index, Instant receivedAt) {
        return batchParcel("express-batch-split-order.json", index, receivedAt);
    }

    /** Shipment {@code index} of a batch sample, mapped carrier-only to EUR. */
    static Declaration batchParcel(String sample, int index, Instant receivedAt) {
        try {
            JsonNode batch = JSON.readTree(bytes(sample, "express"));
            String json = JSON.writeValueAsString(batch.get("shipments").get(index));
            return express(json, "EUR", UUID.fromString("0193f1c2-7a4e-7c3b-9d2e-5b1a0c9e4f2" + index), receivedAt,
                    "acme-split-" + index, "6".repeat(64));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String text(String name) {
        return new String(bytes(name, "express"), StandardCharsets.UTF_8);
    }

    // ---------------------------------------------------------------------------------- platform side

    static Source platformSource(String dialect, String ref, Instant receivedAt) {
        return new Source("DEMO-PLATFORM", PartnerKind.PLATFORM, dialect, ref, "sv-orders-20261120-14", receivedAt,
                "0".repeat(64));
    }

    /** Line {@code n} (1-based) of {@code platform-orders.ndjson}, parsed with Jackson (PARTNER-APIS §6.2). */
    static OrderData ndjsonOrder(int n) {
        String[] lines = new String(bytes("platform-orders.ndjson", "fusion"), StandardCharsets.UTF_8).split("\n");
        try {
            return order(JSON.readTree(lines[n - 1]));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static MatchedOrder ndjson(int n, Instant receivedAt) {
        return new MatchedOrder(ndjsonOrder(n), platformSource("CLEARWAY-PLATFORM-NDJSON-1",
                "upl_0193f0aa91c07e21#line=" + n, receivedAt), PLATFORM);
    }

    private static OrderData order(JsonNode o) {
        List<OrderData.Line> lines = new ArrayList<>();
        for (JsonNode l : o.get("lines")) {
            lines.add(new OrderData.Line(l.get("lineId").asText(), str(l, "sku"), l.get("title").asText(),
                    l.get("quantity").decimalValue(), str(l, "unit"), money(l.get("unitPrice")),
                    money(l.get("lineTotal")), money(l.get("discount")), str(l, "hsCode"), str(l, "originCountry"),
                    str(l, "productUrl"), l.has("unitWeightKg") ? l.get("unitWeightKg").decimalValue() : null,
                    str(l, "sellerId")));
        }
        List<OrderData.ShipmentLink> links = new ArrayList<>();
        for (JsonNode s : o.path("shipments")) {
            List<OrderData.Allocation> alloc = new ArrayList<>();
            for (JsonNode a : s.path("lines")) {
                alloc.add(new OrderData.Allocation(a.get("lineId").asText(), a.get("quantity").decimalValue()));
            }
            links.add(new OrderData.ShipmentLink(str(s, "carrierCode"), s.get("trackingNumber").asText(), alloc));
        }
        JsonNode p = o.get("payment");
        JsonNode v = o.get("vat");
        JsonNode charges = o.path("charges");
        return new OrderData("DEMO-PLATFORM", o.get("orderId").asText(), o.get("orderVersion").asInt(),
                OffsetDateTime.parse(o.get("orderedAt").asText()),
                List.of(party(o.get("seller"), "sellerId", TypeOfPerson.LEGAL)),
                party(o.get("buyer"), "buyerId", TypeOfPerson.NATURAL),
                party(o.get("shippingAddress"), null, TypeOfPerson.NATURAL), lines,
                money(charges.get("shipping")), money(charges.get("insurance")), money(o.get("orderTotal")),
                new OrderData.OrderPayment(PaymentMethod.valueOf(p.get("method").asText()), money(p.get("amount")),
                        OffsetDateTime.parse(p.get("paidAt").asText()).toInstant(), str(p, "transactionRef")),
                new OrderData.OrderVat(VatScheme.valueOf(v.get("scheme").asText()), str(v, "iossNumber"),
                        money(v.get("collected")), str(v, "registrationNumber")),
                links);
    }

    private static OrderData.OrderParty party(JsonNode n, String idField, TypeOfPerson type) {
        JsonNode a = n.get("address");
        Party.Address address = a == null ? null : new Party.Address(str(a, "street"), str(a, "street2"),
                str(a, "houseNumber"), str(a, "postcode"), str(a, "city"), str(a, "state"), str(a, "country"));
        List<Party.Identifier> ids = new ArrayList<>();
        for (JsonNode i : n.path("identifiers")) {
            ids.add(new Party.Identifier(IdentifierScheme.valueOf(i.get("type").asText()), i.get("value").asText(),
                    null));
        }
        return new OrderData.OrderParty(idField == null ? null : str(n, idField), n.get("name").asText(), type,
                address, str(n, "email"), str(n, "phone"), ids);
    }

    private static String str(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static Money money(JsonNode n) {
        return n == null || n.isNull() ? null : new Money(n.get("amount").decimalValue(), n.get("currency").asText());
    }

    // ---------------------------------------------------------------------------------- CSV orders (transcribed)

    private static OrderData.OrderParty seoulGlow() {
        return new OrderData.OrderParty("SEL-0042", "Seoul Glow Cosmetics Co.", TypeOfPerson.LEGAL,
                new Party.Address("25 Teheran-ro 10-gil", null, null, "06234", "Seoul", null, "KR"), null, null,
                List.of());
    }

    /** CSV order KB-77811 (rows 3-5 of platform-orders.csv): serum 2 split 1 + 1, toner 1 in the second parcel. */
    static OrderData kb77811(List<OrderData.ShipmentLink> links) {
        OrderData.OrderParty buyer = new OrderData.OrderParty("BUY-2211", "Łukasz Wójcik", TypeOfPerson.NATURAL,
                new Party.Address("ul. Marszałkowska", null, "84/92", "00-514", "Warszawa", null, "PL"),
                "l.wojcik@example.pl", "+48221234567", List.of());
        List<OrderData.Line> lines = List.of(
                new OrderData.Line("KB-77811-1", "SG-SR-30", "Serum \"Glow\" with niacinamide, 30 ml",
                        new BigDecimal("2"), "PCS", Money.of("22000", "KRW"), Money.of("44000", "KRW"), null,
                        "330499", "KR", "https://kbeauty.example/item/SG-SR-30", new BigDecimal("0.080"), null),
                new OrderData.Line("KB-77811-2", "SG-TN-150", "Toner, hydrating, 150 ml bottle",
                        new BigDecimal("1"), "PCS", Money.of("22000", "KRW"), Money.of("22000", "KRW"), null,
                        "330499", "KR", "https://kbeauty.example/item/SG-TN-150", new BigDecimal("0.190"), null));
        return new OrderData("DEMO-PLATFORM", "KB-77811", 1, OffsetDateTime.parse("2026-11-23T09:02:41Z"),
                List.of(seoulGlow()), buyer, buyer, lines, Money.of("0", "KRW"), null, Money.of("66000", "KRW"),
                new OrderData.OrderPayment(PaymentMethod.CARD, Money.of("44.24", "EUR"),
                        Instant.parse("2026-11-23T09:03:10Z"), "ch_9KX55"),
                new OrderData.OrderVat(VatScheme.IOSS, "IM5280009876", Money.of("7.69", "EUR"), null), links);
    }

    /** The CSV's allocation of KB-77811: rows in file order, one link per tracking number. */
    static List<OrderData.ShipmentLink> kb77811Links() {
        return List.of(
                new OrderData.ShipmentLink("ACME", "5550001114",
                        List.of(new OrderData.Allocation("KB-77811-1", new BigDecimal("1")))),
                new OrderData.ShipmentLink("ACME", "5550001115",
                        List.of(new OrderData.Allocation("KB-77811-1", new BigDecimal("1")),
                                new OrderData.Allocation("KB-77811-2", new BigDecimal("1")))));
    }

    /** CSV order KB-77810 (row 2 of platform-orders.csv): face cream x3, all in parcel 5550001113. */
    static OrderData kb77810() {
        OrderData.OrderParty buyer = new OrderData.OrderParty("BUY-1009", "Sanne de Vries", TypeOfPerson.NATURAL,
                new Party.Address("Prinsengracht", null, "263", "1016 GV", "Amsterdam", null, "NL"),
                "sanne.devries@example.nl", null, List.of());
        List<OrderData.Line> lines = List.of(new OrderData.Line("KB-77810-1", "SG-FC-50",
                "Face cream, moisturising, 50 ml jar", new BigDecimal("3"), "PCS", Money.of("15000", "KRW"),
                Money.of("45000", "KRW"), null, "330499", "KR", "https://kbeauty.example/item/SG-FC-50",
                new BigDecimal("0.060"), null));
        return new OrderData("DEMO-PLATFORM", "KB-77810", 1, OffsetDateTime.parse("2026-11-23T08:15:00Z"),
                List.of(seoulGlow()), buyer, buyer, lines, Money.of("4500", "KRW"), null, Money.of("49500", "KRW"),
                new OrderData.OrderPayment(PaymentMethod.CARD, Money.of("33.17", "EUR"),
                        Instant.parse("2026-11-23T08:16:02Z"), "ch_9KX01"),
                new OrderData.OrderVat(VatScheme.IOSS, "IM5280009876", Money.of("5.77", "EUR"), null),
                List.of(new OrderData.ShipmentLink("ACME", "5550001113",
                        List.of(new OrderData.Allocation("KB-77810-1", new BigDecimal("3"))))));
    }

    /** A minimal postal (CUSITM) declaration of one item "goods", S10 CP473124829GB, CN -> DE, with an IOSS number. */
    static Declaration postal() {
        UUID id = UUID.fromString("0193f1c2-7a4e-7c3b-9d2e-5b1a0c9e4f99");
        return new Declaration(Declaration.SPEC_VERSION, id, 1, FunctionCode.ORIGINAL, DeclarationKind.EU_H7,
                UUID.randomUUID(), Instant.parse("2026-11-24T06:20:00Z"), new DestinationCustoms("DE", "DEMO-CUSTOMS"),
                List.of(new Source("DEMO-POST", PartnerKind.POSTAL, "UPU-CUSITM-EDIFACT", "DEPOST-1/1", null,
                        Instant.parse("2026-11-24T06:18:02.117Z"), "1".repeat(64))),
                null, new Correlation("CP473124829GB", null, null, null, null, Ids.lrn(id), null),
                List.of(new Party("P1", PartyRole.CONSIGNOR, TypeOfPerson.NATURAL, "Li Wei",
                                new Party.Address("88 Wenyi West Road", null, null, "310012", "Hangzhou", null, "CN"),
                                null, null),
                        new Party("P2", PartyRole.CONSIGNEE, TypeOfPerson.NATURAL, "Jürgen Weiß",
                                new Party.Address("Schönhauser Allee 12", null, null, "10119", "Berlin", null, "DE"),
                                null, null)),
                new Consignment(List.of(new Consignment.TransportDocument(TransportDocumentLevel.HOUSE, "N703",
                        "CP473124829GB")), new BigDecimal("0.600"), 1, 1, null, Money.of("18.00", "EUR"),
                        null, null, null, null, null, NatureOfTransaction.GIFT, "31", null, "IM5280000001",
                        new Consignment.Route("CN", "DE", null, null, ModeOfTransport.POST), null),
                List.of(new Item(1, "goods", new HsCode("610910", HsSystem.HS, null),
                        new Quantity(new BigDecimal("2"), "H87"), new BigDecimal("0.500"), null,
                        Money.of("18.00", "EUR"), null, null, "CN", null, null, null, null, null, null)),
                null, null, new DataQuality(List.of(new DataQuality.Flag(FlagCode.VAGUE_DESCRIPTION,
                        Severity.WARNING, "/items/0/description", "goods"))));
    }

    static MatchedOrder csv(OrderData order, Instant receivedAt) {
        return new MatchedOrder(order, platformSource("CLEARWAY-PLATFORM-CSV-1", "upl_0193f0ab00000001#line=3",
                receivedAt), PLATFORM);
    }
}
