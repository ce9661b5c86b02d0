package org.clearway.routes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.clearway.routes.PlatformFixtures.assertNothingMore;
import static org.clearway.routes.PlatformFixtures.decide;
import static org.clearway.routes.PlatformFixtures.flags;
import static org.clearway.routes.PlatformFixtures.link;
import static org.clearway.routes.PlatformFixtures.order;
import static org.clearway.routes.PlatformFixtures.putOrder;
import static org.clearway.routes.PlatformFixtures.putOrderOk;
import static org.clearway.routes.PlatformFixtures.receive;
import static org.clearway.routes.PlatformFixtures.submitPostal;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.List;
import org.clearway.mappings.canonical.Declaration;
import org.clearway.mappings.canonical.FlagCode;
import org.clearway.mappings.canonical.FunctionCode;
import org.clearway.mappings.canonical.PartnerKind;
import org.clearway.mappings.gw10.CusrspInterchange;
import org.clearway.mappings.gw10.CusrspReader;
import org.clearway.routes.TestInterchanges.Item;
import org.junit.jupiter.api.Test;

/**
 * Postal items (S10) fused with platform orders end to end (PARTNER-APIS §6.5, §7.1 row 2, §7.2;
 * CANONICAL-MODEL §7): DEMO-POST declares the items of UPU operator {@code CNPOST}, which
 * DEMO-PLATFORM may link; OTHER-POST's operator {@code XXPOST} it may not. Order first: revision 1
 * is fused; order later: an AMENDMENT with LATE_ENRICHMENT; a link without carrier code by the S10
 * id alone; the post's V20 duplicate and replace keep the order data; decisions reach the platform
 * while the post gets its CUSRSP.
 */
class PostalPlatformFusionIT extends GatewayIT {
    private static final String POST_KEY = "demo-post-key";

    private static byte[] interchange(Item item, String function) {
        return TestInterchanges.interchange(TestInterchanges.reference("PF"), List.of(
                TestInterchanges.message("1", TestInterchanges.reference("PF-"), function, List.of(item))));
    }

    @Test
    void orderFirstFusesRevisionOneAndDuplicateAndReplaceKeepTheOrderData() throws Exception {
        Item item = Item.valid();
        String orderId = "IT-PF1-" + item.s10();
        putOrderOk(port, order(orderId, new String[] {"CNPOST", item.s10()}));

        JsonNode accepted = submitPostal(port, POST_KEY, interchange(item, "9"));
        String declarationId = accepted.at("/messages/0/items/0/declarationId").asText();
        Declaration first = receive(connectionFactory, declarationId, 1);
        assertThat(first.functionCode()).isEqualTo(FunctionCode.ORIGINAL);
        assertThat(first.sources()).extracting(s -> s.partnerKind())
                .containsExactlyInAnyOrder(PartnerKind.POSTAL, PartnerKind.PLATFORM);
        assertThat(first.provenance()).isNotEmpty();
        assertThat(first.correlation().s10ItemId()).isEqualTo(item.s10());
        assertThat(first.correlation().platformOrderIds()).singleElement().satisfies(o -> {
            assertThat(o.platformId()).isEqualTo("DEMO-PLATFORM");
            assertThat(o.value()).isEqualTo(orderId);
        });
        assertThat(first.items().get(0).description()).isEqualTo("Women's T-shirt, knitted cotton, short sleeves");
        assertThat(first.payment()).isNotNull();
        assertThat(flags(first)).contains(FlagCode.DESCRIPTION_FROM_PLATFORM).doesNotContain(FlagCode.LATE_ENRICHMENT);

        // MIG V20: an identical resend is ignored (revision 1 keeps the order data)...
        submitPostal(port, POST_KEY, interchange(item, "9"));
        assertNothingMore(connectionFactory, declarationId, 2500);
        // ...and a replace (function 5) with changed content is an AMENDMENT fused again
        JsonNode replaced = submitPostal(port, POST_KEY, interchange(new Item(item.s10(), "DE", "43.50"), "5"));
        Declaration second = receive(connectionFactory, declarationId, 2);
        assertThat(second.functionCode()).isEqualTo(FunctionCode.AMENDMENT);
        assertThat(second.sources()).extracting(s -> s.partnerKind()).contains(PartnerKind.PLATFORM);
        assertThat(second.correlation().platformOrderIds()).hasSize(1);
        assertThat(second.payment()).isNotNull();
        assertThat(flags(second)).doesNotContain(FlagCode.LATE_ENRICHMENT);

        // the decision reaches the platform (declaration_order link) and the post gets its CUSRSP
        decide(port, declarationId, "RELEASED", "CLEARANCE", true);
        JsonNode event = PlatformFixtures.awaitPlatformEvent(port, declarationId);
        assertThat(event).as("the platform's event for postal declaration " + declarationId).isNotNull();
        assertThat(event.at("/partnerId").asText()).isEqualTo("DEMO-PLATFORM");
        assertThat(event.at("/decision/status").asText()).isEqualTo("RELEASED");
        assertThat(event.at("/decision/orderId").asText()).isEqualTo(orderId);
        assertThat(event.at("/decision/s10ItemId").asText()).isEqualTo(item.s10());
        CusrspInterchange cusrsp = CusrspReader.read(Http.awaitOutbox(port, POST_KEY, "CUSRSP",
                replaced.get("ingressId").asText()));
        assertThat(cusrsp.messages().get(0).items()).singleElement().satisfies(i -> {
            assertThat(i.s10()).isEqualTo(item.s10());
            assertThat(i.decisionCode()).isEqualTo("10");
        });
    }

    @Test
    void orderAfterEmissionAmendsWithLateEnrichment() throws Exception {
        Item item = Item.valid();
        JsonNode accepted = submitPostal(port, POST_KEY, interchange(item, "9"));
        String declarationId = accepted.at("/messages/0/items/0/declarationId").asText();
        Declaration first = receive(connectionFactory, declarationId, 1);
        assertThat(first.sources()).singleElement().satisfies(s -> assertThat(s.partnerKind()).isEqualTo(PartnerKind.POSTAL));
        assertThat(first.items().get(0).description()).isEqualTo("BLACK TEA, LOOSE LEAF, 250 G TIN");

        putOrderOk(port, order("IT-PF2-" + item.s10(), new String[] {"CNPOST", item.s10()}));
        Declaration second = receive(connectionFactory, declarationId, 2);
        assertThat(second.functionCode()).isEqualTo(FunctionCode.AMENDMENT);
        assertThat(second.sources()).extracting(s -> s.partnerKind())
                .containsExactlyInAnyOrder(PartnerKind.POSTAL, PartnerKind.PLATFORM);
        assertThat(second.items().get(0).description()).isEqualTo("Women's T-shirt, knitted cotton, short sleeves");
        assertThat(flags(second)).contains(FlagCode.LATE_ENRICHMENT);
        JsonNode revisions = Http.itemStatus(port, item.s10()).at("/declarations/0/revisions");
        assertThat(revisions).hasSize(2);
        assertThat(revisions.get(1).get("functionCode").asText()).isEqualTo("AMENDMENT");
    }

    @org.springframework.beans.factory.annotation.Autowired
    org.clearway.routes.pipeline.StageRunners stages;

    @org.springframework.beans.factory.annotation.Autowired
    java.util.List<org.clearway.routes.ingress.platform.TransportRelinker> relinkers;

    /**
     * Concurrent arrival (issue 6: no lost or doubled merge): the order commits while the item's
     * revision 1 waits in {@code gw.enrich}. Revision 1 carries the order and no amendment
     * follows, also when the platform side looks again after it.
     */
    @Test
    void anOrderArrivingWhileTheItemWaitsForEnrichIsMergedOnce() throws Exception {
        Item item = Item.valid();
        JsonNode accepted;
        stages.stop("enrich");
        try {
            accepted = submitPostal(port, POST_KEY, interchange(item, "9"));
            putOrderOk(port, order("IT-PF5-" + item.s10(), new String[] {"CNPOST", item.s10()}));
        } finally {
            stages.start("enrich");
        }
        String declarationId = accepted.at("/messages/0/items/0/declarationId").asText();
        Declaration first = receive(connectionFactory, declarationId, 1);
        assertThat(first.sources()).extracting(s -> s.partnerKind())
                .containsExactlyInAnyOrder(PartnerKind.POSTAL, PartnerKind.PLATFORM);
        assertThat(flags(first)).doesNotContain(FlagCode.LATE_ENRICHMENT);
        // the platform side looks again, as a second instance would after the order's commit
        relinkers.forEach(r -> r.parcelChanged("CNPOST", item.s10(), "test re-link"));
        assertNothingMore(connectionFactory, declarationId, 2500);
    }

    @Test
    void itemLinkedWithoutCarrierCodeByItsS10Id() throws Exception {
        Item item = Item.valid();
        String orderId = "IT-PF3-" + item.s10();
        putOrderOk(port, order(orderId));
        JsonNode accepted = submitPostal(port, POST_KEY, interchange(item, "9"));
        String declarationId = accepted.at("/messages/0/items/0/declarationId").asText();
        assertThat(receive(connectionFactory, declarationId, 1).sources()).hasSize(1);

        // no carrierCode: only for an S10 tracking number
        HttpResponse<String> notS10 = link(port, orderId, null, "1234567890");
        assertThat(notS10.statusCode()).as(notS10.body()).isEqualTo(422);
        assertThat(notS10.body()).contains("/carrierCode");

        HttpResponse<String> linked = link(port, orderId, null, item.s10().toLowerCase());
        assertThat(linked.statusCode()).as(linked.body()).isEqualTo(202);
        assertThat(Http.json(linked.body()).has("carrierCode")).isFalse();
        Declaration second = receive(connectionFactory, declarationId, 2);
        assertThat(second.functionCode()).isEqualTo(FunctionCode.AMENDMENT);
        assertThat(second.correlation().platformOrderIds()).singleElement()
                .satisfies(o -> assertThat(o.value()).isEqualTo(orderId));
        assertThat(flags(second)).contains(FlagCode.LATE_ENRICHMENT);
        JsonNode status = Http.json(Http.get(port, "/v1/platform/orders/" + orderId, PlatformFixtures.PLATFORM_KEY).body());
        assertThat(status.at("/shipments/0/trackingNumber").asText()).isEqualTo(item.s10().toLowerCase());
        assertThat(status.at("/shipments/0").has("carrierCode")).isFalse();
    }

    @Test
    void platformMayNotLinkTheItemsOfAnotherOperator() throws Exception {
        // OTHER-POST declares items of operator XXPOST, which DEMO-PLATFORM may not link
        Item item = Item.valid();
        byte[] other = TestInterchanges.text(interchange(item, "9")).replace("DEPOSTGW:ZZZ", "OTHERPOST:ZZZ")
                .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        JsonNode accepted = submitPostal(port, "other-post-key-123", other);
        String declarationId = accepted.at("/messages/0/items/0/declarationId").asText();
        assertThat(receive(connectionFactory, declarationId, 1).sources()).hasSize(1);

        String orderId = "IT-PF4-" + item.s10();
        HttpResponse<String> refusedOrder = putOrder(port, order(orderId, new String[] {"XXPOST", item.s10()}));
        assertThat(refusedOrder.statusCode()).as(refusedOrder.body()).isEqualTo(403);
        assertThat(refusedOrder.body()).contains("forbidden-scope");

        putOrderOk(port, order(orderId));
        HttpResponse<String> refusedLink = link(port, orderId, "XXPOST", item.s10());
        assertThat(refusedLink.statusCode()).as(refusedLink.body()).isEqualTo(403);
        assertThat(refusedLink.body()).contains("forbidden-scope");
        // without carrier code the link is stored (DEMO-PLATFORM may link CNPOST items) but does not
        // count for an XXPOST item: no amendment
        HttpResponse<String> uncoded = link(port, orderId, null, item.s10());
        assertThat(uncoded.statusCode()).as(uncoded.body()).isEqualTo(202);
        assertNothingMore(connectionFactory, declarationId, 3000);
    }
}
