package org.clearway.routes.response.express;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import org.clearway.routes.support.ApiAuth;
import org.clearway.routes.support.ApiProblem;
import org.clearway.routes.support.RequestChecks;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Pull of decision events (PARTNER-APIS §5.3): {@code GET /v1/decisions?after=&limit=&status=}
 * pages the caller's events by cursor; {@code GET /v1/decisions/{decisionId}} returns the caller's
 * event for one decision (404 for another partner's). Scope {@code decisions:read}.
 */
@RestController
@RequestMapping("/v1/decisions")
public class DecisionPullController {
    static final int DEFAULT_LIMIT = 100;

    private final DecisionFeed feed;
    private final ApiAuth auth;

    public DecisionPullController(DecisionFeed feed, ApiAuth auth) {
        this.feed = feed;
        this.auth = auth;
    }

    @GetMapping(produces = MediaType.APPLICATION_JSON_VALUE)
    public JsonNode page(HttpServletRequest request, @RequestParam(required = false) String after,
                         @RequestParam(required = false) String limit,
                         @RequestParam(required = false) String status) {
        ApiAuth.Caller caller = auth.requireScope(request, "decisions:read");
        return feed.page(caller.partnerId(), after, limit(limit), status);
    }

    @GetMapping(value = "/{decisionId}", produces = MediaType.APPLICATION_JSON_VALUE)
    public JsonNode one(HttpServletRequest request, @PathVariable String decisionId) {
        ApiAuth.Caller caller = auth.requireScope(request, "decisions:read");
        RequestChecks.id("decisionId", decisionId, 36);
        return feed.byDecision(caller.partnerId(), decisionId).orElseThrow(() -> new ApiProblem(HttpStatus.NOT_FOUND,
                "not-found", "no decision " + decisionId + " for " + caller.partnerId()));
    }

    private static int limit(String text) {
        if (text == null || text.isEmpty()) {
            return DEFAULT_LIMIT;
        }
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new ApiProblem(HttpStatus.BAD_REQUEST, "validation-error", "limit must be an integer 1.."
                    + DecisionFeed.MAX_LIMIT, List.of(ApiProblem.fieldError("/limit", "TYPE", "not an integer")));
        }
    }
}
