package org.clearway.mappings.canonical;

/** Rate table used for a conversion, {@code exchangeRates[].source} (CANONICAL-MODEL §5.7). */
public enum RateSource {
    ECB, CUSTOMS, PARTNER
}
