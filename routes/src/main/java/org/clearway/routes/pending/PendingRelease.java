package org.clearway.routes.pending;

import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.clearway.mappings.rates.MissingExchangeRateException;
import org.clearway.routes.dialect.Dialects;
import org.clearway.routes.dialect.InboundDialect;
import org.clearway.routes.parse.DeclarationRouting;
import org.clearway.routes.pipeline.DraftMessage;
import org.clearway.routes.pipeline.StageSender;
import org.clearway.routes.pipeline.StageTransactions;
import org.clearway.routes.store.PendingStore;
import org.clearway.routes.store.PendingStore.Pending;
import org.clearway.routes.store.TraceLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Releases and refuses PENDING declarations. A pending item is mapped again with the rates in force
 * (after a reload, and every {@code clearway.pending.poll-interval}); once it maps, one database
 * transaction moves it to RELEASED and writes its draft as a {@code stage_outbox} row for
 * {@code gw.enrich} (docs/TRANSACTIONS.md), relayed after the commit with the row id as duplicate id.
 * From there it goes on as any item: enrich and sign are idempotent per declaration and revision,
 * so customs gets it once. An item still unresolvable at its deadline is refused in one transaction
 * with the answer its dialect gives (a CUSRSP decision 90, E199, for a postal sender). Mapping
 * again and answering are the work of the dialect that held the item ({@link InboundDialect#remap},
 * {@link InboundDialect#refused}); this class never looks at the dialect. The state change is a
 * conditional update: of two instances or two triggers only one releases or refuses an item.
 */
@Component
public class PendingRelease {
    private static final Logger log = LoggerFactory.getLogger(PendingRelease.class);
    private static final int BATCH = 500;

    /** What one pass did. */
    public record Pass(int released, int stillPending, int refused) {
    }

    private final PendingStore store;
    private final PendingDeclarations pending;
    private final Dialects dialects;
    private final StageSender sender;
    private final TraceLog trace;
    private final DeclarationRouting routing;
    private final StageTransactions transactions;
    private final Clock clock;

    public PendingRelease(PendingStore store, PendingDeclarations pending, Dialects dialects, StageSender sender,
                          TraceLog trace, DeclarationRouting routing, StageTransactions transactions, Clock clock) {
        this.store = store;
        this.pending = pending;
        this.dialects = dialects;
        this.sender = sender;
        this.trace = trace;
        this.routing = routing;
        this.transactions = transactions;
        this.clock = clock;
    }

    /** Picks up changed rate files, then re-tries and expires pending items (every instance; each item moves once). */
    @Scheduled(initialDelayString = "${clearway.pending.poll-interval:1m}",
            fixedDelayString = "${clearway.pending.poll-interval:1m}")
    public void poll() {
        try {
            routing.reloadRatesIfChanged().ifPresent(r -> trace.record(null, null, "admin",
                    r.loaded() ? "exchange-rates-reloaded" : "exchange-rates-refused", "rate file changed: " + r.detail()));
            Pass pass = releaseAll();
            int refused = refuseExpired();
            if (pass.released() > 0 || refused > 0) {
                log.info("pending declarations: {} released, {} refused, {} still pending", pass.released(), refused,
                        pass.stillPending());
            }
        } catch (RuntimeException e) {
            log.warn("pending declarations pass failed, tried again next time: {}", e.toString());
        }
    }

    /** Maps every pending item again; releases those that map now. */
    public synchronized Pass releaseAll() {
        int released = 0;
        int still = 0;
        long after = 0;
        for (List<Long> page = store.pendingIds(after, BATCH); !page.isEmpty(); page = store.pendingIds(after, BATCH)) {
            for (Long id : page) {
                boolean done;
                try {
                    done = release(id);
                } catch (RuntimeException e) {
                    log.warn("pending {} could not be released, tried again next pass: {}", id, e.toString());
                    done = false;
                }
                if (done) {
                    released++;
                } else {
                    still++;
                }
            }
            after = page.get(page.size() - 1);
        }
        return new Pass(released, still, 0);
    }

    /** Refuses the pending items whose deadline has passed; returns how many this call refused. */
    public synchronized int refuseExpired() {
        int refused = 0;
        for (Long id : store.expiredIds(clock.instant(), BATCH)) {
            // one last try: the cause may have been fixed since the last pass
            try {
                if (!release(id) && refuse(id)) {
                    refused++;
                }
            } catch (RuntimeException e) {
                // one item's failure (e.g. its partner's configuration removed) does not stop the others
                log.warn("pending {} could not be refused, tried again next pass: {}", id, e.toString());
            }
        }
        return refused;
    }

    /** Releases one item if it maps now; false when it is still (or no longer) pending. */
    boolean release(long id) {
        Pending p = store.byId(id).filter(x -> PendingStore.PENDING.equals(x.state())).orElse(null);
        if (p == null) {
            return false;
        }
        DraftMessage draft;
        try {
            draft = dialect(p).remap(p, new HashMap<>(pending.headers(p)));
        } catch (MissingExchangeRateException e) {
            store.attempted(id, e.getMessage(), clock.instant());
            return false;
        } catch (RuntimeException e) {
            // not an operator-fixable cause (e.g. the partner's configuration changed): kept pending, visible
            log.warn("pending declaration {} could not be mapped again: {}", p.declarationId(), e.toString());
            store.attempted(id, "release failed: " + e.getMessage(), clock.instant());
            return false;
        }
        Instant now = clock.instant();
        Boolean done = transactions.inTransaction(status -> {
            if (!store.resolve(id, PendingStore.RELEASED, "released: " + p.reason() + " resolved", now)) {
                return false;
            }
            sender.stage(draft);
            trace.record(p.ingressId(), p.declarationId(), "pending", "released", p.reason()
                    + " resolved after " + java.time.Duration.between(p.createdAt(), now).toSeconds() + " s",
                    p.partnerId());
            return true;
        });
        return Boolean.TRUE.equals(done);
    }

    /** Refuses one item past its deadline and answers its sender; false when another caller resolved it. */
    boolean refuse(long id) {
        Pending p = store.byId(id).filter(x -> PendingStore.PENDING.equals(x.state())).orElse(null);
        if (p == null) {
            return false;
        }
        Instant now = clock.instant();
        String text = "not declared to customs: " + p.reasonDetail() + "; pending since " + p.createdAt()
                + ", refused at its deadline " + p.deadline();
        Boolean done = transactions.inTransaction(status -> {
            if (!store.resolve(id, PendingStore.REFUSED, text, now)) {
                return false;
            }
            dialect(p).refused(p, pending.headers(p));
            trace.record(p.ingressId(), p.declarationId(), "pending", "refused", text, p.partnerId());
            return true;
        });
        return Boolean.TRUE.equals(done);
    }

    /** The dialect that held the item (a dialect no longer configured: the item stays pending, visible). */
    private InboundDialect dialect(Pending p) {
        return dialects.find(p.dialect()).orElseThrow(() -> new IllegalStateException("held item of dialect "
                + p.dialect() + ", which is not configured"));
    }
}
