package org.clearway.mappings.edifact;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Writes the gateway's CONTRL interchange (MIG GW10 §7.2, codes §7.3) answering a scanned
 * interchange: negative at UCI level for interchange errors, UCM/UCS/UCD for rejected messages,
 * UCF for functional groups, and positive (UCI 0083 = 7, UCM 7 per good message) when UNB 0031 = 1.
 *
 * <p>The CONTRL uses the syntax identifier and version of the acknowledged interchange
 * ({@code CONTRL:D:3:UN} or {@code CONTRL:4:1:UN}), the gateway as sender and the partner as
 * recipient, default service characters and no UNA unless the syntax is UNOY (MIG §3.1). No clock
 * inside: the control reference and preparation time (UTC) are passed in.
 */
public final class ContrlWriter {

    private static final DateTimeFormatter DATE_V3 = DateTimeFormatter.ofPattern("yyMMdd");
    private static final DateTimeFormatter DATE_V4 = DateTimeFormatter.ofPattern("yyyyMMdd");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HHmm");

    private ContrlWriter() {}

    /**
     * The CONTRL due for a scan result.
     *
     * @param result           the ingress pass outcome
     * @param controlReference the gateway's own UNB 0020 for the CONTRL interchange (an..14)
     * @param preparedAt       UNB S004 date/time, UTC
     * @return empty when no CONTRL is due: X001, no readable UNB, nothing wrong and no
     *         acknowledgement requested, or the input is itself a CONTRL (never answered, MIG §7.1)
     */
    public static Optional<byte[]> write(ScanResult result, String controlReference, LocalDateTime preparedAt) {
        if (result.notEdifact() || result.header().isEmpty()) {
            return Optional.empty();
        }
        InterchangeHeader header = result.header().get();
        boolean isContrl = "CONTRL".equals(header.applicationReference())
                || (!result.messages().isEmpty() && result.messages().stream().allMatch(m -> "CONTRL".equals(m.messageType())));
        if (isContrl) {
            return Optional.empty();
        }
        if (result.interchangeError().isPresent()) {
            return Optional.of(interchangeRejected(header, result.interchangeError().get(), controlReference, preparedAt));
        }
        if (!result.hasMessageErrors() && !header.ackRequested()) {
            return Optional.empty();
        }
        Writer w = new Writer(header, controlReference, preparedAt);
        w.segment("UCI", w.esc(header.controlReference()), w.party(header.senderId(), header.senderQualifier()),
                w.party(header.recipientId(), header.recipientQualifier()), "7");
        if (result.groups().isEmpty()) {
            result.messages().forEach(m -> w.message(m, header.ackRequested()));
        } else {
            for (GroupResult g : result.groups()) {
                List<String> ucf = new ArrayList<>(List.of(w.esc(g.groupRef()), w.party(g.senderId(), g.senderQualifier()),
                        w.party(g.recipientId(), g.recipientQualifier())));
                if (g.error().isPresent()) {
                    SyntaxProblem p = g.error().get();
                    ucf.addAll(List.of("4", nz(p.contrlErrorCode()), nz(p.segmentTag()), w.s011(p)));
                } else if (!header.ackRequested() && result.messages().stream()
                        .noneMatch(m -> g.groupRef().equals(m.groupRef()) && !m.accepted())) {
                    continue;
                } else {
                    ucf.add("7");
                }
                w.segment("UCF", ucf.toArray(String[]::new));
                result.messages().stream().filter(m -> g.groupRef().equals(m.groupRef()))
                        .forEach(m -> w.message(m, header.ackRequested()));
            }
        }
        return Optional.of(w.finish());
    }

    /** CONTRL rejecting a whole interchange (UCI 0083 = 4) with one interchange-level problem. */
    public static byte[] interchangeRejected(InterchangeHeader header, SyntaxProblem problem,
                                             String controlReference, LocalDateTime preparedAt) {
        Objects.requireNonNull(problem, "problem");
        Writer w = new Writer(header, controlReference, preparedAt);
        w.segment("UCI", w.esc(header.controlReference()), w.party(header.senderId(), header.senderQualifier()),
                w.party(header.recipientId(), header.recipientQualifier()), "4", nz(problem.contrlErrorCode()),
                nz(problem.segmentTag()), w.s011(problem));
        return w.finish();
    }

    /** X018: duplicate interchange, same sender and 0020 within 30 days, different bytes (UCI 26, UNB / 5). */
    public static byte[] duplicate(InterchangeHeader header, String controlReference, LocalDateTime preparedAt) {
        return interchangeRejected(header, new SyntaxProblem("X018", "UNB", 0, 5, null,
                "duplicate interchange reference " + header.controlReference()), controlReference, preparedAt);
    }

    /** X019: interchange larger than the configured limit (UCI 18, MIG §7.3). */
    public static byte[] tooLarge(InterchangeHeader header, String controlReference, LocalDateTime preparedAt) {
        return interchangeRejected(header, new SyntaxProblem("X019", null, 0, null, null, "interchange too large"),
                controlReference, preparedAt);
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }

    /** Segment assembly with default service characters (MIG §3.1, §3.2). */
    private static final class Writer {
        private final InterchangeHeader header;
        private final String controlReference;
        private final String syntaxId;
        private final boolean v4;
        private final Charset charset;
        private final StringBuilder out = new StringBuilder(512);
        private int messageSegments;

        Writer(InterchangeHeader header, String controlReference, LocalDateTime preparedAt) {
            this.header = header;
            this.controlReference = controlReference;
            String id = header.envelope().syntaxIdentifier();
            String version = header.envelope().syntaxVersion();
            boolean supported = EdifactEnvelope.charsetFor(id).isPresent()
                    && (version.equals("3") || version.equals("4")) && !(id.equals("UNOY") && version.equals("3"));
            // an unsupported identifier (X002) is answered in UNOC, the recommended set (MIG §3.3)
            this.syntaxId = supported ? id : "UNOC";
            this.v4 = version.equals("4");
            this.charset = EdifactEnvelope.charsetFor(syntaxId).orElse(StandardCharsets.ISO_8859_1);
            if (syntaxId.equals("UNOY")) {
                out.append("UNA:+.?").append(v4 ? '*' : ' ').append('\'');
            }
            String date = preparedAt.format(v4 ? DATE_V4 : DATE_V3);
            List<String> unb = new ArrayList<>(List.of(syntaxId + ":" + (v4 ? "4" : "3"),
                    party(header.recipientId(), header.recipientQualifier()),
                    party(header.senderId(), header.senderQualifier()),
                    date + ":" + preparedAt.format(TIME), esc(controlReference), "", "CONTRL"));
            if (header.test()) {
                unb.addAll(List.of("", "", "", "1"));
            }
            raw("UNB", unb.toArray(String[]::new));
            segment("UNH", "1", v4 ? "CONTRL:4:1:UN" : "CONTRL:D:3:UN");
        }

        String esc(String value) {
            return Segment.escapeDefault(value == null ? "" : value, v4);
        }

        String party(String id, String qualifier) {
            return qualifier == null || qualifier.isEmpty() ? esc(id) : esc(id) + ":" + esc(qualifier);
        }

        String s011(SyntaxProblem p) {
            if (p.element() == null) {
                return "";
            }
            return p.component() == null ? String.valueOf(p.element()) : p.element() + ":" + p.component();
        }

        /** Writes a segment; the values are already escaped; trailing empty elements are dropped (§3.5). */
        void segment(String tag, String... elements) {
            raw(tag, elements);
            messageSegments++;
        }

        private void raw(String tag, String... elements) {
            int last = elements.length;
            while (last > 0 && elements[last - 1].isEmpty()) {
                last--;
            }
            out.append(tag);
            for (int i = 0; i < last; i++) {
                out.append('+').append(elements[i]);
            }
            out.append('\'');
        }

        void message(MessageResult m, boolean ackRequested) {
            List<SyntaxProblem> errors = m.errors().stream().filter(p -> !p.code().equals("X017")).toList();
            if (m.accepted()) {
                if (ackRequested) {
                    segment("UCM", esc(m.messageRef()), m.messageIdentifier(), "7");
                }
                return;
            }
            SyntaxProblem onUcm = errors.stream().filter(SyntaxProblem::reportedOnUcm).findFirst().orElse(null);
            if (onUcm != null) {
                segment("UCM", esc(m.messageRef()), m.messageIdentifier(), "4", nz(onUcm.contrlErrorCode()),
                        nz(onUcm.segmentTag()), s011(onUcm));
            } else {
                segment("UCM", esc(m.messageRef()), m.messageIdentifier(), "4");
            }
            Map<Integer, List<SyntaxProblem>> bySegment = new LinkedHashMap<>();
            errors.stream().filter(p -> p != onUcm)
                    .sorted((a, b) -> Integer.compare(a.segmentPosition(), b.segmentPosition()))
                    .forEach(p -> bySegment.computeIfAbsent(p.segmentPosition(), k -> new ArrayList<>()).add(p));
            for (var entry : bySegment.entrySet()) {
                List<SyntaxProblem> ps = entry.getValue();
                // UCS 0085 for segment-level problems (X010/X011/X012, or UCM codes at a segment);
                // element problems each get a UCD (MIG §7.3)
                String segmentCode = ps.stream().filter(p -> p.element() == null || p.reportedOnUcm())
                        .map(SyntaxProblem::contrlErrorCode).findFirst().orElse("");
                segment("UCS", String.valueOf(Math.max(entry.getKey(), 1)), nz(segmentCode));
                ps.stream().filter(p -> p.element() != null && !p.reportedOnUcm())
                        .limit(99)
                        .forEach(p -> segment("UCD", nz(p.contrlErrorCode()), s011(p)));
            }
        }

        byte[] finish() {
            raw("UNT", String.valueOf(messageSegments + 1), "1");
            raw("UNZ", "1", esc(controlReference));
            return out.toString().getBytes(charset);
        }
    }
}
