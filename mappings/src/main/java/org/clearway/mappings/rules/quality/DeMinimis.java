package org.clearway.mappings.rules.quality;

import java.util.Optional;
import java.util.Set;
import java.util.function.ToIntBiFunction;
import org.clearway.mappings.canonical.DataQuality;
import org.clearway.mappings.canonical.DeclarationKind;
import org.clearway.mappings.canonical.FlagCode;
import org.clearway.mappings.canonical.Money;
import org.clearway.mappings.canonical.Severity;
import org.clearway.mappings.rules.RoutingThresholds;

/**
 * The routing table of CANONICAL-MODEL §5.1 ({@code declarationKind}) and {@code DE_MINIMIS_EXCEEDED}
 * (§5.8): both on the intrinsic value in the declaration currency against the thresholds in force.
 */
public final class DeMinimis {

    /** EU member states (routing §5.1: EU_H7 / EU_ENS_HOUSE). */
    public static final Set<String> EU_MEMBER_STATES = Set.of("AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI",
            "FR", "DE", "GR", "HU", "IE", "IT", "LV", "LT", "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE");

    static final String PATH = "/consignment/intrinsicValue";

    private DeMinimis() {
    }

    /**
     * The §5.1 routing table: EU destinations EU_H7 up to and including {@code euH7Max}, EU_ENS_HOUSE
     * above; US_T86 for the US; GENERIC_LVC elsewhere.
     *
     * @param compare compares a value with a threshold (negative, zero, positive), converting currencies as needed
     */
    public static DeclarationKind kind(String destination, Money intrinsic, Money euH7Max,
                                       ToIntBiFunction<Money, Money> compare) {
        if (EU_MEMBER_STATES.contains(destination)) {
            return compare.applyAsInt(intrinsic, euH7Max) <= 0 ? DeclarationKind.EU_H7 : DeclarationKind.EU_ENS_HOUSE;
        }
        return "US".equals(destination) ? DeclarationKind.US_T86 : DeclarationKind.GENERIC_LVC;
    }

    /** The destination's low-value threshold, or empty when none is configured. */
    public static Optional<Money> threshold(String destination, RoutingThresholds t) {
        if (EU_MEMBER_STATES.contains(destination)) {
            return Optional.of(t.euDeMinimis());
        }
        return "US".equals(destination) ? Optional.of(t.usDeMinimis())
                : Optional.ofNullable(t.otherDeMinimis().get(destination));
    }

    /** {@code DE_MINIMIS_EXCEEDED} when the value is strictly above the destination's threshold. */
    public static Optional<DataQuality.Flag> check(String destination, Money intrinsic, DeclarationKind kind,
                                                  RoutingThresholds t, ToIntBiFunction<Money, Money> compare) {
        Money threshold = threshold(destination, t).orElse(null);
        if (threshold == null || compare.applyAsInt(intrinsic, threshold) <= 0) {
            return Optional.empty();
        }
        return Optional.of(new DataQuality.Flag(FlagCode.DE_MINIMIS_EXCEEDED, Severity.WARNING, PATH,
                "intrinsic value " + intrinsic.amount().toPlainString() + " " + intrinsic.currency() + " above "
                        + destination + " de minimis " + threshold.amount().toPlainString() + " "
                        + threshold.currency() + " (" + kind + ")"));
    }
}
