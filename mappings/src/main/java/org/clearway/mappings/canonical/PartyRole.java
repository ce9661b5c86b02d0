package org.clearway.mappings.canonical;

/** Role of a party, {@code parties[].role} (CANONICAL-MODEL §5.3). */
public enum PartyRole {
    SELLER, BUYER, CONSIGNOR, CONSIGNEE, CARRIER, PLATFORM, REPRESENTATIVE, IMPORTER
}
