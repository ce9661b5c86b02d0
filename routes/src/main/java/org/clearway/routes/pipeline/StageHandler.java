package org.clearway.routes.pipeline;

/**
 * What a stage does with one message. It runs inside the batch's database transaction (stores and
 * the trace join it) and hands on through {@link HandOn}. It throws
 * {@link org.clearway.routes.support.InvalidMessageException} for a message that can never succeed
 * (dead-lettered at once) and anything else for a failure worth retrying.
 */
@FunctionalInterface
public interface StageHandler {
    void handle(StageInput in, HandOn out) throws Exception;
}
