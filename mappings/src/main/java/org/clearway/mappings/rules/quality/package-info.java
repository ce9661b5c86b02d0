/**
 * The data-quality rules of CANONICAL-MODEL §5.8 and the routing of §5.1, in one place (issue 12):
 * one class per flag family ({@link org.clearway.mappings.rules.quality.DeMinimis},
 * {@link org.clearway.mappings.rules.quality.Ioss}, {@link org.clearway.mappings.rules.quality.HsCodes},
 * {@link org.clearway.mappings.rules.quality.Mass}, {@link org.clearway.mappings.rules.quality.Vague},
 * {@link org.clearway.mappings.rules.quality.ValueMismatch},
 * {@link org.clearway.mappings.rules.quality.CurrencyConversion}) and one entry point,
 * {@link org.clearway.mappings.rules.quality.DataQualityRules#evaluate}, that every mapper and the
 * fusion call once on the declaration they built. Plain Java: no clock, no configuration lookup.
 */
package org.clearway.mappings.rules.quality;
