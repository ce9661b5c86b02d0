package org.clearway.mappings.canonical;

/** Level of a transport document, {@code consignment.transportDocuments[].level} (CANONICAL-MODEL §5.4). */
public enum TransportDocumentLevel {
    HOUSE, MASTER
}
