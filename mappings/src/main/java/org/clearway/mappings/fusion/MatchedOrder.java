package org.clearway.mappings.fusion;

import java.util.Objects;
import org.clearway.mappings.canonical.PartnerKind;
import org.clearway.mappings.canonical.Party;
import org.clearway.mappings.canonical.Source;

/**
 * An order that the correlation step (PARTNER-APIS §7.1) linked to the consignment, with what the
 * merge needs besides the order itself: the {@code sources[]} record of the platform message that
 * carried it (CANONICAL-MODEL §5.1) and the platform partner's configured PLATFORM party (§5.3
 * "submitting platform (from partner config, IOSS/VAT)"; may be null when none is configured).
 */
public record MatchedOrder(OrderData order, Source source, Party platformParty) {
    public MatchedOrder {
        Objects.requireNonNull(order, "order");
        Objects.requireNonNull(source, "source");
        if (source.partnerKind() != PartnerKind.PLATFORM) {
            throw new IllegalArgumentException("order source must be a PLATFORM source: " + source.partnerId());
        }
    }
}
