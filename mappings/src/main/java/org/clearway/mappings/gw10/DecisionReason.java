package org.clearway.mappings.gw10;

/**
 * CUSRSP SG3 FTX AAI reason (MIG GW10 §6.2 0130).
 *
 * @param code C107.4441 reason code of list ZRS, e.g. {@code R11}
 * @param text C108 text lines joined with one space ("" when absent; mandatory for R99)
 */
public record DecisionReason(String code, String text) {

    public DecisionReason {
        text = text == null ? "" : text;
    }
}
