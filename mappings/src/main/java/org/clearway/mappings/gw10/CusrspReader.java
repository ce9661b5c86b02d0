package org.clearway.mappings.gw10;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.clearway.mappings.edifact.EdifactEnvelope;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads CUSRSP interchanges (MIG GW10 §6) into {@link CusrspInterchange} records: any number of
 * messages per interchange, several decision events per message, SG2 message-level errors and SG5
 * item errors and warnings, any an..35 response number (not only the gateway's {@code GW-} form,
 * §11). Same syntax handling as {@link CusitmReader}.
 */
public final class CusrspReader {

    private static final Logger LOG = LoggerFactory.getLogger(CusrspReader.class);

    private CusrspReader() {
    }

    /** Reads a whole CUSRSP interchange (CUSRSP interchanges are small: all messages are kept). */
    public static CusrspInterchange read(InputStream interchange) {
        List<CusrspMessage> messages = new ArrayList<>();
        InterchangeHeader[] header = new InterchangeHeader[1];
        read(interchange, h -> header[0] = h, messages::add);
        InterchangeHeader h = header[0];
        if (h == null) {
            throw new EdifactReadException("no UNB found", null);
        }
        return new CusrspInterchange(h.envelope(), h.lineBreak(), h.senderId(), h.senderQualifier(),
                h.recipientId(), h.recipientQualifier(), unbTime(h), h.interchangeRef(), h.applicationRef(),
                h.testIndicator(), messages);
    }

    public static CusrspInterchange read(byte[] interchange) {
        return read(new ByteArrayInputStream(interchange));
    }

    /** Streams the messages of an interchange one by one. */
    public static void read(InputStream interchange, Consumer<CusrspMessage> perMessage) {
        read(interchange, h -> { }, perMessage);
    }

    private static void read(InputStream in, Consumer<InterchangeHeader> onHeader, Consumer<CusrspMessage> perMessage) {
        EdiSegmentSource.read(in, new EdiSegmentSource.Handler() {
            @Override
            public void interchangeStart(EdifactEnvelope envelope, String lineBreak, EdiSegment unb) {
                onHeader.accept(InterchangeHeader.of(envelope, lineBreak, unb));
            }

            @Override
            public void message(List<EdiSegment> segments) {
                String type = segments.get(0).value(2, 1);
                if (!"CUSRSP".equals(type)) {
                    LOG.warn("skipping message {} of type {} in a CUSRSP interchange", segments.get(0).value(1), type);
                    return;
                }
                perMessage.accept(map(segments));
            }
        });
    }

    /** UNB S004: v3 YYMMDD, v4 CCYYMMDD, HHMM, UTC (MIG §2.1); null if not parseable. */
    private static Instant unbTime(InterchangeHeader h) {
        try {
            String d = h.date();
            LocalDate date = d.length() == 6
                    ? LocalDate.parse("20" + d, DateTimeFormatter.BASIC_ISO_DATE)
                    : LocalDate.parse(d, DateTimeFormatter.BASIC_ISO_DATE);
            LocalTime time = LocalTime.parse(h.time(), DateTimeFormatter.ofPattern("HHmm"));
            return date.atTime(time).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException | NullPointerException e) {
            return null;
        }
    }

    static CusrspMessage map(List<EdiSegment> segments) {
        String messageRef = segments.get(0).value(1);
        String documentCode = "";
        String responseNumber = "";
        String function = "";
        Instant messageTime = null;
        String office = "";
        String post = "";
        String acw = "";
        Instant acwTime = null;
        List<ResponseError> messageErrors = new ArrayList<>();
        List<CusrspItemDecision> items = new ArrayList<>();
        DecisionBuilder item = null;
        ErrorBuilder error = null;

        for (EdiSegment s : segments) {
            String q = s.qualifier();
            switch (s.tag()) {
                case "BGM" -> {
                    documentCode = s.value(1, 1);
                    responseNumber = s.value(2, 1);
                    function = s.value(3);
                }
                case "DTM" -> {
                    Instant t = EdiValues.instant(s.value(1, 2), s.value(1, 3));
                    switch (q) {
                        case "137" -> messageTime = t;
                        case "171" -> acwTime = t;
                        case "ZCL" -> {
                            if (item != null) {
                                item.decidedAt = t;
                            }
                        }
                        default -> LOG.debug("ignoring DTM {}", q);
                    }
                }
                case "NAD" -> {
                    if ("MS".equals(q)) {
                        office = s.value(2, 1);
                    } else if ("MR".equals(q)) {
                        post = s.value(2, 1);
                    }
                }
                case "RFF" -> {
                    if ("ACW".equals(q)) {
                        acw = s.value(1, 2);
                    }
                }
                case "ERP" -> {
                    error = flush(error, item, messageErrors);
                    error = new ErrorBuilder(s);
                }
                case "ERC" -> {
                    if (error != null) {
                        error.code = s.value(1, 1);
                    }
                }
                case "FTX" -> {
                    String text = CusitmReader.ftxText(s);
                    if ("AAO".equals(q) && error != null) {
                        error.text = error.text.isEmpty() ? text : error.text + " " + text;
                    } else if ("AAI".equals(q) && item != null) {
                        item.reasons.add(new DecisionReason(s.value(3, 1), text));
                    }
                }
                case "CNI" -> {
                    error = flush(error, item, messageErrors);
                    if (item != null) {
                        items.add(item.build());
                    }
                    item = new DecisionBuilder(s);
                }
                case "GIS" -> {
                    if (item != null && "ZDC".equals(s.value(1, 2))) {
                        item.decision = s.value(1, 1);
                    }
                }
                case "MOA" -> {
                    if (item == null) {
                        break;
                    }
                    Amount a = new Amount(q, EdiValues.decimal(s.value(1, 2)), s.value(1, 3));
                    switch (q) {
                        case "9" -> item.total = a;
                        case "124" -> item.lastTax().amount = a;
                        case "125" -> item.lastTax().base = a;
                        default -> LOG.debug("ignoring MOA {}", q);
                    }
                }
                case "TAX" -> {
                    if (item != null) {
                        TaxBuilder t = new TaxBuilder();
                        t.type = s.value(2, 1);
                        t.rate = EdiValues.decimal(s.value(5, 4)); // C243.5278 rate
                        item.taxes.add(t);
                    }
                }
                default -> {
                    // UNH, UNT
                }
            }
        }
        error = flush(error, item, messageErrors);
        if (item != null) {
            items.add(item.build());
        }
        return new CusrspMessage(messageRef, documentCode, responseNumber, function, messageTime, office, post,
                acw, acwTime, messageErrors, items);
    }

    private static ErrorBuilder flush(ErrorBuilder error, DecisionBuilder item, List<ResponseError> messageErrors) {
        if (error != null) {
            ResponseError e = error.build();
            if (item != null) {
                item.problems.add(e);
            } else {
                messageErrors.add(e);
            }
        }
        return null;
    }

    private static final class ErrorBuilder {
        private final EdiSegment erp;
        private String code = "";
        private String text = "";

        ErrorBuilder(EdiSegment erp) {
            this.erp = erp;
        }

        ResponseError build() {
            return new ResponseError(erp.value(1, 1), erp.value(1, 2), erp.value(1, 3), erp.value(2, 1), code, text);
        }
    }

    private static final class TaxBuilder {
        private String type = "";
        private java.math.BigDecimal rate;
        private Amount amount;
        private Amount base;
    }

    private static final class DecisionBuilder {
        private final EdiSegment cni;
        private String decision = "";
        private Instant decidedAt;
        private Amount total;
        private final List<DecisionReason> reasons = new ArrayList<>();
        private final List<TaxBuilder> taxes = new ArrayList<>();
        private final List<ResponseError> problems = new ArrayList<>();

        DecisionBuilder(EdiSegment cni) {
            this.cni = cni;
        }

        TaxBuilder lastTax() {
            if (taxes.isEmpty()) {
                taxes.add(new TaxBuilder()); // MOA 124/125 without TAX: kept, type unknown
            }
            return taxes.get(taxes.size() - 1);
        }

        CusrspItemDecision build() {
            List<TaxLine> lines = taxes.stream().map(t -> new TaxLine(t.type, t.rate, t.amount, t.base)).toList();
            return new CusrspItemDecision(EdiValues.sequence(cni.value(1)), cni.value(2, 1), decision, decidedAt,
                    reasons, total, lines, problems);
        }
    }
}
