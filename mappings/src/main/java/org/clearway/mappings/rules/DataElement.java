package org.clearway.mappings.rules;

/** Item data elements a pack can require per declaration kind ({@code required-item-data}). */
public enum DataElement {
    /** {@code items[].sku}: the merchant's article number. */
    SKU("sku"),
    /** {@code items[].manufacturerProductId}: the manufacturer's product id. */
    MANUFACTURER_PRODUCT_ID("manufacturerProductId"),
    /** {@code items[].gtin}: a standard id (GTIN-8/12/13/14: EAN, UPC). */
    GTIN("gtin"),
    /** {@code items[].hsCode} with all the digits of the destination's tariff (10 for the US). */
    HS_CODE_FULL("hsCode");

    private final String member;

    DataElement(String member) {
        this.member = member;
    }

    /** The canonical item member the element lives in (used in flag paths). */
    public String member() {
        return member;
    }
}
