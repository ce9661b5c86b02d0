package org.clearway.mappings.canonical;

/** Severity of a data-quality flag (CANONICAL-MODEL §5.8). */
public enum Severity {
    INFO, WARNING, ERROR
}
