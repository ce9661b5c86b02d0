package org.clearway.routes.pipeline;

import java.util.Optional;

/**
 * The hand-on of the batch a stage consumer thread is handling, so code deep in a stage that sends
 * through {@code StageSender} joins the batch's JMS transaction without being handed a parameter.
 * Set and cleared by {@link BatchStageRunner} around each message only.
 */
public final class StageContext {
    private static final ThreadLocal<HandOn> CURRENT = new ThreadLocal<>();

    private StageContext() {
    }

    public static Optional<HandOn> handOn() {
        return Optional.ofNullable(CURRENT.get());
    }

    static void bind(HandOn out) {
        CURRENT.set(out);
    }

    static void clear() {
        CURRENT.remove();
    }
}
