package org.clearway.routes.enrich;

import java.util.Collection;
import java.util.regex.Pattern;

/**
 * Who may link a postal parcel (PARTNER-APIS §6.5 last paragraph, §7.1 row 2, CANONICAL-MODEL §7
 * rule 1): with {@code carrierCode} = a UPU operator code configured for the posting postal
 * partner, which the platform must be allowed to link ({@code linkable-carrier-codes}); or with no
 * carrier code and an S10 tracking number, which counts for a postal partner only when the
 * platform may link at least one of that partner's operator codes. A link without a carrier code
 * is stored with {@link #NO_CARRIER_CODE}.
 */
public final class PostalLinkRules {
    /** The carrier code stored for a parcel linked without one (never a configured code: those are not blank). */
    public static final String NO_CARRIER_CODE = "";
    /** UPU S10: 2 letters, 8 digits and a check digit, 2 letters (MIG V1), on the normalised tracking number. */
    private static final Pattern S10 = Pattern.compile("^[A-Z]{2}[0-9]{9}[A-Z]{2}$");

    private PostalLinkRules() {
    }

    /** Whether a normalised tracking number has the S10 format (the check digit is not checked here). */
    public static boolean isS10(String trackingNorm) {
        return trackingNorm != null && S10.matcher(trackingNorm).matches();
    }

    /** Whether the carrier code of a link is absent ({@code null}, blank or the stored {@link #NO_CARRIER_CODE}). */
    public static boolean uncoded(String carrierCode) {
        return carrierCode == null || carrierCode.isBlank();
    }

    /**
     * Whether a platform may link a parcel without carrier code at all: the tracking number is an
     * S10 id and the platform may link at least one configured postal operator code.
     */
    public static boolean mayLinkUncoded(String trackingNorm, Collection<String> linkable,
                                         Collection<String> postalOperatorCodes) {
        return isS10(trackingNorm) && linkable.stream().anyMatch(postalOperatorCodes::contains);
    }

    /**
     * Whether a stored link of a platform counts for an item of a postal partner: a coded link when
     * the code is one of the post's and the platform may link it; an uncoded one when the tracking
     * number is an S10 id and the platform may link one of the post's codes.
     */
    public static boolean countsForPost(String carrierCode, String trackingNorm, Collection<String> linkable,
                                        Collection<String> postOperatorCodes) {
        if (uncoded(carrierCode)) {
            return mayLinkUncoded(trackingNorm, linkable, postOperatorCodes);
        }
        return postOperatorCodes.contains(carrierCode) && linkable.contains(carrierCode);
    }
}
