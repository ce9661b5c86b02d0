package org.clearway.mappings.canonical;

/** Purpose of a declaration revision, {@code functionCode} (CANONICAL-MODEL §5.1). */
public enum FunctionCode {
    ORIGINAL, AMENDMENT, CANCELLATION
}
