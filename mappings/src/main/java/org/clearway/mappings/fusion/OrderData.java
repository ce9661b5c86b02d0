package org.clearway.mappings.fusion;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Objects;
import org.clearway.mappings.canonical.Money;
import org.clearway.mappings.canonical.Party;
import org.clearway.mappings.canonical.PaymentMethod;
import org.clearway.mappings.canonical.TypeOfPerson;
import org.clearway.mappings.canonical.VatScheme;

/**
 * One platform order as the merge of CANONICAL-MODEL §7 needs it: the fields of PARTNER-APIS §6.2
 * (JSON/NDJSON) and §6.4 (CSV), already validated by the platform reader. Independent of the
 * platform reader's own classes; an adapter fills it. Texts are expected NFC-normalised and
 * trimmed (§4 Text) by that reader; amounts keep the scale the partner sent.
 *
 * @param platformId   configured platform partner id ({@code correlation.platformOrderIds[].platformId})
 * @param orderId      {@code orderId} (§6.2): platformOrderIds, invoice.number
 * @param orderVersion {@code orderVersion} (replacement rule §1.2; informative here)
 * @param orderedAt    {@code orderedAt} with its offset; invoice.date is its UTC date
 * @param sellers      {@code seller} first, then {@code sellers[]} (multi-seller orders)
 * @param buyer        {@code buyer}
 * @param shipTo       {@code shippingAddress} (cross-check only; may be null)
 * @param lines        {@code lines[]} in order
 * @param shipping     {@code charges.shipping} (null when absent)
 * @param insurance    {@code charges.insurance} (null when absent)
 * @param orderTotal   {@code orderTotal}
 * @param payment      {@code payment}
 * @param vat          {@code vat}
 * @param shipments    {@code shipments[]} in order, with their line allocations (CSV: row order)
 */
public record OrderData(String platformId, String orderId, int orderVersion, OffsetDateTime orderedAt,
                        List<OrderParty> sellers, OrderParty buyer, OrderParty shipTo, List<Line> lines,
                        Money shipping, Money insurance, Money orderTotal, OrderPayment payment, OrderVat vat,
                        List<ShipmentLink> shipments) {
    public OrderData {
        Objects.requireNonNull(platformId, "platformId");
        Objects.requireNonNull(orderId, "orderId");
        Objects.requireNonNull(orderedAt, "orderedAt");
        sellers = List.copyOf(sellers);
        if (sellers.isEmpty()) {
            throw new IllegalArgumentException("an order has at least one seller (§6.2 seller R)");
        }
        Objects.requireNonNull(buyer, "buyer");
        lines = List.copyOf(lines);
        if (lines.isEmpty()) {
            throw new IllegalArgumentException("an order has 1..999 lines (§6.2)");
        }
        Objects.requireNonNull(orderTotal, "orderTotal");
        Objects.requireNonNull(payment, "payment");
        Objects.requireNonNull(vat, "vat");
        shipments = shipments == null ? List.of() : List.copyOf(shipments);
    }

    /**
     * A seller, buyer or ship-to party of the order (§6.2 Party fields). {@code id} is
     * {@code sellerId} (becomes identifier {@code PLATFORM_SELLER_ID}) or {@code buyerId} (never
     * sent to customs); {@code identifiers} are the seller's EORI/VAT/TIN/OTHER.
     */
    public record OrderParty(String id, String name, TypeOfPerson typeOfPerson, Party.Address address,
                             String email, String phone, List<Party.Identifier> identifiers) {
        public OrderParty {
            Objects.requireNonNull(name, "name");
            typeOfPerson = typeOfPerson == null ? TypeOfPerson.NATURAL : typeOfPerson;
            identifiers = identifiers == null ? List.of() : List.copyOf(identifiers);
        }
    }

    /**
     * One order line, {@code lines[]} (§6.2). {@code unit} is the platform unit
     * ({@code PCS|PAIR|SET|KG|G|L|M}, null = PCS); {@code discount} null when none;
     * {@code sellerId} null = the first seller.
     */
    public record Line(String lineId, String sku, String title, BigDecimal quantity, String unit, Money unitPrice,
                       Money lineTotal, Money discount, String hsCode, String originCountry, String productUrl,
                       BigDecimal unitWeightKg, String sellerId, String manufacturerProductId, String gtin) {
        /** A line without product identifiers (issue 15). */
        public Line(String lineId, String sku, String title, BigDecimal quantity, String unit, Money unitPrice,
                    Money lineTotal, Money discount, String hsCode, String originCountry, String productUrl,
                    BigDecimal unitWeightKg, String sellerId) {
            this(lineId, sku, title, quantity, unit, unitPrice, lineTotal, discount, hsCode, originCountry, productUrl,
                    unitWeightKg, sellerId, null, null);
        }

        public Line {
            Objects.requireNonNull(lineId, "lineId");
            Objects.requireNonNull(title, "title");
            Objects.requireNonNull(quantity, "quantity");
            if (quantity.signum() <= 0) {
                throw new IllegalArgumentException("line quantity must be > 0: " + lineId);
            }
            Objects.requireNonNull(unitPrice, "unitPrice");
            Objects.requireNonNull(lineTotal, "lineTotal");
        }
    }

    /** {@code payment} (§6.2): method, amount as paid, capture time, PSP reference. */
    public record OrderPayment(PaymentMethod method, Money amount, Instant paidAt, String transactionRef) {
        public OrderPayment {
            Objects.requireNonNull(method, "method");
            Objects.requireNonNull(amount, "amount");
            Objects.requireNonNull(paidAt, "paidAt");
        }
    }

    /** {@code vat} (§6.2); {@code collected} in the payment currency, null when not given. */
    public record OrderVat(VatScheme scheme, String iossNumber, Money collected, String registrationNumber) {
        public OrderVat {
            Objects.requireNonNull(scheme, "scheme");
        }
    }

    /**
     * A tracking link {@code shipments[]} (§6.2, §6.5; CSV: the rows with one tracking number).
     * {@code lines} empty = no line allocation given.
     */
    public record ShipmentLink(String carrierCode, String trackingNumber, List<Allocation> lines) {
        public ShipmentLink {
            Objects.requireNonNull(trackingNumber, "trackingNumber");
            lines = lines == null ? List.of() : List.copyOf(lines);
        }
    }

    /** Quantity of one order line in one parcel ({@code shipments[].lines[]}, CSV {@code tracking_quantity}). */
    public record Allocation(String lineId, BigDecimal quantity) {
        public Allocation {
            Objects.requireNonNull(lineId, "lineId");
            Objects.requireNonNull(quantity, "quantity");
        }
    }
}
