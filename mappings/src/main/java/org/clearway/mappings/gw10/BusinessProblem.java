package org.clearway.mappings.gw10;

/**
 * One result of the GW10 business validation (MIG §9), written into CUSRSP SG5 (ERP/ERC/FTX AAO)
 * or, for message-level codes such as E141, SG2.
 *
 * @param code         gateway code of list ZGW (MIG §10), e.g. {@code E110}, {@code W102}
 * @param itemSequence CNI 1490 of the item in the CUSITM (0 for message-level problems)
 * @param pieceIndex   LIN 1082 of the content piece, or null when the problem is not in SG3
 * @param segmentTag   tag of the CUSITM segment in error (ERP C853.9166), e.g. {@code NAD}
 * @param erpPointer   ERP C701 as written with {@code :}: {@code 2:<CNI 1490>[:<LIN 1082>]}
 *                     using the numbers as received (V4), or {@code 1} at message level
 * @param text         human-readable text for FTX AAO
 */
public record BusinessProblem(String code, int itemSequence, Integer pieceIndex, String segmentTag,
                              String erpPointer, String text) {

    /** {@code E} codes reject the item (decision 90); {@code W} codes are warnings only. */
    public boolean isError() {
        return code.startsWith("E");
    }

    public boolean isWarning() {
        return code.startsWith("W");
    }

    /** A message-level problem (SG2, ERP section 1), e.g. E141. */
    public static BusinessProblem messageLevel(String code, String segmentTag, String text) {
        return new BusinessProblem(code, 0, null, segmentTag, "1", text);
    }
}
