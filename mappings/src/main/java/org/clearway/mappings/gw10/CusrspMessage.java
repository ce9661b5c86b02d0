package org.clearway.mappings.gw10;

import java.time.Instant;
import java.util.List;

/**
 * One CUSRSP message answering one CUSITM message (MIG GW10 §6).
 *
 * @param messageRef          UNH 0062
 * @param documentCode        BGM C002.1001: {@code 961} general or {@code 963} error response;
 *                            null lets {@link CusrspWriter} apply the rule of §6.4
 *                            ({@link CusrspCodes#documentCode})
 * @param responseNumber      BGM 1004 (the gateway writes {@code GW-} + Crockford base32, §6.4)
 * @param functionCode        BGM 1225, always {@code 9} in GW10
 * @param messageTime         DTM 137 (UTC)
 * @param customsOffice       NAD MS C082.3039
 * @param post                NAD MR C082.3039 (the CUSITM's NAD MS)
 * @param cusitmMessageNumber SG1 RFF ACW: BGM 1004 of the CUSITM answered
 * @param cusitmMessageTime   SG1 DTM 171: DTM 137 of that CUSITM (null when absent)
 * @param errors              SG2 message-level errors (e.g. E141)
 * @param items               SG3 item responses
 */
public record CusrspMessage(String messageRef, String documentCode, String responseNumber,
                            String functionCode, Instant messageTime, String customsOffice, String post,
                            String cusitmMessageNumber, Instant cusitmMessageTime,
                            List<ResponseError> errors, List<CusrspItemDecision> items) {

    public CusrspMessage {
        errors = List.copyOf(errors);
        items = List.copyOf(items);
    }
}
