package org.clearway.routes.pipeline;

import java.util.Map;

/**
 * The one way a stage puts a message on a queue: in the consuming session's JMS transaction, which
 * commits after the batch's database transaction (docs/TRANSACTIONS.md), so no consumer sees a
 * message before its rows. Persistent always.
 */
@FunctionalInterface
public interface HandOn {
    void send(String queue, byte[] body, Map<String, Object> properties);
}
