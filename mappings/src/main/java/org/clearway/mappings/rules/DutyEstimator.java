package org.clearway.mappings.rules;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;
import org.clearway.mappings.canonical.DataQuality;
import org.clearway.mappings.canonical.Declaration;
import org.clearway.mappings.canonical.DutyEstimate.ChargeType;
import org.clearway.mappings.canonical.DutyEstimate;
import org.clearway.mappings.canonical.FlagCode;
import org.clearway.mappings.canonical.Item;
import org.clearway.mappings.canonical.Money;
import org.clearway.mappings.canonical.Party;
import org.clearway.mappings.canonical.PartyRole;
import org.clearway.mappings.canonical.Severity;
import org.clearway.mappings.canonical.TypeOfPerson;
import org.clearway.mappings.rules.quality.Vague;

/**
 * The advisory duty and fee estimate of one consignment under one pack: the EU flat duty per
 * item, handling and national fees, and what cannot be estimated. An item is the goods sharing
 * tariff classification, description and origin (five T-shirts are one item, a T-shirt and a
 * watch two); goods without an HS code or with a vague description cannot be grouped, so each
 * counts as an item of its own (the estimate is then an upper bound and flagged).
 */
public final class DutyEstimator {

    /** One goods line as the estimator sees it; {@code index} is its position in {@code items[]}. */
    public record Goods(int index, String hsCode, String description, String countryOfOrigin) {
    }

    /**
     * The consignment: destination, intrinsic value, whether it is B2C (the consignee is not a
     * legal person), whether it travels by post, and its goods lines.
     */
    public record Consignment(String destinationCountry, Money intrinsicValue, boolean b2c, boolean postal,
                              List<Goods> goods) {
        public Consignment {
            Objects.requireNonNull(destinationCountry, "destinationCountry");
            Objects.requireNonNull(intrinsicValue, "intrinsicValue");
            goods = List.copyOf(goods);
        }

        /** The view of a canonical declaration (postal: it carries a {@code consignment.postal} block). */
        public static Consignment of(Declaration d) {
            boolean b2c = d.parties().stream().filter(p -> p.role() == PartyRole.CONSIGNEE)
                    .map(Party::typeOfPerson).noneMatch(t -> t == TypeOfPerson.LEGAL);
            List<Goods> goods = new ArrayList<>();
            for (int i = 0; i < d.items().size(); i++) {
                Item it = d.items().get(i);
                goods.add(new Goods(i, it.hsCode() == null ? null : it.hsCode().value(), it.description(),
                        it.countryOfOrigin()));
            }
            return new Consignment(d.destinationCustoms().country(), d.consignment().intrinsicValue(), b2c,
                    d.consignment().postal() != null, goods);
        }
    }

    /** The estimate and the flags it raised. */
    public record Result(DutyEstimate estimate, List<DataQuality.Flag> flags) {
        public Result {
            flags = List.copyOf(flags);
        }
    }

    private DutyEstimator() {
    }

    /** The number of items in the flat-duty sense, ungroupable goods counted singly. */
    public static int itemCount(List<Goods> goods, Set<String> genericWords) {
        return grouping(goods, genericWords).count();
    }

    /**
     * Estimates duty and fees of {@code c} under {@code pack} on {@code date}.
     *
     * @param convert converts an amount into a currency (empty: no rate); used when the
     *                consignment's value is not in the pack's currency
     */
    public static Result estimate(Consignment c, RulePack pack, java.time.LocalDate date, Set<String> genericWords,
                                  BiFunction<Money, String, Optional<Money>> convert) {
        String currency = pack.duty().perItem() != null ? pack.duty().perItem().currency()
                : pack.thresholds().deMinimis() != null ? pack.thresholds().deMinimis().currency()
                : c.intrinsicValue().currency();
        List<DataQuality.Flag> flags = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        Grouping g = grouping(c.goods(), genericWords);
        Optional<Money> value = c.intrinsicValue().currency().equals(currency) ? Optional.of(c.intrinsicValue())
                : convert.apply(c.intrinsicValue(), currency);
        List<DutyEstimate.Line> lines = new ArrayList<>();
        boolean complete = true;
        RulePack.DutyRule duty = pack.duty();
        String dutyRule = pack.id() + "/duty";
        if (value.isEmpty()) {
            complete = false;
            flags.add(flag(Severity.WARNING, "/consignment/intrinsicValue", "no exchange rate "
                    + c.intrinsicValue().currency() + "/" + currency + " for the " + pack.id() + " estimate"));
            notes.add("duty not estimated: no rate to " + currency);
        } else if (c.postal() && duty.postalMethod() != null) {
            complete = false;
            flags.add(flag(Severity.WARNING, "/consignment", "postal item: " + duty.postalMethod()
                    + " (" + pack.id() + ")"));
            notes.add("postal duty method: " + duty.postalMethod());
        } else {
            switch (duty.method()) {
                case RELIEF_UP_TO_DE_MINIMIS -> {
                    Money dm = pack.thresholds().deMinimis();
                    if (dm != null && value.get().amount().compareTo(dm.amount()) <= 0) {
                        lines.add(new DutyEstimate.Line(ChargeType.DUTY, dutyRule, "RELIEF", g.count(),
                                zero(currency), zero(currency)));
                        notes.add("duty relief up to " + dm.amount().toPlainString() + " " + currency);
                    } else {
                        complete = false;
                        notes.add("above the de minimis: tariff duty, computed by customs");
                    }
                }
                case FLAT_PER_ITEM -> {
                    if (duty.b2cOnly() && !c.b2c()) {
                        complete = false;
                        notes.add("B2B consignment: tariff duty, computed by customs");
                    } else if (value.get().amount().compareTo(duty.maxConsignmentValue().amount()) > 0) {
                        complete = false;
                        notes.add("above " + duty.maxConsignmentValue().amount().toPlainString() + " " + currency
                                + ": tariff duty, computed by customs");
                    } else {
                        lines.add(charge(ChargeType.DUTY, dutyRule, FeeBasis.PER_ITEM.name(), g.count(), duty.perItem()));
                    }
                }
                case TARIFF -> {
                    complete = false;
                    notes.add("tariff duty on every consignment (no de minimis), computed by customs");
                }
            }
        }
        if (c.b2c()) {
            for (RulePack.FeeRule fee : pack.feesFor(c.destinationCountry(), date)) {
                int count = switch (fee.basis()) {
                    case PER_ITEM -> g.count();
                    case PER_HS6_LINE -> g.hs6Lines();
                    case PER_CONSIGNMENT -> 1;
                };
                ChargeType type = "HANDLING".equals(fee.kind()) ? ChargeType.HANDLING_FEE : ChargeType.NATIONAL_FEE;
                lines.add(charge(type, pack.id() + "/" + fee.id(), fee.basis().name(), count, fee.amount()));
            }
        }
        if (!g.ungroupable().isEmpty()) {
            complete = false;
            notes.add(g.ungroupable().size() + " goods line(s) cannot be grouped and count as items of their own");
            for (Ungroupable u : g.ungroupable()) {
                flags.add(flag(Severity.WARNING, "/items/" + u.index() + "/" + u.member(), u.reason()
                        + ": cannot be grouped into items (" + pack.id() + "), counted as an item of its own"));
            }
        }
        BigDecimal total = lines.stream().map(l -> l.amount().amount()).reduce(BigDecimal.ZERO, BigDecimal::add)
                .setScale(2);
        DutyEstimate estimate = new DutyEstimate(duty.method().name(), g.count(), lines, new Money(total, currency),
                complete, notes.isEmpty() ? null : String.join("; ", notes));
        return new Result(estimate, flags);
    }

    private static DutyEstimate.Line charge(ChargeType type, String rule, String basis, int count, Money rate) {
        return new DutyEstimate.Line(type, rule, basis, count, rate,
                new Money(rate.amount().multiply(BigDecimal.valueOf(count)).setScale(2), rate.currency()));
    }

    private static Money zero(String currency) {
        return new Money(new BigDecimal("0.00"), currency);
    }

    private static DataQuality.Flag flag(Severity severity, String path, String detail) {
        return new DataQuality.Flag(FlagCode.DUTY_ESTIMATE_NOT_POSSIBLE, severity, path, detail);
    }

    private record Ungroupable(int index, String member, String reason) {
    }

    private record Grouping(Set<String> keys, Set<String> hs6, List<Ungroupable> ungroupable) {
        int count() {
            return keys.size() + ungroupable.size();
        }

        /** Distinct HS6 subheadings; goods without HS code count one line each. */
        int hs6Lines() {
            return hs6.size() + (int) ungroupable.stream().filter(u -> u.member().equals("hsCode")).count();
        }
    }

    private static Grouping grouping(List<Goods> goods, Set<String> genericWords) {
        Set<String> keys = new LinkedHashSet<>();
        Set<String> hs6 = new LinkedHashSet<>();
        List<Ungroupable> ungroupable = new ArrayList<>();
        for (Goods g : goods) {
            String hs = g.hsCode() == null ? "" : g.hsCode().trim();
            if (hs.length() >= 6) {
                hs6.add(hs.substring(0, 6));
            }
            if (hs.isEmpty()) {
                ungroupable.add(new Ungroupable(g.index(), "hsCode", "no HS code"));
                continue;
            }
            Optional<String> vague = g.description() == null ? Optional.of("no description")
                    : Vague.detail(g.description(), genericWords);
            if (vague.isPresent()) {
                ungroupable.add(new Ungroupable(g.index(), "description", "vague description (" + vague.get() + ")"));
                continue;
            }
            keys.add(hs + "|" + normalise(g.description()) + "|" + g.countryOfOrigin());
        }
        return new Grouping(keys, hs6, ungroupable);
    }

    /** Case, punctuation, spacing and a plural S do not make goods different. */
    static String normalise(String description) {
        StringBuilder sb = new StringBuilder();
        for (String w : description.toUpperCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")) {
            if (w.isEmpty()) {
                continue;
            }
            String word = w.length() > 3 && w.endsWith("S") && !w.endsWith("SS") ? w.substring(0, w.length() - 1) : w;
            sb.append(sb.isEmpty() ? "" : " ").append(word);
        }
        return sb.toString();
    }
}
