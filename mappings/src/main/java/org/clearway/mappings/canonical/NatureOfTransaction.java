package org.clearway.mappings.canonical;

/** CN 22/23 category / express shipment type, {@code consignment.natureOfTransaction} (CANONICAL-MODEL §5.4). */
public enum NatureOfTransaction {
    SALE_OF_GOODS, GIFT, COMMERCIAL_SAMPLE, DOCUMENTS, RETURNED_GOODS, OTHER
}
