package org.clearway.mappings.canonical;

/** Type of a customs request, {@code requests[].type} (CANONICAL-MODEL §6.2). */
public enum RequestType {
    INFORMATION, DOCUMENT, SCREENING
}
