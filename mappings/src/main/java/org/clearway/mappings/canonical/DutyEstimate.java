package org.clearway.mappings.canonical;

import java.util.List;
import java.util.Objects;

/**
 * Advisory duty and fee estimate, {@code dutyEstimate} (docs/CANONICAL-MODEL-EXTENSIONS.md,
 * specVersion 1.1): customs computes the amounts that are owed. {@code items} is the number of
 * items in the flat-duty sense (goods sharing HS code, description and origin); {@code complete}
 * is false when the total leaves something out (tariff duty, ungroupable items counted singly,
 * postal duty method) and {@code note} says what.
 */
public record DutyEstimate(String dutyMethod, int items, List<Line> lines, Money total, boolean complete,
                           String note) {
    public DutyEstimate {
        Objects.requireNonNull(dutyMethod, "dutyMethod");
        lines = lines == null ? List.of() : List.copyOf(lines);
        Objects.requireNonNull(total, "total");
    }

    /** One charge: its rule (pack duty or fee id), what it is counted on, how many, the rate and the amount. */
    public record Line(ChargeType type, String rule, String basis, int count, Money rate, Money amount) {
        public Line {
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(rule, "rule");
            Objects.requireNonNull(basis, "basis");
            Objects.requireNonNull(rate, "rate");
            Objects.requireNonNull(amount, "amount");
        }
    }

    /** Kind of charge of an estimate line. */
    public enum ChargeType {
        DUTY, HANDLING_FEE, NATIONAL_FEE
    }
}
