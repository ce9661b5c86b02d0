package org.clearway.mappings.rules.quality;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.ToIntBiFunction;
import org.clearway.mappings.canonical.Consignment;
import org.clearway.mappings.canonical.DataQuality;
import org.clearway.mappings.canonical.Declaration;
import org.clearway.mappings.canonical.DeclarationKind;
import org.clearway.mappings.canonical.FlagCode;
import org.clearway.mappings.canonical.Money;

/**
 * The one entry point of the rule-derived data quality (issue 12): routes the declaration
 * ({@code declarationKind}, CANONICAL-MODEL §5.1) and computes every flag of §5.8 that follows from
 * the declaration as it stands and the thresholds in force: {@code DE_MINIMIS_EXCEEDED},
 * {@code IOSS_OVER_THRESHOLD}, {@code IOSS_FORMAT}, {@code HS_MISSING}, {@code VAGUE_DESCRIPTION},
 * {@code MASS_INCONSISTENT}. Each run drops those flags first and computes them again, so running
 * it after the mapper and again after the fusion gives the same result as running it once; the
 * flags only a mapper or the merge can know (text normalisation, unit conversion, currency
 * conversion, conflicts between sources, ...) are kept as they are.
 */
public final class DataQualityRules {

    /** The flags this class owns: dropped and recomputed on every evaluation. */
    public static final Set<FlagCode> OWN = Set.of(FlagCode.DE_MINIMIS_EXCEEDED, FlagCode.IOSS_OVER_THRESHOLD,
            FlagCode.IOSS_FORMAT, FlagCode.HS_MISSING, FlagCode.VAGUE_DESCRIPTION, FlagCode.MASS_INCONSISTENT);

    private DataQualityRules() {
    }

    /**
     * @return {@code d} with {@code declarationKind} routed and the owned flags recomputed (other flags
     *         kept, exact duplicates dropped)
     * @throws org.clearway.mappings.rates.MissingExchangeRateException when a threshold in another
     *         currency cannot be compared for want of a rate
     */
    public static Declaration evaluate(Declaration d, QualityContext ctx) {
        Objects.requireNonNull(d, "declaration");
        Objects.requireNonNull(ctx, "ctx");
        Consignment c = d.consignment();
        String dest = d.destinationCustoms().country();
        Money intrinsic = c.intrinsicValue();
        java.time.LocalDate rateDate = QualityContext.rateDate(d);
        ToIntBiFunction<Money, Money> compare = (v, t) -> CurrencyConversion.compare(v, t, ctx.rates(), rateDate);

        DeclarationKind kind = intrinsic == null ? d.declarationKind()
                : DeMinimis.kind(dest, intrinsic, ctx.thresholds().euH7Max(), compare);
        Set<DataQuality.Flag> flags = new LinkedHashSet<>();
        if (d.dataQuality() != null) {
            d.dataQuality().flags().stream().filter(f -> !OWN.contains(f.code())).forEach(flags::add);
        }
        if (intrinsic != null) {
            DeMinimis.check(dest, intrinsic, kind, ctx.thresholds(), compare).ifPresent(flags::add);
            Ioss.checkThreshold(d.payment(), intrinsic, compare).ifPresent(flags::add);
        }
        Ioss.checkFormat(c.iossNumber()).ifPresent(flags::add);
        flags.addAll(HsCodes.checkMissing(d.items(), c.natureOfTransaction(), kind));
        flags.addAll(Vague.check(d.items(), ctx.genericWords()));
        Mass.check(d.items(), c.totalGrossMassKg()).ifPresent(flags::add);

        List<DataQuality.Flag> list = new ArrayList<>(flags);
        return new Declaration(d.specVersion(), d.declarationId(), d.revision(), d.functionCode(), kind,
                d.gatewayMessageId(), d.createdAt(), d.destinationCustoms(), d.sources(), d.provenance(),
                d.correlation(), d.parties(), c, d.items(), d.payment(), d.exchangeRates(),
                list.isEmpty() ? null : new DataQuality(list), d.rulePack(), d.dutyEstimate());
    }
}
