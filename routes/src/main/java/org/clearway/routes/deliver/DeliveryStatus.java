package org.clearway.routes.deliver;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * The last delivery outcome per customs backend in this instance, for its health contributor:
 * when it last took a declaration, and the failures since (reset by the next delivery).
 */
@Component
public class DeliveryStatus {
    public record Backend(Instant lastDelivered, Instant lastFailure, String lastError, int failuresSinceDelivery) {
    }

    private final Map<String, Backend> backends = new ConcurrentHashMap<>();

    void delivered(String backendId, Instant at) {
        if (backendId != null) {
            backends.put(backendId, new Backend(at, null, null, 0));
        }
    }

    void failed(String backendId, Instant at, String error) {
        if (backendId != null) {
            backends.compute(backendId, (id, b) -> b == null ? new Backend(null, at, error, 1)
                    : new Backend(b.lastDelivered(), at, error, b.failuresSinceDelivery() + 1));
        }
    }

    public Optional<Backend> of(String backendId) {
        return Optional.ofNullable(backends.get(backendId));
    }
}
