package org.clearway.mappings.canonical;

/** Scheme of a party identifier, {@code parties[].identifiers[].scheme} (CANONICAL-MODEL §5.3). */
public enum IdentifierScheme {
    EORI, IOSS, VAT, TIN, US_IOR, PLATFORM_SELLER_ID, CARRIER_ACCOUNT, UPU_ORG, OTHER
}
