package org.clearway.mappings.fusion;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.clearway.mappings.canonical.CanonicalText;
import org.clearway.mappings.canonical.Consignment;
import org.clearway.mappings.canonical.Correlation;
import org.clearway.mappings.canonical.DataQuality;
import org.clearway.mappings.canonical.Declaration;
import org.clearway.mappings.canonical.FlagCode;
import org.clearway.mappings.canonical.HsCode;
import org.clearway.mappings.canonical.IdentifierScheme;
import org.clearway.mappings.canonical.Item;
import org.clearway.mappings.canonical.Money;
import org.clearway.mappings.canonical.PartnerKind;
import org.clearway.mappings.canonical.Party;
import org.clearway.mappings.canonical.PartyRole;
import org.clearway.mappings.canonical.Payment;
import org.clearway.mappings.canonical.ProvenanceEntry;
import org.clearway.mappings.canonical.Quantity;
import org.clearway.mappings.canonical.Severity;
import org.clearway.mappings.canonical.Source;
import org.clearway.mappings.rates.ExchangeRateTable;
import org.clearway.mappings.rates.MissingExchangeRateException;
import org.clearway.mappings.rules.quality.CurrencyConversion;
import org.clearway.mappings.rules.quality.DataQualityRules;
import org.clearway.mappings.rules.quality.HsCodes;
import org.clearway.mappings.rules.quality.Ioss;
import org.clearway.mappings.rules.quality.QualityContext;
import org.clearway.mappings.rules.quality.ValueMismatch;

/**
 * Fuses the transport side's declaration (carrier-only from {@code ExpressToCanonical}, or postal
 * from {@code CusitmToCanonical}) with the platform orders linked to the consignment into one
 * declaration revision (CANONICAL-MODEL §7, PARTNER-APIS §7.3/§7.4). A pure function: ids,
 * creation time, rates and settings come from the {@link FusionContext}.
 *
 * <p>What it does, by rule:
 * <ul>
 * <li>§7 rule 2 / PARTNER-APIS §7.4 precedence: masses, transport documents, route, consignor,
 *     consignee, incoterm and nature of transaction stay with the transport side; sellers, buyer,
 *     payment, product URL, invoice total and transport cost come from the order; descriptions,
 *     prices and HS codes from the order when it has them, with the §5.8 conflict rules (a
 *     transport HS code that extends the platform's is kept silently, a different one raises
 *     {@code HS_CONFLICT} and is kept).</li>
 * <li>§7 rule 6 item list: one item per allocated order line, carrier lines matched by HS first
 *     6 digits and quantity, else by position ({@code ITEMS_RESTRUCTURED} when the counts differ).</li>
 * <li>§7 rule 7 and PARTNER-APIS §7.3 split parcels: pro-rated line values, shipping, payment and
 *     VAT shares with the rounding remainder on the last parcel; {@code SPLIT_SHIPMENT},
 *     {@code SPLIT_UNALLOCATED}; several orders in one parcel.</li>
 * <li>§5.1 {@code sources[]} sorted by {@code receivedAt} and {@code provenance[]} pointing into them;
 *     §5.7 conversions with {@code exchangeRates[]}; the cross-source flags of §5.8.</li>
 * </ul>
 * The routing and the flags that follow from the fused content alone (de minimis, IOSS threshold
 * and format, HS missing, vague text, masses) are not computed here: the fused declaration goes
 * through {@link DataQualityRules} once, as the mappers' output does.
 * Throws {@link FusionInputException} for inputs that cannot be merged (over-allocation, an order
 * whose tracking links point elsewhere), {@link MissingExchangeRateException} when a rate is missing.
 */
public final class OrderFusion {

    /**
     * Merge flags the fusion computes again on the fused content; the transport side's versions are
     * dropped (so are those {@link DataQualityRules} owns: it recomputes them on the result).
     */
    private static final Set<FlagCode> RECOMPUTED = Set.of(FlagCode.PLATFORM_DATA_MISSING, FlagCode.LATE_ENRICHMENT, FlagCode.SPLIT_SHIPMENT,
            FlagCode.SPLIT_UNALLOCATED, FlagCode.ITEMS_RESTRUCTURED, FlagCode.VALUE_MISMATCH,
            FlagCode.UNDERVALUATION_SUSPECTED, FlagCode.DESCRIPTION_FROM_PLATFORM, FlagCode.IOSS_MISMATCH,
            FlagCode.HS_CONFLICT, FlagCode.HS_DESCRIPTION_IMPLAUSIBLE);
    /** PARTNER-APIS §6.2 line units -> UN/ECE Rec. 20 (CANONICAL-MODEL §4 Quantity). */
    private static final Map<String, String> REC20 = Map.of("PCS", "H87", "PAIR", "PR", "SET", "SET", "KG", "KGM",
            "G", "GRM", "L", "LTR", "M", "MTR");
    private static final Pattern ITEM_PATH = Pattern.compile("^/items/(\\d+)(/([^/]+).*)?$");
    private static final Pattern PARTY_PATH = Pattern.compile("^/parties/(\\d+)(/.*)?$");
    private static final Pattern CONVERTED_DETAIL = Pattern.compile("^\\S+ ([A-Z]{3}) converted");

    private OrderFusion() {
    }

    /**
     * @param transport the transport side's declaration of the consignment (no PLATFORM source yet);
     *                  its {@code declarationId}, {@code lrn} and destination are kept
     * @param orders    the orders linked to the consignment (at least one), with their sources
     * @param ctx       envelope of the fused revision, currency, rates and settings
     * @return the fused declaration
     */
    public static Declaration fuse(Declaration transport, List<MatchedOrder> orders, FusionContext ctx) {
        Objects.requireNonNull(transport, "transport");
        Objects.requireNonNull(ctx, "ctx");
        if (orders == null || orders.isEmpty()) {
            throw new IllegalArgumentException("no order to fuse; use withoutOrderData on hold-window expiry");
        }
        if (transport.sources().isEmpty() || transport.sources().stream()
                .anyMatch(s -> s.partnerKind() == PartnerKind.PLATFORM)) {
            throw new IllegalArgumentException("transport declaration must carry only transport sources");
        }
        if (!transport.consignment().intrinsicValue().currency().equals(ctx.declarationCurrency())) {
            throw new IllegalArgumentException("transport declaration is in "
                    + transport.consignment().intrinsicValue().currency() + ", fusion asked for "
                    + ctx.declarationCurrency());
        }
        return new Run(transport, orders, ctx).fuse();
    }

    /**
     * The revision emitted when the hold window expires without order data (CANONICAL-MODEL §7
     * rule 4, PARTNER-APIS §7.2): the transport declaration plus {@code PLATFORM_DATA_MISSING}.
     */
    public static Declaration withoutOrderData(Declaration transport) {
        List<DataQuality.Flag> flags = new ArrayList<>(
                transport.dataQuality() == null ? List.of() : transport.dataQuality().flags());
        if (flags.stream().noneMatch(f -> f.code() == FlagCode.PLATFORM_DATA_MISSING)) {
            flags.add(new DataQuality.Flag(FlagCode.PLATFORM_DATA_MISSING, Severity.INFO, "/correlation",
                    "hold window expired without matching platform order data"));
        }
        return new Declaration(transport.specVersion(), transport.declarationId(), transport.revision(),
                transport.functionCode(), transport.declarationKind(), transport.gatewayMessageId(),
                transport.createdAt(), transport.destinationCustoms(), transport.sources(), transport.provenance(),
                transport.correlation(), transport.parties(), transport.consignment(), transport.items(),
                transport.payment(), transport.exchangeRates(), new DataQuality(flags));
    }

    /**
     * A revision rebuilt after a platform cancelled an order whose data an earlier revision carried
     * (PARTNER-APIS §6.1 {@code DELETE /v1/platform/orders/{orderId}}): {@code declaration} is the
     * transport data fused with the orders still linked (or the transport data alone), and gets
     * {@code PLATFORM_DATA_MISSING} at {@code /correlation/platformOrderIds} naming the withdrawn order.
     */
    public static Declaration withOrderWithdrawn(Declaration declaration, String platformId, String orderId) {
        return withOrderWithdrawn(declaration, platformId, orderId, "was cancelled");
    }

    /**
     * As {@link #withOrderWithdrawn(Declaration, String, String)}, saying why the order's data goes:
     * {@code "was cancelled"}, or e.g. {@code "no longer links this consignment"} when a newer order
     * version's tracking links name other parcels.
     */
    public static Declaration withOrderWithdrawn(Declaration declaration, String platformId, String orderId,
                                                 String why) {
        Objects.requireNonNull(declaration, "declaration");
        Objects.requireNonNull(platformId, "platformId");
        Objects.requireNonNull(orderId, "orderId");
        List<DataQuality.Flag> flags = new ArrayList<>(
                declaration.dataQuality() == null ? List.of() : declaration.dataQuality().flags());
        DataQuality.Flag flag = new DataQuality.Flag(FlagCode.PLATFORM_DATA_MISSING, Severity.INFO,
                "/correlation/platformOrderIds", "order " + orderId + " of platform " + platformId
                + " " + why + "; its data is withdrawn from this revision");
        if (!flags.contains(flag)) {
            flags.add(flag);
        }
        return new Declaration(declaration.specVersion(), declaration.declarationId(), declaration.revision(),
                declaration.functionCode(), declaration.declarationKind(), declaration.gatewayMessageId(),
                declaration.createdAt(), declaration.destinationCustoms(), declaration.sources(),
                declaration.provenance(), declaration.correlation(), declaration.parties(), declaration.consignment(),
                declaration.items(), declaration.payment(), declaration.exchangeRates(), new DataQuality(flags));
    }

    // ------------------------------------------------------------------------------------------ plans

    private enum Mode { FULL, SPLIT, UNALLOCATED }

    /** An order line, or the part of it, declared in this parcel; {@code value} in the line currency. */
    private record Planned(OrderData.Line line, BigDecimal quantity, Money value) {
    }

    /**
     * What one order contributes to this parcel (PARTNER-APIS §7.3): the planned lines and the
     * fraction used for shipping, payment and VAT ({@code share(amount)}).
     */
    private static final class Plan {
        final MatchedOrder m;
        final OrderData o;
        final int source;
        Mode mode;
        OrderData.ShipmentLink link;
        String parcel;
        int parcels;
        final List<Planned> planned = new ArrayList<>();
        /** Weight of every allocated parcel, in shipments[] order; this parcel at {@code self}. */
        final List<BigDecimal> weights = new ArrayList<>();
        int self;
        BigDecimal total;

        Plan(MatchedOrder m, int source) {
            this.m = m;
            this.o = m.order();
            this.source = source;
        }

        /**
         * This parcel's share of {@code amount}: HALF_UP per parcel, the remainder on the last
         * allocated parcel (CANONICAL-MODEL §7 rule 7). The last parcel gets the rounded share of
         * everything allocated so far minus the others' shares, which is the remainder of the whole
         * amount once every line is allocated.
         */
        Money share(Money amount) {
            if (amount == null) {
                return null;
            }
            int scale = scale(amount.currency());
            BigDecimal a = amount.amount().setScale(scale, RoundingMode.HALF_UP);
            if (mode != Mode.SPLIT) {
                return new Money(a, amount.currency());
            }
            if (total.signum() == 0) {
                return new Money(BigDecimal.ZERO.setScale(scale), amount.currency());
            }
            int last = -1;
            for (int p = 0; p < weights.size(); p++) {
                if (weights.get(p).signum() > 0) {
                    last = p;
                }
            }
            if (self != last) {
                return new Money(prorate(a, weights.get(self), total, scale), amount.currency());
            }
            BigDecimal all = BigDecimal.ZERO;
            BigDecimal others = BigDecimal.ZERO;
            for (int p = 0; p < weights.size(); p++) {
                all = all.add(weights.get(p));
                if (p != self) {
                    others = others.add(prorate(a, weights.get(p), total, scale));
                }
            }
            return new Money(prorate(a, all, total, scale).subtract(others), amount.currency());
        }
    }

    private static BigDecimal prorate(BigDecimal amount, BigDecimal part, BigDecimal whole, int scale) {
        return amount.multiply(part).divide(whole, scale, RoundingMode.HALF_UP);
    }

    private static int scale(String currency) {
        return Money.minorDigits(currency);
    }

    private static Money norm(Money m) {
        return m == null ? null : new Money(m.amount().setScale(scale(m.currency()), RoundingMode.HALF_UP),
                m.currency());
    }

    /** Tracking numbers compare upper-cased without spaces and hyphens (PARTNER-APIS §7.1). */
    private static String key(String trackingNumber) {
        return trackingNumber == null ? null
                : trackingNumber.toUpperCase(Locale.ROOT).replace(" ", "").replace("-", "");
    }

    // ------------------------------------------------------------------------------------------ run

    /** One fusion run; collects flags, provenance and applied rates. */
    private static final class Run {
        private final Declaration t;
        private final FusionContext ctx;
        private final String cur;
        private final String dest;
        private final List<Source> sources;
        private final int transportSource;
        private final List<Plan> plans = new ArrayList<>();
        private final List<DataQuality.Flag> flags = new ArrayList<>();
        private final Map<String, Integer> provenance = new TreeMap<>();
        private final String transportWord;
        private LocalDate rateDate;
        /** Conversions of the fused values, at {@link #rateDate} (set once the invoice date is known). */
        private CurrencyConversion conversion;

        Run(Declaration t, List<MatchedOrder> orders, FusionContext ctx) {
            this.t = t;
            this.ctx = ctx;
            this.cur = ctx.declarationCurrency();
            this.dest = t.destinationCustoms().country();
            this.transportWord = t.sources().get(0).partnerKind() == PartnerKind.POSTAL ? "postal" : "carrier";
            // §7.3 "sequence by order": orders in the order they were placed, so the result does not
            // depend on arrival order
            List<MatchedOrder> sorted = orders.stream()
                    .sorted(Comparator.comparing((MatchedOrder m) -> m.order().orderedAt().toInstant())
                            .thenComparing(m -> m.order().platformId())
                            .thenComparing(m -> m.order().orderId()))
                    .toList();
            Set<String> seen = new HashSet<>();
            for (MatchedOrder m : sorted) {
                if (!seen.add(m.order().platformId() + "\u0000" + m.order().orderId())) {
                    throw new FusionInputException("DUPLICATE_ORDER", "order " + m.order().orderId()
                            + " given twice");
                }
            }
            // §9.1: sources sorted by receivedAt; provenance indices follow this order
            List<Source> all = new ArrayList<>(t.sources());
            for (MatchedOrder m : sorted) {
                if (!all.contains(m.source())) {
                    all.add(m.source());
                }
            }
            all.sort(Comparator.comparing(Source::receivedAt));
            this.sources = List.copyOf(all);
            this.transportSource = sources.indexOf(t.sources().get(0));
            for (MatchedOrder m : sorted) {
                plans.add(plan(m, sources.indexOf(m.source())));
            }
        }

        Declaration fuse() {
            boolean allocated = plans.stream().allMatch(p -> p.mode != Mode.UNALLOCATED);
            Consignment.Invoice invoice = invoice();
            // §5.7 rateDate: the invoice date, else the postal posting date, else the earliest receipt
            rateDate = invoice != null && invoice.date() != null ? invoice.date()
                    : t.consignment().postal() != null && t.consignment().postal().postingDate() != null
                    ? t.consignment().postal().postingDate()
                    : LocalDate.ofInstant(sources.get(0).receivedAt(), ZoneOffset.UTC);
            conversion = new CurrencyConversion(ctx.rates(), cur, rateDate);

            PartyPlan pp = parties();
            ItemResult ir = allocated ? platformItems(pp) : transportItems(pp);
            List<Item> items = ir.items;

            Money intrinsic = new Money(items.stream().map(i -> i.value().amount())
                    .reduce(BigDecimal.ZERO, BigDecimal::add).setScale(scale(cur), RoundingMode.HALF_UP), cur);
            Payment payment = payment(pp.buyerRef, intrinsicOf(plans));
            Money transportCost = allocated ? transportCost() : t.consignment().transportCost();
            Money insuranceCost = insuranceCost(allocated);

            Consignment tc = t.consignment();
            Consignment consignment = new Consignment(tc.transportDocuments(), tc.totalGrossMassKg(),
                    tc.totalPackages(), items.size(), invoice, intrinsic, transportCost, insuranceCost,
                    tc.insuredValue(), tc.postage(), tc.incoterm(), tc.natureOfTransaction(), tc.upuCategoryCode(),
                    tc.remarks(),
                    // §5.4 iossNumber is the transport side's IOSS "without payment data"; once the
                    // order's payment carries one, it lives in payment.vat (compared below)
                    payment != null && payment.vat() != null && payment.vat().iossNumber() != null
                            ? null : tc.iossNumber(),
                    tc.route(), tc.postal());

            keepTransportFlags(pp, ir, allocated, transportCost, insuranceCost);
            checkIossMismatch(payment);
            checkHsPlausible(items, ir);
            conversion.flags().forEach(f -> flag(f.code(), f.severity(), f.path(), f.detail()));
            if (allocated) {
                checkUndervaluation(intrinsic, payment);
            }
            planFlags(allocated);

            Correlation correlation = correlation();
            List<ProvenanceEntry> prov = provenance.entrySet().stream()
                    .map(e -> new ProvenanceEntry(e.getKey(), e.getValue())).toList();
            // §4 Text over the platform's text (CSV cells with line breaks, NDJSON escapes); the transport
            // side's kind stands until the rules route the fused value
            Declaration fused = CanonicalText.apply(new Declaration(Declaration.SPEC_VERSION, t.declarationId(),
                    ctx.revision(), ctx.functionCode(), t.declarationKind(), ctx.gatewayMessageId(), ctx.createdAt(),
                    t.destinationCustoms(), sources, prov, correlation, pp.parties, consignment, items, payment,
                    conversion.rates(), flags.isEmpty() ? null : new DataQuality(flags)));
            return DataQualityRules.evaluate(fused, new QualityContext(ctx.rates(), ctx.thresholds(),
                    ctx.genericWords()));
        }

        // -------------------------------------------------------------------------------- allocation

        /** Finds this parcel among the order's tracking links and plans its lines (PARTNER-APIS §7.1, §7.3). */
        private Plan plan(MatchedOrder m, int source) {
            Plan p = new Plan(m, source);
            OrderData o = m.order();
            Map<String, OrderData.Line> byId = new LinkedHashMap<>();
            o.lines().forEach(l -> byId.put(l.lineId(), l));
            checkAllocation(o, byId);

            List<OrderData.ShipmentLink> links = o.shipments();
            int self = -1;
            for (int i = 0; i < links.size() && self < 0; i++) {
                if (linksHere(links.get(i))) {
                    self = i;
                }
            }
            if (self < 0 && !links.isEmpty()) {
                // §7.1: the carrier's order-id hint is never enough when the order's links point elsewhere
                throw new FusionInputException("NOT_LINKED", "order " + o.orderId()
                        + " has tracking links, none to consignment " + transportKey());
            }
            p.parcels = Math.max(links.size(), 1);
            p.parcel = self < 0 ? transportKey() : links.get(self).trackingNumber();
            OrderData.ShipmentLink link = self < 0 ? null : links.get(self);
            p.link = link;
            if (link == null || link.lines().isEmpty()) {
                p.mode = links.size() > 1 ? Mode.UNALLOCATED : Mode.FULL;
                if (p.mode == Mode.FULL) {
                    // single parcel = all lines (§7 rule 6)
                    for (OrderData.Line l : o.lines()) {
                        p.planned.add(new Planned(l, l.quantity(), net(l)));
                    }
                }
                return p;
            }
            p.mode = Mode.SPLIT;
            p.self = self;
            // line value of each parcel: lineTotal x allocatedQty / quantity, HALF_UP, remainder on the
            // last parcel carrying the line (§7.3)
            List<Map<String, BigDecimal>> qty = new ArrayList<>();
            for (OrderData.ShipmentLink l : links) {
                Map<String, BigDecimal> q = new LinkedHashMap<>();
                l.lines().forEach(a -> q.merge(a.lineId(), a.quantity(), BigDecimal::add));
                qty.add(q);
            }
            boolean oneCurrency = o.lines().stream().map(l -> l.lineTotal().currency()).distinct().count() == 1;
            List<BigDecimal> weights = new ArrayList<>();
            links.forEach(l -> weights.add(BigDecimal.ZERO));
            BigDecimal total = BigDecimal.ZERO;
            for (OrderData.Line line : o.lines()) {
                Money net = net(line);
                total = total.add(weight(net, oneCurrency));
                List<Integer> carrying = new ArrayList<>();
                for (int i = 0; i < links.size(); i++) {
                    if (qty.get(i).getOrDefault(line.lineId(), BigDecimal.ZERO).signum() > 0) {
                        carrying.add(i);
                    }
                }
                BigDecimal allocatedQty = BigDecimal.ZERO;
                BigDecimal others = BigDecimal.ZERO;
                int sc = scale(net.currency());
                for (int k = 0; k < carrying.size(); k++) {
                    int i = carrying.get(k);
                    BigDecimal q = qty.get(i).get(line.lineId());
                    allocatedQty = allocatedQty.add(q);
                    BigDecimal v;
                    if (k < carrying.size() - 1) {
                        v = prorate(net.amount(), q, line.quantity(), sc);
                        others = others.add(v);
                    } else {
                        v = prorate(net.amount(), allocatedQty, line.quantity(), sc).subtract(others);
                    }
                    Money value = new Money(v, net.currency());
                    weights.set(i, weights.get(i).add(weight(value, oneCurrency)));
                    if (i == self) {
                        p.planned.add(new Planned(line, q, value));
                    }
                }
            }
            p.weights.addAll(weights);
            p.total = total;
            return p;
        }

        /** §6.4 / §7.3: Σ allocated quantity of a line over all parcels must not exceed the ordered quantity. */
        private void checkAllocation(OrderData o, Map<String, OrderData.Line> byId) {
            Map<String, BigDecimal> sum = new HashMap<>();
            for (OrderData.ShipmentLink l : o.shipments()) {
                for (OrderData.Allocation a : l.lines()) {
                    if (!byId.containsKey(a.lineId())) {
                        throw new FusionInputException("UNKNOWN_LINE", "order " + o.orderId() + " allocates line "
                                + a.lineId() + " which it does not have");
                    }
                    if (a.quantity().signum() < 0) {
                        throw new FusionInputException("INVALID_ALLOCATION", "negative quantity for line "
                                + a.lineId());
                    }
                    sum.merge(a.lineId(), a.quantity(), BigDecimal::add);
                }
            }
            sum.forEach((id, q) -> {
                if (q.compareTo(byId.get(id).quantity()) > 0) {
                    throw new FusionInputException("ALLOCATION_EXCEEDS_QUANTITY", "order " + o.orderId() + " line "
                            + id + ": " + q.toPlainString() + " allocated, " + byId.get(id).quantity().toPlainString()
                            + " ordered");
                }
            });
        }

        /** §7.1 key match: tracking number equals the house waybill, a tracking number or the S10 id. */
        private boolean linksHere(OrderData.ShipmentLink link) {
            String k = key(link.trackingNumber());
            Correlation c = t.correlation();
            Set<String> carrierCodes = new HashSet<>();
            boolean match = k.equals(key(c.houseWaybill())) || k.equals(key(c.s10ItemId()));
            for (Correlation.TrackingNumber tn : c.trackingNumbers()) {
                if (k.equals(key(tn.value()))) {
                    match = true;
                    if (tn.carrierCode() != null) {
                        carrierCodes.add(tn.carrierCode());
                    }
                }
            }
            // carrier code must match when both sides give one (§7 rule 1)
            return match && (link.carrierCode() == null || carrierCodes.isEmpty()
                    || carrierCodes.contains(link.carrierCode()));
        }

        private String transportKey() {
            Correlation c = t.correlation();
            return c.houseWaybill() != null ? c.houseWaybill() : c.s10ItemId();
        }

        /** lineTotal minus the discount when it was not yet subtracted (§6.2 {@code lines[].discount}). */
        private static Money net(OrderData.Line l) {
            Money total = norm(l.lineTotal());
            if (l.discount() == null || l.discount().amount().signum() == 0) {
                return total;
            }
            BigDecimal gross = l.unitPrice().amount().multiply(l.quantity());
            if (gross.compareTo(l.lineTotal().amount()) == 0) {
                return new Money(total.amount().subtract(l.discount().amount())
                        .setScale(scale(total.currency()), RoundingMode.HALF_UP), total.currency());
            }
            return total;
        }

        /** Weight of a line value for shares: its amount; its declaration-currency value when lines mix currencies. */
        private BigDecimal weight(Money value, boolean oneCurrency) {
            if (oneCurrency || value.currency().equals(cur)) {
                return value.amount();
            }
            return value.amount().multiply(rate(value.currency(), cur, "split weight").rate());
        }

        // -------------------------------------------------------------------------------- parties

        /** Parties in the order of the §9.1 example, with the transport side's old index → new index. */
        private record PartyPlan(List<Party> parties, Map<Integer, Integer> transportIndex,
                                 Map<String, String> sellerRefs, String buyerRef) {
        }

        private PartyPlan parties() {
            List<Party> out = new ArrayList<>();
            Map<Integer, Integer> moved = new HashMap<>();
            Map<String, String> sellerRefs = new LinkedHashMap<>();
            // SELLER from the platform always (§7 rule 2); one party per distinct platform seller
            for (Plan p : plans) {
                for (OrderData.OrderParty s : p.o.sellers()) {
                    String k = p.o.platformId() + "\u0000" + s.id();
                    if (sellerRefs.containsKey(k)) {
                        continue;
                    }
                    List<Party.Identifier> ids = new ArrayList<>();
                    if (s.id() != null) {
                        // §6.2 seller.sellerId -> identifier PLATFORM_SELLER_ID issued by the platform
                        ids.add(new Party.Identifier(IdentifierScheme.PLATFORM_SELLER_ID, s.id(), p.o.platformId()));
                    }
                    ids.addAll(s.identifiers());
                    sellerRefs.put(k, "P" + (out.size() + 1));
                    provenance.put("/parties/" + out.size(), p.source);
                    out.add(party(PartyRole.SELLER, s, ids, out.size()));
                }
            }
            addTransport(out, moved, PartyRole.CONSIGNOR);
            // BUYER from the first order; a parcel combining orders has one buyer (§7.3)
            Plan first = plans.get(0);
            String buyerRef = "P" + (out.size() + 1);
            provenance.put("/parties/" + out.size(), first.source);
            out.add(party(PartyRole.BUYER, first.o.buyer(), first.o.buyer().identifiers(), out.size()));
            int before = out.size();
            addTransport(out, moved, PartyRole.CONSIGNEE);
            if (out.size() == before && first.o.shipTo() != null) {
                // §6.2 shippingAddress: CONSIGNEE when the transport side gives none
                provenance.put("/parties/" + out.size(), first.source);
                out.add(party(PartyRole.CONSIGNEE, first.o.shipTo(), List.of(), out.size()));
            }
            addTransport(out, moved, PartyRole.IMPORTER);
            addTransport(out, moved, PartyRole.CARRIER);
            Set<String> platforms = new LinkedHashSet<>();
            for (Plan p : plans) {
                Party cfg = p.m.platformParty();
                if (cfg == null || !platforms.add(p.o.platformId())) {
                    continue;
                }
                List<Party.Identifier> ids = new ArrayList<>(cfg.identifiers());
                String ioss = p.o.vat().iossNumber();
                if (ioss != null && ids.stream().noneMatch(i -> i.scheme() == IdentifierScheme.IOSS
                        && i.value().equals(ioss))) {
                    // §5.6 vat.iossNumber "also copied into parties[PLATFORM].identifiers"
                    provenance.put("/parties/" + out.size() + "/identifiers/" + ids.size(), p.source);
                    ids.add(new Party.Identifier(IdentifierScheme.IOSS, ioss, null));
                }
                out.add(new Party("P" + (out.size() + 1), PartyRole.PLATFORM, cfg.typeOfPerson(), cfg.name(),
                        cfg.address(), cfg.contact(), ids));
            }
            if (platforms.isEmpty()) {
                addTransport(out, moved, PartyRole.PLATFORM);
            }
            addTransport(out, moved, PartyRole.REPRESENTATIVE);
            return new PartyPlan(out, moved, sellerRefs, buyerRef);
        }

        private void addTransport(List<Party> out, Map<Integer, Integer> moved, PartyRole role) {
            List<Party> tp = t.parties();
            for (int i = 0; i < tp.size(); i++) {
                Party p = tp.get(i);
                if (p.role() == role) {
                    moved.put(i, out.size());
                    out.add(new Party("P" + (out.size() + 1), role, p.typeOfPerson(), p.name(), p.address(),
                            p.contact(), p.identifiers()));
                }
            }
        }

        private static Party party(PartyRole role, OrderData.OrderParty p, List<Party.Identifier> ids, int index) {
            Party.Contact contact = p.email() == null && p.phone() == null ? null
                    : new Party.Contact(p.email(), p.phone());
            return new Party("P" + (index + 1), role, p.typeOfPerson(), p.name(), p.address(), contact, ids);
        }

        // -------------------------------------------------------------------------------- items

        /** Items plus, per fused item, the matched transport item and the fields whose transport value survived. */
        private record ItemResult(List<Item> items, Map<Integer, Integer> transportToFused,
                                  Map<Integer, Set<String>> keptFields, Map<Integer, Boolean> bothGaveHs) {
        }

        /** §7 rule 6: the carrier's lines as they are, when an order has no allocation (§7.3 SPLIT_UNALLOCATED). */
        private ItemResult transportItems(PartyPlan pp) {
            String sellerRef = pp.sellerRefs.values().iterator().next();
            List<Item> items = new ArrayList<>();
            Map<Integer, Integer> map = new HashMap<>();
            Map<Integer, Set<String>> kept = new HashMap<>();
            for (Item i : t.items()) {
                int idx = items.size();
                map.put(idx, idx);
                kept.put(idx, Set.of("*"));
                items.add(new Item(i.sequence(), i.description(), i.hsCode(), i.quantity(), i.netMassKg(),
                        i.grossMassKg(), i.value(), i.unitPrice(), i.originalValue(), i.countryOfOrigin(),
                        i.productUrl(), i.sku(), i.platformLineId(), sellerRef, i.dangerousGoodsUn(),
                        i.additionalDocuments(), i.manufacturerProductId(), i.gtin()));
                if (i.originalValue() != null) {
                    keepTransportRate(i.originalValue().currency());
                }
            }
            return new ItemResult(items, map, kept, Map.of());
        }

        /** §7 rule 6: one item per allocated order line, in order, transport lines matched for masses. */
        private ItemResult platformItems(PartyPlan pp) {
            List<Plan> ordered = plans;
            List<Planned> planned = new ArrayList<>();
            List<Plan> owner = new ArrayList<>();
            for (Plan p : ordered) {
                for (Planned x : p.planned) {
                    planned.add(x);
                    owner.add(p);
                }
            }
            List<Item> carrier = t.items();
            Integer[] match = new Integer[planned.size()];
            Set<Integer> used = new HashSet<>();
            // first pass: same HS first 6 digits and quantity
            for (int j = 0; j < planned.size(); j++) {
                String hs6 = hs6(digits(planned.get(j).line().hsCode()));
                for (int i = 0; i < carrier.size() && hs6 != null; i++) {
                    Item c = carrier.get(i);
                    if (!used.contains(i) && c.hsCode() != null && hs6.equals(hs6(c.hsCode().value()))
                            && c.quantity().value().compareTo(planned.get(j).quantity()) == 0) {
                        match[j] = i;
                        used.add(i);
                        break;
                    }
                }
            }
            // second pass: by position
            for (int j = 0; j < planned.size(); j++) {
                if (match[j] == null && j < carrier.size() && !used.contains(j)) {
                    match[j] = j;
                    used.add(j);
                }
            }
            if (carrier.size() != planned.size()) {
                flag(FlagCode.ITEMS_RESTRUCTURED, Severity.INFO, "/items", carrier.size() + " " + transportWord
                        + " lines, " + planned.size() + " allocated platform lines");
            }

            List<Item> items = new ArrayList<>();
            Map<Integer, Integer> map = new HashMap<>();
            Map<Integer, Set<String>> kept = new HashMap<>();
            Map<Integer, Boolean> bothHs = new HashMap<>();
            for (int j = 0; j < planned.size(); j++) {
                Plan p = owner.get(j);
                Planned x = planned.get(j);
                Item c = match[j] == null ? null : carrier.get(match[j]);
                Set<String> k = new HashSet<>();
                if (c != null) {
                    map.put(match[j], j);
                }
                kept.put(j, k);
                items.add(item(j, p, x, c, k, pp, bothHs));
            }
            return new ItemResult(items, map, kept, bothHs);
        }

        private Item item(int j, Plan p, Planned x, Item c, Set<String> kept, PartyPlan pp,
                          Map<Integer, Boolean> bothHs) {
            String base = "/items/" + j;
            OrderData.Line l = x.line();
            int src = p.source;

            // §4 Text before the comparison: a title with a line break is the carrier's text all the same
            CanonicalText.Normalised title = CanonicalText.normalise(l.title());
            String description = title.text();
            if (c != null && c.description().equals(description)) {
                kept.add("description");
            } else {
                provenance.put(base + "/description", src);
                if (title.changed()) {
                    flag(FlagCode.TEXT_NORMALISED, Severity.INFO, base + "/description", title.change());
                }
                if (c != null) {
                    flag(FlagCode.DESCRIPTION_FROM_PLATFORM, Severity.INFO, base + "/description",
                            transportWord + " text '" + c.description() + "' replaced by platform listing title");
                }
            }

            HsCode hs = hs(base, l, c, src, kept);
            bothHs.put(j, c != null && c.hsCode() != null && l.hsCode() != null);

            Quantity qty = new Quantity(plain(x.quantity()), REC20.getOrDefault(l.unit() == null ? "PCS" : l.unit(),
                    "H87"));
            if (c != null && c.quantity().value().compareTo(qty.value()) == 0
                    && c.quantity().unit().equals(qty.unit())) {
                kept.add("quantity");
            } else {
                provenance.put(base + "/quantity", src);
            }

            // masses always from the transport side (§7 rule 2); unitWeight x qty only as fallback (§5.5)
            BigDecimal net = c == null ? null : c.netMassKg();
            if (net != null) {
                kept.add("netMassKg");
            } else if (l.unitWeightKg() != null) {
                net = l.unitWeightKg().multiply(x.quantity()).setScale(3, RoundingMode.HALF_UP);
                provenance.put(base + "/netMassKg", src);
            }
            BigDecimal gross = c == null ? null : c.grossMassKg();
            if (gross != null) {
                kept.add("grossMassKg");
            }

            Money original = x.value();
            Money value = convert(original, base + "/value", true);
            if (c == null || !same(c.value(), value)) {
                provenance.put(base + "/value", src);
            }
            if (c != null) {
                checkValueMismatch(base + "/value", c.value(), value);
            }
            Money unitPrice = convert(norm(l.unitPrice()), base + "/unitPrice", false);
            if (c == null || c.unitPrice() == null || !same(c.unitPrice(), unitPrice)) {
                provenance.put(base + "/unitPrice", src);
            }

            String origin = l.originCountry();
            if (origin == null) {
                origin = c == null ? null : c.countryOfOrigin();
                if (origin != null) {
                    kept.add("countryOfOrigin");
                }
            } else if (c != null && origin.equals(c.countryOfOrigin())) {
                kept.add("countryOfOrigin");
            } else {
                provenance.put(base + "/countryOfOrigin", src);
            }
            if (origin == null) {
                origin = t.consignment().route().countryOfDispatch();
                flag(FlagCode.ORIGIN_ASSUMED, Severity.WARNING, base + "/countryOfOrigin",
                        "origin missing on both sides; dispatch country " + origin + " used");
            }

            String url = platformField(base + "/productUrl", l.productUrl(), c == null ? null : c.productUrl(), src);
            String sku = platformField(base + "/sku", l.sku(), c == null ? null : c.sku(), src);
            String lineId = platformField(base + "/platformLineId", l.lineId(), c == null ? null : c.platformLineId(),
                    src);
            // product identifiers (issue 15): the platform's win, like the sku
            String mpn = platformField(base + "/manufacturerProductId", l.manufacturerProductId(),
                    c == null ? null : c.manufacturerProductId(), src);
            String gtin = platformField(base + "/gtin", l.gtin(), c == null ? null : c.gtin(), src);
            String sellerId = l.sellerId() != null ? l.sellerId() : p.o.sellers().get(0).id();
            String sellerRef = pp.sellerRefs.get(p.o.platformId() + "\u0000" + sellerId);
            if (sellerRef == null) {
                sellerRef = pp.sellerRefs.get(p.o.platformId() + "\u0000" + p.o.sellers().get(0).id());
            }
            return new Item(j + 1, description, hs, qty, net, gross, value, unitPrice,
                    value == original ? null : original, origin, url, sku, lineId, sellerRef,
                    c == null ? null : c.dangerousGoodsUn(), c == null ? null : c.additionalDocuments(), mpn, gtin);
        }

        /** A platform-owned value (§7 rule 2 product URL; Fill M first for sku, line id); listed when it is new. */
        private String platformField(String path, String platform, String transport, int src) {
            if (platform == null) {
                return transport;
            }
            if (!platform.equals(transport)) {
                provenance.put(path, src);
            }
            return platform;
        }

        /**
         * HS per §5.8 HS_CONFLICT: same code, or one extends the other → the longer; different
         * first 6 digits → the transport side's, flagged. Where the sources disagreed, the source
         * whose code was kept is listed (§5.1 provenance).
         */
        private HsCode hs(String base, OrderData.Line l, Item c, int src, Set<String> kept) {
            String platform = digits(l.hsCode());
            HsCode carrier = c == null ? null : c.hsCode();
            String path = base + "/hsCode";
            if (platform == null) {
                if (carrier != null) {
                    kept.add("hsCode");
                }
                return carrier;
            }
            if (carrier == null) {
                provenance.put(path, src);
                return hsCode(platform);
            }
            String cv = carrier.value();
            if (cv.equals(platform)) {
                kept.add("hsCode");
                return carrier;
            }
            String c6 = hs6(cv);
            if (c6 != null && c6.equals(hs6(platform))) {
                if (cv.length() >= platform.length()) {
                    kept.add("hsCode");
                    provenance.put(path, transportSource);
                    return carrier;
                }
                provenance.put(path, src);
                return hsCode(platform);
            }
            kept.add("hsCode");
            provenance.put(path, transportSource);
            flag(FlagCode.HS_CONFLICT, Severity.WARNING, path, transportWord + " " + cv + ", platform " + platform
                    + ": first 6 digits differ; " + transportWord + " code kept");
            return carrier;
        }

        /** §4 HsCode: system from length and destination (the reader accepted 6, 8 or 10 digits). */
        private HsCode hsCode(String digits) {
            return HsCodes.classify(digits, dest);
        }

        private static String digits(String raw) {
            if (raw == null) {
                return null;
            }
            String d = raw.replace(".", "").replace(" ", "");
            return d.isEmpty() ? null : d;
        }

        private static String hs6(String digits) {
            return digits == null || digits.length() < 6 ? null : digits.substring(0, 6);
        }

        private static BigDecimal plain(BigDecimal q) {
            BigDecimal s = q.stripTrailingZeros();
            return s.scale() < 0 ? s.setScale(0) : s;
        }

        private static boolean same(Money a, Money b) {
            return a != null && b != null && a.currency().equals(b.currency()) && a.amount().compareTo(b.amount()) == 0;
        }

        /** §5.8 VALUE_MISMATCH (declaration currency): both values exist only here. */
        private void checkValueMismatch(String path, Money carrier, Money platform) {
            ValueMismatch.check(path, carrier, platform, transportWord).ifPresent(this::flag);
        }

        // -------------------------------------------------------------------------------- consignment

        /** §6.2 orderId/orderedAt -> invoice number/date only without a transport invoice; total from the order. */
        private Consignment.Invoice invoice() {
            Consignment.Invoice ti = t.consignment().invoice();
            Plan first = plans.get(0);
            String number;
            if (plans.size() == 1) {
                number = first.o.orderId();
            } else {
                String joined = String.join(", ", plans.stream().map(p -> p.o.orderId()).toList());
                number = joined.length() <= 70 ? joined : first.o.orderId();
            }
            // invoice.date is the UTC date of orderedAt (§6.2 "date part, UTC")
            LocalDate date = first.o.orderedAt().withOffsetSameInstant(ZoneOffset.UTC).toLocalDate();
            Money total = null;
            if (plans.stream().map(p -> p.o.orderTotal().currency()).distinct().count() == 1) {
                BigDecimal sum = BigDecimal.ZERO;
                for (Plan p : plans) {
                    sum = sum.add(norm(p.o.orderTotal()).amount());
                }
                total = new Money(sum, first.o.orderTotal().currency());
            }
            int src = first.source;
            if (ti == null || ti.number() == null) {
                provenance.put("/consignment/invoice", src);
                return new Consignment.Invoice(number, date, total);
            }
            if (total != null && !same(ti.total(), total)) {
                provenance.put("/consignment/invoice/total", src);
            }
            return new Consignment.Invoice(ti.number(), ti.date(), total != null ? total : ti.total());
        }

        /** §7.3 shipping pro-rated by allocated value; Fill "M, E": the order's charge, else the carrier's. */
        private Money transportCost() {
            Money sum = null;
            Integer src = null;
            for (Plan p : plans) {
                Money share = p.share(norm(p.o.shipping()));
                if (share == null) {
                    continue;
                }
                Money converted = convert(share, "/consignment/transportCost", true);
                sum = sum == null ? converted : new Money(sum.amount().add(converted.amount()), cur);
                src = src == null ? p.source : src;
            }
            if (sum == null) {
                return t.consignment().transportCost();
            }
            if (!same(t.consignment().transportCost(), sum)) {
                provenance.put("/consignment/transportCost", src);
            }
            return sum;
        }

        /** Fill "E, P": the transport side's insurance cost; the order's charge only when it has none. */
        private Money insuranceCost(boolean allocated) {
            if (t.consignment().insuranceCost() != null || !allocated) {
                return t.consignment().insuranceCost();
            }
            Money sum = null;
            Integer src = null;
            for (Plan p : plans) {
                Money share = p.share(norm(p.o.insurance()));
                if (share != null) {
                    Money converted = convert(share, "/consignment/insuranceCost", true);
                    sum = sum == null ? converted : new Money(sum.amount().add(converted.amount()), cur);
                    src = src == null ? p.source : src;
                }
            }
            if (sum != null) {
                provenance.put("/consignment/insuranceCost", src);
            }
            return sum;
        }

        private Correlation correlation() {
            Correlation c = t.correlation();
            List<Correlation.TrackingNumber> tracking = new ArrayList<>(c.trackingNumbers());
            String carrierCode = tracking.stream().map(Correlation.TrackingNumber::carrierCode)
                    .filter(Objects::nonNull).findFirst().orElse(null);
            for (Plan p : plans) {
                // Fill "E, M": the order's tracking link that matched is a tracking number of this
                // consignment; it equals a transport key, so it is not listed in provenance (§9.1)
                if (p.link == null) {
                    continue;
                }
                String code = p.link.carrierCode() != null ? p.link.carrierCode() : carrierCode;
                String k = key(p.link.trackingNumber());
                if (code != null && tracking.stream().noneMatch(tn -> k.equals(key(tn.value())))) {
                    tracking.add(new Correlation.TrackingNumber(code, p.link.trackingNumber()));
                }
            }
            List<Correlation.PlatformOrderId> ids = new ArrayList<>(c.platformOrderIds());
            for (Plan p : plans) {
                Correlation.PlatformOrderId id = new Correlation.PlatformOrderId(p.o.platformId(), p.o.orderId());
                if (!ids.contains(id)) {
                    provenance.put("/correlation/platformOrderIds/" + ids.size(), p.source);
                    ids.add(id);
                }
            }
            return new Correlation(c.s10ItemId(), c.houseWaybill(), c.masterAirWaybill(), tracking, ids,
                    c.lrn(), c.ucr());
        }

        // -------------------------------------------------------------------------------- payment

        /** Allocated value of each order in the declaration currency, for choosing among payments (§7.3). */
        private Map<Plan, BigDecimal> intrinsicOf(List<Plan> ps) {
            Map<Plan, BigDecimal> out = new LinkedHashMap<>();
            for (Plan p : ps) {
                BigDecimal v = BigDecimal.ZERO;
                for (Planned x : p.planned) {
                    v = v.add(x.value().currency().equals(cur) ? x.value().amount()
                            : x.value().amount().multiply(rate(x.value().currency(), cur, "payment choice").rate()));
                }
                out.put(p, v);
            }
            return out;
        }

        /**
         * §5.6 payment from the order, with this parcel's share of amount and VAT collected (§7.3);
         * several orders: the sum when currency and method agree, else the payment of the order with
         * the highest value and {@code VALUE_MISMATCH}. Amounts are not converted (§5.7).
         */
        private Payment payment(String buyerRef, Map<Plan, BigDecimal> values) {
            List<Payment> shares = new ArrayList<>();
            for (Plan p : plans) {
                OrderData.OrderPayment op = p.o.payment();
                OrderData.OrderVat v = p.o.vat();
                Payment.Vat vat = new Payment.Vat(v.scheme(), v.iossNumber(), p.share(norm(v.collected())),
                        v.registrationNumber());
                shares.add(new Payment(op.method(), p.share(norm(op.amount())), op.paidAt(), op.transactionRef(),
                        buyerRef, vat));
            }
            Payment first = shares.get(0);
            provenance.put("/payment", plans.get(0).source);
            if (shares.size() == 1) {
                return first;
            }
            boolean summable = shares.stream().allMatch(s -> s.method() == first.method()
                    && s.amount().currency().equals(first.amount().currency()));
            if (summable) {
                BigDecimal amount = BigDecimal.ZERO;
                for (Payment s : shares) {
                    amount = amount.add(s.amount().amount());
                }
                Money collected = null;
                boolean vatSummable = shares.stream().allMatch(s -> s.vat().collected() != null
                        && s.vat().collected().currency().equals(first.vat().collected().currency()));
                if (first.vat().collected() != null && vatSummable) {
                    BigDecimal c = BigDecimal.ZERO;
                    for (Payment s : shares) {
                        c = c.add(s.vat().collected().amount());
                    }
                    collected = new Money(c, first.vat().collected().currency());
                }
                return new Payment(first.method(), new Money(amount, first.amount().currency()), first.paidAt(),
                        first.transactionRef(), buyerRef, new Payment.Vat(first.vat().scheme(),
                        first.vat().iossNumber(), collected, first.vat().registrationNumber()));
            }
            int best = 0;
            List<BigDecimal> v = new ArrayList<>(values.values());
            for (int i = 1; i < v.size(); i++) {
                if (v.get(i).compareTo(v.get(best)) > 0) {
                    best = i;
                }
            }
            Payment chosen = shares.get(best);
            provenance.put("/payment", plans.get(best).source);
            StringBuilder detail = new StringBuilder("payments cannot be summed (");
            for (int i = 0; i < shares.size(); i++) {
                Payment s = shares.get(i);
                detail.append(i == 0 ? "" : ", ").append(plans.get(i).o.orderId()).append(' ')
                        .append(s.amount().amount().toPlainString()).append(' ').append(s.amount().currency())
                        .append(' ').append(s.method());
            }
            detail.append("); payment of order ").append(plans.get(best).o.orderId()).append(" kept");
            flag(FlagCode.VALUE_MISMATCH, Severity.WARNING, "/payment/amount", detail.toString());
            return chosen;
        }

        // -------------------------------------------------------------------------------- flags

        /**
         * Carries the transport side's flags over: dropped when the fusion computes them again or when
         * the flagged value was replaced; item and party pointers follow the new positions.
         */
        private void keepTransportFlags(PartyPlan pp, ItemResult ir, boolean allocated, Money transportCost,
                                        Money insuranceCost) {
            if (t.dataQuality() == null) {
                return;
            }
            for (DataQuality.Flag f : t.dataQuality().flags()) {
                if (RECOMPUTED.contains(f.code()) || DataQualityRules.OWN.contains(f.code())) {
                    continue;
                }
                String path = f.path();
                Matcher im = ITEM_PATH.matcher(path);
                Matcher pm = PARTY_PATH.matcher(path);
                if (im.matches()) {
                    int i = Integer.parseInt(im.group(1));
                    Integer j = ir.transportToFused.get(i);
                    String field = im.group(3);
                    Set<String> kept = j == null ? Set.of() : ir.keptFields.get(j);
                    if (j == null || !(kept.contains("*") || kept.contains(field))
                            || (allocated && f.code() == FlagCode.CURRENCY_CONVERTED)) {
                        continue;
                    }
                    path = "/items/" + j + (im.group(2) == null ? "" : im.group(2));
                } else if (pm.matches()) {
                    Integer j = pp.transportIndex.get(Integer.parseInt(pm.group(1)));
                    if (j == null) {
                        continue;
                    }
                    path = "/parties/" + j + (pm.group(2) == null ? "" : pm.group(2));
                } else if (path.startsWith("/consignment/transportCost")
                        && transportCost != t.consignment().transportCost()) {
                    continue;
                } else if (path.startsWith("/consignment/insuranceCost")
                        && insuranceCost != t.consignment().insuranceCost()) {
                    continue;
                }
                if (f.code() == FlagCode.CURRENCY_CONVERTED) {
                    Matcher cm = CONVERTED_DETAIL.matcher(f.detail() == null ? "" : f.detail());
                    if (cm.find()) {
                        keepTransportRate(cm.group(1));
                    } else {
                        t.exchangeRates().forEach(conversion::keep);
                    }
                }
                flags.add(new DataQuality.Flag(f.code(), f.severity(), path, f.detail()));
            }
        }

        /** A transport-side conversion that survives keeps its {@code exchangeRates[]} entry (§5.7). */
        private void keepTransportRate(String from) {
            t.exchangeRates().stream().filter(r -> r.from().equals(from) && r.to().equals(cur))
                    .forEach(conversion::keep);
        }

        /** §5.8 IOSS_MISMATCH: the seller-side number (transport side) against the platform's. */
        private void checkIossMismatch(Payment payment) {
            if (payment == null || payment.vat() == null) {
                return;
            }
            String transportIoss = t.consignment().iossNumber();
            if (transportIoss == null) {
                transportIoss = t.parties().stream().filter(p -> p.role() == PartyRole.SELLER)
                        .flatMap(p -> p.identifiers().stream()).filter(i -> i.scheme() == IdentifierScheme.IOSS)
                        .map(Party.Identifier::value).findFirst().orElse(null);
            }
            Ioss.checkMismatch(transportIoss, payment.vat().iossNumber(), transportWord).ifPresent(this::flag);
        }

        /** HS_DESCRIPTION_IMPLAUSIBLE for the items where both sides gave an HS code. */
        private void checkHsPlausible(List<Item> items, ItemResult ir) {
            for (int j = 0; j < items.size(); j++) {
                Item i = items.get(j);
                if (i.hsCode() != null && Boolean.TRUE.equals(ir.bothGaveHs.get(j))) {
                    checkHsPlausible("/items/" + j + "/hsCode", i);
                }
            }
        }

        /** §5.8 HS_DESCRIPTION_IMPLAUSIBLE with the configured keyword table (off when empty). */
        private void checkHsPlausible(String path, Item i) {
            if (ctx.hsKeywords().isEmpty()) {
                return;
            }
            Set<String> suggested = new TreeSet<>();
            for (String w : i.description().toUpperCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")) {
                Set<String> chapters = ctx.hsKeywords().get(w);
                if (chapters == null && w.endsWith("S")) {
                    chapters = ctx.hsKeywords().get(w.substring(0, w.length() - 1));
                }
                if (chapters != null) {
                    suggested.addAll(chapters);
                }
            }
            String chapter = i.hsCode().value().substring(0, 2);
            if (!suggested.isEmpty() && !suggested.contains(chapter)) {
                flag(FlagCode.HS_DESCRIPTION_IMPLAUSIBLE, Severity.WARNING, path, "HS " + i.hsCode().value()
                        + ", chapter " + chapter + "; description suggests " + String.join(", ", suggested));
            }
        }

        /**
         * §5.8 UNDERVALUATION_SUSPECTED: the transport side's declared value (Σ its line values) below
         * the allocated order value or the payment by more than the margin.
         */
        private void checkUndervaluation(Money intrinsic, Payment payment) {
            Money declared = t.consignment().intrinsicValue();
            BigDecimal floor = BigDecimal.ONE.subtract(ctx.undervaluationMargin());
            boolean low = declared.amount().compareTo(intrinsic.amount().multiply(floor)) < 0;
            if (payment != null) {
                BigDecimal paid = payment.amount().currency().equals(cur) ? payment.amount().amount()
                        : ctx.rates().lookup(payment.amount().currency(), cur, rateDate)
                        .map(r -> payment.amount().amount().multiply(r.rate())).orElse(null);
                low |= paid != null && declared.amount().compareTo(paid.multiply(floor)) < 0;
            }
            if (low) {
                flag(FlagCode.UNDERVALUATION_SUSPECTED, Severity.WARNING, "/consignment/intrinsicValue",
                        "declared " + declared.amount().toPlainString() + " " + declared.currency() + ", order "
                                + intrinsic.amount().toPlainString() + " " + intrinsic.currency()
                                + (payment == null ? "" : ", payment " + payment.amount().amount().toPlainString()
                                + " " + payment.amount().currency()));
            }
        }

        /** SPLIT_SHIPMENT / SPLIT_UNALLOCATED (§7.3) and LATE_ENRICHMENT (§7 rule 4). */
        private void planFlags(boolean allocated) {
            for (Plan p : plans) {
                boolean partial = p.mode == Mode.SPLIT && (p.parcels > 1 || p.o.lines().size() != p.planned.size()
                        || p.planned.stream().anyMatch(x -> x.quantity().compareTo(x.line().quantity()) != 0));
                if (partial) {
                    StringBuilder d = new StringBuilder("order " + p.o.orderId() + " spread over " + p.parcels
                            + " parcels; parcel " + p.parcel + " declares");
                    p.planned.forEach(x -> d.append(' ').append(x.line().lineId()).append(" x")
                            .append(plain(x.quantity()).toPlainString()));
                    flag(FlagCode.SPLIT_SHIPMENT, Severity.INFO, "/items", d.toString());
                }
                if (p.mode == Mode.UNALLOCATED) {
                    flag(FlagCode.SPLIT_UNALLOCATED, Severity.WARNING, "/items", "order " + p.o.orderId()
                            + " linked to " + p.parcels + " parcels without line allocation; " + transportWord
                            + " lines kept, payment is the whole order's");
                }
                if (ctx.lateEnrichment()) {
                    flag(FlagCode.LATE_ENRICHMENT, Severity.INFO, "/sources/" + p.source, "order " + p.o.orderId()
                            + " added after an earlier revision was sent");
                }
            }
        }

        private void flag(FlagCode code, Severity severity, String path, String detail) {
            flag(new DataQuality.Flag(code, severity, path, detail));
        }

        private void flag(DataQuality.Flag f) {
            if (!flags.contains(f)) {
                flags.add(f);
            }
        }

        // -------------------------------------------------------------------------------- money

        /**
         * A value in the declaration currency, converted with the rate of {@link #rateDate} and
         * listed in {@code exchangeRates[]} (§5.7). Zero stays zero without a conversion entry;
         * {@code CURRENCY_CONVERTED} only for the values §5.7 lists as converted, not for unit prices
         * (samples README §1 expects exactly one flag for the converted USD line).
         */
        private Money convert(Money original, String path, boolean flagIt) {
            if (original != null && !original.currency().equals(cur) && original.amount().signum() == 0) {
                return new Money(BigDecimal.ZERO.setScale(scale(cur)), cur);
            }
            return conversion.convert(original, path, flagIt);
        }

        private ExchangeRateTable.Rate rate(String from, String to, String why) {
            LocalDate d = rateDate != null ? rateDate
                    : LocalDate.ofInstant(sources.get(0).receivedAt(), ZoneOffset.UTC);
            return ctx.rates().lookup(from, to, d).orElseThrow(() -> new MissingExchangeRateException(from, to, why));
        }
    }
}
