package org.clearway.mappings.canonical;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Function;

/**
 * Records to the JSON tree of CANONICAL-MODEL §9.1: objects are {@link TreeMap}s (so iteration is
 * the JCS member order, §10.1), arrays {@link List}s, scalars {@link String}, {@link Long} or
 * {@link Boolean}. Absent optional values, empty strings, empty arrays and empty objects are
 * omitted (§9.1 "never null, never empty string, never empty array").
 */
final class CanonicalTree {
    private CanonicalTree() {
    }

    static Map<String, Object> declaration(Declaration d) {
        checkOrder(d);
        Obj o = new Obj();
        o.put("schema", Declaration.SCHEMA);
        o.put("specVersion", d.specVersion());
        o.put("declarationId", d.declarationId());
        o.put("revision", d.revision());
        o.put("functionCode", d.functionCode());
        o.put("declarationKind", d.declarationKind());
        o.put("gatewayMessageId", d.gatewayMessageId());
        o.put("createdAt", d.createdAt());
        o.put("destinationCustoms", new Obj()
                .put("country", d.destinationCustoms().country())
                .put("backendId", d.destinationCustoms().backendId()).map);
        o.put("sources", list(d.sources(), s -> new Obj()
                .put("partnerId", s.partnerId())
                .put("partnerKind", s.partnerKind())
                .put("dialect", s.dialect())
                .put("sourceMessageRef", s.sourceMessageRef())
                .put("idempotencyKey", s.idempotencyKey())
                .put("receivedAt", s.receivedAt())
                .put("payloadSha256", s.payloadSha256()).map));
        o.put("provenance", list(d.provenance(), p -> new Obj()
                .put("path", p.path())
                .put("source", p.source()).map));
        o.put("correlation", correlation(d.correlation()));
        o.put("parties", list(d.parties(), CanonicalTree::party));
        o.put("consignment", consignment(d.consignment()));
        o.put("items", list(d.items(), CanonicalTree::item));
        o.put("payment", payment(d.payment()));
        o.put("exchangeRates", list(d.exchangeRates(), r -> new Obj()
                .put("from", r.from())
                .put("to", r.to())
                .put("rate", r.rate())
                .put("rateDate", r.rateDate())
                .put("source", r.source()).map));
        if (d.dataQuality() != null) {
            o.put("dataQuality", new Obj().put("flags", list(d.dataQuality().flags(), f -> new Obj()
                    .put("code", f.code())
                    .put("severity", f.severity())
                    .put("path", f.path())
                    .put("detail", f.detail()).map)).map);
        }
        RulePackRef rp = d.rulePack();
        if (rp != null) {
            o.put("rulePack", new Obj()
                    .put("id", rp.id())
                    .put("version", rp.version())
                    .put("regime", rp.regime())
                    .put("dateBasis", rp.dateBasis())
                    .put("date", rp.date()).map);
        }
        DutyEstimate e = d.dutyEstimate();
        if (e != null) {
            o.put("dutyEstimate", new Obj()
                    .put("dutyMethod", e.dutyMethod())
                    .put("items", e.items())
                    .put("lines", list(e.lines(), l -> new Obj()
                            .put("type", l.type())
                            .put("rule", l.rule())
                            .put("basis", l.basis())
                            .put("count", l.count())
                            .put("rate", money(l.rate()))
                            .put("amount", money(l.amount())).map))
                    .put("total", money(e.total()))
                    .put("complete", e.complete())
                    .put("note", e.note()).map);
        }
        return o.map;
    }

    static Map<String, Object> decision(Decision d) {
        Obj o = new Obj();
        o.put("schema", Decision.SCHEMA);
        o.put("specVersion", d.specVersion());
        o.put("decisionId", d.decisionId());
        o.put("kind", d.kind());
        o.put("status", d.status());
        o.put("track", d.track());
        o.put("final", d.isFinal());
        o.put("sequence", d.sequence());
        o.put("supersedes", d.supersedes());
        o.put("backendDecisionRef", d.backendDecisionRef());
        o.put("declarationId", d.declarationId());
        o.put("declarationRevision", d.declarationRevision());
        o.put("gatewayMessageId", d.gatewayMessageId());
        o.put("correlation", correlation(d.correlation()));
        o.put("customsAuthority", new Obj()
                .put("country", d.customsAuthority().country())
                .put("backendId", d.customsAuthority().backendId())
                .put("officeRef", d.customsAuthority().officeRef()).map);
        o.put("customsReference", d.customsReference());
        o.put("decidedAt", d.decidedAt());
        o.put("receivedAt", d.receivedAt());
        if (d.reason() != null) {
            o.put("reason", new Obj().put("code", d.reason().code()).put("text", d.reason().text()).map);
        }
        o.put("requests", list(d.requests(), r -> new Obj()
                .put("type", r.type())
                .put("fields", r.fields())
                .put("text", r.text())
                .put("dueBy", r.dueBy())
                .put("referralRef", r.referralRef()).map));
        o.put("screeningMethods", list(d.screeningMethods(), Enum::name));
        o.put("taxes", list(d.taxes(), t -> new Obj()
                .put("itemSequence", t.itemSequence())
                .put("type", t.type())
                .put("nationalCode", t.nationalCode())
                .put("base", money(t.base()))
                .put("rate", t.rate())
                .put("amount", money(t.amount())).map));
        o.put("totalPayable", money(d.totalPayable()));
        o.put("payBy", d.payBy());
        o.put("paymentReference", d.paymentReference());
        return o.map;
    }

    private static Map<String, Object> correlation(Correlation c) {
        return new Obj()
                .put("s10ItemId", c.s10ItemId())
                .put("houseWaybill", c.houseWaybill())
                .put("masterAirWaybill", c.masterAirWaybill())
                .put("trackingNumbers", list(c.trackingNumbers(), t -> new Obj()
                        .put("carrierCode", t.carrierCode()).put("value", t.value()).map))
                .put("platformOrderIds", list(c.platformOrderIds(), p -> new Obj()
                        .put("platformId", p.platformId()).put("value", p.value()).map))
                .put("lrn", c.lrn())
                .put("ucr", c.ucr()).map;
    }

    private static Map<String, Object> party(Party p) {
        Obj o = new Obj()
                .put("partyRef", p.partyRef())
                .put("role", p.role())
                .put("typeOfPerson", p.typeOfPerson())
                .put("name", p.name());
        Party.Address a = p.address();
        if (a != null) {
            o.put("address", new Obj()
                    .put("line1", a.line1())
                    .put("line2", a.line2())
                    .put("houseNumber", a.houseNumber())
                    .put("postcode", a.postcode())
                    .put("city", a.city())
                    .put("subdivision", a.subdivision())
                    .put("country", a.country()).map);
        }
        if (p.contact() != null) {
            o.put("contact", new Obj().put("email", p.contact().email()).put("phone", p.contact().phone()).map);
        }
        o.put("identifiers", list(p.identifiers(), i -> new Obj()
                .put("scheme", i.scheme())
                .put("value", i.value())
                .put("issuer", i.issuer()).map));
        return o.map;
    }

    private static Map<String, Object> consignment(Consignment c) {
        Obj o = new Obj()
                .put("transportDocuments", list(c.transportDocuments(), t -> new Obj()
                        .put("level", t.level()).put("type", t.type()).put("number", t.number()).map))
                .put("totalGrossMassKg", c.totalGrossMassKg())
                .put("totalPackages", c.totalPackages())
                .put("totalItems", c.totalItems());
        if (c.invoice() != null) {
            o.put("invoice", new Obj()
                    .put("number", c.invoice().number())
                    .put("date", c.invoice().date())
                    .put("total", money(c.invoice().total())).map);
        }
        o.put("intrinsicValue", money(c.intrinsicValue()))
                .put("transportCost", money(c.transportCost()))
                .put("insuranceCost", money(c.insuranceCost()))
                .put("insuredValue", money(c.insuredValue()))
                .put("postage", money(c.postage()))
                .put("incoterm", c.incoterm())
                .put("natureOfTransaction", c.natureOfTransaction())
                .put("upuCategoryCode", c.upuCategoryCode())
                .put("remarks", c.remarks())
                .put("iossNumber", c.iossNumber());
        Consignment.Route r = c.route();
        o.put("route", new Obj()
                .put("countryOfDispatch", r.countryOfDispatch())
                .put("countryOfDestination", r.countryOfDestination())
                .put("countriesOfRouting", r.countriesOfRouting())
                .put("placeOfLoading", r.placeOfLoading())
                .put("modeOfTransport", r.modeOfTransport()).map);
        Consignment.Postal p = c.postal();
        if (p != null) {
            o.put("postal", new Obj()
                    .put("mailClass", p.mailClass())
                    .put("originPost", p.originPost())
                    .put("destinationPost", p.destinationPost())
                    .put("postingDate", p.postingDate())
                    .put("sendingPost", p.sendingPost())
                    .put("customsOffice", p.customsOffice())
                    .put("documents", list(p.documents(), doc -> new Obj()
                            .put("type", doc.type()).put("name", doc.name()).put("reference", doc.reference()).map))
                    .map);
        }
        return o.map;
    }

    private static Map<String, Object> item(Item i) {
        Obj o = new Obj()
                .put("sequence", i.sequence())
                .put("description", i.description());
        if (i.hsCode() != null) {
            o.put("hsCode", new Obj()
                    .put("value", i.hsCode().value())
                    .put("system", i.hsCode().system())
                    .put("nationalOf", i.hsCode().nationalOf()).map);
        }
        return o.put("quantity", new Obj().put("value", i.quantity().value()).put("unit", i.quantity().unit()).map)
                .put("netMassKg", i.netMassKg())
                .put("grossMassKg", i.grossMassKg())
                .put("value", money(i.value()))
                .put("unitPrice", money(i.unitPrice()))
                .put("originalValue", money(i.originalValue()))
                .put("countryOfOrigin", i.countryOfOrigin())
                .put("productUrl", i.productUrl())
                .put("sku", i.sku())
                .put("manufacturerProductId", i.manufacturerProductId())
                .put("gtin", i.gtin())
                .put("platformLineId", i.platformLineId())
                .put("sellerRef", i.sellerRef())
                .put("dangerousGoodsUn", i.dangerousGoodsUn())
                .put("additionalDocuments", list(i.additionalDocuments(), a -> new Obj()
                        .put("type", a.type()).put("reference", a.reference()).map)).map;
    }

    private static Map<String, Object> payment(Payment p) {
        if (p == null) {
            return null;
        }
        Obj o = new Obj()
                .put("method", p.method())
                .put("amount", money(p.amount()))
                .put("paidAt", p.paidAt())
                .put("transactionRef", p.transactionRef())
                .put("payerRef", p.payerRef());
        if (p.vat() != null) {
            o.put("vat", new Obj()
                    .put("scheme", p.vat().scheme())
                    .put("iossNumber", p.vat().iossNumber())
                    .put("collected", money(p.vat().collected()))
                    .put("registrationNumber", p.vat().registrationNumber()).map);
        }
        return o.map;
    }

    private static Map<String, Object> money(Money m) {
        return m == null ? null : new Obj().put("amount", m.amount()).put("currency", m.currency()).map;
    }

    private static <T> List<Object> list(Collection<T> values, Function<T, Object> f) {
        List<Object> out = new ArrayList<>(values.size());
        for (T v : values) {
            out.add(f.apply(v));
        }
        return out;
    }

    /**
     * §9.1 array order for the lists whose positions other members point at (provenance paths,
     * flag paths, provenance source indexes): reordering them here would break those pointers,
     * so an out-of-order list is refused instead.
     */
    private static void checkOrder(Declaration d) {
        for (int i = 1; i < d.items().size(); i++) {
            if (d.items().get(i - 1).sequence() >= d.items().get(i).sequence()) {
                throw new IllegalArgumentException("items must be ordered by sequence (CANONICAL-MODEL §9.1)");
            }
        }
        for (int i = 1; i < d.parties().size(); i++) {
            if (d.parties().get(i - 1).partyRef().compareTo(d.parties().get(i).partyRef()) > 0) {
                throw new IllegalArgumentException("parties must be ordered by partyRef (CANONICAL-MODEL §9.1)");
            }
        }
        for (int i = 1; i < d.sources().size(); i++) {
            if (d.sources().get(i - 1).receivedAt().isAfter(d.sources().get(i).receivedAt())) {
                throw new IllegalArgumentException("sources must be ordered by receivedAt (CANONICAL-MODEL §9.1)");
            }
        }
    }

    /** Builder of one JSON object that applies the §9.1 omission and scalar rules. */
    private static final class Obj {
        final Map<String, Object> map = new TreeMap<>();

        Obj put(String key, Object value) {
            Object v = scalar(value);
            if (v == null
                    || v instanceof String s && s.isEmpty()
                    || v instanceof Collection<?> c && c.isEmpty()
                    || v instanceof Map<?, ?> m && m.isEmpty()) {
                return this;
            }
            map.put(key, v);
            return this;
        }

        private static Object scalar(Object v) {
            if (v instanceof Integer i) {
                return i.longValue();
            } else if (v instanceof BigDecimal b) {
                return Formats.decimal(b);
            } else if (v instanceof UUID u) {
                return u.toString();
            } else if (v instanceof Instant t) {
                return Formats.timestamp(t);
            } else if (v instanceof LocalDate d) {
                return d.toString();
            } else if (v instanceof Enum<?> e) {
                return e.name();
            }
            return v;
        }
    }
}
