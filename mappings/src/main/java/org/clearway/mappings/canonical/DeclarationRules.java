package org.clearway.mappings.canonical;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.ToIntBiFunction;
import java.util.regex.Pattern;

/**
 * Rules of the canonical model that every dialect mapper applies the same way: the routing table
 * of CANONICAL-MODEL §5.1 ({@code declarationKind}, de minimis) and the {@code VAGUE_DESCRIPTION}
 * test of §5.8 (the rule MIG V22 uses). Pure functions; currency comparison is passed in because
 * only the mapper knows its rate table.
 */
public final class DeclarationRules {

    /** EU member states (routing §5.1: EU_H7 / EU_ENS_HOUSE). */
    public static final Set<String> EU_MEMBER_STATES = Set.of("AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI",
            "FR", "DE", "GR", "HU", "IE", "IT", "LV", "LT", "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE");

    private static final Pattern SKU_LIKE = Pattern.compile("^(?=.*[0-9])[\\p{L}0-9_/.\\-]+$");

    private DeclarationRules() {
    }

    /**
     * The §5.1 routing table.
     *
     * @param compare compares a value with a threshold (negative, zero, positive), converting currencies as needed
     */
    public static DeclarationKind declarationKind(String destination, Money intrinsic, Money euH7Max,
                                                  ToIntBiFunction<Money, Money> compare) {
        if (EU_MEMBER_STATES.contains(destination)) {
            return compare.applyAsInt(intrinsic, euH7Max) <= 0 ? DeclarationKind.EU_H7 : DeclarationKind.EU_ENS_HOUSE;
        }
        return "US".equals(destination) ? DeclarationKind.US_T86 : DeclarationKind.GENERIC_LVC;
    }

    /** The destination's low-value threshold ({@code DE_MINIMIS_EXCEEDED}, §5.1), or empty when none is configured. */
    public static Optional<Money> deMinimis(String destination, Money eu, Money us, Map<String, Money> others) {
        if (EU_MEMBER_STATES.contains(destination)) {
            return Optional.of(eu);
        }
        return "US".equals(destination) ? Optional.of(us) : Optional.ofNullable(others.get(destination));
    }

    /**
     * §5.8 {@code VAGUE_DESCRIPTION}: every word of the description is on the deny-list (a plural
     * S ignored), or the description is SKU-like (no space, a digit, only letters, digits and
     * {@code -_/.}).
     *
     * @return the flag's detail (the matched word in lower case, or {@code SKU-like}), empty when not vague
     */
    public static Optional<String> vagueDescription(String description, Set<String> genericWords) {
        String matched = null;
        boolean allGeneric = true;
        int count = 0;
        for (String w : description.toUpperCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")) {
            if (w.isEmpty()) {
                continue;
            }
            count++;
            String singular = w.endsWith("S") ? w.substring(0, w.length() - 1) : w;
            if (genericWords.contains(w)) {
                matched = matched == null ? w : matched;
            } else if (genericWords.contains(singular)) {
                matched = matched == null ? singular : matched;
            } else {
                allGeneric = false;
            }
        }
        if (count > 0 && allGeneric) {
            return Optional.of(matched.toLowerCase(Locale.ROOT));
        }
        return SKU_LIKE.matcher(description).matches() ? Optional.of("SKU-like") : Optional.empty();
    }
}
