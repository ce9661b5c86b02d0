package org.clearway.mappings.postal;

import java.util.Objects;
import org.clearway.mappings.gw10.CusitmItem;
import org.clearway.mappings.gw10.CusitmMessage;

/**
 * The CUSITM references the gateway stores with each postal declaration because CUSRSP needs them
 * (MIG GW10 §5.3 last paragraph, §6.4): all exactly as received.
 *
 * @param interchangeRef   UNB 0020 of the CUSITM interchange
 * @param messageRef       UNH 0062
 * @param bgmNumber        BGM 1004, answered in CUSRSP {@code RFF+ACW}
 * @param messageDate      DTM 137 C507.2380 as received ({@code CCYYMMDDHHMM}, or with seconds
 *                         for format 204), answered in {@code DTM+171}
 * @param sendingPost      header NAD MS (becomes CUSRSP NAD MR)
 * @param customsOffice    header NAD MR (CUSRSP NAD MS when the decision has no office)
 * @param cniSequence      CNI 1490 as received (ERP item number of warnings)
 * @param s10AsReceived    CNI C503.1004 as received (CUSRSP CNI)
 * @param syntaxIdentifier UNB S001.0001 of the CUSITM (CUSRSP is written with it, §6.3)
 * @param syntaxVersion    UNB S001.0002
 */
public record PostalSourceRefs(String interchangeRef, String messageRef, String bgmNumber, String messageDate,
                               String sendingPost, String customsOffice, String cniSequence, String s10AsReceived,
                               String syntaxIdentifier, String syntaxVersion) {

    public PostalSourceRefs {
        Objects.requireNonNull(bgmNumber, "bgmNumber");
        Objects.requireNonNull(s10AsReceived, "s10AsReceived");
        Objects.requireNonNull(syntaxIdentifier, "syntaxIdentifier");
        Objects.requireNonNull(syntaxVersion, "syntaxVersion");
    }

    /** The references of one item of a CUSITM message as read by {@code CusitmReader}. */
    public static PostalSourceRefs of(CusitmMessage message, CusitmItem item) {
        return new PostalSourceRefs(message.interchangeRef(), message.messageRef(), message.messageNumber(),
                message.messageTimeText(), message.sendingPost(), message.customsOffice(), item.sequenceText(),
                item.s10(), message.envelope().syntaxIdentifier(), message.envelope().syntaxVersion());
    }
}
