/**
 * Dated rule packs per customs regime (issue 15): which thresholds, duty and fee rules and
 * required item data apply on a date, loaded from {@code config/rules/*.yml}, with the EU per-item
 * flat duty grouping, the handling and national fee estimate and the GTIN check digit; the
 * {@link org.clearway.mappings.rules.RoutingThresholds} resolved from the packs in force, and in
 * {@code rules.quality} the data-quality flags and routing every mapper applies once. Plain
 * Java: no Camel, no Spring, no clock (dates are passed in).
 */
package org.clearway.mappings.rules;
