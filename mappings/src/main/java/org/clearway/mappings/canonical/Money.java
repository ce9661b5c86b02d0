package org.clearway.mappings.canonical;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Currency;
import java.util.Objects;

/**
 * Money: a decimal amount and an ISO 4217 currency (CANONICAL-MODEL §4). The amount always has
 * exactly the currency's minor-unit digits ({@code 24.0 EUR} becomes {@code 24.00}, {@code 1500
 * JPY} stays {@code 1500}, {@code 3.5 KWD} becomes {@code 3.500}), so no dialect can emit an
 * unscaled amount. Extra trailing zeros are dropped; an amount that would need rounding is refused
 * (the partner edge reports it, or the caller rounds on purpose with {@link #rounded}).
 */
public record Money(BigDecimal amount, String currency) {
    public Money {
        Objects.requireNonNull(amount, "amount");
        Objects.requireNonNull(currency, "currency");
        int digits = minorDigits(currency);
        if (amount.scale() != digits) {
            try {
                amount = amount.setScale(digits, RoundingMode.UNNECESSARY);
            } catch (ArithmeticException e) {
                throw new IllegalArgumentException(amount.toPlainString() + " " + currency + " has more fraction"
                        + " digits than the currency's minor unit (" + digits + ")", e);
            }
        }
    }

    /** Convenience for {@code new Money(new BigDecimal(amount), currency)}. */
    public static Money of(String amount, String currency) {
        return new Money(new BigDecimal(amount), currency);
    }

    /** An amount rounded HALF_UP to the currency's minor unit (§5.7 conversions, MIG §3.4 amounts). */
    public static Money rounded(BigDecimal amount, String currency) {
        return new Money(amount.setScale(minorDigits(currency), RoundingMode.HALF_UP), currency);
    }

    /** Whether {@code amount} can be written in {@code currency} without rounding. */
    public static boolean fitsMinorUnit(BigDecimal amount, String currency) {
        return Math.max(amount.stripTrailingZeros().scale(), 0) <= minorDigits(currency);
    }

    /**
     * The ISO 4217 exponent of {@code currency} (2 EUR, 0 JPY/KRW, 3 KWD/BHD); 2 for codes without
     * one (XDR, whose postal amounts are written like a 2-digit currency) or unknown to the JDK.
     */
    public static int minorDigits(String currency) {
        try {
            int d = Currency.getInstance(currency).getDefaultFractionDigits();
            return d < 0 ? 2 : d;
        } catch (IllegalArgumentException e) {
            return 2;
        }
    }
}
