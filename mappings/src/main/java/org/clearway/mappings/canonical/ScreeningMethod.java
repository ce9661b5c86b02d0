package org.clearway.mappings.canonical;

/** Recommended screening method, {@code screeningMethods[]} (CANONICAL-MODEL §6.2). */
public enum ScreeningMethod {
    XRAY, EDD, ETD, PHYSICAL, OTHER
}
