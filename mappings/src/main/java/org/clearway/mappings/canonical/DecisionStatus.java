package org.clearway.mappings.canonical;

import java.util.EnumSet;
import java.util.Set;

/**
 * Status of a customs answer, {@code status} (CANONICAL-MODEL §6.1). Each value knows the
 * {@link DecisionKind} it belongs to and the tracks the §6.1 table allows for it.
 */
public enum DecisionStatus {
    ACCEPTED(DecisionKind.ACKNOWLEDGEMENT, EnumSet.allOf(Track.class)),
    REJECTED(DecisionKind.ACKNOWLEDGEMENT, EnumSet.allOf(Track.class)),
    ASSESSMENT_COMPLETE(DecisionKind.DECISION, EnumSet.of(Track.SECURITY)),
    REQUEST_FOR_INFORMATION(DecisionKind.DECISION, EnumSet.of(Track.SECURITY, Track.CLEARANCE)),
    REQUEST_FOR_SCREENING(DecisionKind.DECISION, EnumSet.of(Track.SECURITY)),
    DO_NOT_LOAD(DecisionKind.DECISION, EnumSet.of(Track.SECURITY)),
    RELEASED(DecisionKind.DECISION, EnumSet.of(Track.CLEARANCE)),
    DUTIES_PAYABLE(DecisionKind.DECISION, EnumSet.of(Track.CLEARANCE)),
    HOLD_FOR_INSPECTION(DecisionKind.DECISION, EnumSet.of(Track.CLEARANCE)),
    SEIZED(DecisionKind.DECISION, EnumSet.of(Track.CLEARANCE)),
    RETURN_TO_SENDER(DecisionKind.DECISION, EnumSet.of(Track.CLEARANCE)),
    DESTROYED(DecisionKind.DECISION, EnumSet.of(Track.CLEARANCE)),
    REFUSED(DecisionKind.DECISION, EnumSet.of(Track.CLEARANCE));

    private final DecisionKind kind;
    private final Set<Track> tracks;

    DecisionStatus(DecisionKind kind, Set<Track> tracks) {
        this.kind = kind;
        this.tracks = tracks;
    }

    /** The kind this status belongs to: ACCEPTED/REJECTED are acknowledgements (§6.1). */
    public DecisionKind kind() {
        return kind;
    }

    /** Whether the §6.1 table allows this status on {@code track}. */
    public boolean allows(Track track) {
        return tracks.contains(track);
    }

    /** Whether §6.2 requires at least one {@code requests[]} entry (RFI/RFS). */
    public boolean requiresRequests() {
        return this == REQUEST_FOR_INFORMATION || this == REQUEST_FOR_SCREENING;
    }
}
