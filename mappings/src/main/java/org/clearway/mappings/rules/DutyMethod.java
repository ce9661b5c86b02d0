package org.clearway.mappings.rules;

/** How customs duty is charged on low-value consignments under a pack. */
public enum DutyMethod {
    /** No duty up to the pack's de minimis (the EU EUR 150 relief, the US USD 800 de minimis). */
    RELIEF_UP_TO_DE_MINIMIS,
    /** A flat amount per item (goods sharing HS code, description and origin) up to a consignment value. */
    FLAT_PER_ITEM,
    /** Tariff duty on every consignment; customs computes it, the gateway does not estimate it. */
    TARIFF
}
