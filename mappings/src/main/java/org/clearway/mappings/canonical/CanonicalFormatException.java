package org.clearway.mappings.canonical;

/**
 * Thrown by the canonical readers ({@link CanonicalJson}, {@link CanonicalXml}) when a document is
 * not a valid serialized form of CANONICAL-MODEL §9; {@link #pointer()} is the JSON Pointer of the
 * first offending member ("" for the whole document).
 */
public class CanonicalFormatException extends IllegalArgumentException {
    private final String pointer;

    public CanonicalFormatException(String pointer, String message) {
        super((pointer.isEmpty() ? "(document)" : pointer) + ": " + message);
        this.pointer = pointer;
    }

    public String pointer() {
        return pointer;
    }
}
