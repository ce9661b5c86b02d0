package org.clearway.mappings.canonical;

import java.math.BigDecimal;
import java.util.List;
import java.util.Objects;

/** One goods item, {@code items[]} (CANONICAL-MODEL §5.5); masses in kg with 3 decimals. */
public record Item(int sequence, String description, HsCode hsCode, Quantity quantity, BigDecimal netMassKg,
                   BigDecimal grossMassKg, Money value, Money unitPrice, Money originalValue,
                   String countryOfOrigin, String productUrl, String sku, String platformLineId,
                   String sellerRef, List<String> dangerousGoodsUn, List<AdditionalDocument> additionalDocuments) {
    public Item {
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(quantity, "quantity");
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(countryOfOrigin, "countryOfOrigin");
        dangerousGoodsUn = dangerousGoodsUn == null ? List.of() : List.copyOf(dangerousGoodsUn);
        additionalDocuments = additionalDocuments == null ? List.of() : List.copyOf(additionalDocuments);
    }

    /** Item-level certificate or licence, {@code additionalDocuments[]}. */
    public record AdditionalDocument(String type, String reference) {
    }
}
