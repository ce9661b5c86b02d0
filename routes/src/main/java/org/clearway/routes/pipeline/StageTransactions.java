package org.clearway.routes.pipeline;

import java.util.function.Supplier;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionCallback;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.stereotype.Component;

/**
 * The one way a stage or a gateway-side re-stage runs database work (docs/TRANSACTIONS.md): on the
 * configured transaction manager, never on a private one. In a stage consumer the database
 * transaction runs inside the consumer's JMS transaction and commits first; the hand-on sent
 * afterwards through {@link StageSender#send} commits with the JMS transaction when the consumer
 * returns. Outside a consumer, messages go through {@link StageSender#stage}: an outbox row written
 * in this transaction and relayed after its commit.
 */
@Component
public class StageTransactions {
    private final TransactionTemplate joining;
    private final TransactionTemplate separate;

    public StageTransactions(PlatformTransactionManager transactions) {
        this.joining = new TransactionTemplate(transactions);
        this.separate = new TransactionTemplate(transactions);
        this.separate.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    /** Runs {@code work} in a database transaction (joining the caller's, if any) and returns its result. */
    public <T> T inTransaction(TransactionCallback<T> work) {
        return joining.execute(work);
    }

    /** The same without a result. */
    public void run(Runnable work) {
        joining.executeWithoutResult(status -> work.run());
    }

    /**
     * Runs {@code work} in a transaction of its own that commits on return, whatever the caller's
     * transaction does later (a claim or an outcome that must stand on its own).
     */
    public <T> T inOwnTransaction(Supplier<T> work) {
        return separate.execute(status -> work.get());
    }

    /** The same without a result. */
    public void runInOwnTransaction(Runnable work) {
        separate.executeWithoutResult(status -> work.run());
    }
}
