package org.clearway.mappings.rules;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The loaded rule files: one {@link Regime} per id, each destination country in at most one
 * regime. Immutable; a reload builds a new instance and swaps it in whole.
 */
public final class RulePacks {

    /** The pack that applies to a destination on a date, with the regime it belongs to. */
    public record Applied(Regime regime, RulePack pack, LocalDate date) {
    }

    private static final RulePacks EMPTY = new RulePacks(Map.of(), Map.of());

    private final Map<String, Regime> regimes;
    private final Map<String, String> regimeOfCountry;

    private RulePacks(Map<String, Regime> regimes, Map<String, String> regimeOfCountry) {
        this.regimes = regimes;
        this.regimeOfCountry = regimeOfCountry;
    }

    public static RulePacks empty() {
        return EMPTY;
    }

    /**
     * The regimes together; refuses a regime id given twice and a country claimed by two regimes.
     *
     * @throws RulePackException listing every conflict
     */
    public static RulePacks of(List<Regime> regimes) {
        List<String> problems = new ArrayList<>();
        Map<String, Regime> byId = new LinkedHashMap<>();
        Map<String, String> countries = new HashMap<>();
        List<String> packIds = new ArrayList<>();
        for (Regime r : regimes.stream().sorted(Comparator.comparing(Regime::id)).toList()) {
            Regime before = byId.putIfAbsent(r.id(), r);
            if (before != null) {
                problems.add(r.file() + ": regime " + r.id() + " is already defined in " + before.file());
                continue;
            }
            for (String c : r.countries().stream().sorted().toList()) {
                String other = countries.putIfAbsent(c, r.id());
                if (other != null) {
                    problems.add(r.file() + ": country " + c + " of regime " + r.id() + " is already in regime " + other);
                }
            }
            for (RulePack p : r.packs()) {
                if (packIds.contains(p.id())) {
                    problems.add(r.file() + ": pack id " + p.id() + " is used twice");
                }
                packIds.add(p.id());
            }
        }
        if (!problems.isEmpty()) {
            throw new RulePackException(problems);
        }
        return new RulePacks(Map.copyOf(byId), Map.copyOf(countries));
    }

    public List<Regime> regimes() {
        return regimes.values().stream().sorted(Comparator.comparing(Regime::id)).toList();
    }

    public Optional<Regime> regime(String id) {
        return Optional.ofNullable(regimes.get(id));
    }

    /** The regime covering destination {@code country} (ISO 3166 alpha-2). */
    public Optional<Regime> regimeFor(String country) {
        return Optional.ofNullable(country).map(regimeOfCountry::get).map(regimes::get);
    }

    /** The pack of {@code regime} in force on {@code date} (a date of the regime's own calendar). */
    public Optional<RulePack> inForce(String regime, LocalDate date) {
        return regime(regime).flatMap(r -> r.inForce(date));
    }

    /** The pack in force for a destination at an instant, read as a date in the regime's time zone. */
    public Optional<Applied> forDestination(String country, Instant at) {
        return regimeFor(country).flatMap(r -> {
            LocalDate date = LocalDate.ofInstant(at, r.zone());
            return r.inForce(date).map(p -> new Applied(r, p, date));
        });
    }

    /** The pack with {@code id} (any regime). */
    public Optional<RulePack> pack(String id) {
        return regimes.values().stream().flatMap(r -> r.packs().stream()).filter(p -> p.id().equals(id)).findFirst();
    }

    /** One line for the log: every regime with its packs and their versions. */
    public String summary() {
        if (regimes.isEmpty()) {
            return "no rule packs";
        }
        return regimes().stream().map(r -> r.id() + " [" + r.packs().stream()
                        .map(p -> p.id() + " v" + p.version() + " from " + p.effectiveFrom())
                        .collect(Collectors.joining(", ")) + "]")
                .collect(Collectors.joining("; "));
    }
}
