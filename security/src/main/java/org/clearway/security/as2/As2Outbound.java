package org.clearway.security.as2;

import java.util.Objects;

/**
 * A secured outbound AS2 message: the HTTP entity to POST and the MIC to expect in the partner's
 * MDN (RFC 4130 §7.3.1), to be kept with the pending interchange until the MDN arrives.
 */
public record As2Outbound(As2Entity entity, Mic mic) {
    public As2Outbound {
        Objects.requireNonNull(entity, "entity");
        Objects.requireNonNull(mic, "mic");
    }
}
