package org.clearway.mappings.canonical;

import java.util.List;

/**
 * Correlation keys (CANONICAL-MODEL §5.2). All members are nullable here because a decision
 * submission (§6.4) may carry only some keys; a Declaration additionally requires {@code lrn} and
 * one of {@code s10ItemId}/{@code houseWaybill}, which the readers check.
 */
public record Correlation(String s10ItemId, String houseWaybill, String masterAirWaybill,
                          List<TrackingNumber> trackingNumbers, List<PlatformOrderId> platformOrderIds,
                          String lrn, String ucr) {
    public Correlation {
        trackingNumbers = trackingNumbers == null ? List.of() : List.copyOf(trackingNumbers);
        platformOrderIds = platformOrderIds == null ? List.of() : List.copyOf(platformOrderIds);
    }

    /** A carrier tracking / piece id, {@code trackingNumbers[]}. */
    public record TrackingNumber(String carrierCode, String value) {
    }

    /** An order id at a platform, {@code platformOrderIds[]}. */
    public record PlatformOrderId(String platformId, String value) {
    }
}
