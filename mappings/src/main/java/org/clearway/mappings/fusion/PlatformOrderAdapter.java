package org.clearway.mappings.fusion;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.clearway.mappings.canonical.IdentifierScheme;
import org.clearway.mappings.canonical.Money;
import org.clearway.mappings.canonical.Party;
import org.clearway.mappings.canonical.PaymentMethod;
import org.clearway.mappings.canonical.TypeOfPerson;
import org.clearway.mappings.canonical.VatScheme;
import org.clearway.mappings.platform.PlatformOrder;

/**
 * Turns a validated {@link PlatformOrder} (PARTNER-APIS §6.2, §6.4) into the fusion's
 * {@link OrderData}. Accepts only orders the platform reader built without errors (enum values are
 * then valid); the platform id is the authenticated partner's (§6.4: no platform column). Sellers
 * become LEGAL and the buyer and ship-to NATURAL, as in CANONICAL-MODEL §9.1, because the order
 * carries no company field.
 */
public final class PlatformOrderAdapter {

    private PlatformOrderAdapter() {
    }

    /** The order data of {@code order}, submitted by platform partner {@code platformId}. */
    public static OrderData toOrderData(PlatformOrder order, String platformId) {
        Objects.requireNonNull(order, "order");
        List<OrderData.OrderParty> sellers = new ArrayList<>();
        // seller first, then sellers[] (§6.2 lines[].sellerId "additional sellers in sellers[]")
        sellers.add(party(order.seller(), TypeOfPerson.LEGAL));
        order.sellers().forEach(s -> sellers.add(party(s, TypeOfPerson.LEGAL)));
        OrderData.OrderParty shipTo = order.shippingAddress() == null ? null
                : new OrderData.OrderParty(null, order.shippingAddress().name(), TypeOfPerson.NATURAL,
                address(order.shippingAddress().address()), null, order.shippingAddress().phone(), List.of());
        List<OrderData.Line> lines = order.lines().stream().map(l -> new OrderData.Line(l.lineId(), l.sku(),
                l.title(), l.quantity(), l.unit(), money(l.unitPrice()), money(l.lineTotal()), money(l.discount()),
                l.hsCode(), l.originCountry(), l.productUrl(), l.unitWeightKg(), l.sellerId(), l.manufacturerProductId(),
                l.gtin())).toList();
        PlatformOrder.Payment p = order.payment();
        PlatformOrder.Vat v = order.vat();
        List<OrderData.ShipmentLink> links = order.shipments().stream()
                .map(s -> new OrderData.ShipmentLink(s.carrierCode(), s.trackingNumber(), s.lines().stream()
                        .map(a -> new OrderData.Allocation(a.lineId(), a.quantity())).toList()))
                .toList();
        return new OrderData(platformId, order.orderId(), order.orderVersion(), order.orderedAt(), sellers,
                party(order.buyer(), TypeOfPerson.NATURAL), shipTo, lines, money(order.shipping()),
                money(order.insurance()), money(order.orderTotal()),
                new OrderData.OrderPayment(PaymentMethod.valueOf(p.method()), money(p.amount()),
                        p.paidAt().toInstant(), p.transactionRef()),
                new OrderData.OrderVat(VatScheme.valueOf(v.scheme()), v.iossNumber(), money(v.collected()), null),
                links);
    }

    private static OrderData.OrderParty party(PlatformOrder.Party p, TypeOfPerson type) {
        // §6.2 seller.identifiers[] type EORI | VAT | TIN | OTHER: same names as the canonical schemes
        List<Party.Identifier> ids = p.identifiers().stream()
                .map(i -> new Party.Identifier(IdentifierScheme.valueOf(i.type()), i.value(), null)).toList();
        return new OrderData.OrderParty(p.id(), p.name(), type, address(p.address()), p.email(), p.phone(), ids);
    }

    private static Party.Address address(PlatformOrder.Address a) {
        return a == null ? null : new Party.Address(a.street(), a.street2(), a.houseNumber(), a.postcode(), a.city(),
                a.state(), a.country());
    }

    private static Money money(PlatformOrder.Money m) {
        return m == null ? null : new Money(m.amount(), m.currency());
    }
}
