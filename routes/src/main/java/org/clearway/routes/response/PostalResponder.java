package org.clearway.routes.response;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.clearway.mappings.canonical.Decision;
import org.clearway.mappings.canonical.Ids;
import org.clearway.mappings.gw10.BusinessProblem;
import org.clearway.mappings.gw10.CusitmItem;
import org.clearway.mappings.gw10.CusitmMessage;
import org.clearway.mappings.gw10.CusrspInterchange;
import org.clearway.mappings.gw10.CusrspWriter;
import org.clearway.mappings.gw10.ResponseError;
import org.clearway.mappings.postal.CusrspEnvelope;
import org.clearway.mappings.postal.CusrspOptions;
import org.clearway.mappings.postal.DecisionToCusrsp;
import org.clearway.mappings.postal.PostalSourceRefs;
import org.clearway.routes.store.DeclarationStore;
import org.clearway.routes.store.DeclarationStore.PostalRefs;
import org.clearway.routes.store.DeclarationStore.Revision;
import org.clearway.routes.store.TraceLog;
import org.clearway.routes.support.GatewayProperties;
import org.clearway.routes.support.GatewayProperties.Customs;
import org.clearway.routes.support.GatewayProperties.Partner;
import org.clearway.routes.support.GatewayProperties.Role;
import org.clearway.routes.support.InvalidMessageException;
import org.clearway.routes.support.Partners;
import org.springframework.stereotype.Component;

/**
 * Writes CUSRSP interchanges for postal operators (MIG §6.4) and puts them in the partner's
 * outbox: gateway business-validation rejections (decision 90) from the parse stage, and customs
 * decisions from the response stage, with the item's stored warnings on its first CUSRSP (§6.3).
 */
@Component
public class PostalResponder {
    private final OutboxService outbox;
    private final DeclarationStore declarations;
    private final TraceLog trace;
    private final Partners partners;
    private final GatewayProperties properties;
    private final ObjectMapper json;
    private final Clock clock;

    public PostalResponder(OutboxService outbox, DeclarationStore declarations, TraceLog trace, Partners partners,
                           GatewayProperties properties, ObjectMapper json, Clock clock) {
        this.outbox = outbox;
        this.declarations = declarations;
        this.trace = trace;
        this.partners = partners;
        this.properties = properties;
        this.json = json;
        this.clock = clock;
    }

    /** A message-level rejection (E141): CUSRSP with SG2 errors only. */
    public void rejectMessage(String partnerId, String ingressId, CusitmMessage message, BusinessProblem problem) {
        writeValidation(partnerId, ingressId, message, List.of(problem));
    }

    /** Items that failed business rules: one CUSRSP with decision 90 per item, all their problems in SG5. */
    public void rejectItems(String partnerId, String ingressId, CusitmMessage message,
                            Map<CusitmItem, List<BusinessProblem>> rejected) {
        List<BusinessProblem> all = new ArrayList<>();
        rejected.values().forEach(all::addAll);
        writeValidation(partnerId, ingressId, message, all);
    }

    private void writeValidation(String partnerId, String ingressId, CusitmMessage message, List<BusinessProblem> problems) {
        Instant now = clock.instant();
        String controlRef = declarations.nextControlReference();
        Optional<CusrspInterchange> cusrsp = DecisionToCusrsp.forValidation(message, problems, Ids.uuidV7(), now,
                envelope(partnerId, controlRef, now, message.testIndicator()));
        cusrsp.ifPresent(c -> {
            String outboxId = outbox.put(partnerId, "CUSRSP", controlRef, CusrspWriter.write(c), ingressId);
            trace.record(ingressId, null, "respond", "cusrsp-validation", "outbox " + outboxId + " "
                    + String.join(",", problems.stream().map(BusinessProblem::code).distinct().toList()));
        });
    }

    /**
     * The CUSRSP for a customs decision on a postal declaration, or empty when the decision needs
     * none (acknowledgement ACCEPTED) or the declaration did not come from a postal operator.
     *
     * @return the outbox id
     */
    public Optional<String> respond(Decision decision) {
        String declarationId = decision.declarationId().toString();
        Revision revision = declarations.revision(declarationId, decision.declarationRevision())
                .or(() -> declarations.latest(declarationId))
                .orElseThrow(() -> new InvalidMessageException("decision " + decision.decisionId()
                        + " names unknown declaration " + declarationId));
        Partner partner = partners.get(revision.partnerId()).orElse(null);
        if (partner == null || partner.role() != Role.POSTAL || revision.postal() == null) {
            return Optional.empty();
        }
        PostalRefs refs = revision.postal();
        boolean firstResponse = declarations.revisions(declarationId).stream().noneMatch(Revision::warningsSent);
        List<ResponseError> warnings = firstResponse ? warnings(revision.warnings()) : List.of();
        Instant now = clock.instant();
        String controlRef = declarations.nextControlReference();
        Optional<CusrspInterchange> cusrsp = DecisionToCusrsp.forDecision(decision, new PostalSourceRefs(
                        refs.interchangeRef(), refs.messageRef(), refs.bgmNumber(), refs.messageDate(), refs.sendingPost(),
                        refs.customsOffice(), refs.cniSequence(), refs.s10AsReceived(), refs.syntaxIdentifier(),
                        refs.syntaxVersion()),
                warnings, options(decision.customsAuthority().backendId()),
                envelope(revision.partnerId(), controlRef, now, false));
        if (cusrsp.isEmpty()) {
            return Optional.empty();
        }
        String outboxId = outbox.put(revision.partnerId(), "CUSRSP", controlRef, CusrspWriter.write(cusrsp.get()),
                revision.ingressId());
        if (!warnings.isEmpty() || firstResponse) {
            declarations.markWarningsSent(declarationId);
        }
        trace.record(revision.ingressId(), declarationId, "respond", "cusrsp", decision.status() + " outbox " + outboxId);
        return Optional.of(outboxId);
    }

    private CusrspOptions options(String backendId) {
        return partners.customsBackend(backendId)
                .map(c -> new CusrspOptions(c.reasonCodes(), c.vatIsGst()))
                .orElse(CusrspOptions.defaults());
    }

    private CusrspEnvelope envelope(String partnerId, String controlRef, Instant now, boolean test) {
        Partner partner = partners.require(partnerId);
        if (partner.edifact() == null) {
            throw new InvalidMessageException("postal partner " + partnerId + " has no EDIFACT identity configured");
        }
        GatewayProperties.Gateway gw = properties.gateway();
        return new CusrspEnvelope(gw.edifactId(), gw.edifactQualifier(), partner.edifact().senderId(),
                partner.edifact().qualifier(), controlRef, now, "1", partner.edifact().crlf() ? "\r\n" : "", test);
    }

    private List<ResponseError> warnings(String stored) {
        if (stored == null || stored.isBlank()) {
            return List.of();
        }
        try {
            List<BusinessProblem> problems = json.readValue(stored, new TypeReference<List<BusinessProblem>>() { });
            return problems.stream().filter(BusinessProblem::isWarning).map(ResponseError::of).toList();
        } catch (IOException e) {
            throw new IllegalStateException("stored warnings are not readable", e);
        }
    }

}
