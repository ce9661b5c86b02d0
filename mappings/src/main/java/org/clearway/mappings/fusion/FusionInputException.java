package org.clearway.mappings.fusion;

/**
 * The inputs cannot be merged (CANONICAL-MODEL §7, PARTNER-APIS §7.3): {@code code} is the
 * problem code the platform API reports for the same condition, e.g.
 * {@code ALLOCATION_EXCEEDS_QUANTITY}, or {@code NOT_LINKED} when an order has tracking links but
 * none points at this consignment. Permanent: retrying with the same data fails again.
 */
public class FusionInputException extends IllegalArgumentException {
    private final String code;

    public FusionInputException(String code, String message) {
        super(code + ": " + message);
        this.code = code;
    }

    /** The problem code, e.g. {@code ALLOCATION_EXCEEDS_QUANTITY}. */
    public String code() {
        return code;
    }
}
