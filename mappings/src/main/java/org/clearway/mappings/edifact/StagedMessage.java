package org.clearway.mappings.edifact;

import java.util.List;

/**
 * One syntactically accepted message, handed to the {@link MessageSink} as soon as its UNT has
 * been read (CUSTOMS-AND-POSTAL-INTERFACES §2.2: staged, released only after UNZ is validated).
 *
 * @param index                 0-based position of the message in the interchange
 * @param messageRef            UNH 0062
 * @param messageType           UNH S009 0065 ({@code CUSITM}, {@code CUSRSP}, {@code CONTRL})
 * @param standaloneInterchange a complete one-message interchange in the original charset and
 *                              service characters: the original UNA (if any), the original UNB
 *                              bytes, the message's segments exactly as received (UNH..UNT,
 *                              including line breaks after terminators) and {@code UNZ+1+<0020>}
 * @param s10ItemIds            CNI C503/1004 values in order (empty for non-CUSITM)
 */
public record StagedMessage(int index, String messageRef, String messageType,
                            byte[] standaloneInterchange, List<String> s10ItemIds) {
    public StagedMessage {
        s10ItemIds = List.copyOf(s10ItemIds);
    }
}
