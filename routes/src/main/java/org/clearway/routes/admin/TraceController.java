package org.clearway.routes.admin;

import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.clearway.routes.store.DeclarationStore;
import org.clearway.routes.store.TraceLog;
import org.clearway.routes.support.ApiAuth;
import org.clearway.routes.support.ProblemException;
import org.clearway.routes.support.RequestChecks;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Operator trace (CUSTOMS-AND-POSTAL-INTERFACES §4): every stage event of one parcel, found by
 * {@code ingressId}, {@code declarationId} or S10 item id (all senders).
 */
@RestController
@RequestMapping("/v1/admin")
public class TraceController {
    private final TraceLog trace;
    private final DeclarationStore declarations;
    private final ApiAuth auth;

    public TraceController(TraceLog trace, DeclarationStore declarations, ApiAuth auth) {
        this.trace = trace;
        this.declarations = declarations;
        this.auth = auth;
    }

    @GetMapping(value = "/trace", produces = MediaType.APPLICATION_JSON_VALUE)
    public Map<String, Object> trace(HttpServletRequest request,
                                     @RequestParam(required = false) String ingressId,
                                     @RequestParam(required = false) String declarationId,
                                     @RequestParam(required = false) String s10ItemId) {
        auth.requireAdmin(request);
        RequestChecks.text("ingressId", ingressId, 36);
        RequestChecks.text("declarationId", declarationId, 36);
        RequestChecks.text("s10ItemId", s10ItemId, 35);
        Set<String> declarationIds = new LinkedHashSet<>();
        if (declarationId != null) {
            declarationIds.add(declarationId);
        }
        if (s10ItemId != null) {
            declarations.findPostalItemsByS10(s10ItemId).forEach(p -> declarationIds.add(p.declarationId()));
        }
        if (ingressId == null && declarationIds.isEmpty()) {
            if (declarationId == null && s10ItemId == null) {
                throw new ProblemException(HttpStatus.BAD_REQUEST, "invalid-parameter",
                        "give one of ingressId, declarationId, s10ItemId");
            }
            throw ProblemException.notFound("parcel");
        }
        List<TraceLog.Event> events = new ArrayList<>();
        if (ingressId != null) {
            events.addAll(trace.forIngress(ingressId));
        }
        for (String id : declarationIds) {
            for (TraceLog.Event e : trace.forDeclaration(id)) {
                if (!events.contains(e)) {
                    events.add(e);
                }
            }
        }
        events.sort(java.util.Comparator.comparing(TraceLog.Event::at));
        return Map.of("declarationIds", declarationIds, "events", events);
    }
}
