package org.clearway.routes.ingress.platform;

/**
 * What the platform ingress tells the transport side when an order's data for a parcel arrived or
 * changed (PARTNER-APIS §7.2 "carrier first, order later"), after the order is committed.
 */
@FunctionalInterface
public interface TransportRelinker {
    /** Order data for the parcel {@code (carrierCode, trackingNorm)} changed; {@code reason} is for the trace. */
    void parcelChanged(String carrierCode, String trackingNorm, String reason);
}
