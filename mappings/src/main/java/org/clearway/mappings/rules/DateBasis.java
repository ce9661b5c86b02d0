package org.clearway.mappings.rules;

/**
 * Which date of a declaration decides the pack in force: the date the customs office accepts it,
 * the date the goods are presented (a pre-lodged declaration is accepted on presentation), or
 * the date the goods leave the dispatch country.
 */
public enum DateBasis {
    ACCEPTANCE, PRESENTATION, DEPARTURE
}
