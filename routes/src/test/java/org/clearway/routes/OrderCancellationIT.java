package org.clearway.routes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.clearway.routes.ExpressFixtures.json;
import static org.clearway.routes.ExpressFixtures.post;
import static org.clearway.routes.ExpressFixtures.shipment;
import static org.clearway.routes.PlatformFixtures.assertNothingMore;
import static org.clearway.routes.PlatformFixtures.cancelOrder;
import static org.clearway.routes.PlatformFixtures.decide;
import static org.clearway.routes.PlatformFixtures.flags;
import static org.clearway.routes.PlatformFixtures.flagsOf;
import static org.clearway.routes.PlatformFixtures.order;
import static org.clearway.routes.PlatformFixtures.putOrderOk;
import static org.clearway.routes.PlatformFixtures.receive;
import static org.clearway.routes.PlatformFixtures.submitPostal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpResponse;
import java.util.List;
import org.clearway.mappings.canonical.Declaration;
import org.clearway.mappings.canonical.FlagCode;
import org.clearway.mappings.canonical.FunctionCode;
import org.clearway.mappings.canonical.PartnerKind;
import org.clearway.routes.TestInterchanges.Item;
import org.junit.jupiter.api.Test;

/**
 * {@code DELETE /v1/platform/orders/{orderId}} of an order already fused into a declaration that
 * went to customs (PARTNER-APIS §6.1, §7; CANONICAL-MODEL §5.8): an AMENDMENT rebuilt from the
 * transport data and the orders still linked, flagged {@code PLATFORM_DATA_MISSING} with the
 * cancelled order in its detail, for express and postal alike; after a final decision only the
 * trace records it; an order cancelled before its consignment arrives is never fused.
 */
class OrderCancellationIT extends GatewayIT {

    /**
     * A newer order version whose tracking links name another parcel no longer applies to the
     * declaration it was fused into: an AMENDMENT without it, flagged like a cancellation but
     * saying why; the parcel it names now is fused instead.
     */
    @Test
    void aNewOrderVersionLinkingAnotherParcelIsWithdrawnFromTheOldOne() throws Exception {
        ObjectNode s = shipment("express-shipment-eu-ioss.json");
        String hwb = s.get("houseWaybill").asText();
        String orderId = "IT-OC6-" + hwb;
        ObjectNode v1 = order(orderId, new String[] {"ACME", hwb});
        putOrderOk(port, v1);
        String declarationId = json(post(port, "/v1/express/shipments", "it-oc-6-" + hwb, s)).get("declarationId").asText();
        assertThat(receive(connectionFactory, declarationId, 1).sources()).hasSize(2);

        ObjectNode v2 = order(orderId, new String[] {"ACME", "OTHER" + hwb});
        v2.put("orderVersion", v1.get("orderVersion").asInt() + 1);
        putOrderOk(port, v2);
        Declaration second = receive(connectionFactory, declarationId, 2);
        assertThat(second.functionCode()).isEqualTo(FunctionCode.AMENDMENT);
        assertThat(second.sources()).singleElement().satisfies(src -> assertThat(src.partnerKind()).isEqualTo(PartnerKind.EXPRESS));
        assertThat(second.payment()).isNull();
        assertThat(flagsOf(second, FlagCode.PLATFORM_DATA_MISSING)).singleElement()
                .satisfies(f -> assertThat(f.detail()).contains(orderId).contains("no longer links this consignment"));
        assertNothingMore(connectionFactory, declarationId, 2000);
    }

    @Test
    void expressCancellationAfterEmissionAmendsWithoutTheOrder() throws Exception {
        ObjectNode s = shipment("express-shipment-eu-ioss.json");
        String hwb = s.get("houseWaybill").asText();
        String orderId = "IT-OC1-" + hwb;
        putOrderOk(port, order(orderId, new String[] {"ACME", hwb}));
        JsonNode accepted = json(post(port, "/v1/express/shipments", "it-oc-1-" + hwb, s));
        String declarationId = accepted.get("declarationId").asText();
        Declaration first = receive(connectionFactory, declarationId, 1);
        assertThat(first.sources()).hasSize(2);

        HttpResponse<String> cancelled = cancelOrder(port, orderId);
        assertThat(cancelled.statusCode()).as(cancelled.body()).isEqualTo(202);
        Declaration second = receive(connectionFactory, declarationId, 2);
        assertThat(second.functionCode()).isEqualTo(FunctionCode.AMENDMENT);
        assertThat(second.sources()).singleElement().satisfies(src -> assertThat(src.partnerKind()).isEqualTo(PartnerKind.EXPRESS));
        // the carrier's entry is its own message's, unchanged from revision 1
        var carrierFirst = first.sources().stream().filter(src -> src.partnerKind() == PartnerKind.EXPRESS).findFirst().orElseThrow();
        assertThat(second.sources().get(0)).isEqualTo(carrierFirst);
        assertThat(second.sources().get(0).idempotencyKey()).isEqualTo("it-oc-1-" + hwb);
        assertThat(second.items().get(0).description()).isEqualTo("clothes");
        assertThat(second.payment()).isNull();
        assertThat(second.correlation().platformOrderIds()).noneSatisfy(o -> assertThat(o.value()).isEqualTo(orderId));
        assertThat(flagsOf(second, FlagCode.PLATFORM_DATA_MISSING)).singleElement()
                .satisfies(f -> assertThat(f.detail()).contains(orderId).contains("cancelled"));
        JsonNode status = json(Http.get(port, "/v1/express/shipments/" + accepted.get("shipmentRef").asText(), ExpressFixtures.KEY));
        assertThat(status.get("revision").asInt()).isEqualTo(2);

        // cancelling again changes nothing
        assertThat(cancelOrder(port, orderId).statusCode()).isEqualTo(202);
        assertNothingMore(connectionFactory, declarationId, 2000);
    }

    @Test
    void postalCancellationKeepsTheOrdersStillLinked() throws Exception {
        Item item = Item.valid();
        String gone = "IT-OC2A-" + item.s10();
        String kept = "IT-OC2B-" + item.s10();
        putOrderOk(port, order(gone, new String[] {"CNPOST", item.s10()}));
        ObjectNode other = order(kept, new String[] {"CNPOST", item.s10()});
        other.withArray("lines").forEach(l -> ((ObjectNode) l).put("lineId", l.get("lineId").asText() + "-B"));
        putOrderOk(port, other);

        JsonNode accepted = submitPostal(port, "demo-post-key", TestInterchanges.single(TestInterchanges.reference("OC"), item));
        String declarationId = accepted.at("/messages/0/items/0/declarationId").asText();
        Declaration first = receive(connectionFactory, declarationId, 1);
        assertThat(first.correlation().platformOrderIds()).extracting(o -> o.value()).containsExactlyInAnyOrder(gone, kept);

        assertThat(cancelOrder(port, gone).statusCode()).isEqualTo(202);
        Declaration second = receive(connectionFactory, declarationId, 2);
        assertThat(second.functionCode()).isEqualTo(FunctionCode.AMENDMENT);
        assertThat(second.correlation().platformOrderIds()).extracting(o -> o.value()).containsExactly(kept);
        assertThat(second.sources()).extracting(src -> src.partnerKind())
                .containsExactlyInAnyOrder(PartnerKind.POSTAL, PartnerKind.PLATFORM);
        assertThat(second.items()).allSatisfy(i -> assertThat(i.platformLineId()).endsWith("-B"));
        assertThat(flagsOf(second, FlagCode.PLATFORM_DATA_MISSING)).singleElement()
                .satisfies(f -> assertThat(f.detail()).contains(gone));
        assertThat(flags(second)).doesNotContain(FlagCode.LATE_ENRICHMENT);
        // the post's references stay with the item
        JsonNode revisions = Http.itemStatus(port, item.s10()).at("/declarations/0/revisions");
        assertThat(revisions).hasSize(2);
    }

    @Test
    void postalCancellationWithoutOtherOrdersFallsBackToThePostsData() throws Exception {
        Item item = Item.valid();
        String orderId = "IT-OC3-" + item.s10();
        putOrderOk(port, order(orderId, new String[] {"CNPOST", item.s10()}));
        JsonNode accepted = submitPostal(port, "demo-post-key", TestInterchanges.single(TestInterchanges.reference("OC"), item));
        String declarationId = accepted.at("/messages/0/items/0/declarationId").asText();
        assertThat(receive(connectionFactory, declarationId, 1).sources()).hasSize(2);

        assertThat(cancelOrder(port, orderId).statusCode()).isEqualTo(202);
        Declaration second = receive(connectionFactory, declarationId, 2);
        assertThat(second.sources()).singleElement().satisfies(src -> assertThat(src.partnerKind()).isEqualTo(PartnerKind.POSTAL));
        assertThat(second.items().get(0).description()).isEqualTo("BLACK TEA, LOOSE LEAF, 250 G TIN");
        assertThat(flagsOf(second, FlagCode.PLATFORM_DATA_MISSING)).singleElement()
                .satisfies(f -> assertThat(f.detail()).contains(orderId));
    }

    @Test
    void aNewOrderVersionLinkingAnotherPostalItemIsWithdrawnFromTheOldOne() throws Exception {
        Item item = Item.valid();
        Item other = Item.valid();
        String orderId = "IT-OC7-" + item.s10();
        ObjectNode v1 = order(orderId, new String[] {"CNPOST", item.s10()});
        putOrderOk(port, v1);
        JsonNode accepted = submitPostal(port, "demo-post-key", TestInterchanges.single(TestInterchanges.reference("OC"), item));
        String declarationId = accepted.at("/messages/0/items/0/declarationId").asText();
        assertThat(receive(connectionFactory, declarationId, 1).sources()).hasSize(2);

        ObjectNode v2 = order(orderId, new String[] {"CNPOST", other.s10()});
        v2.put("orderVersion", v1.get("orderVersion").asInt() + 1);
        putOrderOk(port, v2);
        Declaration second = receive(connectionFactory, declarationId, 2);
        assertThat(second.sources()).singleElement().satisfies(src -> assertThat(src.partnerKind()).isEqualTo(PartnerKind.POSTAL));
        assertThat(flagsOf(second, FlagCode.PLATFORM_DATA_MISSING)).singleElement()
                .satisfies(f -> assertThat(f.detail()).contains(orderId).contains("no longer links this consignment"));
        assertNothingMore(connectionFactory, declarationId, 2000);
    }

    @Test
    void cancellationAfterAFinalDecisionIsOnlyTraced() throws Exception {
        Item item = Item.valid();
        String orderId = "IT-OC4-" + item.s10();
        putOrderOk(port, order(orderId, new String[] {"CNPOST", item.s10()}));
        JsonNode accepted = submitPostal(port, "demo-post-key", TestInterchanges.single(TestInterchanges.reference("OC"), item));
        String declarationId = accepted.at("/messages/0/items/0/declarationId").asText();
        assertThat(receive(connectionFactory, declarationId, 1).sources()).hasSize(2);
        decide(port, declarationId, "RELEASED", "CLEARANCE", true);
        Http.awaitOutbox(port, "demo-post-key", "CUSRSP", accepted.get("ingressId").asText());

        assertThat(cancelOrder(port, orderId).statusCode()).isEqualTo(202);
        assertNothingMore(connectionFactory, declarationId, 3000);
        List<JsonNode> trace = PlatformFixtures.trace(port, declarationId);
        assertThat(trace).anySatisfy(e -> {
            assertThat(e.get("event").asText()).isEqualTo("order-cancelled");
            assertThat(e.get("detail").asText()).contains(orderId).contains("final decision");
        });
    }

    @Test
    void orderCancelledBeforeTheItemArrivesIsNeverFused() throws Exception {
        Item item = Item.valid();
        String orderId = "IT-OC5-" + item.s10();
        putOrderOk(port, order(orderId, new String[] {"CNPOST", item.s10()}));
        assertThat(cancelOrder(port, orderId).statusCode()).isEqualTo(202);
        JsonNode accepted = submitPostal(port, "demo-post-key", TestInterchanges.single(TestInterchanges.reference("OC"), item));
        Declaration first = receive(connectionFactory, accepted.at("/messages/0/items/0/declarationId").asText(), 1);
        assertThat(first.sources()).singleElement().satisfies(src -> assertThat(src.partnerKind()).isEqualTo(PartnerKind.POSTAL));
        assertThat(flags(first)).doesNotContain(FlagCode.PLATFORM_DATA_MISSING);
    }
}
