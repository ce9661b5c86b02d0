package org.clearway.mappings.gw10;

/**
 * The error and warning codes of list ZGW (MIG GW10 §10). E140, W142 and E141 (rules V20, V21)
 * need the gateway's declaration store and are raised by the caller, not by
 * {@link CusitmValidator}; E125 and E150 are checks on outbound CUSRSP.
 */
public final class ProblemCodes {
    public static final String E101_S10_MALFORMED = "E101";
    public static final String W102_S10_CHECK_DIGIT = "W102";
    public static final String E103_S10_DUPLICATE_IN_MESSAGE = "E103";
    public static final String W105_SEQUENCE_GAP = "W105";
    public static final String E110_COUNTRY_INVALID = "E110";
    public static final String E111_CURRENCY_INVALID = "E111";
    public static final String E112_HS_FORMAT = "E112";
    public static final String E113_HS_MISSING = "E113";
    public static final String W115_ORIGIN_MISSING = "W115";
    public static final String W116_IOSS_FORMAT = "W116";
    public static final String W117_ADDRESS_INCOMPLETE = "W117";
    public static final String W118_QTY_UNIT_IGNORED = "W118";
    public static final String E119_PARTY_MISSING_OR_DUPLICATE = "E119";
    public static final String E120_QUANTITY_INVALID = "E120";
    public static final String E121_NEGATIVE_OR_ZERO_MEASURE = "E121";
    public static final String E122_NET_WEIGHT_EXCEEDS_GROSS = "E122";
    public static final String E123_VALUE_SUM_MISMATCH = "E123";
    public static final String W124_MIXED_CURRENCIES = "W124";
    public static final String E125_TOTAL_PAYABLE_MISMATCH = "E125";
    public static final String E130_CODE_UNKNOWN = "E130";
    public static final String E131_POSTING_DATE_INVALID = "E131";
    /** V20: function 1 (cancellation) for an S10 id this sender never declared. */
    public static final String E140_NOTHING_TO_CANCEL = "E140";
    /** V21: BGM 1004 already used by this sender within 30 days with function 9 (message level). */
    public static final String E141_DUPLICATE_MESSAGE_NUMBER = "E141";
    /** V20: function 5 (replace) for an unknown S10 id; processed as an original. */
    public static final String W142_REPLACE_UNKNOWN_ITEM = "W142";
    public static final String E150_REASON_MISSING = "E150";
    public static final String W151_DESCRIPTION_GENERIC = "W151";
    public static final String E199_OTHER = "E199";

    private ProblemCodes() {
    }
}
