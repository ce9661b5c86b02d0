package org.clearway.mappings.edifact;

/**
 * The UNB of a scanned interchange (MIG GW10 §2.1, §4), unescaped.
 *
 * @param envelope           service characters and syntax identifier/version (UNA or defaults, UNB S001)
 * @param senderId           S002 0004
 * @param senderQualifier    S002 0007 (may be empty)
 * @param recipientId        S003 0010
 * @param recipientQualifier S003 0007 (may be empty)
 * @param preparationDate    S004 0017 as received (YYMMDD or CCYYMMDD)
 * @param preparationTime    S004 0019 as received (HHMM)
 * @param controlReference   0020
 * @param applicationReference 0026 (may be empty)
 * @param ackRequested       0031 = 1: a positive CONTRL is wanted
 * @param test               0035 = 1: test interchange
 */
public record InterchangeHeader(EdifactEnvelope envelope, String senderId, String senderQualifier,
                                String recipientId, String recipientQualifier, String preparationDate,
                                String preparationTime, String controlReference,
                                String applicationReference, boolean ackRequested, boolean test) {

    /** {@code id:qualifier} of the sender, the form the known-sender predicate receives. */
    public String senderKey() {
        return senderId + ":" + senderQualifier;
    }
}
