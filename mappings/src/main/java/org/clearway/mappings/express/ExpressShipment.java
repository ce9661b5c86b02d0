package org.clearway.mappings.express;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

/**
 * One express shipment as posted to {@code POST /v1/express/shipments} (PARTNER-APIS §3.2),
 * mirrored field by field. Optional members are null (lists empty) when absent. Produced by
 * {@link ExpressShipmentReader}; a shipment with reader errors may hold nulls in required members
 * and must not be mapped.
 */
public record ExpressShipment(String shipmentId, String houseWaybill, String masterAirWaybill,
                              List<String> trackingNumbers, String shipmentType, String incoterm, Integer pieces,
                              Weight grossWeight, Amount declaredValue, Invoice invoice, Amount transportCost,
                              Amount insuranceCost, Route route, Party shipper, Party receiver, Party seller,
                              Party buyer, Party importerOfRecord, PlatformRef platform, Vat vat,
                              List<LineItem> lineItems) {
    public ExpressShipment {
        trackingNumbers = trackingNumbers == null ? List.of() : List.copyOf(trackingNumbers);
        lineItems = lineItems == null ? List.of() : List.copyOf(lineItems);
    }

    /** {@code grossWeight}: value &gt; 0 and unit KG | LB | G | OZ. */
    public record Weight(BigDecimal value, String unit) {
    }

    /** §3.2 Money: amount &ge; 0 (exact scale kept) and an ISO 4217 currency. */
    public record Amount(BigDecimal amount, String currency) {
    }

    /** {@code invoice}: number (&le; 70) and date. */
    public record Invoice(String number, LocalDate date) {
    }

    /** {@code route}: mode defaults to AIR when absent (the mapper applies the default). */
    public record Route(String originCountry, String destinationCountry, List<String> routing,
                        String placeOfLoading, String mode) {
        public Route {
            routing = routing == null ? List.of() : List.copyOf(routing);
        }
    }

    /** §3.2 Party: name or company required, address, email, free-format phone, identifiers. */
    public record Party(String name, String company, Address address, String email, String phone,
                        List<Identifier> identifiers) {
        public Party {
            identifiers = identifiers == null ? List.of() : List.copyOf(identifiers);
        }
    }

    /** §3.2 Party {@code address}. */
    public record Address(String street, String street2, String houseNumber, String postcode, String city,
                          String state, String country) {
    }

    /** §3.2 Party {@code identifiers[]}: type EORI | VAT | IOSS | TIN | US_IOR | OTHER. */
    public record Identifier(String type, String value) {
    }

    /** {@code platform}: correlation hint (§6). */
    public record PlatformRef(String platformId, List<String> orderIds) {
        public PlatformRef {
            orderIds = orderIds == null ? List.of() : List.copyOf(orderIds);
        }
    }

    /** {@code vat}: scheme as canonical {@code payment.vat.scheme}, IOSS number, registration number. */
    public record Vat(String scheme, String iossNumber, String registrationNumber) {
    }

    /** §3.2 LineItem; {@code manufacturerProductId} and {@code gtin} are the product identifiers of issue 15. */
    public record LineItem(Integer lineNumber, String description, Quantity quantity, Amount unitPrice,
                           Amount value, String hsCode, String originCountry, BigDecimal netWeight,
                           BigDecimal grossWeight, String sku, String productUrl, String dangerousGoodsUn,
                           String manufacturerProductId, String gtin) {
    }

    /** LineItem {@code quantity}: value &gt; 0 and unit PCS | PAIR | SET | KG | G | L | M. */
    public record Quantity(BigDecimal value, String unit) {
    }
}
