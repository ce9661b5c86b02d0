package org.clearway.routes.ingress;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.jms.JMSException;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.HashSet;
import java.time.LocalDateTime;
import java.nio.charset.StandardCharsets;
import org.clearway.mappings.edifact.InterchangeHeader;
import org.clearway.mappings.canonical.Ids;
import org.clearway.mappings.edifact.ContrlWriter;
import org.clearway.mappings.edifact.EdifactEnvelope;
import org.clearway.mappings.edifact.InterchangeScanner;
import org.clearway.mappings.edifact.MessageResult;
import org.clearway.mappings.edifact.ScanOptions;
import org.clearway.mappings.edifact.ScanResult;
import org.clearway.mappings.edifact.StagedMessage;
import org.clearway.mappings.edifact.SyntaxProblem;
import org.clearway.routes.response.OutboxService;
import org.clearway.routes.store.DeclarationStore;
import org.clearway.routes.store.InterchangeStore;
import org.clearway.routes.store.InterchangeStore.Interchange;
import org.clearway.routes.store.InterchangeStore.Status;
import org.clearway.routes.store.TraceLog;
import org.clearway.routes.dialect.gw10.CusitmDialect;
import org.clearway.routes.pipeline.ParseMessage;
import org.clearway.routes.pipeline.QueueTransaction;
import org.clearway.routes.pipeline.StageSender;
import org.clearway.routes.support.GatewayProperties;
import org.clearway.routes.support.Partners;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * The postal ingress pass shared by every postal channel (HTTP, drop directory, later AS2):
 * archive the bytes, replay byte-identical resubmissions, run the streaming syntax pass and stage
 * the accepted messages on {@code gw.parse} in one JMS transaction that is committed only after
 * UNZ has been validated (CUSTOMS-AND-POSTAL-INTERFACES §2.2, MIG §7.1). A truncated or otherwise
 * interchange-level-broken interchange therefore queues nothing.
 */
@Service
public class PostalIngressService {
    private static final Logger log = LoggerFactory.getLogger(PostalIngressService.class);

    private final StageSender queues;
    private final InterchangeStore interchanges;
    private final DeclarationStore declarations;
    private final OutboxService outbox;
    private final TraceLog trace;
    private final Partners partners;
    private final GatewayProperties properties;
    private final ObjectMapper json;
    private final Clock clock;

    public PostalIngressService(StageSender queues, InterchangeStore interchanges,
                                DeclarationStore declarations, OutboxService outbox, TraceLog trace,
                                Partners partners, GatewayProperties properties, ObjectMapper json, Clock clock) {
        this.queues = queues;
        this.interchanges = interchanges;
        this.declarations = declarations;
        this.outbox = outbox;
        this.trace = trace;
        this.partners = partners;
        this.properties = properties;
        this.json = json;
        this.clock = clock;
    }

    /**
     * Runs the ingress pass for one interchange from an authenticated postal partner.
     *
     * @param partnerId the authenticated partner (its UNB sender must be its own, else X021)
     * @param body      the raw interchange bytes, read once
     */
    public IngressOutcome submit(String partnerId, InputStream body, String channel) throws IOException {
        String ingressId = Ids.uuidV7().toString();
        Instant receivedAt = clock.instant();
        long limit = properties.limits().interchangeMaxBytes();
        Path archived = archivePath(ingressId, receivedAt);
        String sha256;
        try {
            sha256 = spool(body, archived, limit);
        } catch (LimitExceeded e) {
            Files.deleteIfExists(archived);
            trace.record(ingressId, null, "ingress", "rejected", "X019 over " + limit + " bytes via " + channel, partnerId);
            return new IngressOutcome.TooLarge(ingressId, limit);
        }
        trace.record(ingressId, null, "ingress", "received", channel + " " + Files.size(archived) + " bytes sha256=" + sha256, partnerId);

        Optional<Interchange> previous = interchanges.findAcceptedBySha(partnerId, sha256);
        if (previous.isPresent()) {
            trace.record(previous.get().ingressId(), null, "ingress", "replayed", "byte-identical resubmission " + ingressId, partnerId);
            Files.deleteIfExists(archived);
            return new IngressOutcome.Replayed(previous.get().ingressId(), Path.of(previous.get().responseJson()));
        }

        byte[] head = readHead(archived);
        Optional<EdifactEnvelope> envelope = EdifactEnvelope.sniff(head);
        if (envelope.isEmpty()) {
            trace.record(ingressId, null, "ingress", "rejected", "X001 not EDIFACT", partnerId);
            return new IngressOutcome.NotEdifact(ingressId, "the body does not start with UNA or UNB");
        }
        interchanges.insert(new Interchange(ingressId, partnerId, null, sha256, Status.STAGING, null, receivedAt));
        return scanAndStage(partnerId, ingressId, receivedAt, sha256, archived);
    }

    private IngressOutcome scanAndStage(String partnerId, String ingressId, Instant receivedAt, String sha256,
                                       Path archived) throws IOException {
        GatewayProperties.Gateway gw = properties.gateway();
        ScanOptions options = new ScanOptions(properties.limits().interchangeMaxBytes(), gw.edifactId(),
                gw.edifactQualifier(), sender -> partners.idForEdifactSender(sender).filter(partnerId::equals).isPresent());
        LocalDateTime preparedAt = LocalDateTime.ofInstant(receivedAt, ZoneOffset.UTC);
        boolean committed = false;
        try (QueueTransaction session = queues.openTransaction()) {
            Staging staging = stage(options, archived, session, partnerId, ingressId, receivedAt, sha256, null);
            ScanResult result = staging.result();
            if (result.notEdifact()) {
                session.rollback();
                interchanges.complete(ingressId, Status.REJECTED, null, null);
                trace.record(ingressId, null, "ingress", "rejected", "X001 not EDIFACT", partnerId);
                return new IngressOutcome.NotEdifact(ingressId, "the body is not a readable EDIFACT interchange");
            }
            Optional<InterchangeHeader> header = result.header();
            Optional<SyntaxProblem> interchangeError = result.interchangeError();
            byte[] contrl = null;
            if (interchangeError.isEmpty() && header.isPresent()) {
                Instant since = receivedAt.minus(properties.limits().duplicateWindow());
                Optional<Interchange> sameRef = interchanges.findAcceptedByControlRef(partnerId,
                        header.get().controlReference(), since);
                if (sameRef.isPresent() && sha256.equals(sameRef.get().payloadSha256())) {
                    // the same bytes, accepted meanwhile: a resend that overtook its first copy (the
                    // post's client timed out while the first was still being staged) is a replay
                    session.rollback();
                    interchanges.complete(ingressId, Status.REJECTED, header.get().controlReference(), null);
                    trace.record(sameRef.get().ingressId(), null, "ingress", "replayed",
                            "byte-identical resubmission " + ingressId + " (concurrent)", partnerId);
                    Files.deleteIfExists(archived);
                    return new IngressOutcome.Replayed(sameRef.get().ingressId(), Path.of(sameRef.get().responseJson()));
                }
                if (sameRef.isPresent()) {
                    interchangeError = Optional.of(new SyntaxProblem("X018", "UNB", 0, 5, null,
                            "interchange reference " + header.get().controlReference()
                                    + " was already used with different content (ingressId " + sameRef.get().ingressId() + ")"));
                    contrl = ContrlWriter.duplicate(header.get(), declarations.nextControlReference(), preparedAt);
                }
            }
            if (interchangeError.isPresent()) {
                session.rollback();
                SyntaxProblem problem = interchangeError.get();
                String controlRef = header.map(InterchangeHeader::controlReference).orElse(null);
                if (contrl == null && header.isPresent()) {
                    contrl = ContrlWriter.interchangeRejected(header.get(), problem, declarations.nextControlReference(), preparedAt);
                }
                if (contrl != null) {
                    outbox.put(partnerId, "CONTRL", contrlReference(contrl), contrl, ingressId);
                }
                interchanges.complete(ingressId, Status.REJECTED, controlRef, null);
                trace.record(ingressId, null, "ingress", "rejected", problem.code() + " " + problem.text(), partnerId);
                log.info("interchange {} from {} rejected: {} {}", controlRef, partnerId, problem.code(), problem.text());
                return new IngressOutcome.Rejected(ingressId, problem.code(), problem.text(), contrl);
            }
            // A message can turn out rejected after it was staged (X017 at UNE rejects its whole group):
            // stage again with only the releasable messages.
            Set<Integer> releasable = new HashSet<>();
            for (MessageResult m : result.releasableMessages()) {
                releasable.add(result.messages().indexOf(m));
            }
            if (!releasable.containsAll(staging.s10ByMessage().keySet())) {
                session.rollback();
                staging = stage(options, archived, session, partnerId, ingressId, receivedAt, sha256, releasable);
                result = staging.result();
            }
            String contrlBase64 = null;
            Optional<byte[]> ack = ContrlWriter.write(result, declarations.nextControlReference(), preparedAt);
            if (ack.isPresent()) {
                outbox.put(partnerId, "CONTRL", contrlReference(ack.get()), ack.get(), ingressId);
                contrlBase64 = Base64.getEncoder().encodeToString(ack.get());
            }
            for (String received : staging.receivedContrls()) {
                trace.record(ingressId, null, "ingress", "contrl-received",
                        received.length() > 900 ? received.substring(0, 900) : received);
                log.info("CONTRL received from {} in interchange {}", partnerId, header.get().controlReference());
            }
            session.commit();
            committed = true;
            // Declaration ids are allocated only once the messages are durably queued, so a rolled
            // back interchange leaves no trace of its items (§2.3: 404 for items never declared).
            // The 202 body is streamed to a file: an interchange of 100,000 items has a large one.
            Path response = writeResponse(partnerId, ingressId, receivedAt, header.get().controlReference(), result,
                    staging.s10ByMessage(), contrlBase64);
            interchanges.complete(ingressId, Status.ACCEPTED, header.get().controlReference(), response.toString());
            traceOutcome(partnerId, ingressId, result, header.get().controlReference());
            return new IngressOutcome.Accepted(ingressId, response);
        } catch (JMSException | RuntimeException e) {
            if (committed) {
                // queued already: the parse stage processes it; a resubmission is caught by V20
                throw new IllegalStateException("interchange " + ingressId + " was queued but its answer failed", e);
            }
            if (org.clearway.routes.support.ProblemAdvice.brokerUnavailable(e)) {
                // left STAGING, as after a crash: a commit cut by the broker going away may have
                // queued the messages, and the post's resend of the same bytes must then not read as
                // a reuse of their message numbers (answered 503, see ProblemAdvice)
                throw new IllegalStateException("staging interchange " + ingressId + " failed: broker unavailable", e);
            }
            interchanges.complete(ingressId, Status.REJECTED, null, null);
            throw new IllegalStateException("staging interchange " + ingressId + " failed; nothing was queued", e);
        }
    }

    /**
     * The interchange's trace line says what happened to its messages: all accepted, some rejected
     * (with their codes), or every one rejected (traced as {@code rejected}, not as accepted).
     */
    private void traceOutcome(String partnerId, String ingressId, ScanResult result, String controlRef) {
        int total = result.messages().size();
        int released = result.releasableMessages().size();
        StringBuilder rejected = new StringBuilder();
        for (MessageResult m : result.messages()) {
            if (!result.releasableMessages().contains(m)) {
                rejected.append(rejected.isEmpty() ? "" : "; ").append("message ").append(m.messageRef())
                        .append(m.errors().isEmpty() ? " (group rejected)" : " " + m.errors().stream()
                                .map(SyntaxProblem::code).distinct().collect(java.util.stream.Collectors.joining(",")));
            }
        }
        if (total > 0 && released == 0) {
            trace.record(ingressId, null, "ingress", "rejected", "all " + total + " messages rejected, interchange "
                    + controlRef + ": " + rejected, partnerId);
        } else if (released < total) {
            trace.record(ingressId, null, "ingress", "partly-accepted", released + " of " + total
                    + " messages accepted, interchange " + controlRef + "; rejected: " + rejected, partnerId);
        } else {
            trace.record(ingressId, null, "ingress", "accepted", total + " messages, interchange " + controlRef,
                    partnerId);
        }
    }

    private record Staging(ScanResult result, Map<Integer, List<String>> s10ByMessage,
                           List<String> receivedContrls) {
    }

    /** One streaming pass: syntax check, and each accepted message sent in the open transaction. */
    private Staging stage(ScanOptions options, Path archived, QueueTransaction session, String partnerId, String ingressId, Instant receivedAt, String sha256,
                          Set<Integer> only) throws IOException {
        Map<Integer, List<String>> s10ByMessage = new LinkedHashMap<>();
        List<String> receivedContrls = new ArrayList<>();
        try (InputStream in = new BufferedInputStream(Files.newInputStream(archived), 64 * 1024)) {
            ScanResult result = new InterchangeScanner(options).scan(in, staged -> {
                if ("CONTRL".equals(staged.messageType())) {
                    receivedContrls.add(new String(staged.standaloneInterchange(), StandardCharsets.ISO_8859_1));
                    return;
                }
                if (only != null && !only.contains(staged.index())) {
                    return;
                }
                s10ByMessage.put(staged.index(), staged.s10ItemIds());
                session.send(parseMessage(staged, partnerId, ingressId, receivedAt, sha256));
            });
            return new Staging(result, s10ByMessage, receivedContrls);
        }
    }

    /** UNB 0020 of a CONTRL the gateway wrote (its own control reference). */
    private static String contrlReference(byte[] contrl) {
        String text = new String(contrl, StandardCharsets.ISO_8859_1);
        int unb = text.indexOf("UNB");
        String[] elements = text.substring(unb, text.indexOf('\'', unb)).split("\\+");
        return elements.length > 5 ? elements[5] : "CONTRL";
    }

    private static boolean isContrlInterchange(ScanResult result) {
        return !result.messages().isEmpty() && result.messages().stream().allMatch(m -> "CONTRL".equals(m.messageType()));
    }

    private static ParseMessage parseMessage(StagedMessage staged, String partnerId, String ingressId,
                                             Instant receivedAt, String sha256) {
        return ParseMessage.ofInterchange(CusitmDialect.NAME, partnerId, ingressId,
                receivedAt, sha256, staged.index(), staged.messageRef(), staged.standaloneInterchange());
    }

    /** Streams the 202 body (CUSTOMS-AND-POSTAL-INTERFACES §2.2), allocating the declaration ids as it goes. */
    private Path writeResponse(String partnerId, String ingressId, Instant at, String interchangeRef, ScanResult result,
                               Map<Integer, List<String>> s10ByMessage, String contrl) throws IOException {
        LocalDate day = at.atZone(ZoneOffset.UTC).toLocalDate();
        Path dir = properties.dataDir().resolve("archive").resolve("responses").resolve(day.toString());
        Files.createDirectories(dir);
        Path file = dir.resolve(ingressId + ".json");
        Instant now = clock.instant();
        try (JsonGenerator g = json.getFactory().createGenerator(
                new java.io.BufferedOutputStream(Files.newOutputStream(file), 64 * 1024))) {
            g.writeStartObject();
            g.writeStringField("ingressId", ingressId);
            g.writeStringField("interchangeRef", interchangeRef);
            g.writeArrayFieldStart("messages");
            int index = -1;
            for (MessageResult m : result.messages()) {
                index++;
                if ("CONTRL".equals(m.messageType())) {
                    continue;
                }
                g.writeStartObject();
                g.writeStringField("messageRef", m.messageRef());
                g.writeStringField("status", m.accepted() ? "accepted" : "rejected");
                g.writeArrayFieldStart("errors");
                for (SyntaxProblem p : m.errors()) {
                    g.writeStartObject();
                    g.writeStringField("code", p.code());
                    g.writeStringField("segment", p.segmentTag());
                    g.writeNumberField("position", p.segmentPosition());
                    g.writeStringField("text", p.text());
                    g.writeEndObject();
                }
                g.writeEndArray();
                g.writeArrayFieldStart("items");
                if (m.accepted()) {
                    List<String> s10s = s10ByMessage.getOrDefault(index, List.of());
                    Map<String, DeclarationStore.PostalItem> items = declarations.postalItems(partnerId, s10s,
                            Ids::uuidV7, Ids::lrn, now);
                    for (String s10 : s10s) {
                        var item = items.get(s10);
                        g.writeStartObject();
                        g.writeStringField("s10ItemId", s10);
                        g.writeStringField("declarationId", item.declarationId());
                        g.writeEndObject();
                    }
                }
                g.writeEndArray();
                g.writeEndObject();
            }
            g.writeEndArray();
            if (contrl != null) {
                g.writeStringField("contrl", contrl);
            }
            g.writeEndObject();
        }
        return file;
    }

    private Path archivePath(String ingressId, Instant at) throws IOException {
        LocalDate day = at.atZone(ZoneOffset.UTC).toLocalDate();
        Path dir = properties.dataDir().resolve("archive").resolve("raw").resolve(day.toString());
        Files.createDirectories(dir);
        return dir.resolve(ingressId + ".edi");
    }

    private static byte[] readHead(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return in.readNBytes(EdifactEnvelope.SNIFF_LENGTH);
        }
    }

    /** Copies the body to the raw archive, hashing as it goes; stops past the limit. */
    private static String spool(InputStream body, Path target, long limit) throws IOException {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        try (OutputStream out = new DigestOutputStream(Files.newOutputStream(target), sha)) {
            byte[] buffer = new byte[64 * 1024];
            long total = 0;
            int n;
            while ((n = body.read(buffer)) != -1) {
                total += n;
                if (total > limit) {
                    throw new LimitExceeded();
                }
                out.write(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    private static final class LimitExceeded extends RuntimeException {
        LimitExceeded() {
            super(null, null, false, false);
        }
    }

}
