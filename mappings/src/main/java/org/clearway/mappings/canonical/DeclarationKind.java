package org.clearway.mappings.canonical;

/** Target filing the backend should produce, {@code declarationKind} (CANONICAL-MODEL §5.1 routing table). */
public enum DeclarationKind {
    EU_H7, EU_ENS_HOUSE, US_T86, US_321_MANIFEST, GENERIC_LVC
}
