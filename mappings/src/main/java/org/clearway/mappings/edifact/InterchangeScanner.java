package org.clearway.mappings.edifact;

import io.xlate.edi.schema.EDIReference;
import io.xlate.edi.schema.EDISimpleType;
import io.xlate.edi.schema.EDIType;
import io.xlate.edi.schema.Schema;
import io.xlate.edi.stream.EDIInputFactory;
import io.xlate.edi.stream.EDIStreamEvent;
import io.xlate.edi.stream.EDIStreamReader;
import io.xlate.edi.stream.EDIStreamValidationError;
import io.xlate.edi.stream.Location;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The streaming ingress syntax pass (CUSTOMS-AND-POSTAL-INTERFACES §2.2, MIG GW10 §7.1): reads an
 * interchange once, holding at most one message, checks envelope and character set itself and
 * each message against the StAEDI transaction schema chosen from its UNH key (MIG §2.3), and hands
 * every accepted message to a {@link MessageSink} as soon as its UNT is read.
 *
 * <p>Interchange-level errors (MIG §7.1: X002, X003 in UNB, X004-X006, X012 mixing, X019, X021,
 * X022) end the scan; message-level errors reject only their message. X001 (not EDIFACT) sets
 * {@link ScanResult#notEdifact()}. Thread-safe: one instance may scan many interchanges.
 */
public final class InterchangeScanner {

    private static final Logger LOG = LoggerFactory.getLogger(InterchangeScanner.class);

    private final ScanOptions options;
    private final EDIInputFactory factory;
    /** Enumerations per schema element type, computed once (StAEDI builds a new set per call). */
    private final java.util.Map<EDISimpleType, Set<String>> valueSets =
            java.util.Collections.synchronizedMap(new java.util.IdentityHashMap<>());

    public InterchangeScanner(ScanOptions options) {
        this.options = options;
        this.factory = newInputFactory();
    }

    /** StAEDI reader properties of MIG Appendix A. */
    static EDIInputFactory newInputFactory() {
        EDIInputFactory f = EDIInputFactory.newFactory();
        // CUSITM/CUSRSP are not UN message types (MIG §2.3 developer note)
        f.setProperty(EDIInputFactory.EDI_VALIDATE_CONTROL_CODE_VALUES, false);
        // CR/LF after segment terminators (MIG §3.5)
        f.setProperty(EDIInputFactory.EDI_IGNORE_EXTRANEOUS_CHARACTERS, true);
        return f;
    }

    /** Thrown (unchecked) when the {@link MessageSink} fails; the caller rolls back what it staged. */
    public static final class StagingException extends RuntimeException {
        StagingException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** An interchange-level error: ends the scan. */
    private static final class InterchangeAbort extends Exception {
        final SyntaxProblem problem;

        InterchangeAbort(SyntaxProblem problem) {
            super(problem.text(), null, false, false);
            this.problem = problem;
        }
    }

    /**
     * Scans one interchange.
     *
     * @param in   the interchange bytes; read once, not closed
     * @param sink receives each accepted message at its UNT
     * @return the syntax outcome; never throws for bad data (only for I/O failures of {@code in})
     * @throws IOException      when reading {@code in} fails
     * @throws StagingException when the sink fails
     */
    public ScanResult scan(InputStream in, MessageSink sink) throws IOException {
        return new Run(sink).scan(in);
    }

    /** Convenience for in-memory interchanges. */
    public ScanResult scan(byte[] interchange, MessageSink sink) {
        try {
            return scan(new ByteArrayInputStream(interchange), sink);
        } catch (IOException e) {
            throw new IllegalStateException("cannot happen for a byte array", e);
        }
    }

    /** State of one scan. */
    private final class Run {
        private final MessageSink sink;
        private EdifactEnvelope env;
        private Charset charset;
        private byte[] unaRaw = new byte[0];
        private byte[] unbRaw;
        private InterchangeHeader header;
        private SegmentTokenizer tokenizer;
        private final List<MessageResult> messages = new ArrayList<>();
        private final List<GroupResult> groups = new ArrayList<>();
        private final Set<String> messageRefs = new HashSet<>();
        private boolean inGroupsMode;
        private boolean inMessagesMode;
        private int topLevelMessages;

        // current group
        private Segment ung;
        private int groupMessages;
        private int groupFirstMessageIndex;

        // current message
        private Segment unh;
        private ByteArrayOutputStream messageBytes;
        /** The message as StAEDI validates it: trailing empty constituents removed (MIG §3.5). */
        private ByteArrayOutputStream validationBytes;
        private int segmentCount;
        private List<SyntaxProblem> messageProblems;
        private List<String> s10Ids;

        Run(MessageSink sink) {
            this.sink = sink;
        }

        ScanResult scan(InputStream raw) throws IOException {
            BufferedInputStream in = new BufferedInputStream(raw, 64 * 1024);
            in.mark(EdifactEnvelope.SNIFF_LENGTH);
            byte[] head = in.readNBytes(EdifactEnvelope.SNIFF_LENGTH);
            in.reset();
            Optional<EdifactEnvelope> sniffed = EdifactEnvelope.sniff(head);
            if (sniffed.isEmpty() || !plausibleServiceCharacters(sniffed.get())) {
                LOG.info("input is not EDIFACT (X001)");
                return new ScanResult(Optional.empty(), Optional.empty(), List.of(), true, List.of(), head.length);
            }
            env = sniffed.get();
            tokenizer = new SegmentTokenizer(in, env, options.maxBytes());
            Optional<SyntaxProblem> error = Optional.empty();
            try {
                run();
            } catch (InterchangeAbort abort) {
                error = Optional.of(abort.problem);
            } catch (SegmentTokenizer.SizeLimitException e) {
                error = Optional.of(new SyntaxProblem("X019", null, 0, null, null, e.getMessage()));
            } catch (SegmentTokenizer.TruncatedException e) {
                error = Optional.of(new SyntaxProblem("X004", "UNZ", 0, null, null, "interchange truncated: " + e.getMessage()));
            } catch (SegmentTokenizer.SegmentTooLongException e) {
                error = Optional.of(new SyntaxProblem("X004", "UNZ", 0, null, null, e.getMessage()));
            }
            if (header == null) {
                // no complete UNB: the sender cannot be identified, so no CONTRL is possible
                LOG.info("no complete UNB: {}", error.map(SyntaxProblem::text).orElse("?"));
            }
            error.ifPresent(p -> LOG.info("interchange {} rejected: {} {}", header == null ? "?" : header.controlReference(), p.code(), p.text()));
            return new ScanResult(Optional.ofNullable(header), error, messages, false, groups, tokenizer.bytesRead());
        }

        private void run() throws IOException, InterchangeAbort, SegmentTokenizer.SizeLimitException,
                SegmentTokenizer.TruncatedException, SegmentTokenizer.SegmentTooLongException {
            if (env.hasUna()) {
                unaRaw = tokenizer.readUna();
            }
            SegmentTokenizer.RawSegment rawUnb = tokenizer.next();
            if (rawUnb == null) {
                throw new SegmentTokenizer.TruncatedException("no UNB");
            }
            unbRaw = rawUnb.bytes();
            readUnb(rawUnb);
            while (true) {
                SegmentTokenizer.RawSegment raw = tokenizer.next();
                if (raw == null) {
                    throw new InterchangeAbort(new SyntaxProblem("X004", "UNZ", 0, null, null,
                            "end of data before UNZ"));
                }
                Segment seg = Segment.parse(raw, env, charset);
                switch (seg.tag) {
                    case "UNH" -> startMessage(raw, seg);
                    case "UNT" -> endMessage(raw, seg);
                    case "UNG" -> startGroup(seg);
                    case "UNE" -> endGroup(seg);
                    case "UNZ" -> {
                        endInterchange(seg);
                        return;
                    }
                    default -> {
                        if (unh == null) {
                            throw new InterchangeAbort(new SyntaxProblem("X012", seg.tag, 0, null, null,
                                    "segment " + seg.tag + " outside a message"));
                        }
                        addToMessage(raw, seg);
                    }
                }
            }
        }

        /**
         * MIG §3.1: separators are distinct, not letters, digits or space. They must be ASCII here,
         * since segments are split on bytes; anything else cannot be read as EDIFACT (X001).
         */
        private boolean plausibleServiceCharacters(EdifactEnvelope e) {
            char rep = e.repetitionSeparator();
            char[] cs = rep == ' '
                    ? new char[] {e.componentSeparator(), e.elementSeparator(), e.releaseCharacter(), e.segmentTerminator()}
                    : new char[] {e.componentSeparator(), e.elementSeparator(), e.releaseCharacter(), e.segmentTerminator(), rep};
            Set<Character> distinct = new HashSet<>();
            for (char c : cs) {
                if (c >= 0x80 || c < 0x20 || Character.isLetterOrDigit(c) || c == ' ' || !distinct.add(c)) {
                    return false;
                }
            }
            return true;
        }

        private void readUnb(SegmentTokenizer.RawSegment raw) throws InterchangeAbort {
            String id = env.syntaxIdentifier();
            String version = env.syntaxVersion();
            Optional<Charset> cs = EdifactEnvelope.charsetFor(id);
            Segment unb = Segment.parse(raw, env, cs.orElse(StandardCharsets.ISO_8859_1));
            header = new InterchangeHeader(env, unb.get(2, 1), unb.get(2, 2), unb.get(3, 1), unb.get(3, 2),
                    unb.get(4, 1), unb.get(4, 2), unb.get(5, 1), unb.get(7, 1),
                    "1".equals(unb.get(9, 1)), "1".equals(unb.get(11, 1)));
            // MIG §3.3: UNOA/B/C/Y, versions 3 and 4, UNOY only with 4 (X002)
            if (cs.isEmpty()) {
                throw new InterchangeAbort(new SyntaxProblem("X002", "UNB", 0, 1, 1,
                        "syntax identifier " + id + " not supported"));
            }
            if (!version.equals("3") && !version.equals("4")) {
                throw new InterchangeAbort(new SyntaxProblem("X002", "UNB", 0, 1, 2,
                        "syntax version " + version + " not supported"));
            }
            if (id.equals("UNOY") && !version.equals("4")) {
                throw new InterchangeAbort(new SyntaxProblem("X002", "UNB", 0, 1, 2, "UNOY needs syntax version 4"));
            }
            charset = cs.get();
            if (!unb.badCharacters.isEmpty()) {
                int[] at = unb.badCharacters.get(0);
                throw new InterchangeAbort(new SyntaxProblem("X003", "UNB", 0, at[0], at[1],
                        "UNB: " + unb.badCharacterTexts.get(0)));
            }
            checkUnbLayout(unb, version);
            if (!options.knownSender().test(header.senderKey())) {
                throw new InterchangeAbort(new SyntaxProblem("X021", "UNB", 0, 2, null,
                        "sender " + header.senderKey() + " is not known"));
            }
            if (options.gatewayId() != null && (!options.gatewayId().equals(header.recipientId())
                    || (options.gatewayQualifier() != null && !options.gatewayQualifier().equals(header.recipientQualifier())))) {
                throw new InterchangeAbort(new SyntaxProblem("X022", "UNB", 0, 3, null,
                        "recipient " + header.recipientId() + ":" + header.recipientQualifier() + " is not this gateway"));
            }
        }

        /** UNB layout of MIG §4; errors in UNB reject the interchange. */
        private void checkUnbLayout(Segment unb, String version) throws InterchangeAbort {
            if (unb.elementCount() > 11) {
                throw new InterchangeAbort(new SyntaxProblem("X020", "UNB", 0, 12, null, "too many elements in UNB"));
            }
            requireAn(unb, 2, 1, 35, true);
            requireAn(unb, 2, 2, 4, false);
            requireAn(unb, 3, 1, 35, true);
            requireAn(unb, 3, 2, 4, false);
            int dateLength = version.equals("4") ? 8 : 6;
            requireDigits(unb, 4, 1, dateLength);
            requireDigits(unb, 4, 2, 4);
            requireAn(unb, 5, 1, 14, true);
            requireAn(unb, 7, 1, 14, false);
        }

        private void requireAn(Segment s, int e, int c, int max, boolean mandatory) throws InterchangeAbort {
            String v = s.get(e, c);
            if (mandatory && v.isEmpty()) {
                throw new InterchangeAbort(new SyntaxProblem("X013", s.tag, 0, e, c, s.tag + " " + e + ":" + c + " missing"));
            }
            if (v.length() > max) {
                throw new InterchangeAbort(new SyntaxProblem("X015", s.tag, 0, e, c,
                        s.tag + " " + e + ":" + c + " longer than " + max));
            }
        }

        private void requireDigits(Segment s, int e, int c, int length) throws InterchangeAbort {
            String v = s.get(e, c);
            if (v.isEmpty()) {
                throw new InterchangeAbort(new SyntaxProblem("X013", s.tag, 0, e, c, s.tag + " " + e + ":" + c + " missing"));
            }
            if (!v.chars().allMatch(Character::isDigit)) {
                throw new InterchangeAbort(new SyntaxProblem("X014", s.tag, 0, e, c, s.tag + " " + e + ":" + c + " not numeric"));
            }
            if (v.length() != length) {
                throw new InterchangeAbort(new SyntaxProblem("X015", s.tag, 0, e, c,
                        s.tag + " " + e + ":" + c + " must have " + length + " digits", v.length() > length ? "39" : "40"));
            }
        }

        private void startGroup(Segment seg) throws InterchangeAbort {
            if (unh != null) {
                finishWithoutTrailer();
            }
            if (inMessagesMode) {
                throw new InterchangeAbort(new SyntaxProblem("X012", "UNG", 0, null, null,
                        "functional groups mixed with messages", "30"));
            }
            if (ung != null) {
                throw new InterchangeAbort(new SyntaxProblem("X012", "UNG", 0, null, null, "UNG inside a group (UNE missing)"));
            }
            inGroupsMode = true;
            ung = seg;
            groupMessages = 0;
            groupFirstMessageIndex = messages.size();
        }

        private void endGroup(Segment une) throws InterchangeAbort {
            if (unh != null) {
                finishWithoutTrailer();
            }
            if (ung == null) {
                throw new InterchangeAbort(new SyntaxProblem("X012", "UNE", 0, null, null, "UNE without UNG"));
            }
            String ref = ung.get(5, 1);
            SyntaxProblem problem = null;
            // MIG §3.6: UNE 0060 = messages in the group, 0048 = UNG 0048 (X017)
            if (!String.valueOf(groupMessages).equals(stripZeros(une.get(1, 1)))) {
                problem = new SyntaxProblem("X017", "UNE", 0, 1, null,
                        "UNE 0060 is " + une.get(1, 1) + ", counted " + groupMessages, "29");
            } else if (!ref.equals(une.get(2, 1))) {
                problem = new SyntaxProblem("X017", "UNE", 0, 2, null,
                        "UNE 0048 " + une.get(2, 1) + " differs from UNG 0048 " + ref, "28");
            }
            groups.add(new GroupResult(ref, ung.get(1, 1), ung.get(2, 1), ung.get(2, 2), ung.get(3, 1),
                    ung.get(3, 2), Optional.ofNullable(problem)));
            if (problem != null) {
                for (int i = groupFirstMessageIndex; i < messages.size(); i++) {
                    MessageResult m = messages.get(i);
                    List<SyntaxProblem> errors = new ArrayList<>(m.errors());
                    errors.add(problem);
                    messages.set(i, new MessageResult(m.messageRef(), m.messageType(), m.messageIdentifier(),
                            false, errors, List.of(), m.groupRef()));
                }
            }
            ung = null;
        }

        private void endInterchange(Segment unz) throws IOException, InterchangeAbort,
                SegmentTokenizer.SizeLimitException, SegmentTokenizer.TruncatedException,
                SegmentTokenizer.SegmentTooLongException {
            if (unh != null) {
                finishWithoutTrailer();
            }
            if (ung != null) {
                throw new InterchangeAbort(new SyntaxProblem("X017", "UNE", 0, null, null,
                        "group " + ung.get(5, 1) + " has no UNE", "13"));
            }
            int expected = inGroupsMode ? groups.size() : topLevelMessages;
            // MIG §3.6: UNZ 0036 counts messages, or groups when UNG is used (X005); 0020 = UNB 0020 (X006)
            if (!String.valueOf(expected).equals(stripZeros(unz.get(1, 1)))) {
                throw new InterchangeAbort(new SyntaxProblem("X005", "UNZ", 0, 1, null,
                        "UNZ 0036 is " + unz.get(1, 1) + ", counted " + expected));
            }
            if (!header.controlReference().equals(unz.get(2, 1))) {
                throw new InterchangeAbort(new SyntaxProblem("X006", "UNZ", 0, 2, null,
                        "UNZ 0020 " + unz.get(2, 1) + " differs from UNB 0020 " + header.controlReference()));
            }
            SegmentTokenizer.RawSegment after = tokenizer.next();
            if (after != null) {
                throw new InterchangeAbort(new SyntaxProblem("X012", null, 0, null, null, "data after UNZ"));
            }
        }

        private void startMessage(SegmentTokenizer.RawSegment raw, Segment seg) throws InterchangeAbort {
            if (unh != null) {
                finishWithoutTrailer();
            }
            if (ung == null) {
                if (inGroupsMode) {
                    throw new InterchangeAbort(new SyntaxProblem("X012", "UNH", 0, null, null,
                            "message outside a group in an interchange with groups", "30"));
                }
                inMessagesMode = true;
                topLevelMessages++;
            } else {
                groupMessages++;
            }
            unh = seg;
            messageBytes = new ByteArrayOutputStream(4096);
            validationBytes = new ByteArrayOutputStream(4096);
            segmentCount = 0;
            messageProblems = new ArrayList<>();
            s10Ids = new ArrayList<>();
            addToMessage(raw, seg);
            if (!messageRefs.add(seg.get(1, 1))) {
                messageProblems.add(new SyntaxProblem("X012", "UNH", 1, 1, null,
                        "message reference " + seg.get(1, 1) + " not unique in the interchange", "15"));
            }
        }

        private void addToMessage(SegmentTokenizer.RawSegment raw, Segment seg) {
            messageBytes.writeBytes(raw.bytes());
            segmentCount++;
            UnSegmentLayouts.Trimmed trimmed = UnSegmentLayouts.trim(raw.bytes(), raw.dataLength(), env);
            validationBytes.writeBytes(trimmed.data());
            validationBytes.write(raw.bytes(), raw.dataLength(), raw.bytes().length - raw.dataLength());
            if (trimmed.beyondLayout()) {
                messageProblems.add(new SyntaxProblem("X020", seg.tag, segmentCount, trimmed.beyondElement(),
                        trimmed.beyondComponent(), "more constituents in " + seg.tag + " than its UN/EDIFACT D.96B"
                        + " layout defines (element " + trimmed.beyondElement()
                        + (trimmed.beyondComponent() == null ? "" : ", component " + trimmed.beyondComponent()) + ")"));
            }
            for (int i = 0; i < seg.badCharacters.size(); i++) {
                int[] at = seg.badCharacters.get(i);
                messageProblems.add(new SyntaxProblem("X003", seg.tag, segmentCount, at[0], at[1],
                        seg.badCharacterTexts.get(i)));
            }
            if (seg.tag.equals("CNI")) {
                // CNI/C503/1004 -> S10 item id (MIG §5.2)
                s10Ids.add(seg.get(2, 1));
            }
        }

        /** A message that ended (UNH, UNG, UNE or UNZ) without its UNT: X010 at the missing UNT. */
        private void finishWithoutTrailer() {
            messageProblems.add(new SyntaxProblem("X010", "UNT", segmentCount + 1, null, null, "UNT missing"));
            record(false, null);
        }

        private void endMessage(SegmentTokenizer.RawSegment raw, Segment unt) throws InterchangeAbort {
            if (unh == null) {
                throw new InterchangeAbort(new SyntaxProblem("X012", "UNT", 0, null, null, "UNT without UNH"));
            }
            addToMessage(raw, unt);
            String ref = unh.get(1, 1);
            // MIG §3.6: UNT 0074 counts UNH..UNT (X007), UNT 0062 = UNH 0062 (X008)
            if (!String.valueOf(segmentCount).equals(stripZeros(unt.get(1, 1)))) {
                messageProblems.add(new SyntaxProblem("X007", "UNT", segmentCount, 1, null,
                        "UNT 0074 is " + unt.get(1, 1) + ", counted " + segmentCount));
            }
            if (!ref.equals(unt.get(2, 1))) {
                messageProblems.add(new SyntaxProblem("X008", "UNT", segmentCount, 2, null,
                        "UNT 0062 " + unt.get(2, 1) + " differs from UNH 0062 " + ref));
            }
            List<String> s009 = unh.elements.size() > 2 ? unh.elements.get(2) : List.of();
            if (ung != null && !s009.isEmpty() && !s009.get(0).equals(ung.get(1, 1))) {
                // MIG §3.6: all messages of a group have the type in UNG 0038 (CONTRL 31)
                messageProblems.add(new SyntaxProblem("X012", "UNH", 1, 2, 1,
                        "message type " + s009.get(0) + " differs from UNG 0038 " + ung.get(1, 1), "31"));
            }
            Optional<Schema> schema = options.profiles().schemaFor(header.senderKey(), s009);
            if (schema.isEmpty()) {
                messageProblems.add(notAgreed(s009));
            } else {
                checkS017(s009);
            }
            byte[] standalone = standalone(messageBytes.toByteArray());
            if (schema.isPresent() && messageProblems.stream().noneMatch(p -> p.code().equals("X003"))) {
                validate(forValidation(validationBytes.toByteArray()), schema.get());
            }
            record(true, standalone);
        }

        /** MIG §2.2: in syntax 4, S017 (element 7 of UNH) must agree with 0057 when present. */
        private void checkS017(List<String> s009) {
            String s017 = unh.get(7, 1);
            if (s017.isEmpty() || s009.size() < 5 || s009.get(4).isEmpty()) {
                return;
            }
            String expected = "GW" + s009.get(0);
            if (s009.get(4).equals("GW10") && !(s017.equals(expected) && unh.get(7, 2).equals("1") && unh.get(7, 3).equals("0"))) {
                messageProblems.add(new SyntaxProblem("X009", "UNH", 1, 7, 1,
                        "UNH S017 " + s017 + " does not agree with 0057 GW10"));
            }
        }

        private SyntaxProblem notAgreed(List<String> s009) {
            List<String> keys = options.profiles().keysFor(header.senderKey());
            int component = 1;
            // the first S009 component that no agreed key of the same type shares
            for (String key : keys) {
                String[] parts = key.split(":", -1);
                if (!s009.isEmpty() && parts[0].equals(s009.get(0))) {
                    for (int i = 1; i < 5; i++) {
                        String got = i < s009.size() ? s009.get(i) : "";
                        if (!parts[i].equals(got)) {
                            component = Math.max(component, i + 1);
                            break;
                        }
                    }
                }
            }
            return new SyntaxProblem("X009", "UNH", 1, 2, component,
                    "message " + String.join(":", s009) + " not agreed for " + header.senderKey());
        }

        private void record(boolean trailerSeen, byte[] standalone) {
            List<String> s009 = unh.elements.size() > 2 ? unh.elements.get(2) : List.of();
            String ref = unh.get(1, 1);
            String type = s009.isEmpty() ? "" : s009.get(0);
            StringBuilder ident = new StringBuilder();
            for (int i = 0; i < s009.size(); i++) {
                if (i > 0) {
                    ident.append(':');
                }
                ident.append(Segment.escapeDefault(s009.get(i), false));
            }
            List<SyntaxProblem> problems = dedupe(messageProblems);
            boolean accepted = trailerSeen && problems.isEmpty();
            String groupRef = ung == null ? null : ung.get(5, 1);
            int index = messages.size();
            List<String> ids = type.equals("CUSITM") ? s10Ids : List.of();
            messages.add(new MessageResult(ref, type, ident.toString(), accepted, problems,
                    accepted ? ids : List.of(), groupRef));
            if (accepted) {
                try {
                    sink.accept(new StagedMessage(index, ref, type, standalone, ids));
                } catch (RuntimeException e) {
                    throw e;
                } catch (Exception e) {
                    throw new StagingException("staging message " + ref + " failed", e);
                }
            } else {
                LOG.debug("message {} rejected: {}", ref, problems);
            }
            unh = null;
            messageBytes = null;
            validationBytes = null;
        }

        /** UNA + original UNB + the message as received + UNZ (StagedMessage contract). */
        private byte[] standalone(byte[] message) {
            ByteArrayOutputStream out = new ByteArrayOutputStream(unaRaw.length + unbRaw.length + message.length + 32);
            out.writeBytes(unaRaw);
            out.writeBytes(unbRaw);
            out.writeBytes(message);
            String ref = escape(header.controlReference());
            String unz = "UNZ" + env.elementSeparator() + "1" + env.elementSeparator() + ref + env.segmentTerminator();
            out.writeBytes(unz.getBytes(charset));
            return out.toByteArray();
        }

        /**
         * The message inside a minimal envelope for StAEDI: the UNB and UNZ are ours (already checked
         * above), so StAEDI only judges the message itself.
         */
        private byte[] forValidation(byte[] message) {
            char e = env.elementSeparator();
            char c = env.componentSeparator();
            boolean v4 = "4".equals(env.syntaxVersion());
            String unb = "UNB" + e + env.syntaxIdentifier() + c + env.syntaxVersion() + e + "S" + e + "R" + e
                    + (v4 ? "20000101" : "000101") + c + "0000" + e + "REF" + env.segmentTerminator();
            String unz = "UNZ" + e + "1" + e + "REF" + env.segmentTerminator();
            ByteArrayOutputStream out = new ByteArrayOutputStream(unaRaw.length + message.length + 64);
            out.writeBytes(unaRaw);
            out.writeBytes(unb.getBytes(StandardCharsets.US_ASCII));
            out.writeBytes(message);
            out.writeBytes(unz.getBytes(StandardCharsets.US_ASCII));
            return out.toByteArray();
        }

        private String escape(String value) {
            StringBuilder sb = new StringBuilder();
            boolean v4 = "4".equals(env.syntaxVersion());
            for (char ch : value.toCharArray()) {
                if (ch == env.releaseCharacter() || ch == env.elementSeparator() || ch == env.componentSeparator()
                        || ch == env.segmentTerminator() || (v4 && ch == env.repetitionSeparator())) {
                    sb.append(env.releaseCharacter());
                }
                sb.append(ch);
            }
            return sb.toString();
        }

        /** Runs StAEDI over the one-message interchange and maps its errors (MIG §7.3, Appendix A). */
        private void validate(byte[] standalone, Schema schema) {
            boolean transactionDone = false;
            try (EDIStreamReader reader = factory.createEDIStreamReader(new ByteArrayInputStream(standalone), charset.name())) {
                boolean inTransaction = false;
                int unhPosition = -1;
                String currentTag = null;
                while (reader.hasNext()) {
                    EDIStreamEvent event = reader.next();
                    switch (event) {
                        case START_TRANSACTION -> {
                            reader.setTransactionSchema(schema);
                            inTransaction = true;
                        }
                        case END_TRANSACTION -> {
                            inTransaction = false;
                            transactionDone = true;
                        }
                        case START_SEGMENT -> {
                            currentTag = reader.getText();
                            if ("UNH".equals(currentTag)) {
                                unhPosition = reader.getLocation().getSegmentPosition();
                            }
                        }
                        case SEGMENT_ERROR -> {
                            if (inTransaction) {
                                segmentError(reader, unhPosition);
                            }
                        }
                        case ELEMENT_DATA_ERROR, ELEMENT_OCCURRENCE_ERROR -> {
                            if (inTransaction && unhPosition > 0) {
                                elementError(reader, unhPosition, currentTag);
                            }
                        }
                        case ELEMENT_DATA -> {
                            if (inTransaction && unhPosition > 0) {
                                checkValue(reader, unhPosition, currentTag);
                            }
                        }
                        default -> { }
                    }
                }
            } catch (Exception e) {
                if (transactionDone) {
                    LOG.debug("ignoring StAEDI failure after UNT: {}", e.getMessage());
                    return;
                }
                // MIG Appendix A: no parser exception escapes; a message StAEDI cannot read is rejected
                messageProblems.add(new SyntaxProblem("X012", null, segmentCount, null, null,
                        "message cannot be parsed: " + e.getMessage()));
            }
        }

        private void segmentError(EDIStreamReader reader, int unhPosition) {
            EDIStreamValidationError type = reader.getErrorType();
            Location loc = reader.getLocation();
            int position = unhPosition > 0 ? loc.getSegmentPosition() - unhPosition + 1 : 1;
            String tag = reader.getText();
            String code;
            String contrl = null;
            switch (type) {
                case MANDATORY_SEGMENT_MISSING, IMPLEMENTATION_LOOP_OCCURS_UNDER_MINIMUM_TIMES,
                     IMPLEMENTATION_SEGMENT_BELOW_MINIMUM_USE, CONDITIONAL_REQUIRED_SEGMENT_MISSING,
                     IMPLEMENTATION_DEPENDENT_SEGMENT_MISSING -> code = "X010";
                case LOOP_OCCURS_OVER_MAXIMUM_TIMES -> {
                    code = "X011";
                    contrl = "36";
                }
                case SEGMENT_EXCEEDS_MAXIMUM_USE -> code = "X011";
                case SEGMENT_HAS_DATA_ELEMENT_ERRORS, CONTROL_COUNT_DOES_NOT_MATCH_ACTUAL_COUNT,
                     CONTROL_REFERENCE_MISMATCH -> {
                    return; // element errors come separately; UNT checks are our own (X007/X008)
                }
                default -> code = "X012";
            }
            if (position == segmentCount && "UNT".equals(tag) && code.equals("X012")) {
                return;
            }
            messageProblems.add(new SyntaxProblem(code, tag, Math.max(position, 1), null, null,
                    describe(type) + " " + tag, contrl));
        }

        /**
         * Checks StAEDI leaves to us: code values (StAEDI ties transaction code validation to
         * EDI_VALIDATE_CONTROL_CODE_VALUES, which must be false for CUSITM/CUSRSP: MIG §2.3) and the
         * numeric rules of MIG §3.4 (leading digit, digit after the mark, which mark).
         */
        private void checkValue(EDIStreamReader reader, int unhPosition, String tag) {
            EDIReference ref = reader.getSchemaTypeReference();
            // UNH/UNT values are checked against the agreed profiles instead (X009, MIG §2.3)
            if ("UNH".equals(tag) || "UNT".equals(tag) || ref == null
                    || !(ref.getReferencedType() instanceof EDISimpleType simple)) {
                return;
            }
            Set<String> values = valueSets.computeIfAbsent(simple, t -> Set.copyOf(t.getValueSet()));
            if (values.isEmpty() && simple.getBase() != EDISimpleType.Base.DECIMAL) {
                return;
            }
            String text = reader.getText();
            if (text == null || text.isEmpty()) {
                return;
            }
            Location loc = reader.getLocation();
            int position = loc.getSegmentPosition() - unhPosition + 1;
            Integer element = loc.getElementPosition() > 0 ? loc.getElementPosition() : null;
            Integer component = loc.getComponentPosition() > 0 ? loc.getComponentPosition() : null;
            String where = tag + " " + element + (component == null ? "" : ":" + component);
            if (!values.isEmpty() && !values.contains(text)) {
                // MIG §5.2: a DTM format code with a time zone or offset is X023, not X016
                boolean zoned = "DTM".equals(tag) && Integer.valueOf(3).equals(component)
                        && (text.startsWith("3") || text.equals("205"));
                messageProblems.add(new SyntaxProblem(zoned ? "X023" : "X016", tag, position, element, component,
                        (zoned ? "date/time format with time zone in " : "code value not allowed in ") + where
                                + " ('" + text + "')"));
            } else if (simple.getBase() == EDISimpleType.Base.DECIMAL) {
                String flavour = numericProblem(text);
                if (flavour != null) {
                    messageProblems.add(new SyntaxProblem("X014", tag, position, element, component,
                            "not a valid number in " + where + " ('" + text + "')", flavour));
                }
            }
        }

        /** MIG §3.4; null when fine, else the CONTRL 0085 (38 no leading digit, 19 wrong mark, 37 other). */
        private String numericProblem(String text) {
            String t = text.startsWith("-") ? text.substring(1) : text;
            int marks = 0;
            int markAt = -1;
            for (int i = 0; i < t.length(); i++) {
                char c = t.charAt(i);
                if (c == '.' || c == ',') {
                    marks++;
                    markAt = i;
                } else if (c < '0' || c > '9') {
                    return "37";
                }
            }
            if (t.isEmpty() || marks > 1) {
                return "37";
            }
            if (marks == 1) {
                if (markAt == 0) {
                    return "38";
                }
                if (markAt == t.length() - 1) {
                    return "37";
                }
                // syntax 3 with UNA: only the declared mark; syntax 4 or no UNA: both
                boolean onlyDeclared = env.hasUna() && "3".equals(env.syntaxVersion());
                if (onlyDeclared && t.charAt(markAt) != env.decimalMark()) {
                    return "19";
                }
            }
            return null;
        }

        private void elementError(EDIStreamReader reader, int unhPosition, String tag) {
            EDIStreamValidationError type = reader.getErrorType();
            if (type == EDIStreamValidationError.CONTROL_COUNT_DOES_NOT_MATCH_ACTUAL_COUNT
                    || type == EDIStreamValidationError.CONTROL_REFERENCE_MISMATCH) {
                return; // our own UNT checks report these (X007/X008)
            }
            Location loc = reader.getLocation();
            int position = loc.getSegmentPosition() - unhPosition + 1;
            Integer element = loc.getElementPosition() > 0 ? loc.getElementPosition() : null;
            Integer component = loc.getComponentPosition() > 0 ? loc.getComponentPosition() : null;
            String text = reader.hasText() ? reader.getText() : null;
            String code;
            String contrl = null;
            switch (type) {
                case REQUIRED_DATA_ELEMENT_MISSING, CONDITIONAL_REQUIRED_DATA_ELEMENT_MISSING,
                     IMPLEMENTATION_DEPENDENT_DATA_ELEMENT_MISSING -> code = "X013";
                case TOO_MANY_DATA_ELEMENTS, TOO_MANY_COMPONENTS, TOO_MANY_REPETITIONS -> code = "X020";
                case DATA_ELEMENT_TOO_LONG -> code = "X015";
                case DATA_ELEMENT_TOO_SHORT -> {
                    code = "X015";
                    contrl = "40";
                }
                case INVALID_CHARACTER_DATA, INVALID_DATE, INVALID_TIME -> {
                    if (isNumeric(reader)) {
                        code = "X014";
                        contrl = numericFlavour(text);
                    } else {
                        code = "X003";
                    }
                }
                case INVALID_CODE_VALUE, IMPLEMENTATION_INVALID_CODE_VALUE -> {
                    // MIG §5.2: a DTM format code with a time zone is X023, not X016
                    boolean zoned = "DTM".equals(tag) && Integer.valueOf(3).equals(component)
                            && text != null && (text.startsWith("3") || text.equals("205"));
                    code = zoned ? "X023" : "X016";
                }
                default -> code = "X012";
            }
            messageProblems.add(new SyntaxProblem(code, tag, position, element, component,
                    describe(type) + " in " + tag + " " + element + (component == null ? "" : ":" + component)
                            + (text == null || text.isEmpty() ? "" : " ('" + text + "')"), contrl));
        }

        private boolean isNumeric(EDIStreamReader reader) {
            EDIReference ref = reader.getSchemaTypeReference();
            if (ref == null) {
                return false;
            }
            EDIType type = ref.getReferencedType();
            if (type instanceof EDISimpleType simple) {
                return simple.getBase() == EDISimpleType.Base.NUMERIC || simple.getBase() == EDISimpleType.Base.DECIMAL;
            }
            return false;
        }

        /** CONTRL 0085 for X014 (MIG §7.3): 38 no digit before the mark, 19 wrong mark, else 37. */
        private String numericFlavour(String text) {
            if (text == null) {
                return "37";
            }
            String t = text.startsWith("-") ? text.substring(1) : text;
            if (t.startsWith(".") || t.startsWith(",")) {
                return "38";
            }
            char declared = env.decimalMark();
            char other = declared == '.' ? ',' : '.';
            if (t.indexOf(other) >= 0 && t.chars().filter(c -> c == '.' || c == ',').count() == 1) {
                return "19";
            }
            return "37";
        }

        private static String describe(EDIStreamValidationError type) {
            return type.name().toLowerCase().replace('_', ' ');
        }
    }

    private static List<SyntaxProblem> dedupe(List<SyntaxProblem> problems) {
        Set<String> seen = new LinkedHashSet<>();
        List<SyntaxProblem> out = new ArrayList<>();
        for (SyntaxProblem p : problems) {
            // StAEDI reports every surplus element; one X020 per segment is enough (MIG §3.5)
            String key = p.code().equals("X020") ? "X020|" + p.segmentPosition()
                    : p.code() + "|" + p.segmentPosition() + "|" + p.element() + "|" + p.component();
            if (seen.add(key)) {
                out.add(p);
            }
        }
        return out;
    }

    private static String stripZeros(String number) {
        String s = number.replaceFirst("^0+(?=\\d)", "");
        return s;
    }
}
