package org.clearway.mappings.canonical;

/** Classification system of an {@link HsCode} (CANONICAL-MODEL §4 HsCode). */
public enum HsSystem {
    HS, CN, TARIC, HTSUS, NATIONAL
}
