package org.clearway.mappings.gw10;

/**
 * A DOC segment of an item (MIG GW10 §5.2 SG1/0130).
 *
 * @param code   C002.1001 document name code, e.g. {@code 380} commercial invoice
 * @param name   C002.1000 free document name ("" if absent)
 * @param number C503.1004 document number ("" if absent)
 */
public record AttachedDocument(String code, String name, String number) {
}
