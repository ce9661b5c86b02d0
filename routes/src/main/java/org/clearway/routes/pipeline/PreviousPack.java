package org.clearway.routes.pipeline;

import java.util.Objects;

/**
 * The rule pack an amended revision was evaluated under before a rule re-evaluation staged it
 * (issue 15); the sign stage names it in {@code RULE_PACK_CHANGED}.
 */
public record PreviousPack(String id, int version) {
    public PreviousPack {
        Objects.requireNonNull(id, "id");
    }
}
