package org.clearway.mappings.canonical;

import java.util.Objects;

/** Customs administration addressed, {@code destinationCustoms} (CANONICAL-MODEL §5.1). */
public record DestinationCustoms(String country, String backendId) {
    public DestinationCustoms {
        Objects.requireNonNull(country, "country");
        Objects.requireNonNull(backendId, "backendId");
    }
}
