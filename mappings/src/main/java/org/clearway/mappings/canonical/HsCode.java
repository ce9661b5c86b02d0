package org.clearway.mappings.canonical;

import java.util.Objects;

/**
 * Tariff classification (CANONICAL-MODEL §4 HsCode): 6 to 10 digits, the system that follows
 * from length and destination, and for {@link HsSystem#NATIONAL} optionally the country.
 */
public record HsCode(String value, HsSystem system, String nationalOf) {
    public HsCode {
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(system, "system");
    }
}
