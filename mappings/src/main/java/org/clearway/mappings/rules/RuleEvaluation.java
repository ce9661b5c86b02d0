package org.clearway.mappings.rules;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;
import org.clearway.mappings.canonical.DataQuality;
import org.clearway.mappings.canonical.Declaration;
import org.clearway.mappings.canonical.DutyEstimate;
import org.clearway.mappings.canonical.FlagCode;
import org.clearway.mappings.canonical.Item;
import org.clearway.mappings.canonical.Money;
import org.clearway.mappings.canonical.RulePackRef;
import org.clearway.mappings.canonical.Severity;

/**
 * Applies the pack in force to a declaration: records {@code rulePack}, the advisory
 * {@code dutyEstimate}, and flags the item data the pack requires but the declaration lacks.
 * Re-applying replaces what an earlier evaluation added (its estimate and its flags), so a
 * declaration evaluated again under the next pack carries only the next pack's result.
 */
public final class RuleEvaluation {

    /** Flags this class owns: removed before each evaluation, so they never pile up. */
    private static final Set<FlagCode> OWN = Set.of(FlagCode.PRODUCT_ID_MISSING, FlagCode.DUTY_ESTIMATE_NOT_POSSIBLE,
            FlagCode.RULE_PACK_CHANGED);

    /** The evaluated declaration and the pack applied (empty when no pack covers destination and date). */
    public record Outcome(Declaration declaration, Optional<RulePacks.Applied> applied) {
    }

    private RuleEvaluation() {
    }

    /**
     * Evaluates {@code d} under the pack in force for its destination on the date the pack's
     * date basis names: {@code at} (the gateway's best knowledge of acceptance or presentation:
     * now), or for DEPARTURE the postal posting date when known.
     *
     * @param convert converts an amount into a currency (empty when there is no rate)
     */
    public static Outcome evaluate(Declaration d, RulePacks packs, Instant at, Set<String> genericWords,
                                   BiFunction<Money, String, Optional<Money>> convert) {
        Objects.requireNonNull(at, "at");
        String country = d.destinationCustoms().country();
        Optional<RulePacks.Applied> found = packs.forDestination(country, at).map(a -> departure(d, packs, a));
        List<DataQuality.Flag> kept = new ArrayList<>();
        if (d.dataQuality() != null) {
            d.dataQuality().flags().stream().filter(f -> !OWN.contains(f.code())).forEach(kept::add);
        }
        if (found.isEmpty()) {
            return new Outcome(d.withRules(null, null, d.items(), kept.isEmpty() ? null : new DataQuality(kept)),
                    Optional.empty());
        }
        RulePacks.Applied a = found.get();
        RulePack pack = a.pack();
        DutyEstimator.Result r = DutyEstimator.estimate(DutyEstimator.Consignment.of(d), pack, a.date(), genericWords,
                convert);
        List<DataQuality.Flag> flags = new ArrayList<>(kept);
        flags.addAll(r.flags());
        requiredData(d, pack, flags);
        RulePackRef ref = new RulePackRef(pack.id(), pack.version(), pack.regime(), pack.dateBasis().name(), a.date());
        return new Outcome(d.withRules(ref, r.estimate(), d.items(), flags.isEmpty() ? null : new DataQuality(flags)),
                found);
    }

    /**
     * Whether a re-evaluation changed what the declaration says (estimate amounts or flags): a
     * new pack or pack version with the same result is not worth an amendment. An earlier
     * {@code RULE_PACK_CHANGED} flag is not part of the result.
     */
    public static boolean resultChanged(Declaration before, Declaration after) {
        return !Objects.equals(estimateWithoutRuleIds(before.dutyEstimate()), estimateWithoutRuleIds(after.dutyEstimate()))
                || !flagsWithoutChange(before).equals(flagsWithoutChange(after));
    }

    /** Flags by code, severity and path: their details name the pack, which may differ with the same result. */
    private static List<List<Object>> flagsWithoutChange(Declaration d) {
        return d.dataQuality() == null ? List.of() : d.dataQuality().flags().stream()
                .filter(f -> f.code() != FlagCode.RULE_PACK_CHANGED)
                .map(f -> List.<Object>of(f.code(), f.severity(), f.path())).toList();
    }

    /** The RULE_PACK_CHANGED flag an amendment carries, naming both packs and the boundary. */
    public static Declaration flagChange(Declaration amended, RulePackRef previous) {
        List<DataQuality.Flag> flags = new ArrayList<>(amended.dataQuality() == null ? List.of()
                : amended.dataQuality().flags());
        RulePackRef now = amended.rulePack();
        String detail = (previous == null ? "no rule pack" : previous.id() + " v" + previous.version())
                + " -> " + (now == null ? "no rule pack" : now.id() + " v" + now.version() + " ("
                + now.dateBasis().toLowerCase(java.util.Locale.ROOT) + " date " + now.date() + ")");
        flags.add(new DataQuality.Flag(FlagCode.RULE_PACK_CHANGED, Severity.INFO, "/rulePack", detail));
        return amended.withRules(amended.rulePack(), amended.dutyEstimate(), amended.items(), new DataQuality(flags));
    }

    /** Rule ids name the pack; the amounts and counts decide whether anything changed. */
    private static List<Object> estimateWithoutRuleIds(DutyEstimate e) {
        if (e == null) {
            return null;
        }
        List<Object> key = new ArrayList<>();
        key.add(e.dutyMethod());
        key.add(e.total());
        key.add(e.complete());
        e.lines().forEach(l -> key.add(List.of(l.type(), l.rule().substring(l.rule().indexOf('/') + 1), l.basis(),
                l.count(), l.rate(), l.amount())));
        return key;
    }

    /** A DEPARTURE pack is looked up again on the posting date when the declaration has one. */
    private static RulePacks.Applied departure(Declaration d, RulePacks packs, RulePacks.Applied a) {
        if (a.pack().dateBasis() != DateBasis.DEPARTURE || d.consignment().postal() == null
                || d.consignment().postal().postingDate() == null) {
            return a;
        }
        LocalDate posted = d.consignment().postal().postingDate();
        return a.regime().inForce(posted).map(p -> new RulePacks.Applied(a.regime(), p, posted)).orElse(a);
    }

    private static void requiredData(Declaration d, RulePack pack, List<DataQuality.Flag> flags) {
        Set<DataElement> required = pack.requiredFor(d.declarationKind());
        if (required.isEmpty()) {
            return;
        }
        boolean postal = d.consignment().postal() != null;
        String why = "required by " + pack.id() + " v" + pack.version() + " for " + d.declarationKind()
                + " from " + pack.effectiveFrom();
        for (int i = 0; i < d.items().size(); i++) {
            Item it = d.items().get(i);
            for (DataElement e : required.stream().sorted().toList()) {
                String path = "/items/" + i + "/" + e.member();
                switch (e) {
                    case SKU, MANUFACTURER_PRODUCT_ID, GTIN -> {
                        String v = e == DataElement.SKU ? it.sku()
                                : e == DataElement.GTIN ? it.gtin() : it.manufacturerProductId();
                        if (v == null && !has(flags, FlagCode.PRODUCT_ID_INVALID, path)) {
                            flags.add(new DataQuality.Flag(FlagCode.PRODUCT_ID_MISSING, Severity.WARNING, path,
                                    e.member() + " " + why + (postal ? "; postal CUSITM carries no product identifiers" : "")));
                        }
                    }
                    case HS_CODE_FULL -> {
                        String hs = it.hsCode() == null ? null : it.hsCode().value();
                        if (hs == null && !has(flags, FlagCode.HS_MISSING, path)) {
                            flags.add(new DataQuality.Flag(FlagCode.HS_MISSING, Severity.WARNING, path, "10-digit code " + why));
                        } else if (hs != null && hs.length() < 10 && !has(flags, FlagCode.HS_ONLY_6_DIGITS, path)) {
                            flags.add(new DataQuality.Flag(FlagCode.HS_ONLY_6_DIGITS, Severity.WARNING, path,
                                    hs.length() + " digits; 10-digit code " + why));
                        }
                    }
                }
            }
        }
    }

    private static boolean has(List<DataQuality.Flag> flags, FlagCode code, String path) {
        return flags.stream().anyMatch(f -> f.code() == code && f.path().equals(path));
    }
}
