package org.clearway.routes.ingress.platform;

/**
 * What the platform ingress tells the transport side when an order's data for a parcel arrived or
 * changed (PARTNER-APIS §7.2 "carrier first, order later"), or when an order fused into a
 * declaration was cancelled, after the order is committed. One implementation per transport side
 * (express, postal).
 */
@FunctionalInterface
public interface TransportRelinker {
    /** Order data for the parcel {@code (carrierCode, trackingNorm)} changed; {@code reason} is for the trace. */
    void parcelChanged(String carrierCode, String trackingNorm, String reason);

    /**
     * The platform cancelled order {@code orderId}, whose data declaration {@code declarationId}
     * carries: amend the declaration without it, unless it is still held, cancelled or finally
     * decided (then only the trace says so).
     *
     * @return true when the declaration is one of this transport side's (handled), false otherwise
     */
    default boolean orderWithdrawn(String declarationId, String platformId, String orderId) {
        return false;
    }

    /**
     * Order {@code orderId} of {@code platformId} was stored or changed: consignments that name it
     * by an order-id hint (PARTNER-APIS §7.1 row 3) rather than by a tracking link may fuse it now.
     */
    default void orderChanged(String platformId, String orderId, String reason) {
    }

    /**
     * A new version of order {@code orderId}, which declaration {@code declarationId} carries, was
     * stored: if the order no longer counts for that consignment (its tracking links now name other
     * parcels), amend the declaration without it, as for a cancellation.
     *
     * @return true when the declaration is one of this transport side's (handled), false otherwise
     */
    default boolean orderRelinked(String declarationId, String platformId, String orderId) {
        return false;
    }
}
