package org.clearway.mappings.gw10;

/** BGM 1225 message function codes of GW10 (MIG §5.2 BGM, §8.6). */
public enum MessageFunction {
    /** {@code 9}: original declaration. */
    ORIGINAL("9"),
    /** {@code 5}: replace, each item becomes an AMENDMENT revision. */
    REPLACE("5"),
    /** {@code 1}: cancellation, each item becomes a CANCELLATION revision. */
    CANCELLATION("1");

    private final String code;

    MessageFunction(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }

    /** @return the function for a 1225 code, or null for codes GW10 does not define */
    public static MessageFunction fromCode(String code) {
        for (MessageFunction f : values()) {
            if (f.code.equals(code)) {
                return f;
            }
        }
        return null;
    }
}
