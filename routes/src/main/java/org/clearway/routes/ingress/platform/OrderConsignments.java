package org.clearway.routes.ingress.platform;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.clearway.routes.store.DecisionStore;
import org.clearway.routes.store.DeclarationStore;
import org.clearway.routes.store.ExpressStore;
import org.clearway.routes.store.PlatformOrderStore;
import org.springframework.stereotype.Component;

/**
 * The consignments an order was fused into (PARTNER-APIS §6, §7) and their decisions, for
 * {@code GET /v1/platform/orders/{orderId}}: from the declaration_order links, with each
 * declaration's carrier or postal keys, latest revision and state.
 */
@Component
public class OrderConsignments {
    private final PlatformOrderStore orders;
    private final DeclarationStore declarations;
    private final ExpressStore express;
    private final DecisionStore decisions;

    public OrderConsignments(PlatformOrderStore orders, DeclarationStore declarations, ExpressStore express,
                             DecisionStore decisions) {
        this.orders = orders;
        this.declarations = declarations;
        this.express = express;
        this.decisions = decisions;
    }

    /** Fills {@code consignments} and {@code decisions} of the order status body. */
    public void fill(String partnerId, String orderId, ArrayNode consignments, ArrayNode decisionsOut) {
        for (PlatformOrderStore.DeclarationOrder link : orders.declarationsOfOrder(partnerId, orderId)) {
            String declarationId = link.declarationId();
            ObjectNode c = consignments.addObject();
            c.put("declarationId", declarationId);
            express.byDeclarationId(declarationId).ifPresentOrElse(s -> {
                c.put("kind", "EXPRESS");
                c.put("carrierPartnerId", s.partnerId());
                c.put("houseWaybill", s.houseWaybill());
                if (s.masterAwb() != null) {
                    c.put("masterAwb", s.masterAwb());
                }
            }, () -> declarations.findPostalItemById(declarationId).ifPresent(p -> {
                c.put("kind", "POSTAL");
                c.put("carrierPartnerId", p.partnerId());
                c.put("s10ItemId", p.s10ItemId());
            }));
            declarations.latest(declarationId).ifPresent(r -> {
                c.put("revision", r.revision());
                c.put("functionCode", r.functionCode());
                c.put("state", r.state());
                if (r.backendId() != null) {
                    c.put("backendId", r.backendId());
                }
            });
            c.put("linkedAt", link.linkedAt() == null ? null : link.linkedAt().toString());
            for (DecisionStore.StoredDecision d : decisions.forDeclaration(declarationId)) {
                ObjectNode n = decisionsOut.addObject();
                n.put("decisionId", d.decisionId());
                n.put("declarationId", declarationId);
                n.put("declarationRevision", d.declarationRevision());
                n.put("sequence", d.sequence());
                n.put("kind", d.kind());
                n.put("status", d.status());
                n.put("final", d.isFinal());
                n.put("decidedAt", d.decidedAt().toString());
            }
        }
    }
}
