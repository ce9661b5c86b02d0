package org.clearway.mappings.canonical;

import static org.clearway.mappings.canonical.Formats.CODE;
import static org.clearway.mappings.canonical.Formats.COUNTRY;
import static org.clearway.mappings.canonical.Formats.CURRENCY;
import static org.clearway.mappings.canonical.Formats.HEX64;
import static org.clearway.mappings.canonical.Formats.PARTY_REF;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Tree to records for the Declaration (CANONICAL-MODEL §5) and Decision (§6.2), shared by the
 * JSON and XML readers. Checks types, required members, enums and the §4 formats; field
 * maximum lengths are checked where the submission validator needs them (§6.2).
 */
final class CanonicalReader {
    static final Pattern S10 = Pattern.compile("[A-Z]{2}[0-9]{9}[A-Z]{2}");
    static final Pattern MAWB = Pattern.compile("[0-9]{3}-[0-9]{8}");
    static final Pattern POINTER = Pattern.compile("(/([^~/]|~[01])*)*");
    private static final Pattern HS = Pattern.compile("[0-9]{6,10}");
    private static final Pattern SPEC_VERSION = Pattern.compile("1\\.[0-9]+");

    private CanonicalReader() {
    }

    /** Reads the members of {@code o} with {@code f}, then reports unknown members; null if any problem. */
    static <T> T build(In o, Function<In, T> f) {
        if (o == null) {
            return null;
        }
        int before = o.problemCount();
        T t;
        try {
            t = f.apply(o);
        } catch (NullPointerException | IllegalArgumentException e) {
            if (o.problemCount() == before) {
                throw e;
            }
            t = null;
        }
        o.finish();
        return o.problemCount() == before ? t : null;
    }

    static <T> T sub(In parent, String key, boolean required, Function<In, T> f) {
        return build(parent.obj(key, required), f);
    }

    static void schema(In o, String expected) {
        String s = o.str("schema", true);
        if (s != null && !s.equals(expected)) {
            o.problem("schema", "must be " + expected);
        }
    }

    static String specVersion(In o) {
        return o.str("specVersion", true, 0, SPEC_VERSION);
    }

    static Declaration declaration(In o) {
        return build(o, d -> {
            schema(d, Declaration.SCHEMA);
            String specVersion = specVersion(d);
            UUID declarationId = d.uuid("declarationId", true);
            Integer revision = d.integer("revision", true, 1, Integer.MAX_VALUE);
            FunctionCode functionCode = d.enumValue("functionCode", FunctionCode.class, true);
            DeclarationKind kind = d.enumValue("declarationKind", DeclarationKind.class, true);
            UUID gatewayMessageId = d.uuid("gatewayMessageId", true);
            Instant createdAt = d.timestamp("createdAt", true);
            DestinationCustoms destination = sub(d, "destinationCustoms", true, x -> new DestinationCustoms(
                    x.str("country", true, 0, COUNTRY), x.str("backendId", true, 35, null)));
            List<Source> sources = d.objects("sources", true, CanonicalReader::source);
            List<ProvenanceEntry> provenance = d.objects("provenance", false, x -> new ProvenanceEntry(
                    x.str("path", true, 0, POINTER), x.integer("source", true, 0, Integer.MAX_VALUE)));
            Correlation correlation = sub(d, "correlation", true, CanonicalReader::correlation);
            if (correlation != null) {
                if (correlation.lrn() == null) {
                    d.ctx.problems().add(d.at("correlation") + "/lrn", "required member missing");
                }
                if (correlation.s10ItemId() == null && correlation.houseWaybill() == null) {
                    d.problem("correlation", "one of s10ItemId, houseWaybill is required (CANONICAL-MODEL §5.2)");
                }
            }
            List<Party> parties = d.objects("parties", false, CanonicalReader::party);
            Consignment consignment = sub(d, "consignment", true, CanonicalReader::consignment);
            List<Item> items = d.objects("items", true, CanonicalReader::item);
            Payment payment = sub(d, "payment", false, CanonicalReader::payment);
            List<ExchangeRate> rates = d.objects("exchangeRates", false, x -> new ExchangeRate(
                    x.str("from", true, 0, CURRENCY), x.str("to", true, 0, CURRENCY), x.decimal("rate", true),
                    x.date("rateDate", true), x.enumValue("source", RateSource.class, true)));
            DataQuality dataQuality = sub(d, "dataQuality", false, x -> new DataQuality(
                    x.objects("flags", false, f -> new DataQuality.Flag(
                            f.enumValue("code", FlagCode.class, true), f.enumValue("severity", Severity.class, true),
                            f.str("path", true, 0, POINTER), f.str("detail", false, 512, null)))));
            RulePackRef rulePack = sub(d, "rulePack", false, r -> new RulePackRef(r.str("id", true, 64, null),
                    r.integer("version", true, 1, Integer.MAX_VALUE), r.str("regime", true, 16, null),
                    r.str("dateBasis", true, 0, DATE_BASIS), r.date("date", true)));
            DutyEstimate estimate = sub(d, "dutyEstimate", false, CanonicalReader::dutyEstimate);
            if (SPEC_V1_0.equals(specVersion) && Declaration.usesRulesMembers(rulePack, estimate, items)) {
                d.problem("specVersion", "rulePack, dutyEstimate and item product identifiers need specVersion "
                        + Declaration.SPEC_VERSION_RULES + " or later");
            }
            return new Declaration(specVersion, declarationId, revision, functionCode, kind, gatewayMessageId,
                    createdAt, destination, sources, provenance, correlation, parties, consignment, items, payment,
                    rates, dataQuality, rulePack, estimate);
        });
    }

    private static final String SPEC_V1_0 = "1.0";
    private static final Pattern DATE_BASIS = Pattern.compile("ACCEPTANCE|PRESENTATION|DEPARTURE");
    private static final Pattern GTIN = Pattern.compile("[0-9]{8}|[0-9]{12,14}");

    private static DutyEstimate dutyEstimate(In x) {
        String method = x.str("dutyMethod", true, 40, null);
        Integer count = x.integer("items", true, 0, Integer.MAX_VALUE);
        List<DutyEstimate.Line> lines = x.objects("lines", false, l -> new DutyEstimate.Line(
                l.enumValue("type", DutyEstimate.ChargeType.class, true), l.str("rule", true, 130, null),
                l.str("basis", true, 40, null), l.integer("count", true, 0, Integer.MAX_VALUE),
                money(l, "rate", true), money(l, "amount", true)));
        Money total = money(x, "total", true);
        Boolean complete = x.bool("complete", true);
        String note = x.str("note", false, 1024, null);
        return new DutyEstimate(method, count, lines, total, complete, note);
    }

    private static Source source(In x) {
        return new Source(x.str("partnerId", true, 35, null), x.enumValue("partnerKind", PartnerKind.class, true),
                x.str("dialect", true, 0, CODE_WITH_DASH), x.str("sourceMessageRef", true, 70, null),
                x.str("idempotencyKey", false, 128, null), x.timestamp("receivedAt", true),
                x.str("payloadSha256", true, 0, HEX64));
    }

    /** Dialect names such as {@code UPU-CUSITM-EDIFACT} contain '-', unlike the §4 Code pattern. */
    private static final Pattern CODE_WITH_DASH = Pattern.compile("[A-Z0-9_-]{1,40}");

    static Correlation correlation(In x) {
        String s10 = x.str("s10ItemId", false, 0, S10);
        String house = x.str("houseWaybill", false, 70, null);
        String mawb = x.str("masterAirWaybill", false, 0, MAWB);
        List<Correlation.TrackingNumber> tracking = x.objects("trackingNumbers", false,
                t -> new Correlation.TrackingNumber(t.str("carrierCode", true), t.str("value", true)));
        List<Correlation.PlatformOrderId> orders = x.objects("platformOrderIds", false,
                p -> new Correlation.PlatformOrderId(p.str("platformId", true), p.str("value", true)));
        String lrn = x.str("lrn", false, 22, null);
        String ucr = x.str("ucr", false, 35, null);
        return new Correlation(s10, house, mawb, tracking, orders, lrn, ucr);
    }

    private static Party party(In x) {
        String partyRef = x.str("partyRef", true, 0, PARTY_REF);
        PartyRole role = x.enumValue("role", PartyRole.class, true);
        TypeOfPerson typeOfPerson = x.enumValue("typeOfPerson", TypeOfPerson.class, true);
        String name = x.str("name", true, 70, null);
        Party.Address address = sub(x, "address", false, a -> new Party.Address(
                a.str("line1", false, 70, null), a.str("line2", false, 70, null), a.str("houseNumber", false, 35, null),
                a.str("postcode", false, 17, null), a.str("city", true, 35, null), a.str("subdivision", false, 35, null),
                a.str("country", true, 0, COUNTRY)));
        Party.Contact contact = sub(x, "contact", false, c -> new Party.Contact(
                c.str("email", false, 254, null), c.str("phone", false, 0, Pattern.compile("\\+[1-9][0-9]{6,14}"))));
        List<Party.Identifier> identifiers = x.objects("identifiers", false, i -> new Party.Identifier(
                i.enumValue("scheme", IdentifierScheme.class, true), i.str("value", true), i.str("issuer", false)));
        return new Party(partyRef, role, typeOfPerson, name, address, contact, identifiers);
    }

    private static Consignment consignment(In x) {
        List<Consignment.TransportDocument> docs = x.objects("transportDocuments", true,
                t -> new Consignment.TransportDocument(t.enumValue("level", TransportDocumentLevel.class, true),
                        t.str("type", true), t.str("number", true)));
        BigDecimal gross = x.decimal("totalGrossMassKg", true);
        Integer packages = x.integer("totalPackages", true, 1, Integer.MAX_VALUE);
        Integer items = x.integer("totalItems", true, 1, Integer.MAX_VALUE);
        Consignment.Invoice invoice = sub(x, "invoice", false, i -> new Consignment.Invoice(
                i.str("number", false, 70, null), i.date("date", false), money(i, "total", false)));
        Money intrinsic = money(x, "intrinsicValue", true);
        Money transport = money(x, "transportCost", false);
        Money insurance = money(x, "insuranceCost", false);
        Money insured = money(x, "insuredValue", false);
        Money postage = money(x, "postage", false);
        Incoterm incoterm = x.enumValue("incoterm", Incoterm.class, false);
        NatureOfTransaction nature = x.enumValue("natureOfTransaction", NatureOfTransaction.class, true);
        String upu = x.str("upuCategoryCode", false, 3, null);
        String remarks = x.str("remarks", false, 512, null);
        String ioss = x.str("iossNumber", false, 0, null);
        Consignment.Route route = sub(x, "route", true, r -> new Consignment.Route(
                r.str("countryOfDispatch", true, 0, COUNTRY), r.str("countryOfDestination", true, 0, COUNTRY),
                r.strings("countriesOfRouting", 0, COUNTRY), r.str("placeOfLoading", false),
                r.enumValue("modeOfTransport", ModeOfTransport.class, true)));
        Consignment.Postal postal = sub(x, "postal", false, p -> new Consignment.Postal(
                p.str("mailClass", false, 3, null), p.str("originPost", false, 6, null),
                p.str("destinationPost", false, 6, null), p.date("postingDate", false),
                p.str("sendingPost", false, 6, null), p.str("customsOffice", false, 17, null),
                p.objects("documents", false, doc -> new Consignment.PostalDocument(
                        doc.str("type", true), doc.str("name", false), doc.str("reference", false)))));
        return new Consignment(docs, gross, packages, items, invoice, intrinsic, transport, insurance, insured,
                postage, incoterm, nature, upu, remarks, ioss, route, postal);
    }

    private static Item item(In x) {
        Integer sequence = x.integer("sequence", true, 1, 999);
        String description = x.str("description", true, 512, null);
        HsCode hs = sub(x, "hsCode", false, h -> new HsCode(h.str("value", true, 0, HS),
                h.enumValue("system", HsSystem.class, true), h.str("nationalOf", false, 0, COUNTRY)));
        Quantity quantity = sub(x, "quantity", true, q -> new Quantity(q.decimal("value", true), q.str("unit", true)));
        BigDecimal net = x.decimal("netMassKg", false);
        BigDecimal gross = x.decimal("grossMassKg", false);
        Money value = money(x, "value", true);
        Money unitPrice = money(x, "unitPrice", false);
        Money originalValue = money(x, "originalValue", false);
        String origin = x.str("countryOfOrigin", true, 0, COUNTRY);
        String url = x.str("productUrl", false, 2048, null);
        String sku = x.str("sku", false, 70, null);
        String manufacturerProductId = x.str("manufacturerProductId", false, 70, null);
        String gtin = x.str("gtin", false, 0, GTIN);
        if (gtin != null) {
            org.clearway.mappings.rules.Gtin.problem(gtin).ifPresent(p -> x.problem("gtin", "not a GTIN: " + p));
        }
        String lineId = x.str("platformLineId", false, 70, null);
        String sellerRef = x.str("sellerRef", false, 0, PARTY_REF);
        List<String> un = x.strings("dangerousGoodsUn", 0, Pattern.compile("UN[0-9]{4}"));
        List<Item.AdditionalDocument> docs = x.objects("additionalDocuments", false,
                a -> new Item.AdditionalDocument(a.str("type", false), a.str("reference", false)));
        return new Item(sequence, description, hs, quantity, net, gross, value, unitPrice, originalValue, origin,
                url, sku, lineId, sellerRef, un, docs, manufacturerProductId, gtin);
    }

    private static Payment payment(In x) {
        PaymentMethod method = x.enumValue("method", PaymentMethod.class, true);
        Money amount = money(x, "amount", true);
        Instant paidAt = x.timestamp("paidAt", true);
        String transactionRef = x.str("transactionRef", false, 70, null);
        String payerRef = x.str("payerRef", false, 0, PARTY_REF);
        Payment.Vat vat = sub(x, "vat", false, v -> new Payment.Vat(v.enumValue("scheme", VatScheme.class, true),
                v.str("iossNumber", false), money(v, "collected", false), v.str("registrationNumber", false, 17, null)));
        return new Payment(method, amount, paidAt, transactionRef, payerRef, vat);
    }

    static Money money(In parent, String key, boolean required) {
        return sub(parent, key, required, m -> {
            BigDecimal amount = m.decimal("amount", true);
            String currency = m.str("currency", true, 0, CURRENCY);
            // §4 Money: exactly the currency's minor digits; fewer are padded, more are refused
            if (amount != null && currency != null && !Money.fitsMinorUnit(amount, currency)) {
                m.problem("amount", "has more fraction digits than " + currency + " allows ("
                        + Money.minorDigits(currency) + ")");
                return null;
            }
            return new Money(amount, currency);
        });
    }

    static Decision decision(In o) {
        return build(o, d -> {
            schema(d, Decision.SCHEMA);
            String specVersion = specVersion(d);
            UUID decisionId = d.uuid("decisionId", true);
            DecisionKind kind = d.enumValue("kind", DecisionKind.class, true);
            DecisionStatus status = d.enumValue("status", DecisionStatus.class, true);
            Track track = d.enumValue("track", Track.class, true);
            Boolean isFinal = d.bool("final", true);
            Integer sequence = d.integer("sequence", true, 1, Integer.MAX_VALUE);
            UUID supersedes = d.uuid("supersedes", false);
            UUID declarationId = d.uuid("declarationId", true);
            Integer revision = d.integer("declarationRevision", true, 1, Integer.MAX_VALUE);
            UUID gatewayMessageId = d.uuid("gatewayMessageId", false);
            String backendDecisionRef = d.str("backendDecisionRef", false, 70, null);
            Correlation correlation = sub(d, "correlation", true, CanonicalReader::correlation);
            Decision.CustomsAuthority authority = customsAuthority(d, true);
            String customsReference = d.str("customsReference", false, 35, null);
            Instant decidedAt = d.timestamp("decidedAt", true);
            Instant receivedAt = d.timestamp("receivedAt", true);
            Decision.Reason reason = reason(d);
            List<Decision.Request> requests = requests(d);
            List<ScreeningMethod> methods = screeningMethods(d);
            List<Decision.Tax> taxes = taxes(d);
            Money totalPayable = money(d, "totalPayable", false);
            LocalDate payBy = d.date("payBy", false);
            String paymentReference = d.str("paymentReference", false, 35, null);
            return new Decision(specVersion, decisionId, kind, status, track, isFinal, sequence, supersedes,
                    declarationId, revision, gatewayMessageId, backendDecisionRef, correlation, authority,
                    customsReference, decidedAt, receivedAt, reason, requests, methods, taxes, totalPayable, payBy,
                    paymentReference);
        });
    }

    static Decision.CustomsAuthority customsAuthority(In d, boolean backendIdRequired) {
        return sub(d, "customsAuthority", true, a -> new Decision.CustomsAuthority(
                a.str("country", true, 0, COUNTRY), a.str("backendId", backendIdRequired, 35, null),
                a.str("officeRef", false, 8, null)));
    }

    static Decision.Reason reason(In d) {
        return sub(d, "reason", false, r -> new Decision.Reason(r.str("code", false, 0, CODE),
                r.str("text", false, 512, null)));
    }

    static List<Decision.Request> requests(In d) {
        return d.objects("requests", false, r -> new Decision.Request(
                r.enumValue("type", RequestType.class, true), r.strings("fields", 0, POINTER),
                r.str("text", true, 512, null), r.timestamp("dueBy", false), r.str("referralRef", false, 17, null)));
    }

    static List<ScreeningMethod> screeningMethods(In d) {
        return d.list("screeningMethods", false, e -> e.value() instanceof String s
                ? d.parseEnum(e.pointer(), s, ScreeningMethod.class)
                : notAString(d, e.pointer()));
    }

    private static ScreeningMethod notAString(In d, String pointer) {
        d.ctx.problems().add(pointer, "must be a string");
        return null;
    }

    static List<Decision.Tax> taxes(In d) {
        return d.objects("taxes", false, t -> new Decision.Tax(
                t.integer("itemSequence", false, 1, 999), t.enumValue("type", TaxType.class, true),
                t.str("nationalCode", false, 10, null), money(t, "base", false), t.decimal("rate", false),
                money(t, "amount", true)));
    }
}
