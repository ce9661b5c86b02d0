package org.clearway.routes.response.express;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.clearway.mappings.canonical.DecisionStatus;
import org.clearway.routes.store.PartnerEventStore;
import org.clearway.routes.pipeline.StageTransactions;
import org.clearway.routes.support.ApiProblem;
import org.clearway.routes.support.GatewayProperties;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

/**
 * Cursor pull of a partner's decision events (PARTNER-APIS §5.3), shared by {@code GET /v1/decisions}
 * and the SOAP {@code GetDecisions} operation. The cursor {@code c_<base36 position>} names the last
 * event returned; positions are given to committed events in order ({@code FeedSequencer}), so
 * following {@code nextCursor} returns each retained event exactly once, in the order committed, even
 * while concurrent response consumers commit out of insert order. Events older than
 * {@code clearway.api.event-retention} are not returned (and are purged hourly).
 */
@Service
public class DecisionFeed {
    /** §5.3 {@code limit} range. */
    public static final int MAX_LIMIT = 500;
    private static final int SEQUENCE_BATCH = 5_000;
    private static final Pattern CURSOR = Pattern.compile("c_[0-9a-z]{1,13}");

    private final PartnerEventStore events;
    private final GatewayProperties properties;
    private final Clock clock;
    // exact decimals: "rate": 19.00 is passed on as written
    private final ObjectMapper json = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .setNodeFactory(JsonNodeFactory.withExactBigDecimals(true));

    private final StageTransactions tx;

    public DecisionFeed(PartnerEventStore events, GatewayProperties properties, Clock clock,
                        StageTransactions transactions) {
        this.tx = transactions;
        this.events = events;
        this.properties = properties;
        this.clock = clock;
    }

    /**
     * One page of events after {@code after} (null = from the oldest retained event).
     *
     * @return {@code {"events": [...], "nextCursor": "c_...", "hasMore": bool}}
     * @throws ApiProblem 400 {@code validation-error} for a malformed cursor, a limit outside 1..500
     *                    or an unknown status
     */
    public JsonNode page(String partnerId, String after, int limit, String statusFilter) {
        long position = position(after);
        if (limit < 1 || limit > MAX_LIMIT) {
            throw invalid("/limit", "RANGE", "limit must be between 1 and " + MAX_LIMIT);
        }
        String status = status(statusFilter);
        Instant notBefore = clock.instant().minus(properties.api().eventRetention());
        // committed events get their feed positions first (in turn with other readers and instances)
        Integer numbered;
        do {
            numbered = tx.inTransaction(s -> events.sequenceFeed(SEQUENCE_BATCH));
        } while (numbered != null && numbered == SEQUENCE_BATCH);
        List<PartnerEventStore.FeedEntry> rows = events.page(partnerId, position, notBefore, status, limit + 1);
        boolean hasMore = rows.size() > limit;
        List<PartnerEventStore.FeedEntry> page = hasMore ? rows.subList(0, limit) : rows;
        ObjectNode result = json.createObjectNode();
        ArrayNode list = result.putArray("events");
        long last = position;
        for (PartnerEventStore.FeedEntry e : page) {
            list.add(body(e.event()));
            last = e.position();
        }
        result.put("nextCursor", cursor(last));
        result.put("hasMore", hasMore);
        return result;
    }

    /** The partner's event for one decision ({@code GET /v1/decisions/{decisionId}}); empty for other partners' decisions. */
    public Optional<JsonNode> byDecision(String partnerId, String decisionId) {
        Instant notBefore = clock.instant().minus(properties.api().eventRetention());
        return events.byDecision(partnerId, decisionId).filter(e -> !e.createdAt().isBefore(notBefore))
                .map(this::body);
    }

    /** The cursor naming position {@code seq}. */
    static String cursor(long seq) {
        return "c_" + Long.toString(seq, 36);
    }

    private static long position(String after) {
        if (after == null || after.isEmpty()) {
            return 0;
        }
        if (!CURSOR.matcher(after).matches()) {
            throw invalid("/after", "FORMAT", "not a cursor returned by this API");
        }
        try {
            return Long.parseLong(after.substring(2), 36);
        } catch (NumberFormatException e) {
            throw invalid("/after", "FORMAT", "not a cursor returned by this API");
        }
    }

    private static String status(String filter) {
        if (filter == null || filter.isEmpty()) {
            return null;
        }
        try {
            return DecisionStatus.valueOf(filter).name();
        } catch (IllegalArgumentException e) {
            throw invalid("/status", "ENUM", "status must be one of "
                    + Arrays.toString(DecisionStatus.values()));
        }
    }

    private JsonNode body(PartnerEventStore.Event e) {
        try {
            return json.readTree(e.body());
        } catch (JsonProcessingException ex) {
            throw new IllegalStateException("stored event " + e.eventId() + " is not JSON", ex);
        }
    }

    private static ApiProblem invalid(String pointer, String code, String detail) {
        List<Map<String, Object>> errors = List.of(ApiProblem.fieldError(pointer, code, detail));
        return new ApiProblem(HttpStatus.BAD_REQUEST, "validation-error", detail, errors);
    }
}
