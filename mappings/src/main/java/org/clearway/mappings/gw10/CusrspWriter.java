package org.clearway.mappings.gw10;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.clearway.mappings.edifact.EdifactEnvelope;

/**
 * Writes CUSRSP interchanges of profile GW10 (MIG §6) with the partner's syntax identifier,
 * version and service characters.
 *
 * <p>UNA is written when {@link EdifactEnvelope#hasUna()} asks for it, and always when the
 * decimal mark is a comma or the identifier is UNOY (MIG §3.1). Text is transliterated to the
 * repertoire (UNOC: Latin-1, UNOA: upper-case ASCII; §3.3), truncated to the element length and
 * escaped with the release character (§3.2). UNT and UNZ counts are computed. Free texts longer
 * than 70 characters are split at word boundaries into up to 5 C108 lines (§5.2 FTX).
 */
public final class CusrspWriter {

    private static final DateTimeFormatter YYMMDD = DateTimeFormatter.ofPattern("yyMMdd").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter CCYYMMDD = DateTimeFormatter.ofPattern("uuuuMMdd").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter HHMM = DateTimeFormatter.ofPattern("HHmm").withZone(ZoneOffset.UTC);

    private CusrspWriter() {
    }

    /**
     * Writes the interchange.
     *
     * @return the bytes in the encoding of the syntax identifier (UNOY: UTF-8, else ISO-8859-1)
     * @throws IllegalArgumentException for a syntax identifier GW10 does not support
     */
    public static byte[] write(CusrspInterchange interchange) {
        EdifactEnvelope syntax = interchange.syntax();
        Charset charset = EdifactEnvelope.charsetFor(syntax.syntaxIdentifier())
                .orElseThrow(() -> new IllegalArgumentException("unsupported syntax identifier "
                        + syntax.syntaxIdentifier()));
        return writeString(interchange).getBytes(charset);
    }

    /** The interchange as text, before encoding. */
    public static String writeString(CusrspInterchange ic) {
        EdifactEnvelope syntax = ic.syntax();
        EdiWriter w = new EdiWriter(syntax, ic.lineBreak());
        if (syntax.hasUna() || syntax.decimalMark() == ',' || "UNOY".equals(syntax.syntaxIdentifier())) {
            w.una();
        }
        boolean v4 = "4".equals(syntax.syntaxVersion());
        w.seg("UNB",
                new String[]{syntax.syntaxIdentifier(), syntax.syntaxVersion()},
                new String[]{w.text(ic.senderId(), 35), w.text(ic.senderQualifier(), 4)},
                new String[]{w.text(ic.recipientId(), 35), w.text(ic.recipientQualifier(), 4)},
                new String[]{(v4 ? CCYYMMDD : YYMMDD).format(ic.preparedAt()), HHMM.format(ic.preparedAt())},
                w.text(ic.controlRef(), 14),
                null,
                w.text(ic.applicationRef(), 14),
                null, null, null,
                ic.testIndicator() ? "1" : null);
        for (CusrspMessage m : ic.messages()) {
            writeMessage(w, m);
        }
        w.seg("UNZ", Integer.toString(ic.messages().size()), w.text(ic.controlRef(), 14));
        return w.result();
    }

    private static void writeMessage(EdiWriter w, CusrspMessage m) {
        Objects.requireNonNull(m.messageTime(), "DTM 137 messageTime is mandatory (MIG §6.1)");
        for (CusrspItemDecision d : m.items()) {
            Objects.requireNonNull(d.decidedAt(), "DTM ZCL decidedAt is mandatory (MIG §6.2 0120)");
        }
        w.startMessage();
        MessageIdentifier id = MessageIdentifier.CUSRSP_GW10;
        w.seg("UNH", w.text(m.messageRef(), 14),
                new String[]{id.type(), id.version(), id.release(), id.agency(), id.associationCode()});
        String documentCode = m.documentCode() == null || m.documentCode().isEmpty()
                ? CusrspCodes.documentCode(m) : m.documentCode();
        String function = m.functionCode() == null || m.functionCode().isEmpty() ? "9" : m.functionCode();
        w.seg("BGM", documentCode, w.text(m.responseNumber(), 35), function);
        w.seg("DTM", (Object) w.dateTime("137", m.messageTime()));
        w.seg("NAD", "MS", w.text(m.customsOffice(), 35));
        w.seg("NAD", "MR", w.text(m.post(), 35));
        // SG1: reference to the CUSITM answered (MIG §6.2 0050-0060)
        w.seg("RFF", (Object) new String[]{"ACW", w.text(m.cusitmMessageNumber(), 35)});
        if (m.cusitmMessageTime() != null) {
            w.seg("DTM", (Object) w.dateTime("171", m.cusitmMessageTime()));
        }
        for (ResponseError e : m.errors()) {
            writeError(w, e);
        }
        for (CusrspItemDecision d : m.items()) {
            w.seg("CNI", Integer.toString(d.sequence()), w.text(d.s10(), 35));
            w.seg("GIS", (Object) new String[]{d.decisionCode(), "ZDC"});
            w.seg("DTM", (Object) w.dateTime("ZCL", d.decidedAt()));
            for (DecisionReason r : d.reasons()) {
                List<List<String>> els = new ArrayList<>();
                els.add(List.of("AAI"));
                els.add(List.of());
                els.add(List.of(r.code(), "ZRS"));
                els.add(lines(w, r.text()));
                w.segment("FTX", els);
            }
            if (d.totalPayable() != null) {
                w.seg("MOA", (Object) amount(w, "9", d.totalPayable()));
            }
            for (TaxLine t : d.taxes()) {
                // TAX 5283 = 1 individual duty/tax/fee; rate in C243 component 4 (5278)
                w.seg("TAX", "1", t.type(), null, null, new String[]{null, null, null, w.number(t.rate())});
                w.seg("MOA", (Object) amount(w, "124", t.amount()));
                if (t.base() != null) {
                    w.seg("MOA", (Object) amount(w, "125", t.base()));
                }
            }
            for (ResponseError e : d.problems()) {
                writeError(w, e);
            }
        }
        w.seg("UNT", Integer.toString(w.segmentsSinceUnh() + 1), w.text(m.messageRef(), 14));
    }

    private static void writeError(EdiWriter w, ResponseError e) {
        w.seg("ERP", new String[]{e.section(), e.itemNumber(), e.subItemNumber()}, e.segmentTag());
        w.seg("ERC", (Object) new String[]{e.code(), "ZGW"});
        if (!e.text().isEmpty()) {
            List<List<String>> els = new ArrayList<>();
            els.add(List.of("AAO"));
            els.add(List.of());
            els.add(List.of());
            els.add(lines(w, e.text()));
            w.segment("FTX", els);
        }
    }

    private static String[] amount(EdiWriter w, String qualifier, Amount a) {
        return new String[]{qualifier, w.number(a.value()), a.currency()};
    }

    /**
     * Splits text into at most 5 lines of at most 70 characters at word boundaries, no line
     * starting or ending with a space; a longer word is cut (MIG §5.2 FTX C108).
     */
    static List<String> lines(EdiWriter w, String text) {
        String t = w.text(text, Integer.MAX_VALUE).trim().replaceAll(" +", " ");
        List<String> lines = new ArrayList<>();
        while (!t.isEmpty() && lines.size() < 5) {
            if (t.length() <= 70) {
                lines.add(t);
                break;
            }
            int cut = t.lastIndexOf(' ', 70);
            if (cut <= 0) {
                lines.add(t.substring(0, 70));
                t = t.substring(70).trim();
            } else {
                lines.add(t.substring(0, cut).trim());
                t = t.substring(cut + 1).trim();
            }
        }
        return lines;
    }
}
