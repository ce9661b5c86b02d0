package org.clearway.mappings.canonical;

/** Incoterms 2020 code plus legacy {@code DDU}, {@code consignment.incoterm} (CANONICAL-MODEL §5.4). */
public enum Incoterm {
    EXW, FCA, FAS, FOB, CFR, CIF, CPT, CIP, DAP, DPU, DDP, DDU
}
