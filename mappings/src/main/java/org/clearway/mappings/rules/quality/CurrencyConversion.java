package org.clearway.mappings.rules.quality;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.clearway.mappings.canonical.DataQuality;
import org.clearway.mappings.canonical.ExchangeRate;
import org.clearway.mappings.canonical.FlagCode;
import org.clearway.mappings.canonical.Money;
import org.clearway.mappings.canonical.Severity;
import org.clearway.mappings.rates.ExchangeRateTable;
import org.clearway.mappings.rates.MissingExchangeRateException;

/**
 * The {@code CURRENCY_CONVERTED} family (CANONICAL-MODEL §5.7, §5.8): converts values into the
 * declaration currency with the rate of the rate date, rounded HALF_UP to the target's minor unit,
 * and collects the {@code exchangeRates[]} entries and flags of one mapping run. The flag is raised
 * where the conversion happens because only then is the original of a non-item value known (§5.7
 * keeps originals for {@code items[].value} only). A missing rate throws
 * {@link MissingExchangeRateException} (the declaration stays PENDING).
 */
public final class CurrencyConversion {

    private final ExchangeRateTable table;
    private final String to;
    private final LocalDate rateDate;
    private final Map<String, ExchangeRate> rates = new LinkedHashMap<>();
    private final List<DataQuality.Flag> flags = new ArrayList<>();

    /**
     * @param table    rate table
     * @param to       declaration currency
     * @param rateDate §5.7 rate date (rates are the last on or before it)
     */
    public CurrencyConversion(ExchangeRateTable table, String to, LocalDate rateDate) {
        this.table = Objects.requireNonNull(table, "table");
        this.to = Objects.requireNonNull(to, "to");
        this.rateDate = Objects.requireNonNull(rateDate, "rateDate");
    }

    /**
     * {@code original} in the declaration currency; the same object when already in it.
     *
     * @param path   JSON Pointer of the value, for the flag and the error
     * @param flagIt whether the conversion raises {@code CURRENCY_CONVERTED} (not for unit prices in fusion)
     */
    public Money convert(Money original, String path, boolean flagIt) {
        if (original == null || original.currency().equals(to)) {
            return original;
        }
        ExchangeRateTable.Rate rate = rate(original.currency(), to, "value at " + path);
        LocalDate date = rate.rateDate() != null ? rate.rateDate() : rateDate;
        rates.putIfAbsent(original.currency() + "/" + to,
                new ExchangeRate(original.currency(), to, rate.rate(), date, rate.source()));
        if (flagIt) {
            flags.add(new DataQuality.Flag(FlagCode.CURRENCY_CONVERTED, Severity.INFO, path, detail(original,
                    rate.source().name(), date)));
        }
        return Money.rounded(original.amount().multiply(rate.rate()), to);
    }

    /** The flag's detail, as the §9.1 example writes it: {@code 19.90 USD converted at ECB 2026-11-20 rate}. */
    static String detail(Money original, String source, LocalDate date) {
        return original.amount().toPlainString() + " " + original.currency() + " converted at " + source + " "
                + date + " rate";
    }

    /** The rate for a pair on the rate date; throws {@link MissingExchangeRateException} when there is none. */
    public ExchangeRateTable.Rate rate(String from, String target, String why) {
        return table.lookup(from, target, rateDate).orElseThrow(() -> new MissingExchangeRateException(from, target,
                why));
    }

    /** Compares a value with a threshold, converting without listing a rate: no value of the document changes. */
    public int compare(Money value, Money threshold) {
        return compare(value, threshold, table, rateDate);
    }

    static int compare(Money value, Money threshold, ExchangeRateTable table, LocalDate date) {
        if (value.currency().equals(threshold.currency())) {
            return value.amount().compareTo(threshold.amount());
        }
        BigDecimal r = table.lookup(value.currency(), threshold.currency(), date)
                .orElseThrow(() -> new MissingExchangeRateException(value.currency(), threshold.currency(),
                        "routing threshold")).rate();
        return value.amount().multiply(r).compareTo(threshold.amount());
    }

    /** Keeps an entry another run listed (the fusion keeps the transport side's surviving conversions). */
    public void keep(ExchangeRate rate) {
        rates.putIfAbsent(rate.from() + "/" + rate.to(), rate);
    }

    /** The {@code exchangeRates[]} entries used so far. */
    public List<ExchangeRate> rates() {
        return new ArrayList<>(rates.values());
    }

    /** The {@code CURRENCY_CONVERTED} flags raised so far. */
    public List<DataQuality.Flag> flags() {
        return List.copyOf(flags);
    }

    /** The rate date conversions use. */
    public LocalDate rateDate() {
        return rateDate;
    }
}
