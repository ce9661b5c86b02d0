package org.clearway.routes.dialect;

import org.clearway.mappings.canonical.Decision;

/**
 * Answers customs decisions to the partners of one dialect, in that dialect (CUSRSP for CUSITM
 * senders, decision events for express carriers and platforms). The response stage hands every
 * decision to every answerer; an answerer answers the declarations that are its partners' and
 * ignores the others. Answering must be idempotent: {@code gw.respond} may deliver a decision again.
 */
public interface DecisionAnswerer {

    /** The dialect (or partner kind) answered, unique among the answerers. */
    String name();

    void answer(Decision decision);
}
