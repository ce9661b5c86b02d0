package org.clearway.mappings.edifact;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads a CONTRL interchange received from a partner (MIG GW10 §7.1, layout §7.2) into records,
 * after validating it with the ingress pass and the CONTRL schema. Accepts syntax 3
 * ({@code CONTRL:D:3:UN}) and 4 ({@code CONTRL:4:1:UN}).
 */
public final class ContrlReader {

    private ContrlReader() {}

    /**
     * Everything read from one CONTRL interchange.
     *
     * @param scan     the syntax outcome of the CONTRL interchange itself (header, problems)
     * @param contrls  one entry per CONTRL message that could be read
     */
    public record ContrlInterchange(ScanResult scan, List<Contrl> contrls) {
        public ContrlInterchange {
            contrls = List.copyOf(contrls);
        }

        /** True when the CONTRL interchange itself is syntactically valid. */
        public boolean valid() {
            return !scan.interchangeRejected() && !scan.hasMessageErrors();
        }
    }

    /**
     * One CONTRL message: the UCI and what it says about lower levels.
     *
     * @param messageRef                 UNH 0062 of the CONTRL
     * @param acknowledgedInterchangeRef UCI 0020
     * @param acknowledgedSender         UCI S002 {@code id:qualifier}
     * @param acknowledgedRecipient      UCI S003 {@code id:qualifier}
     * @param action                     UCI 0083 ({@code 7} acknowledged, {@code 4} rejected, {@code 8} received)
     * @param error                      UCI 0085/0013/S011, when present
     * @param groups                     UCF, in order
     * @param messages                   UCM, in order (with their group reference when inside SG3)
     */
    public record Contrl(String messageRef, String acknowledgedInterchangeRef, String acknowledgedSender,
                         String acknowledgedRecipient, String action, Optional<ErrorPoint> error,
                         List<GroupAck> groups, List<MessageAck> messages) {
        public Contrl {
            groups = List.copyOf(groups);
            messages = List.copyOf(messages);
        }

        /** Rejected at interchange level, or any group or message rejected. */
        public boolean negative() {
            return "4".equals(action) || groups.stream().anyMatch(g -> "4".equals(g.action()))
                    || messages.stream().anyMatch(m -> "4".equals(m.action()));
        }
    }

    /** 0085 syntax error code, 0013 service segment tag and S011 position (null when absent). */
    public record ErrorPoint(String errorCode, String segmentTag, Integer element, Integer component) {}

    /** UCF: one functional group. */
    public record GroupAck(String groupRef, String action, Optional<ErrorPoint> error) {}

    /**
     * UCM with its SG2 (UCS/UCD).
     *
     * @param messageIdentifier S009 joined with {@code :}
     * @param groupRef          UCF 0048 when the UCM is inside a UCF group, else null
     */
    public record MessageAck(String messageRef, String messageIdentifier, String action, Optional<ErrorPoint> error,
                             List<SegmentError> segmentErrors, String groupRef) {
        public MessageAck {
            segmentErrors = List.copyOf(segmentErrors);
        }
    }

    /** UCS with its UCDs: segment position in the message (UNH = 1) and error code. */
    public record SegmentError(int position, String errorCode, List<ElementError> elementErrors) {
        public SegmentError {
            elementErrors = List.copyOf(elementErrors);
        }
    }

    /** UCD: error code and element/component position. */
    public record ElementError(String errorCode, int element, Integer component) {}

    /** Reads a CONTRL interchange from bytes. */
    public static ContrlInterchange read(byte[] interchange) {
        ScanResult scan = new InterchangeScanner(ScanOptions.permissive()).scan(interchange, MessageSink.discard());
        if (scan.notEdifact() || scan.header().isEmpty()) {
            return new ContrlInterchange(scan, List.of());
        }
        try {
            return new ContrlInterchange(scan, parse(new ByteArrayInputStream(interchange), scan.header().get().envelope()));
        } catch (IOException | SegmentTokenizer.SizeLimitException | SegmentTokenizer.TruncatedException
                 | SegmentTokenizer.SegmentTooLongException e) {
            // the scan already reports why (X004 etc.); keep what the scan knows
            return new ContrlInterchange(scan, List.of());
        }
    }

    /** Reads a CONTRL interchange from a stream (CONTRLs are small; read fully). */
    public static ContrlInterchange read(InputStream in) throws IOException {
        return read(in.readAllBytes());
    }

    private static List<Contrl> parse(InputStream in, EdifactEnvelope env) throws IOException,
            SegmentTokenizer.SizeLimitException, SegmentTokenizer.TruncatedException,
            SegmentTokenizer.SegmentTooLongException {
        var charset = env.charset().orElse(java.nio.charset.StandardCharsets.ISO_8859_1);
        SegmentTokenizer tokenizer = new SegmentTokenizer(in, env, Long.MAX_VALUE);
        if (env.hasUna()) {
            tokenizer.readUna();
        }
        List<Contrl> out = new ArrayList<>();
        String messageRef = null;
        Segment uci = null;
        List<GroupAck> groups = new ArrayList<>();
        List<MessageAck> messages = new ArrayList<>();
        String groupRef = null;
        Segment ucm = null;
        List<SegmentError> segmentErrors = new ArrayList<>();
        Segment ucs = null;
        List<ElementError> elementErrors = new ArrayList<>();
        SegmentTokenizer.RawSegment raw;
        while ((raw = tokenizer.next()) != null) {
            Segment s = Segment.parse(raw, env, charset);
            switch (s.tag) {
                case "UNH" -> {
                    messageRef = s.get(1, 1);
                    uci = null;
                    groups = new ArrayList<>();
                    messages = new ArrayList<>();
                    groupRef = null;
                }
                case "UCI" -> uci = s;
                case "UCF", "UCM", "UNT" -> {
                    if (ucs != null) {
                        segmentErrors.add(segmentError(ucs, elementErrors));
                        ucs = null;
                    }
                    if (ucm != null) {
                        messages.add(new MessageAck(ucm.get(1, 1), String.join(":", ucm.elements.size() > 2
                                ? ucm.elements.get(2) : List.of()), ucm.get(3, 1), errorPoint(ucm, 4), segmentErrors, groupRef));
                        ucm = null;
                    }
                    switch (s.tag) {
                        case "UCF" -> {
                            groupRef = s.get(1, 1);
                            groups.add(new GroupAck(groupRef, s.get(4, 1), errorPoint(s, 5)));
                        }
                        case "UCM" -> {
                            ucm = s;
                            segmentErrors = new ArrayList<>();
                        }
                        default -> {
                            if (uci != null) {
                                out.add(new Contrl(messageRef, uci.get(1, 1), party(uci, 2), party(uci, 3),
                                        uci.get(4, 1), errorPoint(uci, 5), groups, messages));
                            }
                        }
                    }
                }
                case "UCS" -> {
                    if (ucs != null) {
                        segmentErrors.add(segmentError(ucs, elementErrors));
                    }
                    ucs = s;
                    elementErrors = new ArrayList<>();
                }
                case "UCD" -> elementErrors.add(new ElementError(s.get(1, 1), intOr(s.get(2, 1), 0),
                        s.get(2, 2).isEmpty() ? null : intOr(s.get(2, 2), 0)));
                default -> { }
            }
        }
        return out;
    }

    private static SegmentError segmentError(Segment ucs, List<ElementError> elementErrors) {
        return new SegmentError(intOr(ucs.get(1, 1), 0), ucs.get(2, 1).isEmpty() ? null : ucs.get(2, 1), elementErrors);
    }

    /** 0085, 0013, S011 starting at element {@code first}. */
    private static Optional<ErrorPoint> errorPoint(Segment s, int first) {
        String code = s.get(first, 1);
        if (code.isEmpty()) {
            return Optional.empty();
        }
        String tag = s.get(first + 1, 1);
        String e = s.get(first + 2, 1);
        String c = s.get(first + 2, 2);
        return Optional.of(new ErrorPoint(code, tag.isEmpty() ? null : tag,
                e.isEmpty() ? null : intOr(e, 0), c.isEmpty() ? null : intOr(c, 0)));
    }

    private static String party(Segment s, int element) {
        String q = s.get(element, 2);
        return q.isEmpty() ? s.get(element, 1) : s.get(element, 1) + ":" + q;
    }

    private static int intOr(String s, int fallback) {
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            return fallback;
        }
    }
}
