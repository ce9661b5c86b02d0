package org.clearway.mappings.gw10;

/**
 * A CUSRSP error or warning: ERP, ERC and FTX AAO (MIG GW10 §6.2), in SG2 (message level,
 * section {@code 1}) or SG5 (item level, section {@code 2}).
 *
 * @param section       ERP C701.1049: {@code 1} message header, {@code 2} item
 * @param itemNumber    ERP C701.1052: CNI 1490 of the item in the CUSITM ("" at message level)
 * @param subItemNumber ERP C701.1054: LIN 1082 of the piece ("" when not in SG3)
 * @param segmentTag    ERP C853.9166: tag of the CUSITM segment in error
 * @param code          ERC C901.9321, list ZGW (MIG §10)
 * @param text          FTX AAO text ("" when absent)
 */
public record ResponseError(String section, String itemNumber, String subItemNumber, String segmentTag,
                            String code, String text) {

    public ResponseError {
        itemNumber = itemNumber == null ? "" : itemNumber;
        subItemNumber = subItemNumber == null ? "" : subItemNumber;
        text = text == null ? "" : text;
    }

    /**
     * From a validation problem. Uses the ERP pointer of the problem, which carries the CNI 1490 and
     * LIN 1082 as received in the CUSITM (MIG §9 V4).
     */
    public static ResponseError of(BusinessProblem p) {
        String[] parts = p.erpPointer().split(":", -1);
        String section = parts.length > 0 && !parts[0].isEmpty() ? parts[0] : (p.itemSequence() == 0 ? "1" : "2");
        String item = parts.length > 1 ? parts[1] : (p.itemSequence() == 0 ? "" : Integer.toString(p.itemSequence()));
        String sub = parts.length > 2 ? parts[2] : (p.pieceIndex() == null ? "" : p.pieceIndex().toString());
        return new ResponseError(section, item, sub, p.segmentTag(), p.code(), p.text());
    }

    public boolean isError() {
        return code.startsWith("E");
    }
}
