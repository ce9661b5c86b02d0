/**
 * Postal CUSITM/CUSRSP (profile GW10) to and from the canonical model.
 *
 * <ul>
 *   <li>{@link org.clearway.mappings.postal.CusitmToCanonical}: one CUSITM item -> one canonical
 *       Declaration (MIG §5.3, CANONICAL-MODEL §5, §8.2), with data-quality flags (§5.8) and
 *       currency conversion (§5.7).</li>
 *   <li>{@link org.clearway.mappings.postal.PostalContent}: digest of an item's business content for
 *       the duplicate rule MIG §9 V20.</li>
 *   <li>{@link org.clearway.mappings.postal.DecisionToCusrsp}: canonical decisions and gateway
 *       validation rejections -> CUSRSP records (MIG §6.4, normative), written by
 *       {@code gw10.CusrspWriter}.</li>
 * </ul>
 */
package org.clearway.mappings.postal;
