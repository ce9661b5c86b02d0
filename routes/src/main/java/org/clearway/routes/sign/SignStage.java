package org.clearway.routes.sign;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.clearway.mappings.canonical.Declaration;
import org.clearway.mappings.canonical.Ids;
import org.clearway.mappings.canonical.RulePackRef;
import org.clearway.mappings.customs.CustomsFormat;
import org.clearway.mappings.customs.CustomsFormats;
import org.clearway.mappings.rules.RuleEvaluation;
import org.clearway.routes.pipeline.DeliverMessage;
import org.clearway.routes.pipeline.PreviousPack;
import org.clearway.routes.pipeline.SignMessage;
import org.clearway.routes.rules.RuleApplier;
import org.clearway.routes.store.RuleEvaluationStore;
import org.clearway.routes.store.DeclarationStore;
import org.clearway.routes.store.TraceLog;
import org.clearway.security.DetachedCmsSigner;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.clearway.routes.support.GatewayProperties;
import org.clearway.routes.support.Partners;
import org.springframework.stereotype.Component;

/**
 * Gives a declaration revision its emission id, serialises it to the exact bytes of its backend's
 * customs format (canonical JSON by default: JCS, CANONICAL-MODEL §10.1; or XML §9.2) and signs those bytes with a detached CMS signature (§10.2). The bytes
 * and the signature are stored as an emission for backends that pull; every emission keeps its
 * ids and correlation keys for decision matching.
 */
@Component
public class SignStage {

    private final DetachedCmsSigner signer;
    private final DeclarationStore store;
    private final TraceLog trace;
    private final Partners partners;
    private final ObjectMapper json;
    private final Clock clock;
    private final RuleApplier rules;
    private final RuleEvaluationStore evaluations;
    private final CustomsFormats formats;

    public SignStage(DetachedCmsSigner signer, DeclarationStore store, TraceLog trace, Partners partners,
                     ObjectMapper json, Clock clock, RuleApplier rules, RuleEvaluationStore evaluations,
                     CustomsFormats formats) {
        this.rules = rules;
        this.evaluations = evaluations;
        this.formats = formats;
        this.signer = signer;
        this.store = store;
        this.trace = trace;
        this.partners = partners;
        this.json = json;
        this.clock = clock;
    }

    /** Signs one enriched revision; the emission to deliver. */
    public DeliverMessage sign(SignMessage message) {
        Declaration draft = message.declaration();
        String declarationId = draft.declarationId().toString();
        String backendId = draft.destinationCustoms().backendId();
        // A revision signed before whose hand-on to gw.deliver rolled back (a crash between the
        // database commit and the JMS commit) keeps its emission and gatewayMessageId: customs sees
        // at most a redelivery of the same id, never a second emission of one revision. The id is
        // derived from revision, backend and key, so even a run that cannot see the earlier emission
        // gives the same id (and the emission table's unique id refuses a second row).
        Optional<DeclarationStore.Emission> earlier = store.latestEmission(declarationId, draft.revision())
                .filter(e -> e.backendId().equals(backendId));
        UUID gatewayMessageId = earlier.map(e -> UUID.fromString(e.gatewayMessageId())).orElseGet(
                () -> Ids.emissionId(declarationId, draft.revision(), backendId, signer.signerKeyId()));
        // the rule pack in force at emission (rulePack, dutyEstimate, required item data; issue 15)
        Declaration evaluated = rules.apply(draft);
        PreviousPack previousPack = message.previousPack();
        if (previousPack != null) {
            // an AMENDMENT the rule re-evaluation staged: RULE_PACK_CHANGED names both packs
            RulePackRef previous = new RulePackRef(previousPack.id(), previousPack.version(),
                    evaluated.rulePack() == null ? "-" : evaluated.rulePack().regime(), "-", java.time.LocalDate.EPOCH);
            evaluated = RuleEvaluation.flagChange(evaluated, previous);
        }
        Declaration declaration = Declarations.withGatewayMessageId(evaluated, gatewayMessageId);
        Optional<GatewayProperties.Customs> backend = partners.customsBackend(backendId);
        // what this backend receives (canonical JSON unless its configuration names another format)
        CustomsFormat format = formats.get(backend.map(GatewayProperties.Customs::format).orElse(CustomsFormats.DEFAULT));
        byte[] bytes = format.write(declaration);
        byte[] signature = signer.sign(bytes);
        Instant now = clock.instant();
        boolean pulled = backend.map(GatewayProperties.Customs::pullable).orElse(false);
        String correlation;
        try {
            correlation = json.writeValueAsString(declaration.correlation());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        if (earlier.isPresent()) {
            trace.record(message.ingressId(), declarationId, "sign", "re-signed",
                    "revision " + declaration.revision() + " redelivered; same gatewayMessageId " + gatewayMessageId);
        } else {
            store.insertEmission(new DeclarationStore.Emission(0, gatewayMessageId.toString(), declarationId,
                    declaration.revision(), backendId, format.mediaType(), correlation, pulled ? bytes : null,
                    pulled ? signature : null, signer.signerKeyId(), now));
            store.markSigned(declarationId, declaration.revision(), gatewayMessageId.toString(), now);
            trace.record(message.ingressId(), declarationId, "sign", "signed",
                    "revision " + declaration.revision() + " gatewayMessageId " + gatewayMessageId);
        }
        // also on a redelivery: the record is replaced, never doubled
        recordEvaluation(declaration, bytes, now);

        return new DeliverMessage(bytes, gatewayMessageId.toString(), declarationId, declaration.revision(),
                backendId, java.util.Base64.getEncoder().encodeToString(signature), signer.signerKeyId(),
                format.mediaType(), message.ingressId(), message.partnerId());
    }

    /** The pack the signed revision was evaluated under, for the re-evaluation at the next boundary (V30). */
    private void recordEvaluation(Declaration d, byte[] bytes, Instant now) {
        RulePackRef p = d.rulePack();
        if (p == null) {
            // signed without a pack (packs off, destination not covered): nothing to re-evaluate
            evaluations.forget(d.declarationId().toString(), d.revision());
            return;
        }
        evaluations.record(d.declarationId().toString(), d.revision(), p.regime(), p.id(), p.version(), p.dateBasis(),
                p.date(), new String(bytes, java.nio.charset.StandardCharsets.UTF_8), now);
    }
}
