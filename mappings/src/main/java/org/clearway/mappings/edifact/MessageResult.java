package org.clearway.mappings.edifact;

import java.util.List;

/**
 * Syntax outcome of one message of a scanned interchange (one entry of the 202 body's
 * {@code messages}, CUSTOMS-AND-POSTAL-INTERFACES §2.2).
 *
 * @param messageRef        UNH 0062
 * @param messageType       UNH S009 0065, e.g. {@code CUSITM}
 * @param messageIdentifier UNH S009 as received, re-expressed with default separators
 *                          ({@code CUSITM:1:1:AD:GW10}); goes into CONTRL UCM S009
 * @param accepted          no syntax error in this message (an interchange error rejects it anyway)
 * @param errors            the syntax errors, empty when accepted
 * @param s10ItemIds        CNI C503/1004 values in order (empty unless CUSITM)
 * @param groupRef          UNG 0048 of the enclosing functional group, or null
 */
public record MessageResult(String messageRef, String messageType, String messageIdentifier,
                            boolean accepted, List<SyntaxProblem> errors, List<String> s10ItemIds,
                            String groupRef) {
    public MessageResult {
        errors = List.copyOf(errors);
        s10ItemIds = List.copyOf(s10ItemIds);
    }

    /** A message outside functional groups. */
    public MessageResult(String messageRef, String messageType, String messageIdentifier,
                         boolean accepted, List<SyntaxProblem> errors, List<String> s10ItemIds) {
        this(messageRef, messageType, messageIdentifier, accepted, errors, s10ItemIds, null);
    }
}
