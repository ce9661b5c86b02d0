package org.clearway.mappings.canonical;

/** Kind of partner that supplied a source message, {@code sources[].partnerKind} (CANONICAL-MODEL §5.1). */
public enum PartnerKind {
    POSTAL, EXPRESS, PLATFORM
}
