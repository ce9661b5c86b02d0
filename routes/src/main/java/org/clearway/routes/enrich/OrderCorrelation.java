package org.clearway.routes.enrich;

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
        Set<String> keys = new LinkedHashSet<>();
        Correlation c = transport.correlation();
        if (c.houseWaybill() != null) {
            keys.add(PlatformOrder.normaliseTrackingNumber(c.houseWaybill()));
        }
        if (c.trackingNumbers() != null) {
            c.trackingNumbers().forEach(t -> keys.add(PlatformOrder.normaliseTrackingNumber(t.value())));
        }
        Set<OrderRef> refs = new LinkedHashSet<>();
        keys.forEach(k -> refs.addAll(orders.ordersForParcel(carrierCode, k)));
        List<MatchedOrder> matched = new ArrayList<>();
        for (OrderRef ref : refs) {
            Optional<Partner> platform = linkingPlatform(ref, carrierCode);
            Optional<StoredOrder> stored = platform.flatMap(p -> current(ref));
            if (stored.isEmpty()) {
                continue;
            }
            PlatformOrderReader.Result read = reader.read(stored.get().orderJson());
            if (!read.valid()) {
                log.warn("stored order {}/{} no longer reads: {}", ref.partnerId(), ref.orderId(), read.errors());
                continue;
            }
            matched.add(new MatchedOrder(PlatformOrderAdapter.toOrderData(read.order(), ref.partnerId()),
                    source(stored.get()), platformParty(platform.get())));
        }
        return matched;
    }

    /**
     * The content hash of each order the parcel {@code (carrierCode, trackingNorm)} would be fused
     * with now, by {@code partnerId/orderId}: compared with what a declaration was last fused with
     * ({@link PlatformOrderStore#linkedOrderContent}) to tell whether late order data changes it.
     */
    public java.util.Map<String, String> currentOrderContent(String carrierCode, String trackingNorm) {
        java.util.Map<String, String> content = new java.util.HashMap<>();
        for (OrderRef ref : orders.ordersForParcel(carrierCode, trackingNorm)) {
            linkingPlatform(ref, carrierCode).flatMap(p -> current(ref))
                    .ifPresent(o -> content.put(ref.partnerId() + "/" + ref.orderId(), o.contentSha256()));
        }
        return content;
    }

    /** The platform partner of the order, if it may link parcels of {@code carrierCode}. */
    private Optional<Partner> linkingPlatform(OrderRef ref, String carrierCode) {
        return partners.get(ref.partnerId()).filter(p -> p.role() == Role.PLATFORM)
                .filter(p -> p.platform() != null && p.platform().linkableCarrierCodes().contains(carrierCode));
    }

    /** The order's stored current version, unless it was cancelled. */
    private Optional<StoredOrder> current(OrderRef ref) {
        return orders.find(ref.partnerId(), ref.orderId()).filter(o -> !o.cancelled());
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
