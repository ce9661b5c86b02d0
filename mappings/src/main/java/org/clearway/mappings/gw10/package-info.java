/**
 * Dialect GW10: the gateway's default CUSITM / CUSRSP profile (MIG "CUSITM-CUSRSP-MIG.md").
 *
 * <pre>
 * post --CUSITM--> CusitmReader.read (one CusitmMessage at a time) --> CusitmValidator.validate
 *                  (V1-V19, V22, V23; V20/V21 by the caller with its store)
 * post <--CUSRSP-- CusrspWriter.write(CusrspInterchange)  (CusrspCodes: §6.4 helpers)
 *                  CusrspReader.read for CUSRSPs received or written (tests, replays)
 * </pre>
 *
 * <p>Reading uses StAEDI with the built-in control schema only; messages are expected to have
 * passed the syntax pass of {@code org.clearway.mappings.edifact} (CONTRL) first.
 */
package org.clearway.mappings.gw10;
