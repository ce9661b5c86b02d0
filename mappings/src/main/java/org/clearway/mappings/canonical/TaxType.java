package org.clearway.mappings.canonical;

/** Normalised tax type, {@code taxes[].type} (CANONICAL-MODEL §6.2). */
public enum TaxType {
    DUTY, VAT, EXCISE, ANTIDUMPING, COUNTERVAILING, FEE, HANDLING, OTHER
}
