package org.clearway.mappings.rules.quality;

import java.util.Optional;
import java.util.function.ToIntBiFunction;
import java.util.regex.Pattern;
import org.clearway.mappings.canonical.DataQuality;
import org.clearway.mappings.canonical.FlagCode;
import org.clearway.mappings.canonical.Money;
import org.clearway.mappings.canonical.Payment;
import org.clearway.mappings.canonical.Severity;
import org.clearway.mappings.canonical.VatScheme;

/**
 * The IOSS flags of CANONICAL-MODEL §5.8: {@code IOSS_FORMAT} (the transport side's number is not
 * {@code IM} + 10 digits, MIG W116; kept as received), {@code IOSS_OVER_THRESHOLD} (IOSS claimed in
 * the payment's VAT scheme, intrinsic value above EUR 150) and the comparison behind
 * {@code IOSS_MISMATCH}, which only the fusion can raise (the transport side's number is not kept
 * once the platform's is).
 */
public final class Ioss {

    /** IOSS covers consignments of intrinsic value up to EUR 150 (Council Directive 2017/2455). */
    public static final Money MAX = Money.of("150.00", "EUR");

    private static final Pattern FORMAT = Pattern.compile("^IM[0-9]{10}$");

    private Ioss() {
    }

    /** Whether {@code number} has the IOSS form {@code IM} + 10 digits. */
    public static boolean wellFormed(String number) {
        return number != null && FORMAT.matcher(number).matches();
    }

    /** {@code IOSS_FORMAT} at {@code /consignment/iossNumber} for a malformed transport-side number. */
    public static Optional<DataQuality.Flag> checkFormat(String consignmentIoss) {
        if (consignmentIoss == null || wellFormed(consignmentIoss)) {
            return Optional.empty();
        }
        return Optional.of(new DataQuality.Flag(FlagCode.IOSS_FORMAT, Severity.WARNING, "/consignment/iossNumber",
                "IOSS number '" + consignmentIoss + "' is not IM + 10 digits"));
    }

    /** {@code IOSS_OVER_THRESHOLD} when the payment claims IOSS and the intrinsic value is strictly above EUR 150. */
    public static Optional<DataQuality.Flag> checkThreshold(Payment payment, Money intrinsic,
                                                           ToIntBiFunction<Money, Money> compare) {
        if (payment == null || payment.vat() == null || payment.vat().scheme() != VatScheme.IOSS
                || compare.applyAsInt(intrinsic, MAX) <= 0) {
            return Optional.empty();
        }
        return Optional.of(new DataQuality.Flag(FlagCode.IOSS_OVER_THRESHOLD, Severity.WARNING, DeMinimis.PATH,
                "IOSS claimed, intrinsic value " + intrinsic.amount().toPlainString() + " " + intrinsic.currency()
                        + " above " + MAX.amount().toPlainString() + " " + MAX.currency()));
    }

    /**
     * {@code IOSS_MISMATCH} at {@code /payment/vat/iossNumber} when both sides give a number and they differ.
     *
     * @param side "carrier" or "postal", for the detail
     */
    public static Optional<DataQuality.Flag> checkMismatch(String transportIoss, String platformIoss, String side) {
        if (transportIoss == null || platformIoss == null || transportIoss.equals(platformIoss)) {
            return Optional.empty();
        }
        return Optional.of(new DataQuality.Flag(FlagCode.IOSS_MISMATCH, Severity.WARNING, "/payment/vat/iossNumber",
                side + " " + transportIoss + ", platform " + platformIoss));
    }
}
