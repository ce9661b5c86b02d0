package org.clearway.mappings.rules;

import java.util.Optional;

/**
 * GS1 Global Trade Item Number (GTIN-8, UPC-A/GTIN-12, EAN-13/GTIN-13, GTIN-14): digits only, the
 * last one the mod-10 check digit over the others weighted 3, 1, 3, ... from the right.
 */
public final class Gtin {

    private Gtin() {
    }

    /** Why {@code value} is not a GTIN, or empty when it is one. */
    public static Optional<String> problem(String value) {
        if (value == null || value.isEmpty()) {
            return Optional.of("empty");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < '0' || c > '9') {
                return Optional.of("not digits only");
            }
        }
        int n = value.length();
        if (n != 8 && n != 12 && n != 13 && n != 14) {
            return Optional.of(n + " digits; a GTIN has 8, 12, 13 or 14");
        }
        int expected = checkDigit(value.substring(0, n - 1));
        int actual = value.charAt(n - 1) - '0';
        return expected == actual ? Optional.empty()
                : Optional.of("check digit " + actual + " should be " + expected);
    }

    public static boolean isValid(String value) {
        return problem(value).isEmpty();
    }

    /** The check digit for the digits before it. */
    static int checkDigit(String body) {
        int sum = 0;
        for (int i = body.length() - 1, w = 3; i >= 0; i--, w = 4 - w) {
            sum += (body.charAt(i) - '0') * w;
        }
        return (10 - sum % 10) % 10;
    }
}
