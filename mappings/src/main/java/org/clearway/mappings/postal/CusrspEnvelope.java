package org.clearway.mappings.postal;

import java.time.Instant;
import java.util.Objects;

/**
 * Interchange values of an outbound CUSRSP (MIG GW10 §2.1, §6.4) that are not in the decision:
 * who writes to whom, the control reference and the time of writing (no clock inside the mapper).
 *
 * @param gatewayId        UNB S002.0004, the gateway's EDIFACT id (demo {@code DECUSTGW})
 * @param gatewayQualifier UNB S002.0007 (demo {@code ZZZ})
 * @param partnerId        UNB S003.0010 = the UNB sender id of the CUSITM answered
 * @param partnerQualifier UNB S003.0007 = its qualifier
 * @param controlRef       UNB/UNZ 0020, unique per gateway and partner
 * @param writtenAt        UNB S004 and DTM 137 (UTC)
 * @param messageRef       UNH 0062 of the (first) message; {@code 1} when null
 * @param lineBreak        line break after each segment if the partner profile asks for one ("" or null: none)
 * @param testIndicator    UNB 0035 = 1 (echo the CUSITM's test flag)
 */
public record CusrspEnvelope(String gatewayId, String gatewayQualifier, String partnerId, String partnerQualifier,
                             String controlRef, Instant writtenAt, String messageRef, String lineBreak,
                             boolean testIndicator) {

    public CusrspEnvelope {
        Objects.requireNonNull(gatewayId, "gatewayId");
        Objects.requireNonNull(partnerId, "partnerId");
        Objects.requireNonNull(controlRef, "controlRef");
        Objects.requireNonNull(writtenAt, "writtenAt");
        gatewayQualifier = gatewayQualifier == null ? "" : gatewayQualifier;
        partnerQualifier = partnerQualifier == null ? "" : partnerQualifier;
        messageRef = messageRef == null || messageRef.isBlank() ? "1" : messageRef;
        lineBreak = lineBreak == null ? "" : lineBreak;
    }
}
