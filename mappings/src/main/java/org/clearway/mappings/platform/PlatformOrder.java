package org.clearway.mappings.platform;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Locale;

/**
 * One platform order (PARTNER-APIS §6.2), mirrored field by field from the JSON form (the CSV
 * form of §6.4 is turned into the same JSON first). Optional members are null (lists empty) when
 * absent. Produced by {@link PlatformOrderReader}; an order with reader errors is never built.
 */
public record PlatformOrder(String orderId, int orderVersion, OffsetDateTime orderedAt, Party seller,
                            List<Party> sellers, Party buyer, ShipTo shippingAddress, List<Line> lines,
                            Money shipping, Money insurance, Money orderTotal, Payment payment, Vat vat,
                            List<Shipment> shipments) {
    public PlatformOrder {
        sellers = sellers == null ? List.of() : List.copyOf(sellers);
        lines = List.copyOf(lines);
        shipments = shipments == null ? List.of() : List.copyOf(shipments);
    }

    /** The line with this {@code lineId}, or null. */
    public Line line(String lineId) {
        return lines.stream().filter(l -> l.lineId().equals(lineId)).findFirst().orElse(null);
    }

    /** §6.2 Money: amount &ge; 0 (exact scale kept) and an ISO 4217 currency. */
    public record Money(BigDecimal amount, String currency) {
    }

    /** Party address (PARTNER-APIS §3.2 Party fields). */
    public record Address(String street, String street2, String houseNumber, String postcode, String city,
                          String state, String country) {
    }

    /** {@code identifiers[]}: type EORI | VAT | TIN | OTHER. */
    public record Identifier(String type, String value) {
    }

    /** {@code seller} (id = {@code sellerId}), {@code sellers[]} or {@code buyer} (id = {@code buyerId}). */
    public record Party(String id, String name, Address address, String email, String phone,
                        List<Identifier> identifiers) {
        public Party {
            identifiers = identifiers == null ? List.of() : List.copyOf(identifiers);
        }
    }

    /** {@code shippingAddress}: name, address, phone. */
    public record ShipTo(String name, Address address, String phone) {
    }

    /**
     * {@code lines[]}: unit defaults to PCS; {@code sellerId} defaults to the order's seller;
     * {@code manufacturerProductId} and {@code gtin} are the product identifiers of issue 15.
     */
    public record Line(String lineId, String sku, String title, BigDecimal quantity, String unit, Money unitPrice,
                       Money lineTotal, Money discount, String hsCode, String originCountry, String productUrl,
                       BigDecimal unitWeightKg, String sellerId, String manufacturerProductId, String gtin) {
        /** A line without product identifiers. */
        public Line(String lineId, String sku, String title, BigDecimal quantity, String unit, Money unitPrice,
                    Money lineTotal, Money discount, String hsCode, String originCountry, String productUrl,
                    BigDecimal unitWeightKg, String sellerId) {
            this(lineId, sku, title, quantity, unit, unitPrice, lineTotal, discount, hsCode, originCountry, productUrl,
                    unitWeightKg, sellerId, null, null);
        }
    }

    /** {@code payment}. */
    public record Payment(String method, Money amount, OffsetDateTime paidAt, String transactionRef) {
    }

    /** {@code vat}: scheme, IOSS number (required for IOSS), VAT collected at checkout. */
    public record Vat(String scheme, String iossNumber, Money collected) {
    }

    /** {@code shipments[]}: a parcel of the order and, optionally, the quantity of each line in it. */
    public record Shipment(String carrierCode, String trackingNumber, List<Allocation> lines) {
        public Shipment {
            lines = lines == null ? List.of() : List.copyOf(lines);
        }

        /** The tracking number as matched against transport data (§7.1). */
        public String normalisedTrackingNumber() {
            return normaliseTrackingNumber(trackingNumber);
        }
    }

    /** {@code shipments[].lines[]}: quantity of {@code lineId} in the parcel. */
    public record Allocation(String lineId, BigDecimal quantity) {
    }

    /** PARTNER-APIS §7.1 match form: upper-cased, spaces and hyphens removed. */
    public static String normaliseTrackingNumber(String trackingNumber) {
        return trackingNumber == null ? null
                : trackingNumber.toUpperCase(Locale.ROOT).replace(" ", "").replace("-", "");
    }
}
