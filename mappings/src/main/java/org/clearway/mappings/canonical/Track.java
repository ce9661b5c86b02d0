package org.clearway.mappings.canonical;

/** Customs track of a decision, {@code track} (CANONICAL-MODEL §6.1, §6.2). */
public enum Track {
    SECURITY, CLEARANCE
}
