package org.clearway.mappings.edifact;

import java.util.Optional;

/**
 * One functional group (UNG..UNE) of a scanned interchange (MIG GW10 §3.6), for CONTRL UCF.
 *
 * @param groupRef           UNG 0048
 * @param messageType        UNG 0038
 * @param senderId           UNG S006 0040
 * @param senderQualifier    UNG S006 0007
 * @param recipientId        UNG S007 0044
 * @param recipientQualifier UNG S007 0007
 * @param error              X017 (UNE count/reference) when the group is rejected
 */
public record GroupResult(String groupRef, String messageType, String senderId, String senderQualifier,
                          String recipientId, String recipientQualifier, Optional<SyntaxProblem> error) {
    public boolean accepted() {
        return error.isEmpty();
    }
}
