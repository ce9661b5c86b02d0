package org.clearway.routes.dialect.gw10;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.clearway.mappings.canonical.CanonicalFormatException;
import org.clearway.mappings.canonical.CanonicalJson;
import org.clearway.mappings.canonical.Declaration;
import org.clearway.mappings.canonical.FunctionCode;
import org.clearway.mappings.canonical.Ids;
import org.clearway.mappings.gw10.BusinessProblem;
import org.clearway.mappings.gw10.CusitmItem;
import org.clearway.mappings.gw10.CusitmMessage;
import org.clearway.mappings.gw10.CusitmReader;
import org.clearway.mappings.gw10.CusitmValidation;
import org.clearway.mappings.gw10.CusitmValidator;
import org.clearway.mappings.gw10.EdifactReadException;
import org.clearway.mappings.gw10.MessageFunction;
import org.clearway.mappings.gw10.ProblemCodes;
import org.clearway.mappings.gw10.ValidationSettings;
import org.clearway.mappings.postal.CusitmToCanonical;
import org.clearway.mappings.rates.MissingExchangeRateException;
import org.clearway.mappings.postal.PostalContent;
import org.clearway.mappings.postal.PostalMappingContext;
import org.clearway.routes.dialect.DecisionAnswerer;
import org.clearway.routes.dialect.DraftSink;
import org.clearway.routes.dialect.InboundDialect;
import org.clearway.routes.dialect.ParseOutcome;
import org.clearway.routes.parse.DeclarationRouting;
import org.clearway.routes.pending.PendingDeclarations;
import org.clearway.routes.pending.PendingReason;
import org.clearway.routes.response.PostalResponder;
import org.clearway.routes.pipeline.DraftMessage;
import org.clearway.routes.pipeline.HeldDraft;
import org.clearway.routes.pipeline.ParseMessage;
import org.clearway.routes.pipeline.StageQueueCodec;
import org.clearway.routes.store.DecisionStore;
import org.clearway.routes.store.DeclarationStore;
import org.clearway.routes.store.PendingStore;
import org.clearway.routes.store.TraceLog;
import org.clearway.routes.support.GatewayProperties;
import org.clearway.routes.support.InvalidMessageException;
import org.clearway.routes.support.Partners;
import org.springframework.stereotype.Component;

/**
 * Business validation and mapping of one staged CUSITM message (MIG §9, §5.3). Items that fail
 * business rules are answered with a CUSRSP decision 90 and go no further; the others become
 * canonical drafts for the enrich stage, one per item. Stateful rules: V21 (BGM number reused)
 * rejects the message; V20 (cancel of an unknown item E140, replace of an unknown item W142).
 * The posts that sent CUSITM are answered customs decisions as CUSRSP (through the outbox).
 */
@Component
@org.springframework.core.annotation.Order(30)
public class CusitmDialect implements InboundDialect, DecisionAnswerer {
    /** The dialect of staged postal messages on {@code gw.parse} and of held postal items (pending_declaration.dialect). */
    public static final String NAME = CusitmToCanonical.DIALECT;

    private final DeclarationStore store;
    private final PostalResponder responder;
    private final TraceLog trace;
    private final Partners partners;
    private final GatewayProperties properties;
    private final ObjectMapper json;
    private final Clock clock;
    private final DeclarationRouting routing;
    private final PendingDeclarations pending;

    private final DecisionStore decisions;

    public CusitmDialect(DeclarationStore store, PostalResponder responder, TraceLog trace, Partners partners,
                         GatewayProperties properties, ObjectMapper json, Clock clock, DeclarationRouting routing,
                         PendingDeclarations pending, DecisionStore decisions) {
        this.decisions = decisions;
        this.pending = pending;
        this.store = store;
        this.responder = responder;
        this.trace = trace;
        this.partners = partners;
        this.properties = properties;
        this.json = json;
        this.clock = clock;
        this.routing = routing;
    }

    @Override
    public String name() {
        return NAME;
    }

    /**
     * Validates and maps one staged message; each accepted item's draft is handed to
     * {@code enrich} as soon as it is mapped (in the consumer's JMS transaction), so a message of
     * 9,999 items is never held as 9,999 drafts at once.
     */
    @Override
    public ParseOutcome parse(ParseMessage in, DraftSink enrich) {
        String partnerId = in.partnerId();
        String ingressId = in.ingressId();
        Instant receivedAt = in.receivedAt();
        String payloadSha = in.payloadSha256();
        List<CusitmMessage> messages;
        try {
            messages = CusitmReader.readAll(in.payload());
        } catch (EdifactReadException e) {
            throw new InvalidMessageException("staged message cannot be read: " + e.getMessage(), e);
        }
        if (messages.size() != 1) {
            throw new InvalidMessageException("a staged interchange must hold exactly one CUSITM, found " + messages.size());
        }
        CusitmMessage message = messages.get(0);
        Instant now = clock.instant();

        if (message.function() == MessageFunction.ORIGINAL && !message.testIndicator() && !store.registerMessageNumber(partnerId,
                message.messageNumber(), ingressId, message.messageRef(), payloadSha, now,
                now.minus(properties.limits().duplicateWindow()))) {
            BusinessProblem e141 = BusinessProblem.messageLevel(ProblemCodes.E141_DUPLICATE_MESSAGE_NUMBER, "BGM",
                    "message number " + message.messageNumber() + " was already used in the last "
                            + properties.limits().duplicateWindow().toDays() + " days");
            responder.rejectMessage(partnerId, ingressId, message, e141);
            trace.record(ingressId, null, "parse", "rejected", "E141 message " + message.messageRef(), partnerId);
            return new ParseOutcome(0, List.of(ProblemCodes.E141_DUPLICATE_MESSAGE_NUMBER));
        }

        CusitmValidation validation = CusitmValidator.validate(message,
                new ValidationSettings(Set.copyOf(properties.genericDescriptions())));
        Map<CusitmItem, List<BusinessProblem>> rejected = new LinkedHashMap<>();
        int drafts = 0;
        for (CusitmValidation.ItemValidation iv : validation.items()) {
            CusitmItem item = iv.item();
            List<BusinessProblem> problems = new ArrayList<>(iv.problems());
            var postalItem = store.postalItem(partnerId, item.s10(), Ids::uuidV7, Ids::lrn, now);
            String declarationId = postalItem.declarationId();
            boolean known = store.latest(declarationId).isPresent();
            FunctionCode function = FunctionCode.ORIGINAL;
            if (message.function() == MessageFunction.CANCELLATION) {
                if (!known) {
                    problems.add(new BusinessProblem(ProblemCodes.E140_NOTHING_TO_CANCEL, item.sequence(), null, "CNI",
                            String.valueOf(item.sequence()), "item " + item.s10() + " was never declared by this sender"));
                }
                function = FunctionCode.CANCELLATION;
            } else if (message.function() == MessageFunction.REPLACE) {
                if (known) {
                    function = FunctionCode.AMENDMENT;
                } else {
                    problems.add(new BusinessProblem(ProblemCodes.W142_REPLACE_UNKNOWN_ITEM, item.sequence(), null, "CNI",
                            String.valueOf(item.sequence()), "item " + item.s10() + " is unknown; processed as an original"));
                }
            }
            if (problems.stream().anyMatch(BusinessProblem::isError)) {
                rejected.put(item, problems);
                trace.record(ingressId, declarationId, "parse", "rejected", codes(problems), partnerId);
                continue;
            }
            if (message.testIndicator()) {
                // UNB 0035 = 1: validated and answered, never sent to customs (MIG §2.1)
                trace.record(ingressId, declarationId, "parse", "test-only", problems.isEmpty() ? "valid" : codes(problems), partnerId);
                continue;
            }
            // the enrich record of the item, everything but the draft (which needs the rates)
            HeldDraft held = new HeldDraft(declarationId, ingressId, partnerId, PostalContent.digest(item), function,
                    postalRefs(message, item), write(problems), receivedAt, payloadSha, item.sequenceText());
            Declaration draft;
            try {
                draft = CusitmToCanonical.map(message, item, context(partnerId, message, item, declarationId,
                        function, receivedAt, payloadSha, now));
            } catch (MissingExchangeRateException e) {
                // this item alone waits for the rate (CANONICAL-MODEL §4); the rest of the message goes on
                pending.hold(new PendingDeclarations.Held(declarationId, ingressId, partnerId, NAME,
                        item.s10(), PendingReason.EXCHANGE_RATE, e.getMessage(), StageQueueCodec.encodeHeld(held),
                        in.payload(),
                        // items of one message that wait together share one stored copy of it
                        ingressId + "/" + message.messageRef()));
                continue;
            }
            pending.superseded(declarationId, ingressId, partnerId);
            enrich.send(held.toDraft(draft));
            drafts++;
            trace.record(ingressId, declarationId, "parse", "parsed", problems.isEmpty() ? "no warnings" : codes(problems), partnerId);
        }
        List<String> answered = new ArrayList<>();
        if (!rejected.isEmpty()) {
            responder.rejectItems(partnerId, ingressId, message, rejected);
            rejected.values().forEach(p -> answered.add(codes(p)));
        }
        return new ParseOutcome(drafts, answered);
    }

    /** The postal message's references of one item, for its CUSRSP answers. */
    private static DeclarationStore.PostalRefs postalRefs(CusitmMessage message, CusitmItem item) {
        return new DeclarationStore.PostalRefs(message.interchangeRef(), message.messageRef(),
                message.messageNumber(), message.messageTimeText(), message.sendingPost(), message.customsOffice(),
                item.sequenceText(), item.s10(), message.envelope().syntaxIdentifier(),
                message.envelope().syntaxVersion());
    }

    /**
     * Maps a held item again with the rates in force now (release of a PENDING item): its staged
     * message, the item by its CNI sequence, the function fixed when it was held.
     *
     * @return the canonical draft (JCS bytes)
     * @throws MissingExchangeRateException when the rate is still missing
     */
    public byte[] remap(String declarationId, HeldDraft held, byte[] stagedMessage) {
        CusitmMessage message = heldMessage(stagedMessage);
        CusitmItem item = heldItem(message, held.itemSequence());
        return CanonicalJson.write(CusitmToCanonical.map(message, item, context(held.partnerId(), message, item,
                declarationId, held.requestedFunction(), held.receivedAt(), held.payloadSha256(), clock.instant())));
    }

    /** A held item mapped again: its enrich record as it was held, with the draft (checked canonical). */
    @Override
    public DraftMessage remap(PendingStore.Pending p, Map<String, Object> stored) {
        HeldDraft held = StageQueueCodec.decodeHeld(p.declarationId(), stored);
        byte[] draft = remap(p.declarationId(), held, p.body());
        try {
            return held.toDraft(CanonicalJson.readDeclaration(draft));
        } catch (CanonicalFormatException e) {
            throw new InvalidMessageException("not a canonical declaration: " + e.getMessage(), e);
        }
    }

    private static CusitmMessage heldMessage(byte[] stagedMessage) {
        try {
            return CusitmReader.readAll(stagedMessage).get(0);
        } catch (EdifactReadException e) {
            throw new InvalidMessageException("held message cannot be read: " + e.getMessage(), e);
        }
    }

    private static CusitmItem heldItem(CusitmMessage message, String cni) {
        return message.items().stream().filter(i -> i.sequenceText().equals(cni)).findFirst()
                .orElseThrow(() -> new InvalidMessageException("held item CNI " + cni + " is not in its message"));
    }

    /** CUSRSP decision 90 with E199 for the refused item (MIG §6.3: correct and resend). */
    @Override
    public void refused(PendingStore.Pending p, Map<String, Object> headers) {
        CusitmMessage message = heldMessage(p.body());
        CusitmItem item = heldItem(message, StageQueueCodec.decodeHeld(p.declarationId(), headers).itemSequence());
        String reason = p.reason() == PendingReason.EXCHANGE_RATE ? "NO EXCHANGE RATE FOR THE DECLARED CURRENCY"
                : "NO CUSTOMS RULES IN FORCE";
        BusinessProblem problem = new BusinessProblem(ProblemCodes.E199_OTHER, item.sequence(), null,
                p.reason() == PendingReason.EXCHANGE_RATE ? "MOA" : "CNI", "2:" + item.sequenceText(),
                reason + " (" + p.reasonDetail() + "); NOT SENT TO CUSTOMS, PLEASE RESEND");
        responder.rejectItems(p.partnerId(), p.ingressId(), message, Map.of(item, List.of(problem)));
    }

    /**
     * A CUSRSP to the post that declared the item; once per decision (the outbox id is stored with
     * the decision, so a redelivered decision is not answered twice).
     */
    @Override
    public void answer(org.clearway.mappings.canonical.Decision decision) {
        String decisionId = decision.decisionId().toString();
        var stored = decisions.byId(decisionId);
        if (stored.isPresent() && stored.get().outboxId() != null) {
            return;
        }
        responder.respond(decision).ifPresent(outboxId -> decisions.setOutbox(decisionId, outboxId));
    }

    private PostalMappingContext context(String partnerId, CusitmMessage message, CusitmItem item, String declarationId,
                                         FunctionCode function, Instant receivedAt, String payloadSha, Instant now) {
        String destination = item.addressee().map(p -> p.country()).filter(c -> !c.isBlank()).orElse(null);
        DeclarationRouting.Destination target = routing.destination(destination);
        return new PostalMappingContext(UUID.fromString(declarationId), 1, function, Ids.uuidV7(), now, partnerId,
                receivedAt, payloadSha, target.country(), target.backendId(), target.customs().currency(),
                routing.rates(), routing.thresholds(), null, null, null);
    }

    private static String codes(List<BusinessProblem> problems) {
        return String.join(",", problems.stream().map(BusinessProblem::code).toList());
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
