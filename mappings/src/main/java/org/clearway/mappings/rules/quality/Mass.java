package org.clearway.mappings.rules.quality;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.Optional;
import org.clearway.mappings.canonical.DataQuality;
import org.clearway.mappings.canonical.FlagCode;
import org.clearway.mappings.canonical.Item;
import org.clearway.mappings.canonical.Severity;

/**
 * {@code MASS_INCONSISTENT} (CANONICAL-MODEL §5.8): the sum of the item net masses given is above
 * the total gross mass. Items without net mass count 0; no gross mass, no check. (Unit conversion
 * and rounding flags are raised by the mappers, which alone see the partner's units.)
 */
public final class Mass {

    static final String PATH = "/consignment/totalGrossMassKg";

    private Mass() {
    }

    public static Optional<DataQuality.Flag> check(List<Item> items, BigDecimal grossKg) {
        if (grossKg == null) {
            return Optional.empty();
        }
        BigDecimal net = BigDecimal.ZERO;
        for (Item i : items) {
            if (i.netMassKg() != null) {
                net = net.add(i.netMassKg());
            }
        }
        if (net.compareTo(grossKg) <= 0) {
            return Optional.empty();
        }
        return Optional.of(new DataQuality.Flag(FlagCode.MASS_INCONSISTENT, Severity.WARNING, PATH,
                "sum of item net masses " + net.setScale(3, RoundingMode.HALF_UP).toPlainString()
                        + " kg above total gross mass " + grossKg.toPlainString() + " kg"));
    }
}
