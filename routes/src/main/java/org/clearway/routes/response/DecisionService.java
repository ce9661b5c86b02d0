package org.clearway.routes.response;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import org.clearway.mappings.canonical.CanonicalJson;
import org.clearway.mappings.canonical.Correlation;
import org.clearway.mappings.canonical.Decision;
import org.clearway.mappings.canonical.DecisionSubmission;
import org.clearway.mappings.canonical.DecisionSubmissions;
import org.clearway.mappings.canonical.Ids;
import org.clearway.mappings.canonical.Problem;
import org.clearway.mappings.canonical.SubmissionResult;
import org.clearway.routes.pipeline.RespondMessage;
import org.clearway.routes.pipeline.StageSender;
import org.clearway.routes.pipeline.StageTransactions;
import org.clearway.routes.store.DecisionStore;
import org.clearway.routes.store.DecisionStore.StoredDecision;
import org.clearway.routes.store.DeclarationStore;
import org.clearway.routes.store.DeclarationStore.Emission;
import org.clearway.routes.store.ExpressStore;
import org.clearway.routes.store.TraceLog;
import org.clearway.routes.support.GatewayProperties.Customs;
import org.clearway.routes.support.GatewayProperties.Partner;
import org.clearway.routes.support.ProblemException;
import org.clearway.security.CmsVerifier;
import org.clearway.security.Pem;
import org.clearway.security.VerificationResult;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

/**
 * Decision ingress shared by HTTP and the {@code customs.decisions} queue
 * (CUSTOMS-AND-POSTAL-INTERFACES §3.3, CANONICAL-MODEL §6.4): validates the submission, verifies
 * the backend's signature when its profile requires one, resolves the reference to exactly one
 * declaration this backend received, assigns {@code decisionId}, {@code sequence} and
 * {@code receivedAt}, and stores the decision and its forward to {@code gw.respond} in one database
 * transaction (docs/TRANSACTIONS.md). A repeated {@code backendDecisionRef} replays the first answer.
 */
@Service
public class DecisionService {

    /** What was decided about a submission: the answer to give (a replay repeats the first one). */
    public record Accepted(boolean replayed, String responseJson, String decisionId) {
    }

    private final DeclarationStore declarations;
    private final DecisionStore decisions;
    private final ExpressStore express;
    private final TraceLog trace;
    private final ObjectMapper json;
    private final Clock clock;
    private final StageTransactions transactions;
    private final StageSender sender;

    public DecisionService(DeclarationStore declarations, DecisionStore decisions, ExpressStore express, TraceLog trace,
                           ObjectMapper json, Clock clock, StageTransactions transactions, StageSender sender) {
        this.transactions = transactions;
        this.sender = sender;
        this.declarations = declarations;
        this.decisions = decisions;
        this.express = express;
        this.trace = trace;
        this.json = json;
        this.clock = clock;
    }

    /**
     * A submission over HTTP: the decision and its {@code gw.respond} outbox row are written in one
     * database transaction, so the decision is forwarded exactly when it is stored (the row is
     * relayed after the commit, by the sweeper after a crash). A replay forwards nothing: the first
     * submission's forward is durable with its row.
     */
    public Accepted submit(String partnerId, Partner partner, byte[] body, boolean xml, String signatureBase64) {
        return submit(partnerId, partner, body, xml, signatureBase64, sender::stage, false);
    }

    /**
     * A submission consumed from {@code customs.decisions} by its batched stage: the decision joins
     * the batch's database transaction and is handed on to {@code gw.respond} in the batch's JMS
     * transaction. A replay hands the stored decision on again: it is how a redelivery after the
     * database commit but before the JMS commit (the hand-on lost with it) is recovered, and the
     * response stage answers a decision once whatever it receives (docs/TRANSACTIONS.md).
     */
    public Accepted submitFromQueue(String partnerId, Partner partner, byte[] body, boolean xml, String signatureBase64) {
        return submit(partnerId, partner, body, xml, signatureBase64, sender::send, true);
    }

    private Accepted submit(String partnerId, Partner partner, byte[] body, boolean xml, String signatureBase64,
                            Consumer<RespondMessage> forward, boolean forwardReplay) {
        Customs customs = partner.customs();
        if (customs == null) {
            throw new ProblemException(HttpStatus.FORBIDDEN, "forbidden", "partner " + partnerId + " is not a customs backend");
        }
        verifySignature(partnerId, customs, body, signatureBase64);
        SubmissionResult parsed = xml ? DecisionSubmissions.parseXml(body) : DecisionSubmissions.parseJson(body);
        if (!parsed.isValid()) {
            List<Map<String, Object>> errors = new ArrayList<>();
            for (Problem p : parsed.problems()) {
                errors.add(Map.of("pointer", p.pointer(), "detail", p.message()));
            }
            throw new ProblemException(HttpStatus.UNPROCESSABLE_ENTITY, "invalid-decision-submission",
                    parsed.problems().size() + " problem(s) in the decision submission", errors, Map.of());
        }
        DecisionSubmission submission = parsed.submission();
        String backendId = customs.backendId();
        if (submission.customsAuthority().backendId() != null && !submission.customsAuthority().backendId().equals(backendId)) {
            throw new ProblemException(HttpStatus.UNPROCESSABLE_ENTITY, "invalid-decision-submission",
                    "customsAuthority.backendId " + submission.customsAuthority().backendId()
                            + " is not the submitting backend " + backendId);
        }
        // joins a stage batch's transaction; over HTTP a transaction of its own that commits before the answer
        return transactions.inTransaction(status -> {
            if (submission.backendDecisionRef() != null) {
                Optional<StoredDecision> previous = decisions.byBackendRef(backendId, submission.backendDecisionRef());
                if (previous.isPresent()) {
                    return replay(previous.get(), forward, forwardReplay);
                }
            }
            Emission emission = resolve(submission, backendId);
            Correlation echo;
            try {
                echo = json.readValue(emission.correlationJson(), Correlation.class);
            } catch (java.io.IOException e) {
                throw new IllegalStateException("stored correlation of " + emission.gatewayMessageId() + " is unreadable", e);
            }
            Instant receivedAt = clock.instant();
            DecisionStore.Numbered numbered = decisions.insertNumbered(emission.declarationId(), backendId,
                    submission.backendDecisionRef(), sequence -> {
                        UUID decisionId = Ids.uuidV7();
                        Decision decision = submission.toDecision(decisionId, sequence, receivedAt,
                                UUID.fromString(emission.declarationId()), emission.revision(), echo, backendId);
                        return new StoredDecision(decisionId.toString(), emission.declarationId(), emission.revision(),
                                sequence, backendId, submission.backendDecisionRef(), submission.kind().name(),
                                submission.status().name(), submission.isFinal(), submission.decidedAt(), receivedAt,
                                new String(CanonicalJson.write(decision), StandardCharsets.UTF_8),
                                response(decisionId.toString(), emission.declarationId(), sequence), null);
                    });
            StoredDecision stored = numbered.decision();
            if (!numbered.stored()) {
                // the same backendDecisionRef was stored by a concurrent submission meanwhile
                return replay(stored, forward, forwardReplay);
            }
            forward.accept(respondMessage(stored));
            trace.record(null, emission.declarationId(), "decision", "received", submission.kind() + " "
                    + submission.status() + " sequence " + stored.sequence() + " decisionId " + stored.decisionId());
            return new Accepted(false, stored.responseJson(), stored.decisionId());
        });
    }

    private Accepted replay(StoredDecision previous, Consumer<RespondMessage> forward, boolean forwardReplay) {
        if (forwardReplay) {
            forward.accept(respondMessage(previous));
        }
        return new Accepted(true, previous.responseJson(), previous.decisionId());
    }

    private static RespondMessage respondMessage(StoredDecision d) {
        return new RespondMessage(d.decisionId(), d.body().getBytes(StandardCharsets.UTF_8));
    }

    private void verifySignature(String partnerId, Customs customs, byte[] body, String signatureBase64) {
        boolean present = signatureBase64 != null && !signatureBase64.isBlank();
        if (!present && !customs.requireSignedDecisions()) {
            return;
        }
        if (!present) {
            throw new ProblemException(HttpStatus.UNPROCESSABLE_ENTITY, "signature-required",
                    "backend " + customs.backendId() + " must sign its decisions (X-CLEARWAY-Signature)");
        }
        List<X509Certificate> trusted = new ArrayList<>();
        for (var path : customs.trustedCertificates()) {
            try {
                trusted.addAll(Pem.readCertificates(path));
            } catch (java.io.IOException e) {
                throw new IllegalStateException("cannot read trusted certificate " + path + " of " + partnerId, e);
            }
        }
        VerificationResult result = new CmsVerifier(trusted, clock).verifyBase64(body, signatureBase64);
        if (!result.isValid()) {
            throw new ProblemException(HttpStatus.UNPROCESSABLE_ENTITY, "signature-invalid",
                    "the decision signature does not verify: " + result.status() + " " + result.detail());
        }
    }

    private Emission resolve(DecisionSubmission s, String backendId) {
        Optional<Emission> emission;
        if (s.gatewayMessageId() != null) {
            emission = declarations.emission(s.gatewayMessageId().toString());
        } else if (s.declarationId() != null) {
            String id = s.declarationId().toString();
            emission = s.declarationRevision() != null ? declarations.latestEmission(id, s.declarationRevision())
                    : declarations.latestEmission(id);
        } else {
            emission = byCorrelation(s.correlation());
        }
        return emission.filter(e -> e.backendId().equals(backendId))
                .orElseThrow(() -> new ProblemException(HttpStatus.NOT_FOUND, "unknown-declaration",
                        "no declaration delivered to " + backendId + " matches the submission's reference"));
    }

    private Optional<Emission> byCorrelation(Correlation c) {
        // every key given must match: the candidates are the intersection of what each key finds
        List<List<String>> found = new ArrayList<>();
        if (c.lrn() != null) {
            List<String> byLrn = new ArrayList<>();
            declarations.findPostalItemByLrn(c.lrn()).ifPresent(p -> byLrn.add(p.declarationId()));
            express.byLrn(c.lrn()).ifPresent(s -> byLrn.add(s.declarationId()));
            found.add(byLrn);
        }
        if (c.s10ItemId() != null) {
            found.add(declarations.findPostalItemsByS10(c.s10ItemId()).stream()
                    .map(DeclarationStore.PostalItem::declarationId).toList());
        }
        if (c.houseWaybill() != null) {
            found.add(express.byHouseWaybillAnyPartner(c.houseWaybill()).stream()
                    .map(ExpressStore.Shipment::declarationId).toList());
        }
        List<String> ids = found.isEmpty() ? new ArrayList<>() : new ArrayList<>(found.get(0));
        found.forEach(ids::retainAll);
        List<String> distinct = ids.stream().distinct().toList();
        if (distinct.size() > 1) {
            throw new ProblemException(HttpStatus.CONFLICT, "ambiguous-reference",
                    "the correlation keys match " + distinct.size() + " declarations; reference one by declarationId");
        }
        return distinct.isEmpty() ? Optional.empty() : declarations.latestEmission(distinct.get(0));
    }

    private String response(String decisionId, String declarationId, int sequence) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("decisionId", decisionId);
        body.put("declarationId", declarationId);
        body.put("sequence", sequence);
        try {
            return json.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
