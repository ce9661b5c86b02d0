/**
 * Exchange-rate tables for the conversions of CANONICAL-MODEL §5.7, each with its source
 * ({@code ECB | CUSTOMS | PARTNER}) and the dates its rates apply from.
 *
 * <ul>
 *   <li>{@link org.clearway.mappings.rates.ExchangeRateTable}: what the mappers and rules look rates up
 *       in; {@link org.clearway.mappings.rates.MissingExchangeRateException} when a needed rate is
 *       missing (the declaration stays PENDING).</li>
 *   <li>{@link org.clearway.mappings.rates.RateTable}: a fixed table of currency pairs, dated or
 *       not (configured customs or partner rates).</li>
 *   <li>{@link org.clearway.mappings.rates.ReferenceRates}: reference rates against one base
 *       currency per day, cross rates derived; {@link org.clearway.mappings.rates.EcbRatesReader}
 *       reads the ECB's euro reference-rate XML into one.</li>
 * </ul>
 *
 * All are immutable: a reload builds new tables and swaps them.
 */
package org.clearway.mappings.rates;
