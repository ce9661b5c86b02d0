package org.clearway.mappings.gw10;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.clearway.mappings.edifact.EdifactEnvelope;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads CUSITM interchanges of profile GW10 (MIG §5) into {@link CusitmMessage} records, one
 * message at a time.
 *
 * <p>Accepts an interchange that has passed the syntax pass (CONTRL side): UNA optional, any
 * UNA service characters, UNOA/UNOB/UNOC/UNOY (encoding chosen from UNB S001 via
 * {@link EdifactEnvelope}), syntax 3 or 4, with or without UNG groups and line breaks after
 * terminators. Text is un-escaped by StAEDI; numbers accept either decimal mark. Segments that do
 * not belong to the GW10 layout are ignored rather than failing the message.
 */
public final class CusitmReader {

    private static final Logger LOG = LoggerFactory.getLogger(CusitmReader.class);

    private CusitmReader() {
    }

    /**
     * Streams an interchange: {@code perMessage} is called once per CUSITM message as soon as its
     * UNT has been read; at most one message is held in memory.
     *
     * @throws EdifactReadException when the input is not readable EDIFACT (not UNA/UNB,
     *                              unsupported syntax identifier, truncated before UNZ)
     */
    public static void read(InputStream interchange, Consumer<CusitmMessage> perMessage) {
        EdiSegmentSource.read(interchange, new EdiSegmentSource.Handler() {
            private InterchangeHeader header;

            @Override
            public void interchangeStart(EdifactEnvelope envelope, String lineBreak, EdiSegment unb) {
                header = InterchangeHeader.of(envelope, lineBreak, unb);
            }

            @Override
            public void message(List<EdiSegment> segments) {
                String type = segments.get(0).value(2, 1);
                if (!"CUSITM".equals(type)) {
                    LOG.warn("skipping message {} of type {} in a CUSITM interchange",
                            segments.get(0).value(1), type);
                    return;
                }
                perMessage.accept(map(header, segments));
            }
        });
    }

    /** Reads a whole interchange held in memory; convenient for tests and small files. */
    public static List<CusitmMessage> readAll(byte[] interchange) {
        List<CusitmMessage> out = new ArrayList<>();
        read(new ByteArrayInputStream(interchange), out::add);
        return out;
    }

    static CusitmMessage map(InterchangeHeader h, List<EdiSegment> segments) {
        EdiSegment unh = segments.get(0);
        MessageIdentifier id = new MessageIdentifier(unh.value(2, 1), unh.value(2, 2), unh.value(2, 3),
                unh.value(2, 4), unh.value(2, 5));
        String documentCode = "";
        String messageNumber = "";
        String functionCode = "";
        String timeText = "";
        String timeFormat = "";
        String sendingPost = "";
        String customsOffice = "";
        List<CusitmItem> items = new ArrayList<>();
        ItemBuilder item = null;

        for (EdiSegment s : segments) {
            String tag = s.tag();
            if ("CNI".equals(tag)) {
                if (item != null) {
                    items.add(item.build());
                }
                item = new ItemBuilder(s);
                continue;
            }
            if (item != null) {
                if (!"UNT".equals(tag)) {
                    item.accept(s);
                }
                continue;
            }
            switch (tag) {
                case "BGM" -> {
                    documentCode = s.value(1, 1);   // BGM/1001 -> document code (MIG §5.2)
                    messageNumber = s.value(2, 1);  // BGM/1004 -> message id, echoed in RFF+ACW
                    functionCode = s.value(3);      // BGM/1225 -> declaration function
                }
                case "DTM" -> {
                    if ("137".equals(s.value(1, 1))) { // DTM 137 -> message timestamp (UTC)
                        timeText = s.value(1, 2);
                        timeFormat = s.value(1, 3);
                    }
                }
                case "NAD" -> {
                    if ("MS".equals(s.qualifier())) {
                        sendingPost = s.value(2, 1);   // NAD MS/C082 -> sending post
                    } else if ("MR".equals(s.qualifier())) {
                        customsOffice = s.value(2, 1); // NAD MR/C082 -> customs office
                    }
                }
                default -> {
                    // UNH, UNT and anything outside the GW10 header layout
                }
            }
        }
        if (item != null) {
            items.add(item.build());
        }
        Instant messageTime = EdiValues.instant(timeText, timeFormat);
        return new CusitmMessage(h.envelope(), h.interchangeRef(), h.senderId(), h.senderQualifier(),
                h.recipientId(), h.recipientQualifier(), h.testIndicator(), unh.value(1), id,
                documentCode, messageNumber, functionCode, timeText, timeFormat, messageTime,
                sendingPost, customsOffice, items);
    }

    /** FTX C108 lines (element 4) joined with one space (MIG §5.2 FTX). */
    static String ftxText(EdiSegment s) {
        return String.join(" ", s.nonEmptyComponents(4));
    }

    /** Collects the segments of one SG1 item. */
    private static final class ItemBuilder {
        private final EdiSegment cni;
        private String postingDateText = "";
        private String postingDateFormat = "";
        private String originPost = "";
        private String destinationPost = "";
        private String category = "";
        private String mailClass = "";
        private String mailCategory = "";
        private String grossUnit = "";
        private BigDecimal gross;
        private final List<Amount> amounts = new ArrayList<>();
        private final List<String> remarks = new ArrayList<>();
        private final List<Reference> references = new ArrayList<>();
        private final List<AttachedDocument> documents = new ArrayList<>();
        private final List<CusitmParty> parties = new ArrayList<>();
        private final List<ContentPiece> pieces = new ArrayList<>();
        private final Map<String, Integer> positions = new HashMap<>();
        private PartyBuilder party;
        private PieceBuilder piece;

        ItemBuilder(EdiSegment cni) {
            this.cni = cni;
            positions.put("CNI", cni.position());
        }

        void accept(EdiSegment s) {
            String tag = s.tag();
            String q = s.qualifier();
            switch (tag) {
                case "NAD" -> {
                    closePiece();
                    closeParty();
                    party = new PartyBuilder(s);
                    positions.putIfAbsent("NAD+" + q, s.position());
                }
                case "COM" -> {
                    if (party != null) {
                        party.com(s);
                    }
                }
                case "LIN" -> {
                    closeParty();
                    closePiece();
                    piece = new PieceBuilder(s);
                }
                case "DTM" -> {
                    if ("11".equals(q)) { // DTM 11 -> posting date (MIG §5.2 SG1/0060)
                        postingDateText = s.value(1, 2);
                        postingDateFormat = s.value(1, 3);
                        positions.putIfAbsent("DTM", s.position());
                    }
                }
                case "LOC" -> {
                    String loc = s.value(2, 1);
                    if ("27".equals(q) && piece != null) {
                        piece.origin = loc;  // LOC 27 -> origin country of the goods
                    } else if ("ZOP".equals(q)) {
                        originPost = loc;
                        positions.putIfAbsent("LOC+ZOP", s.position());
                    } else if ("ZDP".equals(q)) {
                        destinationPost = loc;
                        positions.putIfAbsent("LOC+ZDP", s.position());
                    }
                }
                case "GIS" -> {
                    String code = s.value(1, 1);
                    String list = s.value(1, 2);
                    switch (list) {
                        case "ZCI" -> category = code;     // GIS ZCI -> category of item
                        case "ZMC" -> mailClass = code;    // GIS ZMC -> mail class
                        case "ZMK" -> mailCategory = code; // GIS ZMK -> mail category
                        default -> LOG.debug("ignoring GIS list {}", list);
                    }
                    positions.putIfAbsent("GIS+" + list, s.position());
                }
                case "MEA" -> {
                    String property = s.value(2, 1);
                    if ("AAA".equals(property) && piece != null) {
                        piece.netUnit = s.value(3, 1);  // MEA WT AAA -> net weight (line total)
                        piece.net = EdiValues.decimal(s.value(3, 2));
                    } else if ("AAB".equals(property)) {
                        grossUnit = s.value(3, 1);      // MEA WT AAB -> gross weight
                        gross = EdiValues.decimal(s.value(3, 2));
                        positions.putIfAbsent("MEA", s.position());
                    }
                }
                case "MOA" -> {
                    Amount a = new Amount(s.value(1, 1), EdiValues.decimal(s.value(1, 2)), s.value(1, 3));
                    if ("203".equals(a.qualifier()) && piece != null) {
                        piece.value = a;                // MOA 203 -> piece value (line total)
                    } else {
                        amounts.add(a);                 // MOA ZDV/ZPO/ZIN -> item amounts
                        positions.putIfAbsent("MOA+" + a.qualifier(), s.position());
                    }
                }
                case "FTX" -> {
                    if ("AAA".equals(q) && piece != null) {
                        piece.description.add(ftxText(s)); // FTX AAA -> description
                    } else if ("AAI".equals(q)) {
                        remarks.add(ftxText(s));            // FTX AAI -> remarks, joined (MIG §3.7)
                        positions.putIfAbsent("FTX+AAI", s.position());
                    }
                }
                case "QTY" -> {
                    if (piece != null) {
                        piece.quantity = EdiValues.decimal(s.value(1, 2)); // QTY C186.6060
                        piece.quantityUnit = s.value(1, 3);                 // QTY C186.6411
                    }
                }
                case "RFF" -> {
                    references.add(new Reference(s.value(1, 1), s.value(1, 2)));
                    positions.putIfAbsent("RFF+" + q, s.position());
                }
                case "DOC" -> {
                    documents.add(new AttachedDocument(s.value(1, 1), s.value(1, 4), s.value(2, 1)));
                    positions.putIfAbsent("DOC", s.position());
                }
                default -> LOG.debug("ignoring segment {} at {} in item {}", tag, s.position(), cni.value(2, 1));
            }
        }

        private void closeParty() {
            if (party != null) {
                parties.add(party.build());
                party = null;
            }
        }

        private void closePiece() {
            if (piece != null) {
                pieces.add(piece.build());
                piece = null;
            }
        }

        CusitmItem build() {
            closeParty();
            closePiece();
            String seq = cni.value(1);
            LocalDate postingDate = EdiValues.date(postingDateText, postingDateFormat);
            return new CusitmItem(seq, EdiValues.sequence(seq), cni.value(2, 1), postingDateText,
                    postingDate, originPost, destinationPost, category, mailClass, mailCategory,
                    grossUnit, gross, amounts, String.join(" ", remarks), references, documents,
                    parties, pieces, positions);
        }
    }

    private static final class PartyBuilder {
        private final EdiSegment nad;
        private final List<Communication> communications = new ArrayList<>();

        PartyBuilder(EdiSegment nad) {
            this.nad = nad;
        }

        void com(EdiSegment com) {
            // COM C076 repeats in syntax 4; both forms map to the same fields (MIG §5.2 COM)
            for (int r = 1; r <= com.repetitions(1); r++) {
                String number = com.value(1, r, 1);
                if (!number.isEmpty()) {
                    communications.add(new Communication(com.value(1, r, 2), number));
                }
            }
        }

        CusitmParty build() {
            return new CusitmParty(nad.qualifier(), nad.value(2, 1), nad.nonEmptyComponents(4),
                    nad.nonEmptyComponents(5), nad.value(6), nad.value(7), nad.value(8), nad.value(9),
                    communications, nad.position());
        }
    }

    private static final class PieceBuilder {
        private final EdiSegment lin;
        private final List<String> description = new ArrayList<>();
        private BigDecimal quantity;
        private String quantityUnit = "";
        private String netUnit = "";
        private BigDecimal net;
        private Amount value;
        private String origin = "";

        PieceBuilder(EdiSegment lin) {
            this.lin = lin;
        }

        ContentPiece build() {
            String number = lin.value(1);
            return new ContentPiece(number, EdiValues.sequence(number), lin.value(3, 1), lin.value(3, 2),
                    String.join(" ", description), quantity, quantityUnit, netUnit, net, value, origin,
                    lin.position());
        }
    }
}
