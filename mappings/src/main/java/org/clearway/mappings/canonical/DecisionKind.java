package org.clearway.mappings.canonical;

/** Kind of a customs answer, {@code kind} (CANONICAL-MODEL §6.1, §6.2). */
public enum DecisionKind {
    ACKNOWLEDGEMENT, DECISION
}
