package org.clearway.routes.response;

import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.clearway.routes.store.As2DeliveryStore;
import org.clearway.routes.store.DecisionStore;
import org.clearway.routes.store.DeclarationStore;
import org.clearway.routes.store.OutboxStore;
import org.clearway.routes.store.PendingStore;
import org.clearway.routes.support.ApiAuth;
import org.clearway.routes.support.GatewayProperties.Role;
import org.clearway.routes.support.ProblemException;
import org.clearway.routes.support.RequestChecks;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The postal operator's view (CUSTOMS-AND-POSTAL-INTERFACES §2.3): its pending CUSRSP/CONTRL
 * interchanges, their bytes, acknowledgement, and the status of its items. Another partner's
 * resources answer 404, never their content.
 */
@RestController
@RequestMapping("/v1/postal")
public class PostalOutboxController {
    private final OutboxStore outbox;
    private final DeclarationStore declarations;
    private final DecisionStore decisions;
    private final ApiAuth auth;
    private final As2DeliveryStore deliveries;
    private final Clock clock;
    private final PendingStore pending;

    public PostalOutboxController(OutboxStore outbox, DeclarationStore declarations, DecisionStore decisions,
                                  As2DeliveryStore deliveries, ApiAuth auth, Clock clock, PendingStore pending) {
        this.pending = pending;
        this.deliveries = deliveries;
        this.outbox = outbox;
        this.declarations = declarations;
        this.decisions = decisions;
        this.auth = auth;
        this.clock = clock;
    }

    @GetMapping(value = "/outbox", produces = MediaType.APPLICATION_JSON_VALUE)
    public Map<String, Object> pending(HttpServletRequest request) {
        String partnerId = auth.require(request, Role.POSTAL).partnerId();
        List<Map<String, Object>> items = new ArrayList<>();
        for (OutboxStore.Entry e : outbox.pending(partnerId)) {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("id", e.outboxId());
            item.put("kind", e.kind());
            item.put("interchangeRef", e.controlRef());
            item.put("mediaType", e.mediaType());
            item.put("createdAt", e.createdAt().toString());
            if (e.ingressId() != null) {
                item.put("ingressId", e.ingressId());
            }
            deliveries.find(e.outboxId()).ifPresent(d -> item.put("as2", as2Delivery(d)));
            items.add(item);
        }
        return Map.of("items", items);
    }

    /**
     * The AS2 delivery of an entry sent to the partner's AS2 url: PENDING (next attempt due),
     * AWAITING_MDN (sent, async MDN expected by {@code nextAttemptAt}) or FAILED (no longer sent by
     * AS2; the entry can still be fetched and acknowledged here). DELIVERED entries are acknowledged
     * and not listed.
     */
    private static Map<String, Object> as2Delivery(As2DeliveryStore.Delivery d) {
        Map<String, Object> as2 = new LinkedHashMap<>();
        as2.put("state", d.state());
        as2.put("attempts", d.attempts());
        if (d.mdnMode() != null) {
            as2.put("mdnMode", d.mdnMode());
        }
        if (d.messageId() != null) {
            as2.put("messageId", d.messageId());
        }
        if (!d.isFinal()) {
            as2.put("nextAttemptAt", d.nextAttemptAt().toString());
        }
        if (d.lastError() != null) {
            as2.put("lastError", d.lastError());
        }
        return as2;
    }

    @GetMapping("/outbox/{id}")
    public ResponseEntity<byte[]> bytes(HttpServletRequest request, @PathVariable String id) {
        String partnerId = auth.require(request, Role.POSTAL).partnerId();
        RequestChecks.id("id", id, 36);
        OutboxStore.Entry entry = outbox.find(partnerId, id).orElseThrow(() -> ProblemException.notFound("outbox entry " + id));
        byte[] body = outbox.body(partnerId, id).orElseThrow(() -> ProblemException.notFound("outbox entry " + id));
        return ResponseEntity.ok().contentType(MediaType.parseMediaType(entry.mediaType()))
                .header("X-Clearway-Kind", entry.kind())
                .header("X-Clearway-Interchange-Ref", entry.controlRef())
                .body(body);
    }

    @PostMapping("/outbox/{id}/ack")
    public ResponseEntity<Void> ack(HttpServletRequest request, @PathVariable String id) {
        String partnerId = auth.require(request, Role.POSTAL).partnerId();
        RequestChecks.id("id", id, 36);
        if (!outbox.ack(partnerId, id, clock.instant())) {
            throw ProblemException.notFound("outbox entry " + id);
        }
        return ResponseEntity.noContent().build();
    }

    @GetMapping(value = "/items/{s10ItemId}", produces = MediaType.APPLICATION_JSON_VALUE)
    public Map<String, Object> item(HttpServletRequest request, @PathVariable String s10ItemId) {
        String partnerId = auth.require(request, Role.POSTAL).partnerId();
        RequestChecks.id("s10ItemId", s10ItemId, 35);
        DeclarationStore.PostalItem item = declarations.findPostalItem(partnerId, s10ItemId)
                .orElseThrow(() -> ProblemException.notFound("item " + s10ItemId));
        List<Map<String, Object>> revisions = new ArrayList<>();
        for (DeclarationStore.Revision r : declarations.revisions(item.declarationId())) {
            Map<String, Object> rev = new LinkedHashMap<>();
            rev.put("revision", r.revision());
            rev.put("functionCode", r.functionCode());
            rev.put("state", r.state());
            rev.put("ingressId", r.ingressId());
            rev.put("createdAt", r.createdAt().toString());
            if (r.gatewayMessageId() != null) {
                rev.put("gatewayMessageId", r.gatewayMessageId());
            }
            revisions.add(rev);
        }
        List<Map<String, Object>> history = new ArrayList<>();
        for (DecisionStore.StoredDecision d : decisions.forDeclaration(item.declarationId())) {
            Map<String, Object> h = new LinkedHashMap<>();
            h.put("decisionId", d.decisionId());
            h.put("kind", d.kind());
            h.put("status", d.status());
            h.put("zdc", org.clearway.mappings.gw10.CusrspCodes.decisionCode(d.status()).orElse(null));
            h.put("decidedAt", d.decidedAt().toString());
            h.put("final", d.isFinal());
            h.put("sequence", d.sequence());
            h.put("outboxId", d.outboxId());
            history.add(h);
        }
        Map<String, Object> declaration = new LinkedHashMap<>();
        declaration.put("declarationId", item.declarationId());
        declaration.put("lrn", item.lrn());
        // an item held PENDING (CANONICAL-MODEL §4) has no revision yet: its state and reason say why
        List<PendingStore.Pending> held = pending.forDeclaration(item.declarationId());
        if (!held.isEmpty()) {
            PendingStore.Pending last = held.get(held.size() - 1);
            if (PendingStore.PENDING.equals(last.state()) || PendingStore.REFUSED.equals(last.state())) {
                declaration.put("state", last.state());
            }
            declaration.put("pending", held.stream().map(PostalOutboxController::pendingView).toList());
        }
        declaration.put("revisions", revisions);
        declaration.put("decisions", history);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("s10ItemId", item.s10ItemId());
        body.put("declarations", List.of(declaration));
        return body;
    }

    /** What the sender may see of a hold: reason and times, not the gateway's internals. */
    private static Map<String, Object> pendingView(PendingStore.Pending p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("state", p.state());
        m.put("reason", p.reason().name());
        m.put("detail", p.reasonDetail());
        m.put("ingressId", p.ingressId());
        m.put("since", p.createdAt().toString());
        m.put("deadline", p.deadline().toString());
        if (p.resolvedAt() != null) {
            m.put("resolvedAt", p.resolvedAt().toString());
        }
        return m;
    }
}
