package org.clearway.mappings.canonical;

/** VAT collection scheme claimed, {@code payment.vat.scheme} (CANONICAL-MODEL §5.6). */
public enum VatScheme {
    IOSS, EU_SPECIAL_ARRANGEMENT, UK_LVC, AU_GST_LVG, NZ_GST, NO_VOEC, NONE
}
