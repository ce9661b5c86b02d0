package org.clearway.routes.deliver;

import java.util.List;
import org.clearway.routes.pipeline.StageTransactions;
import org.clearway.routes.store.DeclarationStore;
import org.springframework.stereotype.Component;

/**
 * The customs pull feed (CUSTOMS-AND-POSTAL-INTERFACES §3.2: arrival order, at least once). Sign
 * consumers insert emissions concurrently, so identity order is not commit order; before each page is
 * read, the committed emissions not yet in the feed are numbered by {@link DeclarationStore#sequenceFeed}
 * in a short transaction of their own, and the page is read by those numbers. A reader following
 * {@code nextCursor} therefore gets every emission once it is committed, whatever order the
 * transactions committed in.
 */
@Component
public class PullFeed {
    private static final int SEQUENCE_BATCH = 5_000;

    private final DeclarationStore store;
    private final StageTransactions transactions;

    public PullFeed(DeclarationStore store, StageTransactions transactions) {
        this.store = store;
        this.transactions = transactions;
    }

    /** The next page for a backend after a feed position. */
    public List<DeclarationStore.Emission> page(String backendId, long after, int limit) {
        Integer numbered;
        do {
            numbered = transactions.inTransaction(status -> store.sequenceFeed(SEQUENCE_BATCH));
        } while (numbered != null && numbered == SEQUENCE_BATCH);
        return store.emissionsAfter(backendId, after, limit);
    }
}
