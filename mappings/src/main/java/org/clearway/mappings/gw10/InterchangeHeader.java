package org.clearway.mappings.gw10;

import org.clearway.mappings.edifact.EdifactEnvelope;

/** UNB values shared by every message of an interchange (MIG GW10 §2.1, §4). */
record InterchangeHeader(EdifactEnvelope envelope, String lineBreak, String senderId,
                         String senderQualifier, String recipientId, String recipientQualifier,
                         String date, String time, String interchangeRef, String applicationRef,
                         boolean testIndicator) {

    static InterchangeHeader of(EdifactEnvelope envelope, String lineBreak, EdiSegment unb) {
        return new InterchangeHeader(envelope, lineBreak, unb.value(2, 1), unb.value(2, 2),
                unb.value(3, 1), unb.value(3, 2), unb.value(4, 1), unb.value(4, 2), unb.value(5),
                unb.value(7), "1".equals(unb.value(11)));
    }
}
