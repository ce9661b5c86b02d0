package org.clearway.mappings.rules;

/** What a fee is counted on. */
public enum FeeBasis {
    /** Per item in the flat-duty sense (goods sharing HS code, description and origin). */
    PER_ITEM,
    /** Per distinct 6-digit HS subheading of the consignment. */
    PER_HS6_LINE,
    /** Once per consignment (parcel). */
    PER_CONSIGNMENT
}
