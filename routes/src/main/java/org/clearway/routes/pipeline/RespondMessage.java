package org.clearway.routes.pipeline;

import java.util.Objects;

/**
 * What {@code gw.respond} carries: one accepted customs decision (canonical JSON, CANONICAL-MODEL
 * §9) and its id, to be answered to every partner that contributed data, each in its own dialect.
 */
public record RespondMessage(String decisionId, byte[] decision) {
    public RespondMessage {
        Objects.requireNonNull(decision, "decision");
    }
}
