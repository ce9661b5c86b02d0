package org.clearway.mappings.canonical;

import java.math.BigDecimal;
import java.util.Objects;

/** Quantity: decimal value (&gt; 0) and a UN/ECE Rec. 20 unit such as {@code H87} (CANONICAL-MODEL §4). */
public record Quantity(BigDecimal value, String unit) {
    public Quantity {
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(unit, "unit");
    }
}
