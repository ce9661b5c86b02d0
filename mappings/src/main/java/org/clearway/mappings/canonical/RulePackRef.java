package org.clearway.mappings.canonical;

import java.time.LocalDate;
import java.util.Objects;

/**
 * The rule pack a declaration revision was evaluated under, {@code rulePack}
 * (docs/CANONICAL-MODEL-EXTENSIONS.md, specVersion 1.1): pack id and version, its regime, which
 * date decided it ({@code dateBasis}: ACCEPTANCE, PRESENTATION or DEPARTURE) and that date.
 */
public record RulePackRef(String id, int version, String regime, String dateBasis, LocalDate date) {
    public RulePackRef {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(regime, "regime");
        Objects.requireNonNull(dateBasis, "dateBasis");
        Objects.requireNonNull(date, "date");
    }
}
