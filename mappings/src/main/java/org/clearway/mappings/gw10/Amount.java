package org.clearway.mappings.gw10;

import java.math.BigDecimal;

/**
 * A MOA amount (C516): qualifier 5025, value 5004 and currency 6345 (MIG GW10 §5.2, §6.2).
 *
 * @param qualifier 5025, e.g. {@code ZDV}, {@code 203}, {@code 9}, {@code 124}
 * @param value     5004 parsed with either decimal mark; null if absent or not numeric
 * @param currency  6345 ISO 4217 code as received ("" if absent)
 */
public record Amount(String qualifier, BigDecimal value, String currency) {

    public Amount {
        qualifier = qualifier == null ? "" : qualifier;
        currency = currency == null ? "" : currency;
    }

    /** Convenience factory from a decimal string, e.g. {@code Amount.of("9", "55.38", "EUR")}. */
    public static Amount of(String qualifier, String value, String currency) {
        return new Amount(qualifier, new BigDecimal(value), currency);
    }
}
