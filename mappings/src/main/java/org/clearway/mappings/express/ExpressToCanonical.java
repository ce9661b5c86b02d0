package org.clearway.mappings.express;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.clearway.mappings.canonical.CanonicalText;
import org.clearway.mappings.canonical.Consignment;
import org.clearway.mappings.canonical.Correlation;
import org.clearway.mappings.canonical.DataQuality;
import org.clearway.mappings.canonical.Declaration;
import org.clearway.mappings.canonical.DeclarationKind;
import org.clearway.mappings.canonical.DestinationCustoms;
import org.clearway.mappings.canonical.FlagCode;
import org.clearway.mappings.canonical.HsCode;
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
import org.clearway.mappings.canonical.Quantity;
import org.clearway.mappings.canonical.Severity;
import org.clearway.mappings.canonical.Source;
import org.clearway.mappings.canonical.TransportDocumentLevel;
import org.clearway.mappings.canonical.TypeOfPerson;
import org.clearway.mappings.rates.MissingExchangeRateException;
import org.clearway.mappings.rules.quality.CurrencyConversion;
import org.clearway.mappings.rules.quality.DataQualityRules;
import org.clearway.mappings.rules.quality.HsCodes;
import org.clearway.mappings.rules.quality.QualityContext;

/**
 * Maps one validated {@link ExpressShipment} (PARTNER-APIS §3.2) to a carrier-only canonical
 * {@link Declaration} (CANONICAL-MODEL §5, §8.1): revision data and ids from the
 * {@link ExpressMappingContext}, CARRIER party from the partner configuration, gross weight
 * converted to kg with {@code UNIT_CONVERTED}, every Money converted to the declaration currency
 * with {@code CURRENCY_CONVERTED} and an {@code exchangeRates[]} entry (§5.7); the routing of §5.1
 * and the rule-derived flags of §5.8 by {@link DataQualityRules}. Merging with platform order data (§7) is not done here. Throws
 * {@link MissingExchangeRateException} when a needed rate is missing, and
 * {@link IllegalArgumentException} when given a shipment that still has reader errors.
 */
public final class ExpressToCanonical {

    /** {@code sources[].dialect} of the express REST API (CANONICAL-MODEL §5.1). */
    public static final String DIALECT = "CLEARWAY-EXPRESS-REST-1";

    private static final BigDecimal KG_PER_LB = new BigDecimal("0.45359237");
    private static final BigDecimal KG_PER_OZ = new BigDecimal("0.028349523125");
    private static final BigDecimal G_PER_KG = new BigDecimal("1000");
    /** §3.2 quantity units -> UN/ECE Rec. 20. */
    private static final Map<String, String> REC20 = Map.of("PCS", "H87", "PAIR", "PR", "SET", "SET", "KG", "KGM",
            "G", "GRM", "L", "LTR", "M", "MTR");

    private ExpressToCanonical() {
    }

    /**
     * @param shipment a shipment {@link ExpressShipmentReader} accepted without errors
     * @param ctx      envelope values, partner configuration, rates and thresholds
     * @return revision {@code ctx.revision()} of the declaration for this house consignment
     */
    public static Declaration map(ExpressShipment shipment, ExpressMappingContext ctx) {
        if (shipment.houseWaybill() == null || shipment.route() == null || shipment.grossWeight() == null
                || shipment.shipper() == null || shipment.receiver() == null || shipment.lineItems().isEmpty()) {
            throw new IllegalArgumentException("shipment has reader errors; validate with ExpressShipmentReader first");
        }
        return new Run(shipment, ctx).map();
    }

    /** One mapping run; collects flags and applied rates. */
    private static final class Run {
        private final ExpressShipment s;
        private final ExpressMappingContext ctx;
        private final String dest;
        private final List<DataQuality.Flag> flags = new ArrayList<>();
        private final CurrencyConversion conversion;

        Run(ExpressShipment s, ExpressMappingContext ctx) {
            this.s = s;
            this.ctx = ctx;
            this.dest = s.route().destinationCountry();
            // §5.7 rateDate: invoice date, else the date of receipt (UTC)
            LocalDate rateDate = s.invoice() != null && s.invoice().date() != null ? s.invoice().date()
                    : LocalDate.ofInstant(ctx.receivedAt(), ZoneOffset.UTC);
            this.conversion = new CurrencyConversion(ctx.rates(), ctx.declarationCurrency(), rateDate);
        }

        Declaration map() {
            List<Party> parties = new ArrayList<>();
            String sellerRef = null;
            // parties in partyRef order P1.. (§9.1): SELLER, BUYER, CONSIGNOR, CONSIGNEE, IMPORTER, CARRIER
            if (s.seller() != null) {
                sellerRef = addParty(parties, s.seller(), PartyRole.SELLER, "/seller");
            }
            if (s.buyer() != null) {
                addParty(parties, s.buyer(), PartyRole.BUYER, "/buyer");
            }
            addParty(parties, s.shipper(), PartyRole.CONSIGNOR, "/shipper");
            addParty(parties, s.receiver(), PartyRole.CONSIGNEE, "/receiver");
            if (s.importerOfRecord() != null) {
                addParty(parties, s.importerOfRecord(), PartyRole.IMPORTER, "/importerOfRecord");
            }
            if (ctx.carrierParty() != null) {
                // §5.3 CARRIER: the submitting carrier from the partner configuration
                Party c = ctx.carrierParty();
                parties.add(new Party("P" + (parties.size() + 1), PartyRole.CARRIER, c.typeOfPerson(), c.name(),
                        c.address(), c.contact(), c.identifiers()));
            }

            NatureOfTransaction nature = nature(s.shipmentType());
            List<Item> items = items(sellerRef, nature);
            Money intrinsic = sum(items);

            List<Consignment.TransportDocument> docs = new ArrayList<>();
            // houseWaybill -> transport document N703; MAWB -> N741 (§3.2)
            docs.add(new Consignment.TransportDocument(TransportDocumentLevel.HOUSE, "N703", s.houseWaybill()));
            if (s.masterAirWaybill() != null) {
                docs.add(new Consignment.TransportDocument(TransportDocumentLevel.MASTER, "N741",
                        s.masterAirWaybill()));
            }
            ExpressShipment.Route r = s.route();
            Consignment.Route route = new Consignment.Route(r.originCountry(), r.destinationCountry(), r.routing(),
                    r.placeOfLoading(), r.mode() == null ? ModeOfTransport.AIR : ModeOfTransport.valueOf(r.mode()));
            Consignment.Invoice invoice = s.invoice() == null ? null
                    : new Consignment.Invoice(s.invoice().number(), s.invoice().date(), null);
            Consignment consignment = new Consignment(docs, grossKg(), s.pieces() == null ? 1 : s.pieces(),
                    items.size(), invoice, intrinsic, convert(money(s.transportCost()), "/consignment/transportCost"),
                    convert(money(s.insuranceCost()), "/consignment/insuranceCost"), null, null,
                    s.incoterm() == null ? null : Incoterm.valueOf(s.incoterm()), nature, null, null,
                    s.vat() == null ? null : s.vat().iossNumber(), route, null);

            List<Correlation.TrackingNumber> tracking = s.trackingNumbers().stream()
                    .map(t -> new Correlation.TrackingNumber(ctx.carrierCode(), t)).toList();
            List<Correlation.PlatformOrderId> orders = s.platform() == null || s.platform().platformId() == null
                    ? List.of() : s.platform().orderIds().stream()
                    .map(o -> new Correlation.PlatformOrderId(s.platform().platformId(), o)).toList();
            Correlation correlation = new Correlation(null, s.houseWaybill(), s.masterAirWaybill(), tracking, orders,
                    Ids.lrn(ctx.declarationId()), null);
            Source source = new Source(ctx.partnerId(), PartnerKind.EXPRESS, ctx.dialect(),
                    s.shipmentId() != null ? s.shipmentId() : s.houseWaybill(), ctx.idempotencyKey(),
                    ctx.receivedAt(), ctx.payloadSha256());
            flags.addAll(conversion.flags());
            // declarationKind is routed by the rules below; GENERIC_LVC only until then
            Declaration mapped = CanonicalText.apply(new Declaration(Declaration.SPEC_VERSION, ctx.declarationId(),
                    ctx.revision(), ctx.functionCode(), DeclarationKind.GENERIC_LVC, ctx.gatewayMessageId(),
                    ctx.createdAt(), new DestinationCustoms(dest, ctx.backendId()), List.of(source), List.of(),
                    correlation, parties, consignment, items, null, conversion.rates(),
                    flags.isEmpty() ? null : new DataQuality(flags)));
            return DataQualityRules.evaluate(mapped, new QualityContext(ctx.rates(), ctx.thresholds(),
                    ctx.genericWords()));
        }

        // ---------------------------------------------------------------- items

        private List<Item> items(String sellerRef, NatureOfTransaction nature) {
            // lineNumber gives the order of items (§3.2)
            List<ExpressShipment.LineItem> lines = s.lineItems().stream()
                    .sorted(Comparator.comparing(ExpressShipment.LineItem::lineNumber)).toList();
            List<Item> items = new ArrayList<>();
            for (int i = 0; i < lines.size(); i++) {
                ExpressShipment.LineItem li = lines.get(i);
                String base = "/items/" + i;
                String description = text(li.description(), 512, base + "/description");
                Money original = money(li.value());
                Money value = convert(original, base + "/value");
                Money unitPrice = convert(money(li.unitPrice()), base + "/unitPrice");
                Quantity qty = new Quantity(li.quantity().value(), REC20.get(li.quantity().unit()));
                items.add(new Item(i + 1, description, hs(li.hsCode()), qty,
                        kg(li.netWeight(), base + "/netMassKg"), kg(li.grossWeight(), base + "/grossMassKg"), value,
                        unitPrice, value == original ? null : original, li.originCountry(), li.productUrl(),
                        li.sku(), null, sellerRef, li.dangerousGoodsUn() == null ? null : List.of(li.dangerousGoodsUn()),
                        null, li.manufacturerProductId(), li.gtin()));
            }
            return items;
        }

        /** HS: dots/spaces stripped (§1.4); system from length and destination (CANONICAL §4 HsCode). */
        private HsCode hs(String raw) {
            return raw == null ? null : HsCodes.classify(raw.replace(".", "").replace(" ", ""), dest);
        }

        // ---------------------------------------------------------------- parties

        private String addParty(List<Party> parties, ExpressShipment.Party p, PartyRole role, String src) {
            String ref = "P" + (parties.size() + 1);
            String base = "/parties/" + parties.size();
            // §3.2: a party with company is LEGAL and named after the company; otherwise NATURAL
            boolean legal = p.company() != null && !p.company().isBlank();
            String name = text(legal ? p.company() : p.name(), 70, base + "/name");
            Party.Address address = null;
            if (p.address() != null) {
                ExpressShipment.Address a = p.address();
                address = new Party.Address(opt(a.street(), 70, base + "/address/line1"),
                        opt(a.street2(), 70, base + "/address/line2"), opt(a.houseNumber(), 35,
                        base + "/address/houseNumber"), a.postcode(), opt(a.city(), 35, base + "/address/city"),
                        a.state(), a.country());
            }
            Party.Contact contact = null;
            String phone = null;
            if (p.phone() != null) {
                phone = CanonicalText.e164(p.phone());
                if (phone == null) {
                    // §5.3: unparseable numbers dropped and flagged
                    flag(FlagCode.TEXT_NORMALISED, Severity.INFO, base + "/contact",
                            "phone '" + p.phone() + "' is not an E.164 number; dropped");
                }
            }
            if (p.email() != null || phone != null) {
                contact = new Party.Contact(p.email(), phone);
            }
            List<Party.Identifier> ids = p.identifiers().stream()
                    .map(i -> new Party.Identifier(IdentifierScheme.valueOf(i.type()), i.value(), null)).toList();
            parties.add(new Party(ref, role, legal ? TypeOfPerson.LEGAL : TypeOfPerson.NATURAL, name, address,
                    contact, ids));
            return ref;
        }

        private String text(String raw, int max, String path) {
            CanonicalText.Bounded n = CanonicalText.normalise(raw, max);
            if (n.changed()) {
                flag(FlagCode.TEXT_NORMALISED, Severity.INFO, path, "normalised (§4 Text)");
            }
            return n.text();
        }

        private String opt(String raw, int max, String path) {
            return raw == null ? null : text(raw, max, path);
        }

        // ---------------------------------------------------------------- weights

        /** grossWeight -> totalGrossMassKg: lb/oz/g converted (UNIT_CONVERTED), 3 dp HALF_UP. */
        private BigDecimal grossKg() {
            String path = "/consignment/totalGrossMassKg";
            BigDecimal v = s.grossWeight().value();
            String unit = s.grossWeight().unit();
            BigDecimal kg = switch (unit) {
                case "LB" -> v.multiply(KG_PER_LB);
                case "OZ" -> v.multiply(KG_PER_OZ);
                case "G" -> v.divide(G_PER_KG);
                default -> v;
            };
            if (!"KG".equals(unit)) {
                // §5.8: the conversion's own rounding raises nothing else
                flag(FlagCode.UNIT_CONVERTED, Severity.INFO, path, v.toPlainString() + " " + unit
                        + " converted to kg");
                return kg.setScale(3, RoundingMode.HALF_UP);
            }
            return kg(v, path);
        }

        /** A kg value at 3 decimals; MASS_ROUNDED when it had more (§5.8). */
        private BigDecimal kg(BigDecimal v, String path) {
            if (v == null) {
                return null;
            }
            if (v.stripTrailingZeros().scale() > 3) {
                flag(FlagCode.MASS_ROUNDED, Severity.INFO, path, v.toPlainString() + " kg rounded to 3 decimals");
            }
            return v.setScale(3, RoundingMode.HALF_UP);
        }

        // ---------------------------------------------------------------- money

        private static Money money(ExpressShipment.Amount a) {
            return a == null ? null : new Money(a.amount(), a.currency());
        }

        /** A value in the declaration currency; converted and listed in exchangeRates when needed (§5.7). */
        private Money convert(Money original, String path) {
            return conversion.convert(original, path, true);
        }

        private Money sum(List<Item> items) {
            BigDecimal total = BigDecimal.ZERO;
            for (Item i : items) {
                total = total.add(i.value().amount());
            }
            return new Money(total, ctx.declarationCurrency());
        }

        // ---------------------------------------------------------------- routing

        /** §3.2 shipmentType -> natureOfTransaction. */
        private static NatureOfTransaction nature(String type) {
            return switch (type) {
                case "COMMERCIAL" -> NatureOfTransaction.SALE_OF_GOODS;
                case "GIFT" -> NatureOfTransaction.GIFT;
                case "SAMPLE" -> NatureOfTransaction.COMMERCIAL_SAMPLE;
                case "DOCUMENTS" -> NatureOfTransaction.DOCUMENTS;
                case "RETURN" -> NatureOfTransaction.RETURNED_GOODS;
                default -> NatureOfTransaction.OTHER;
            };
        }

        private void flag(FlagCode code, Severity severity, String path, String detail) {
            flags.add(new DataQuality.Flag(code, severity, path, detail));
        }
    }
}
