package org.clearway.mappings.gw10;

import java.time.Instant;
import java.util.List;

/**
 * One CUSRSP SG3 item response (MIG GW10 §6.2 0100-0190).
 *
 * @param sequence     CNI 1490: sequence of the answer in this CUSRSP (1, 2, 3 ...)
 * @param s10          CNI C503.1004: the S10 id exactly as received in the CUSITM
 * @param decisionCode GIS C529.7365, list ZDC (§8.4), e.g. {@code 10}, {@code 11}, {@code 90}
 * @param decidedAt    DTM ZCL decision / clearance time (UTC)
 * @param reasons      FTX AAI reasons (list ZRS), up to 5
 * @param totalPayable MOA 9 (null when absent; mandatory for decision 11)
 * @param taxes        SG4 duty / tax lines
 * @param problems     SG5 errors and warnings
 */
public record CusrspItemDecision(int sequence, String s10, String decisionCode, Instant decidedAt,
                                 List<DecisionReason> reasons, Amount totalPayable, List<TaxLine> taxes,
                                 List<ResponseError> problems) {

    public CusrspItemDecision {
        reasons = List.copyOf(reasons);
        taxes = List.copyOf(taxes);
        problems = List.copyOf(problems);
    }
}
