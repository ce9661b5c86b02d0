package org.clearway.mappings.rules;

import java.time.LocalDate;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.clearway.mappings.canonical.DeclarationKind;
import org.clearway.mappings.canonical.Money;

/**
 * One dated edition of a regime's rules: in force from {@code effectiveFrom} (inclusive) until
 * {@code effectiveTo} (exclusive; null = until further notice), on the date {@code dateBasis}
 * names. {@code version} counts corrections of the same pack (an operator fixing a value bumps
 * it); a declaration records {@code id} and {@code version} of the pack it was evaluated under.
 *
 * @param source the legal act(s) the pack implements; {@code note} says what is uncertain
 */
public record RulePack(String id, int version, String regime, LocalDate effectiveFrom, LocalDate effectiveTo,
                       DateBasis dateBasis, String source, String note, Thresholds thresholds, DutyRule duty,
                       List<FeeRule> fees, Map<DeclarationKind, Set<DataElement>> requiredItemData) {

    public RulePack {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(regime, "regime");
        Objects.requireNonNull(effectiveFrom, "effectiveFrom");
        Objects.requireNonNull(dateBasis, "dateBasis");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(thresholds, "thresholds");
        Objects.requireNonNull(duty, "duty");
        fees = fees == null ? List.of() : List.copyOf(fees);
        Map<DeclarationKind, Set<DataElement>> required = new EnumMap<>(DeclarationKind.class);
        if (requiredItemData != null) {
            requiredItemData.forEach((k, v) -> required.put(k, Set.copyOf(v)));
        }
        requiredItemData = Map.copyOf(required);
    }

    /** Whether {@code date} falls in [effectiveFrom, effectiveTo). */
    public boolean covers(LocalDate date) {
        return !date.isBefore(effectiveFrom) && (effectiveTo == null || date.isBefore(effectiveTo));
    }

    /** The item data required for {@code kind} (empty when none). */
    public Set<DataElement> requiredFor(DeclarationKind kind) {
        return requiredItemData.getOrDefault(kind, Set.of());
    }

    /** The fees in force on {@code date} for a consignment to {@code country}. */
    public List<FeeRule> feesFor(String country, LocalDate date) {
        return fees.stream().filter(f -> f.covers(date) && (f.countries().isEmpty() || f.countries().contains(country)))
                .toList();
    }

    /**
     * Routing thresholds in the regime's currency: {@code h7Max} the highest intrinsic value for
     * the low-value declaration (EU H7; null outside the EU), {@code deMinimis} the value up to
     * which no duty is charged (null: no de minimis, e.g. the US after 29 August 2025).
     */
    public record Thresholds(Money h7Max, Money deMinimis) {
    }

    /**
     * The duty rule: for {@link DutyMethod#FLAT_PER_ITEM} {@code perItem} is charged per item on
     * consignments of at most {@code maxConsignmentValue} (above it: tariff duty), to B2C
     * consignments only when {@code b2cOnly}; {@code postalMethod}, when set, says how postal
     * items pay duty (they are flagged, the amount is not estimated).
     */
    public record DutyRule(DutyMethod method, Money perItem, Money maxConsignmentValue, boolean b2cOnly,
                           String postalMethod, String source, String note) {
        public DutyRule {
            Objects.requireNonNull(method, "method");
        }
    }

    /**
     * A handling or national fee; {@code countries} empty = every country of the regime,
     * {@code effectiveFrom}/{@code effectiveTo} inside the pack's dates (null: the pack's).
     */
    public record FeeRule(String id, String kind, FeeBasis basis, Money amount, Set<String> countries,
                          LocalDate effectiveFrom, LocalDate effectiveTo, String source, String note) {
        public FeeRule {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(basis, "basis");
            Objects.requireNonNull(amount, "amount");
            countries = countries == null ? Set.of() : Set.copyOf(countries);
        }

        boolean covers(LocalDate date) {
            return (effectiveFrom == null || !date.isBefore(effectiveFrom))
                    && (effectiveTo == null || date.isBefore(effectiveTo));
        }
    }
}
