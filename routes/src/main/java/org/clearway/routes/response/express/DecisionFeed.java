package org.clearway.routes.response.express;

import com.fasterxml.jackson.databind.JsonNode;
import org.springframework.stereotype.Service;

/**
 * Cursor pull of a partner's decision events (PARTNER-APIS §5.3), shared by {@code GET /v1/decisions}
 * and the SOAP {@code GetDecisions} operation.
 */
@Service
public class DecisionFeed {

    /**
     * One page of events after {@code after} (null = from the oldest retained event).
     *
     * @return {@code {"events": [...], "nextCursor": "c_...", "hasMore": bool}}
     */
    public JsonNode page(String partnerId, String after, int limit, String statusFilter) {
        throw new UnsupportedOperationException("not built yet");
    }
}
