package org.clearway.routes.deliver;

import org.clearway.routes.pipeline.DeliverMessage;
import org.clearway.routes.pipeline.StageSender;
import org.springframework.stereotype.Component;

/**
 * Puts a signed declaration on a customs JMS queue (CUSTOMS-AND-POSTAL-INTERFACES §3.2) outside the
 * deliver stage's transaction. The message carries the broker's duplicate id (the gatewayMessageId),
 * and a revision may legitimately reach the deliver stage twice (a redelivered sign or deliver input
 * reuses its emission's id). Artemis refuses a whole transaction that holds a duplicate, which would
 * roll the stage back, redeliver and finally dead-letter a declaration customs already has; a
 * non-transacted durable send returns once the broker stored the message, and a duplicate is dropped
 * by the broker. The stage input is acknowledged after the send: a crash in between redelivers it, the
 * resend is dropped as a duplicate, and customs gets the revision exactly once.
 */
@Component
public class CustomsQueueSender {
    private final StageSender sender;

    public CustomsQueueSender(StageSender sender) {
        this.sender = sender;
    }

    /** Sends the emission to the customs queue {@link CustomsDelivery#route} chose. */
    public void send(DeliverMessage m, String customsQueue) {
        sender.sendToCustoms(m, customsQueue);
    }
}
