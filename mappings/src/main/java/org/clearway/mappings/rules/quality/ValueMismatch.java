package org.clearway.mappings.rules.quality;

import java.math.BigDecimal;
import java.util.Optional;
import org.clearway.mappings.canonical.DataQuality;
import org.clearway.mappings.canonical.FlagCode;
import org.clearway.mappings.canonical.Money;
import org.clearway.mappings.canonical.Severity;

/**
 * {@code VALUE_MISMATCH} (CANONICAL-MODEL §5.8, PARTNER-APIS §7.4): the carrier's declared line
 * value and the platform's differ by more than 5 % (of the larger) <em>and</em> by more than 1 unit
 * of currency. Raised by the fusion, the only place both values exist (§7 rule 3: the rejected one
 * is not stored in the declaration).
 */
public final class ValueMismatch {

    /** More than 5 %. */
    public static final BigDecimal RATIO = new BigDecimal("0.05");

    private ValueMismatch() {
    }

    /** Whether the two values (same currency) are further apart than the tolerance; false across currencies. */
    public static boolean exceeds(Money transport, Money platform) {
        if (transport == null || platform == null || !transport.currency().equals(platform.currency())) {
            return false;
        }
        BigDecimal diff = transport.amount().subtract(platform.amount()).abs();
        BigDecimal base = platform.amount().abs().max(transport.amount().abs());
        return diff.compareTo(BigDecimal.ONE) > 0 && diff.compareTo(base.multiply(RATIO)) > 0;
    }

    /**
     * The flag at {@code path} when {@link #exceeds}; {@code side} is "carrier" or "postal".
     */
    public static Optional<DataQuality.Flag> check(String path, Money transport, Money platform, String side) {
        if (!exceeds(transport, platform)) {
            return Optional.empty();
        }
        return Optional.of(new DataQuality.Flag(FlagCode.VALUE_MISMATCH, Severity.WARNING, path, side + " "
                + transport.amount().toPlainString() + " " + transport.currency() + ", platform "
                + platform.amount().toPlainString() + " " + platform.currency()));
    }
}
