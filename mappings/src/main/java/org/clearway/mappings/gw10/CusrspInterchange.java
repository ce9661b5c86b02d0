package org.clearway.mappings.gw10;

import java.time.Instant;
import java.util.List;
import org.clearway.mappings.edifact.EdifactEnvelope;

/**
 * A CUSRSP interchange (MIG GW10 §2.1, §6), as read by {@link CusrspReader} or to be written by
 * {@link CusrspWriter}.
 *
 * @param syntax             service characters, syntax identifier and version. For writing:
 *                           {@code hasUna} asks for a UNA; one is written anyway when the decimal
 *                           mark is a comma or the identifier is UNOY (MIG §3.1)
 * @param lineBreak          written after UNA and every segment terminator: "" (default), "\n" or
 *                           "\r\n" if the partner profile asks for it (MIG §3.5); as detected when read
 * @param senderId           UNB S002.0004 (the gateway)
 * @param senderQualifier    UNB S002.0007
 * @param recipientId        UNB S003.0010 (the post)
 * @param recipientQualifier UNB S003.0007
 * @param preparedAt         UNB S004 date and time (UTC, minute precision)
 * @param controlRef         UNB 0020 and UNZ 0020
 * @param applicationRef     UNB 0026 ("" to omit)
 * @param testIndicator      UNB 0035 = 1
 * @param messages           the CUSRSP messages
 */
public record CusrspInterchange(EdifactEnvelope syntax, String lineBreak, String senderId,
                                String senderQualifier, String recipientId, String recipientQualifier,
                                Instant preparedAt, String controlRef, String applicationRef,
                                boolean testIndicator, List<CusrspMessage> messages) {

    public CusrspInterchange {
        lineBreak = lineBreak == null ? "" : lineBreak;
        applicationRef = applicationRef == null ? "" : applicationRef;
        messages = List.copyOf(messages);
    }

    /** The default service characters for a syntax identifier and version, without UNA (MIG §3.1). */
    public static EdifactEnvelope defaultSyntax(String syntaxIdentifier, String syntaxVersion) {
        return new EdifactEnvelope(false, ':', '+', '.', '?', "4".equals(syntaxVersion) ? '*' : ' ', '\'',
                syntaxIdentifier, syntaxVersion);
    }
}
