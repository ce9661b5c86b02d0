package org.clearway.mappings.canonical;

import java.math.BigDecimal;
import java.util.List;
import java.util.Objects;

/**
 * One goods item, {@code items[]} (CANONICAL-MODEL §5.5); masses in kg with 3 decimals.
 * {@code manufacturerProductId} and {@code gtin} are the product identifiers of specVersion 1.1
 * (docs/CANONICAL-MODEL-EXTENSIONS.md); {@code gtin} is a check-digit-valid GTIN-8/12/13/14.
 */
public record Item(int sequence, String description, HsCode hsCode, Quantity quantity, BigDecimal netMassKg,
                   BigDecimal grossMassKg, Money value, Money unitPrice, Money originalValue,
                   String countryOfOrigin, String productUrl, String sku, String platformLineId,
                   String sellerRef, List<String> dangerousGoodsUn, List<AdditionalDocument> additionalDocuments,
                   String manufacturerProductId, String gtin) {
    public Item {
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(quantity, "quantity");
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(countryOfOrigin, "countryOfOrigin");
        dangerousGoodsUn = dangerousGoodsUn == null ? List.of() : List.copyOf(dangerousGoodsUn);
        additionalDocuments = additionalDocuments == null ? List.of() : List.copyOf(additionalDocuments);
    }

    /** An item without product identifiers (the specVersion 1.0 members). */
    public Item(int sequence, String description, HsCode hsCode, Quantity quantity, BigDecimal netMassKg,
                BigDecimal grossMassKg, Money value, Money unitPrice, Money originalValue, String countryOfOrigin,
                String productUrl, String sku, String platformLineId, String sellerRef, List<String> dangerousGoodsUn,
                List<AdditionalDocument> additionalDocuments) {
        this(sequence, description, hsCode, quantity, netMassKg, grossMassKg, value, unitPrice, originalValue,
                countryOfOrigin, productUrl, sku, platformLineId, sellerRef, dangerousGoodsUn, additionalDocuments,
                null, null);
    }

    /** This item with the given product identifiers. */
    public Item withProductIds(String newManufacturerProductId, String newGtin) {
        return new Item(sequence, description, hsCode, quantity, netMassKg, grossMassKg, value, unitPrice,
                originalValue, countryOfOrigin, productUrl, sku, platformLineId, sellerRef, dangerousGoodsUn,
                additionalDocuments, newManufacturerProductId, newGtin);
    }

    /** Item-level certificate or licence, {@code additionalDocuments[]}. */
    public record AdditionalDocument(String type, String reference) {
    }
}
