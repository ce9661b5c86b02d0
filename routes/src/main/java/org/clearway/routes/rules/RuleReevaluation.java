package org.clearway.routes.rules;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.clearway.mappings.canonical.CanonicalFormatException;
import org.clearway.mappings.canonical.CanonicalJson;
import org.clearway.mappings.canonical.Declaration;
import org.clearway.mappings.canonical.FunctionCode;
import org.clearway.mappings.canonical.Ids;
import org.clearway.mappings.rules.Regime;
import org.clearway.mappings.rules.RuleEvaluation;
import org.clearway.mappings.rules.RulePack;
import org.clearway.routes.ingress.express.ExpressStaging;
import org.clearway.routes.pipeline.DraftMessage;
import org.clearway.routes.pipeline.PreviousPack;
import org.clearway.routes.pipeline.StageQueueCodec;
import org.clearway.routes.pipeline.StageSender;
import org.clearway.routes.pipeline.StageTransactions;
import org.clearway.routes.store.DecisionStore;
import org.clearway.routes.store.DeclarationStore;
import org.clearway.routes.store.ExpressStore;
import org.clearway.routes.store.RuleEvaluationStore;
import org.clearway.routes.store.RuleEvaluationStore.Evaluated;
import org.clearway.routes.store.TraceLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.TransactionStatus;

/**
 * Re-evaluation at rule-pack boundaries (issue 15): when the pack in force for a regime changes (a
 * boundary passes, or a reload changes a pack's version or dates), every declaration whose latest
 * signed revision was evaluated under another pack and that has no final customs decision is
 * evaluated again; where the result changes (estimate, flags) an AMENDMENT goes through the normal
 * pipeline (parse or enrich, sign, deliver) and is signed with {@code RULE_PACK_CHANGED}; where it
 * does not, the check is only traced. Each declaration is handled in one database transaction
 * that claims its row (a conditional update: one gateway instance wins), holds the shipment's or
 * postal item's row lock (as every other amendment does) and writes the amendment's outbox row,
 * relayed to the broker after the commit (docs/TRANSACTIONS.md).
 */
@Component
public class RuleReevaluation {
    private static final Logger log = LoggerFactory.getLogger(RuleReevaluation.class);
    private static final int BATCH = 200;
    private static final String STAGE = "rules";

    /** What one run did: amendments staged, declarations found unchanged, skipped (decided, cancelled, in flight). */
    public record Result(int amended, int unchanged, int skipped) {
        int total() {
            return amended + unchanged + skipped;
        }
    }

    private enum Outcome { AMENDED, UNCHANGED, SKIPPED, IN_FLIGHT, TAKEN }

    private final RulePackRegistry registry;
    private final RulePackProperties properties;
    private final RuleApplier applier;
    private final RuleEvaluationStore evaluations;
    private final DeclarationStore declarations;
    private final DecisionStore decisions;
    private final ExpressStore shipments;
    private final ExpressStaging staging;
    private final TraceLog trace;
    private final Clock clock;
    private final StageTransactions transactions;
    private final StageSender sender;

    public RuleReevaluation(RulePackRegistry registry, RulePackProperties properties, RuleApplier applier,
                            RuleEvaluationStore evaluations, DeclarationStore declarations, DecisionStore decisions,
                            ExpressStore shipments, ExpressStaging staging, StageSender sender, TraceLog trace,
                            Clock clock, StageTransactions transactions) {
        this.registry = registry;
        this.properties = properties;
        this.applier = applier;
        this.evaluations = evaluations;
        this.declarations = declarations;
        this.decisions = decisions;
        this.shipments = shipments;
        this.staging = staging;
        this.trace = trace;
        this.clock = clock;
        this.transactions = transactions;
        this.sender = sender;
        registry.onReload(() -> {
            if (properties.reevaluate()) {
                run("reload");
            }
        });
    }

    @Scheduled(initialDelayString = "${clearway.rules.reevaluation-interval:1m}",
            fixedDelayString = "${clearway.rules.reevaluation-interval:1m}")
    public void scheduled() {
        if (properties.reevaluate()) {
            run("schedule");
        }
    }

    /** One pass over every regime at the clock's instant; {@code trigger} names the cause in the log. */
    public synchronized Result run(String trigger) {
        if (!registry.applyToDeclarations()) {
            return new Result(0, 0, 0);
        }
        Instant now = clock.instant();
        int amended = 0;
        int unchanged = 0;
        int skipped = 0;
        for (Regime regime : registry.packs().regimes()) {
            Optional<RulePack> current = regime.inForce(LocalDate.ofInstant(now, regime.zone()));
            if (current.isEmpty()) {
                continue;
            }
            RulePack pack = current.get();
            // a revision still in flight is left stale for the next run; past it, the batch moves on
            Set<String> seen = new HashSet<>();
            int inFlight = 0;
            while (true) {
                List<Evaluated> batch = evaluations.stale(regime.id(), pack.id(), pack.version(), BATCH + inFlight)
                        .stream().filter(e -> !seen.contains(e.declarationId())).toList();
                if (batch.isEmpty()) {
                    break;
                }
                for (Evaluated e : batch) {
                    seen.add(e.declarationId());
                    Outcome o;
                    try {
                        o = transactions.inTransaction(status -> check(e, pack, now, trigger, status));
                    } catch (RuntimeException ex) {
                        // rolled back, tried again next run; the other declarations go on
                        log.error("rule re-evaluation of declaration {} failed: {}", e.declarationId(), ex.toString(), ex);
                        o = Outcome.IN_FLIGHT;
                    }
                    switch (o) {
                        case AMENDED -> amended++;
                        case UNCHANGED -> unchanged++;
                        case SKIPPED -> skipped++;
                        case IN_FLIGHT -> inFlight++;
                        case TAKEN -> { }
                    }
                }
            }
        }
        Result r = new Result(amended, unchanged, skipped);
        if (r.total() > 0) {
            log.info("rule re-evaluation ({}): {} amended, {} unchanged, {} skipped", trigger, amended, unchanged, skipped);
        }
        return r;
    }

    private Outcome check(Evaluated e, RulePack pack, Instant now, String trigger, TransactionStatus status) {
        String id = e.declarationId();
        // the same row locks every other amendment takes, before the claim
        Optional<ExpressStore.Shipment> shipment = shipments.lockByDeclarationId(id);
        Optional<DeclarationStore.PostalItem> postal = shipment.isPresent() ? Optional.empty()
                : declarations.lockPostalItem(id);
        if (!evaluations.claim(id, e.revision(), pack.id(), pack.version(), now)) {
            return Outcome.TAKEN; // another instance checked it, or a newer revision was signed meanwhile
        }
        String change = e.packId() + " v" + e.packVersion() + " -> " + pack.id() + " v" + pack.version();
        Optional<DeclarationStore.Revision> latest = declarations.latest(id);
        int newest = Math.max(latest.map(DeclarationStore.Revision::revision).orElse(0),
                shipment.map(ExpressStore.Shipment::revisions).orElse(0));
        if (newest > e.revision()) {
            // a newer revision is on its way to signing, where it gets the pack in force then
            status.setRollbackOnly();
            return Outcome.IN_FLIGHT;
        }
        if (shipment.map(ExpressStore.Shipment::cancelled).orElse(false)
                || latest.map(r -> FunctionCode.CANCELLATION.name().equals(r.functionCode())).orElse(false)) {
            trace.record(null, id, STAGE, "rule-pack-not-amended", change + "; declaration cancelled");
            return Outcome.SKIPPED;
        }
        if (decisions.forDeclaration(id).stream().anyMatch(DecisionStore.StoredDecision::isFinal)) {
            trace.record(null, id, STAGE, "rule-pack-not-amended", change + "; final customs decision");
            return Outcome.SKIPPED;
        }
        Declaration before = read(e);
        Declaration after = applier.trial(before, now);
        if (after.rulePack() == null) {
            trace.record(null, id, STAGE, "rule-pack-not-amended", change + "; no pack covers "
                    + before.destinationCustoms().country() + " now");
            return Outcome.SKIPPED;
        }
        String evaluatedUnder = after.rulePack().id() + " v" + after.rulePack().version() + " ("
                + after.rulePack().dateBasis().toLowerCase(java.util.Locale.ROOT) + " date " + after.rulePack().date() + ")";
        if (!RuleEvaluation.resultChanged(before, after)) {
            trace.record(null, id, STAGE, "rule-pack-checked", e.packId() + " v" + e.packVersion() + " -> "
                    + evaluatedUnder + ": result unchanged, not amended (" + trigger + ")");
            log.info("declaration {} revision {} re-evaluated under rule pack {}: unchanged (was {} v{})", id,
                    e.revision(), evaluatedUnder, e.packId(), e.packVersion());
            return Outcome.UNCHANGED;
        }
        String ingressId = Ids.uuidV7().toString();
        PreviousPack previous = new PreviousPack(e.packId(), e.packVersion());
        int revision;
        if (shipment.isPresent()) {
            revision = stageExpress(shipment.get(), ingressId, previous);
        } else if (postal.isPresent() && latest.isPresent()) {
            Optional<DeclarationStore.TransportDraft> draft = declarations.transportDraft(id);
            if (draft.isEmpty()) {
                trace.record(null, id, STAGE, "rule-pack-not-amended", change + "; result changed but no postal "
                        + "transport draft is kept");
                log.warn("declaration {} changed under rule pack {} but has no postal transport draft; not amended", id,
                        evaluatedUnder);
                return Outcome.SKIPPED;
            }
            revision = stagePostal(postal.get(), latest.get(), draft.get(), ingressId, previous);
        } else {
            trace.record(null, id, STAGE, "rule-pack-not-amended", change + "; result changed but the declaration has "
                    + "no express shipment or postal item");
            return Outcome.SKIPPED;
        }
        trace.record(ingressId, id, STAGE, "rule-pack-amended", e.packId() + " v" + e.packVersion() + " -> "
                + evaluatedUnder + ": result changed, AMENDMENT revision " + revision + " (" + trigger + ")");
        log.info("declaration {} revision {} re-evaluated under rule pack {}: result changed (was {} v{}), AMENDMENT "
                + "revision {} staged", id, e.revision(), evaluatedUnder, e.packId(), e.packVersion(), revision);
        return Outcome.AMENDED;
    }

    /** The shipment staged again as an AMENDMENT, like a late order's (ExpressService): the next revision number. */
    private int stageExpress(ExpressStore.Shipment s, String ingressId, PreviousPack previous) {
        int revision = s.revisions() + 1;
        // the carrier's content is unchanged: its sources[] entry keeps the time it was accepted
        Instant received = s.updatedAt();
        ExpressStore.ContentSource src = shipments.source(s.shipmentRef())
                .orElseGet(() -> new ExpressStore.ContentSource(ExpressStaging.DIALECT, null, s.contentSha256()));
        shipments.updateContent(s.shipmentRef(), s.shipmentId(), s.masterAwb(), s.contentSha256(), s.shipmentJson(),
                revision, received);
        try (ExpressStaging.Batch queue = staging.open()) {
            queue.stage(new ExpressStaging.Staged(s.partnerId(), ingressId, s.declarationId(), s.shipmentRef(), revision,
                    FunctionCode.AMENDMENT.name(), s.contentSha256(), src.payloadSha256(), src.idempotencyKey(),
                    received, src.dialect()), s.shipmentJson().getBytes(StandardCharsets.UTF_8), previous.id(), String.valueOf(previous.version()));
            queue.commit();
        }
        return revision;
    }

    /** The postal item's transport draft put on gw.enrich again as an AMENDMENT, like PostalRelinker's, via the outbox. */
    private int stagePostal(DeclarationStore.PostalItem item, DeclarationStore.Revision last,
                            DeclarationStore.TransportDraft draft, String ingressId, PreviousPack previous) {
        Declaration transport;
        try {
            transport = CanonicalJson.readDeclaration(draft.draftJson().getBytes(StandardCharsets.UTF_8));
        } catch (CanonicalFormatException ex) {
            throw new IllegalStateException("stored transport draft of " + item.declarationId() + " is unreadable", ex);
        }
        // the post's warnings stay with the item (they travel on its first CUSRSP)
        sender.stage(new DraftMessage(transport, ingressId, item.partnerId(), last.contentSha256(),
                FunctionCode.AMENDMENT, last.postal(), last.warnings(), null, false, false, null, previous));
        // enrich numbers postal revisions: the next one after the latest
        return last.revision() + 1;
    }

    private static Declaration read(Evaluated e) {
        try {
            return CanonicalJson.readDeclaration(e.declarationJson().getBytes(StandardCharsets.UTF_8));
        } catch (CanonicalFormatException ex) {
            throw new IllegalStateException("stored evaluation of " + e.declarationId() + " is unreadable", ex);
        }
    }
}
