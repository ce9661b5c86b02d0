package org.clearway.mappings.gw10;

import io.xlate.edi.stream.EDIInputFactory;
import io.xlate.edi.stream.EDIStreamEvent;
import io.xlate.edi.stream.EDIStreamException;
import io.xlate.edi.stream.EDIStreamReader;
import io.xlate.edi.stream.Location;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.clearway.mappings.edifact.EdifactEnvelope;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drives StAEDI with its built-in control schema only (MIG GW10 Appendix A) and hands over the
 * interchange header and, one at a time, the segments of each message (UNH..UNT). At most one
 * message is held in memory, so interchanges of any size stream through.
 *
 * <p>Messages reaching the dialect readers have passed the syntax pass, so StAEDI error events
 * are logged and reading continues; a stream StAEDI cannot read at all raises
 * {@link EdifactReadException}.
 */
final class EdiSegmentSource {

    private static final Logger LOG = LoggerFactory.getLogger(EdiSegmentSource.class);

    /** Receives the parts of an interchange as they are read. */
    interface Handler {
        /** UNB was read (UNA, if any, is described by {@code envelope}). */
        void interchangeStart(EdifactEnvelope envelope, String lineBreak, EdiSegment unb);

        /** A complete message, UNH first and UNT last. */
        void message(List<EdiSegment> segments);
    }

    private EdiSegmentSource() {
    }

    static void read(InputStream input, Handler handler) {
        BufferedInputStream in = new BufferedInputStream(input, 8192);
        byte[] head;
        try {
            in.mark(EdifactEnvelope.SNIFF_LENGTH + 1);
            head = in.readNBytes(EdifactEnvelope.SNIFF_LENGTH);
            in.reset();
        } catch (IOException e) {
            throw new EdifactReadException("cannot read interchange", e);
        }
        // The byte encoding is decided from UNB S001 before decoding (MIG §3.3)
        EdifactEnvelope envelope = EdifactEnvelope.sniff(head)
                .orElseThrow(() -> new EdifactReadException("input does not start with UNA or UNB (X001)", null));
        Charset charset = envelope.charset()
                .orElseThrow(() -> new EdifactReadException(
                        "unsupported syntax identifier " + envelope.syntaxIdentifier() + " (X002)", null));
        String lineBreak = detectLineBreak(head, envelope);

        EDIInputFactory factory = EDIInputFactory.newFactory();
        // 0065 CUSITM/CUSRSP are not UN message types (MIG §2.2 developer note)
        factory.setProperty(EDIInputFactory.EDI_VALIDATE_CONTROL_CODE_VALUES, false);
        // CR/LF after segment terminators are not data (MIG §3.5)
        factory.setProperty(EDIInputFactory.EDI_IGNORE_EXTRANEOUS_CHARACTERS, true);

        try (EDIStreamReader reader = factory.createEDIStreamReader(in, charset.name())) {
            pull(reader, envelope, lineBreak, handler);
        } catch (EDIStreamException | IOException e) {
            throw new EdifactReadException("interchange cannot be read: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            if (e instanceof EdifactReadException) {
                throw e;
            }
            throw new EdifactReadException("interchange cannot be read: " + e.getMessage(), e);
        }
    }

    private static void pull(EDIStreamReader reader, EdifactEnvelope envelope, String lineBreak,
                             Handler handler) throws EDIStreamException {
        List<EdiSegment> message = null;
        SegmentBuilder current = null;
        int positionInMessage = 0;
        while (reader.hasNext()) {
            EDIStreamEvent event = reader.next();
            switch (event) {
                case START_SEGMENT -> {
                    String tag = reader.getText();
                    if ("UNH".equals(tag)) {
                        message = new ArrayList<>();
                        positionInMessage = 0;
                    }
                    int position = message != null ? ++positionInMessage : 0;
                    current = new SegmentBuilder(tag, position);
                }
                case ELEMENT_DATA -> {
                    if (current != null) {
                        Location l = reader.getLocation();
                        current.put(l.getElementPosition(), l.getElementOccurrence(),
                                l.getComponentPosition(), reader.getText());
                    }
                }
                case END_SEGMENT -> {
                    if (current == null) {
                        break;
                    }
                    EdiSegment segment = current.build();
                    current = null;
                    if ("UNB".equals(segment.tag())) {
                        handler.interchangeStart(envelope, lineBreak, segment);
                    } else if (message != null) {
                        message.add(segment);
                        if ("UNT".equals(segment.tag())) {
                            handler.message(List.copyOf(message));
                            message = null;
                        }
                    }
                }
                case SEGMENT_ERROR, ELEMENT_DATA_ERROR, ELEMENT_OCCURRENCE_ERROR ->
                        // Already reported by the syntax pass (CONTRL); the dialect reader keeps going.
                        LOG.debug("StAEDI {} {} at {}", event, reader.getErrorType(), reader.getLocation());
                default -> {
                    // interchange, group, transaction, loop and composite boundaries carry no data here
                }
            }
        }
    }

    /** Looks at the bytes right after the first segment terminator: CR LF, LF or nothing. */
    private static String detectLineBreak(byte[] head, EdifactEnvelope envelope) {
        String text = new String(head, StandardCharsets.ISO_8859_1);
        int start = envelope.hasUna() ? 9 : 0;
        if (envelope.hasUna()) {
            if (text.startsWith("\r\n", start)) {
                return "\r\n";
            }
            if (text.startsWith("\n", start)) {
                return "\n";
            }
        }
        char term = envelope.segmentTerminator();
        char release = envelope.releaseCharacter();
        for (int i = start; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == release) {
                i++;
            } else if (c == term) {
                if (text.startsWith("\r\n", i + 1)) {
                    return "\r\n";
                }
                if (text.startsWith("\n", i + 1)) {
                    return "\n";
                }
                return "";
            }
        }
        return "";
    }

    /** Places element data by StAEDI location, so simple and composite reporting look alike. */
    private static final class SegmentBuilder {
        private final String tag;
        private final int position;
        private final List<List<List<String>>> elements = new ArrayList<>();

        SegmentBuilder(String tag, int position) {
            this.tag = tag;
            this.position = position;
        }

        void put(int element, int occurrence, int component, String text) {
            int e = Math.max(element, 1);
            int r = Math.max(occurrence, 1);
            int c = Math.max(component, 1);
            while (elements.size() < e) {
                elements.add(new ArrayList<>());
            }
            List<List<String>> reps = elements.get(e - 1);
            while (reps.size() < r) {
                reps.add(new ArrayList<>());
            }
            List<String> comps = reps.get(r - 1);
            while (comps.size() < c) {
                comps.add("");
            }
            comps.set(c - 1, text == null ? "" : text);
        }

        EdiSegment build() {
            return new EdiSegment(tag, position, elements);
        }
    }
}
