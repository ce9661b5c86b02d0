/**
 * Fusion of transport-side and platform-side data into one declaration (CANONICAL-MODEL §7,
 * PARTNER-APIS §7): the order data the merge needs ({@link org.clearway.mappings.fusion.OrderData},
 * {@link org.clearway.mappings.fusion.MatchedOrder}) and the merge itself
 * ({@link org.clearway.mappings.fusion.OrderFusion}).
 */
package org.clearway.mappings.fusion;
