package org.clearway.routes.enrich;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.clearway.mappings.canonical.Correlation;
import org.clearway.mappings.canonical.Declaration;
import org.clearway.mappings.canonical.IdentifierScheme;
import org.clearway.mappings.canonical.PartnerKind;
import org.clearway.mappings.canonical.Party;
import org.clearway.mappings.canonical.PartyRole;
import org.clearway.mappings.canonical.Source;
import org.clearway.mappings.canonical.TypeOfPerson;
import org.clearway.mappings.fusion.MatchedOrder;
import org.clearway.mappings.fusion.OrderData;
import org.clearway.mappings.fusion.PlatformOrderAdapter;
import org.clearway.mappings.platform.PlatformOrder;
import org.clearway.mappings.platform.PlatformOrderReader;
import org.clearway.routes.store.PlatformOrderStore;
import org.clearway.routes.store.PlatformOrderStore.OrderRef;
import org.clearway.routes.store.PlatformOrderStore.StoredOrder;
import org.clearway.routes.store.PlatformUploadStore;
import org.clearway.routes.support.GatewayProperties.CarrierParty;
import org.clearway.routes.support.GatewayProperties.Partner;
import org.clearway.routes.support.GatewayProperties.Role;
import org.clearway.routes.support.Partners;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Finds the platform orders linked to a consignment (PARTNER-APIS §7.1): the transport side's
 * house waybill and tracking numbers, normalised, against the orders' parcels of the submitting
 * carrier's code; an order counts only when its platform partner may link that carrier code and
 * it is not cancelled. Each match carries the {@code sources[]} record of the message that brought
 * the order's current version and the platform's configured PLATFORM party (CANONICAL-MODEL §5.3).
 */
@Component
public class OrderCorrelation {
    private static final Logger log = LoggerFactory.getLogger(OrderCorrelation.class);

    private final PlatformOrderStore orders;
    private final PlatformUploadStore uploads;
    private final Partners partners;
    private final PlatformOrderReader reader = new PlatformOrderReader();

    public OrderCorrelation(PlatformOrderStore orders, PlatformUploadStore uploads, Partners partners) {
        this.orders = orders;
        this.uploads = uploads;
        this.partners = partners;
    }

    /** The orders linked to this express declaration by {@code carrierCode}; empty when none. */
    public List<MatchedOrder> ordersFor(Declaration transport, String carrierCode) {
        if (carrierCode == null) {
            return List.of();
        }
        Set<String> keys = parcelKeys(transport);
        Correlation c = transport.correlation();
        Set<OrderRef> refs = new LinkedHashSet<>();
        for (String k : keys) {
            for (OrderRef ref : orders.ordersForParcel(carrierCode, k)) {
                if (linkable(ref.partnerId()).contains(carrierCode)) {
                    refs.add(ref);
                }
            }
        }
        if (c.platformOrderIds() != null) {
            for (Correlation.PlatformOrderId hint : c.platformOrderIds()) {
                if (hintCounts(hint.platformId(), hint.value(), carrierCode, keys)) {
                    refs.add(new OrderRef(hint.platformId(), hint.value()));
                }
            }
        }
        return matched(refs);
    }

    /**
     * PARTNER-APIS §7.1 row 3: the carrier's {@code platform.orderIds[]} names an order of
     * {@code platformId}; it counts only when that platform may link the carrier's code, the order
     * is stored and not cancelled, and none of its tracking links points elsewhere (an order
     * without links, or one linked to this parcel).
     */
    public boolean hintCounts(String platformId, String orderId, String carrierCode, Set<String> parcelKeys) {
        if (platformId == null || orderId == null || !linkable(platformId).contains(carrierCode)) {
            return false;
        }
        if (orders.find(platformId, orderId).filter(o -> !o.cancelled()).isEmpty()) {
            return false;
        }
        List<PlatformOrderStore.Parcel> parcels = orders.parcels(platformId, orderId);
        return parcels.isEmpty() || parcels.stream()
                .anyMatch(p -> carrierCode.equals(p.carrierCode()) && parcelKeys.contains(p.trackingNorm()));
    }

    /** The express parcel keys of a transport declaration: house waybill and tracking numbers, normalised. */
    public static Set<String> parcelKeys(Declaration transport) {
        Set<String> keys = new LinkedHashSet<>();
        Correlation c = transport.correlation();
        if (c.houseWaybill() != null) {
            keys.add(PlatformOrder.normaliseTrackingNumber(c.houseWaybill()));
        }
        if (c.trackingNumbers() != null) {
            c.trackingNumbers().forEach(t -> keys.add(PlatformOrder.normaliseTrackingNumber(t.value())));
        }
        return keys;
    }

    /** The content hash of a hinted order that counts for the transport, as {@link #currentOrderContent} gives it. */
    public java.util.Map<String, String> hintedOrderContent(String platformId, String orderId, String carrierCode,
                                                            Set<String> parcelKeys) {
        if (!hintCounts(platformId, orderId, carrierCode, parcelKeys)) {
            return java.util.Map.of();
        }
        return orders.find(platformId, orderId).map(o -> java.util.Map.of(platformId + "/" + orderId, o.contentSha256()))
                .orElse(java.util.Map.of());
    }

    /**
     * The orders linked to this postal declaration (PARTNER-APIS §7.1 row 2): exact on the S10 id,
     * with a carrier code that is one of the posting partner's UPU operator codes, or with none
     * (see {@link PostalLinkRules}); the platform must be allowed to link that code. Empty when the
     * post has no operator code configured.
     */
    public List<MatchedOrder> ordersForPostal(Declaration transport, String postalPartnerId) {
        List<String> codes = partners.operatorCodes(postalPartnerId);
        String s10 = transport.correlation().s10ItemId();
        if (codes.isEmpty() || s10 == null) {
            return List.of();
        }
        String key = PlatformOrder.normaliseTrackingNumber(s10);
        Set<OrderRef> refs = new LinkedHashSet<>();
        List<String> searched = new ArrayList<>(codes);
        searched.add(PostalLinkRules.NO_CARRIER_CODE);
        for (String code : searched) {
            for (OrderRef ref : orders.ordersForParcel(code, key)) {
                if (PostalLinkRules.countsForPost(code, key, linkable(ref.partnerId()), codes)) {
                    refs.add(ref);
                } else {
                    log.info("order {}/{} names postal item {} but may not link it for {}", ref.partnerId(),
                            ref.orderId(), key, postalPartnerId);
                }
            }
        }
        return matched(refs);
    }

    /** The carrier codes a platform partner may link; empty for anything else. */
    private List<String> linkable(String partnerId) {
        return partners.get(partnerId).filter(p -> p.role() == Role.PLATFORM && p.platform() != null)
                .map(p -> p.platform().linkableCarrierCodes()).orElse(List.of());
    }

    private List<MatchedOrder> matched(Set<OrderRef> refs) {
        List<MatchedOrder> matched = new ArrayList<>();
        for (OrderRef ref : refs) {
            Partner platform = partners.require(ref.partnerId());
            Optional<StoredOrder> stored = orders.find(ref.partnerId(), ref.orderId()).filter(o -> !o.cancelled());
            if (stored.isEmpty()) {
                continue;
            }
            PlatformOrderReader.Result read = reader.read(stored.get().orderJson());
            if (!read.valid()) {
                log.warn("stored order {}/{} no longer reads: {}", ref.partnerId(), ref.orderId(), read.errors());
                continue;
            }
            OrderData data = withStoredParcels(PlatformOrderAdapter.toOrderData(read.order(), ref.partnerId()),
                    orders.parcels(ref.partnerId(), ref.orderId()));
            matched.add(new MatchedOrder(data, source(stored.get()), platformParty(platform)));
        }
        return matched;
    }

    /**
     * The content hash of each order the express parcel {@code (carrierCode, trackingNorm)} would
     * be fused with now, by {@code partnerId/orderId}: compared with what a declaration was last
     * fused with ({@link PlatformOrderStore#linkedOrderContent}) to tell whether late order data
     * changes it.
     */
    public java.util.Map<String, String> currentOrderContent(String carrierCode, String trackingNorm) {
        java.util.Map<String, String> content = new java.util.HashMap<>();
        for (OrderRef ref : orders.ordersForParcel(carrierCode, trackingNorm)) {
            if (linkable(ref.partnerId()).contains(carrierCode)) {
                orders.find(ref.partnerId(), ref.orderId()).filter(o -> !o.cancelled())
                        .ifPresent(o -> content.put(ref.partnerId() + "/" + ref.orderId(), o.contentSha256()));
            }
        }
        return content;
    }

    /**
     * The order's tracking links: its {@code shipments[]} followed by the parcels linked later with
     * {@code POST .../shipments} (§6.5), which the order JSON does not carry (a link of a parcel
     * already in {@code shipments[]} replaces its allocation). A link without carrier code has
     * none in the fusion either.
     */
    static OrderData withStoredParcels(OrderData o, List<PlatformOrderStore.Parcel> parcels) {
        List<PlatformOrderStore.Parcel> linked = parcels.stream().filter(p -> "LINK".equals(p.source())).toList();
        if (linked.isEmpty()) {
            return o;
        }
        List<OrderData.ShipmentLink> links = new ArrayList<>(o.shipments());
        for (PlatformOrderStore.Parcel p : linked) {
            String code = PostalLinkRules.uncoded(p.carrierCode()) ? null : p.carrierCode();
            List<OrderData.Allocation> lines = new ArrayList<>();
            p.allocations().forEach((lineId, q) -> {
                BigDecimal plain = q.stripTrailingZeros();
                lines.add(new OrderData.Allocation(lineId, plain.scale() < 0 ? plain.setScale(0) : plain));
            });
            OrderData.ShipmentLink link = new OrderData.ShipmentLink(code, p.trackingNumber(), lines);
            int same = -1;
            for (int i = 0; i < links.size(); i++) {
                OrderData.ShipmentLink l = links.get(i);
                if (java.util.Objects.equals(l.carrierCode(), code) && PlatformOrder.normaliseTrackingNumber(
                        l.trackingNumber()).equals(p.trackingNorm())) {
                    same = i;
                }
            }
            if (same >= 0) {
                links.set(same, link);
            } else {
                links.add(link);
            }
        }
        return new OrderData(o.platformId(), o.orderId(), o.orderVersion(), o.orderedAt(), o.sellers(), o.buyer(),
                o.shipTo(), o.lines(), o.shipping(), o.insurance(), o.orderTotal(), o.payment(), o.vat(), links);
    }

    /** The source of the order's current version: its upload (NDJSON or CSV) or the single PUT. */
    private Source source(StoredOrder o) {
        String dialect = "CLEARWAY-PLATFORM-JSON-1";
        String ref = o.orderId() + "@v" + o.orderVersion();
        if (o.uploadId() != null) {
            Optional<PlatformUploadStore.Upload> upload = uploads.find(o.partnerId(), o.uploadId());
            if (upload.isPresent()) {
                dialect = "CSV".equals(upload.get().format()) ? "CLEARWAY-PLATFORM-CSV-1" : "CLEARWAY-PLATFORM-NDJSON-1";
                ref = o.uploadId() + "#order=" + o.orderId();
            }
        }
        Instant receivedAt = o.updatedAt();
        return new Source(o.partnerId(), PartnerKind.PLATFORM, dialect, ref, null, receivedAt, o.contentSha256());
    }

    private static Party platformParty(Partner partner) {
        CarrierParty p = partner.platform().party();
        if (p == null) {
            return null;
        }
        List<Party.Identifier> ids = new ArrayList<>();
        if (p.ioss() != null && !p.ioss().isBlank()) {
            ids.add(new Party.Identifier(IdentifierScheme.IOSS, p.ioss(), null));
        }
        if (p.vat() != null && !p.vat().isBlank()) {
            ids.add(new Party.Identifier(IdentifierScheme.VAT, p.vat(), null));
        }
        if (p.eori() != null && !p.eori().isBlank()) {
            ids.add(new Party.Identifier(IdentifierScheme.EORI, p.eori(), null));
        }
        return new Party("P0", PartyRole.PLATFORM, TypeOfPerson.LEGAL, p.name(),
                new Party.Address(p.street(), null, null, p.postcode(), p.city(), null, p.country()), null, ids);
    }
}
