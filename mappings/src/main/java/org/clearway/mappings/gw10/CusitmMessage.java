package org.clearway.mappings.gw10;

import java.time.Instant;
import java.util.List;
import org.clearway.mappings.edifact.EdifactEnvelope;

/**
 * One CUSITM message with the interchange references the gateway stores with each declaration
 * because CUSRSP and CONTRL need them (MIG GW10 §5.3, last paragraph).
 *
 * @param envelope             UNA service characters (or defaults), decimal mark, UNB S001
 *                             syntax identifier and version
 * @param interchangeRef       UNB 0020
 * @param senderId             UNB S002.0004
 * @param senderQualifier      UNB S002.0007
 * @param recipientId          UNB S003.0010
 * @param recipientQualifier   UNB S003.0007
 * @param testIndicator        UNB 0035 = 1
 * @param messageRef           UNH 0062
 * @param messageIdentifier    UNH S009 (0065, 0052, 0054, 0051, 0057)
 * @param documentCode         BGM C002.1001 ({@code 936})
 * @param messageNumber        BGM 1004, echoed in CUSRSP {@code RFF+ACW}
 * @param functionCode         BGM 1225: {@code 9} original, {@code 5} replace, {@code 1} cancel
 * @param messageTimeText      DTM 137 C507.2380 as received
 * @param messageTimeFormat    DTM 137 C507.2379 ({@code 203} or {@code 204})
 * @param messageTime          the same as a UTC instant (null if not parseable)
 * @param sendingPost          NAD MS C082.3039
 * @param customsOffice        NAD MR C082.3039
 * @param items                SG1 items in order
 */
public record CusitmMessage(EdifactEnvelope envelope, String interchangeRef, String senderId,
                            String senderQualifier, String recipientId, String recipientQualifier,
                            boolean testIndicator, String messageRef, MessageIdentifier messageIdentifier,
                            String documentCode, String messageNumber, String functionCode,
                            String messageTimeText, String messageTimeFormat, Instant messageTime,
                            String sendingPost, String customsOffice, List<CusitmItem> items) {

    public CusitmMessage {
        items = List.copyOf(items);
    }

    /** The declaration function of BGM 1225; null for a code GW10 does not know. */
    public MessageFunction function() {
        return MessageFunction.fromCode(functionCode);
    }

    /** UNA position 6 or the default {@code .} (MIG §3.1). */
    public char decimalMark() {
        return envelope.decimalMark();
    }
}
