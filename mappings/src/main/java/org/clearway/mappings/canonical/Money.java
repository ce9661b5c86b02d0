package org.clearway.mappings.canonical;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * Money: a decimal amount with its exact scale and an ISO 4217 currency (CANONICAL-MODEL §4).
 * The scale is kept as given ({@code 9.00} stays {@code "9.00"} in the serialized form).
 */
public record Money(BigDecimal amount, String currency) {
    public Money {
        Objects.requireNonNull(amount, "amount");
        Objects.requireNonNull(currency, "currency");
    }

    /** Convenience for {@code new Money(new BigDecimal(amount), currency)}. */
    public static Money of(String amount, String currency) {
        return new Money(new BigDecimal(amount), currency);
    }
}
