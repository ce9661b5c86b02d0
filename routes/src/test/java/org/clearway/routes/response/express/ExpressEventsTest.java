package org.clearway.routes.response.express;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.clearway.mappings.canonical.Correlation;
import org.clearway.mappings.canonical.Decision;
import org.clearway.mappings.canonical.DecisionKind;
import org.clearway.mappings.canonical.DecisionStatus;
import org.clearway.mappings.canonical.Money;
import org.clearway.mappings.canonical.TaxType;
import org.clearway.mappings.canonical.Track;
import org.clearway.routes.store.ExpressStore;
import org.clearway.routes.store.PartnerEventStore;
import org.clearway.routes.store.WebhookEndpointStore.Endpoint;
import org.junit.jupiter.api.Test;

/**
 * Publishing decisions as express events: one event per (partner, decision) even when the respond
 * stage redelivers, push only to a subscribed enabled webhook, nothing for non-express declarations.
 */
class ExpressEventsTest {
    private static final String SHIPMENT = """
            {"shipmentId":"ACME-1","houseWaybill":"1234567890","lineItems":[
              {"lineNumber":20,"description":"Phone case"},{"lineNumber":10,"description":"T-shirt"}]}""";

    private final EventsDb db = new EventsDb();
    private final ObjectMapper json = new ObjectMapper();
    private final ExpressStore shipments = new ExpressStore(db.jdbc);
    private final ExpressEvents publisher = new ExpressEvents(shipments, db.events, db.endpoints, json, db.clock,
            db.tx());
    private final UUID declarationId = UUID.randomUUID();

    private void shipment() {
        Instant now = db.clock.instant();
        shipments.insert(new ExpressStore.Shipment("shp_0123456789abcdef", "DEMO-EXPRESS", "1234567890",
                declarationId.toString(), "XB" + declarationId.toString().substring(20).replace("-", ""), "ACME-1",
                null, "0".repeat(64), SHIPMENT, 1, null, now, now, null));
    }

    private void webhook(boolean enabled, List<String> events) {
        db.endpoints.insert(new Endpoint("DEMO-EXPRESS", "https://carrier.example/hooks", events, enabled,
                "whsec_AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=", null, null, 0, null, db.clock.instant()));
    }

    private Decision decision(DecisionKind kind, DecisionStatus status, int sequence) {
        return new Decision(Decision.SPEC_VERSION, UUID.randomUUID(), kind, status, Track.CLEARANCE, true, sequence,
                null, declarationId, 1, null, null, new Correlation(null, "1234567890", null, null, null, null, null),
                new Decision.CustomsAuthority("DE", "DEMO-CUSTOMS", null), "26DE004851H7000417",
                Instant.parse("2026-11-25T09:41:07Z"), Instant.parse("2026-11-25T09:41:08Z"), null, List.of(),
                List.of(), status == DecisionStatus.DUTIES_PAYABLE
                ? List.of(new Decision.Tax(1, TaxType.VAT, "B00", Money.of("18.00", "EUR"), new java.math.BigDecimal("19.00"),
                        Money.of("3.42", "EUR"))) : List.of(),
                status == DecisionStatus.DUTIES_PAYABLE ? Money.of("3.42", "EUR") : null, null, null);
    }

    @Test
    void aRedeliveredDecisionKeepsItsOneEvent() throws Exception {
        shipment();
        webhook(true, List.of("customs.decision"));
        Decision d = decision(DecisionKind.DECISION, DecisionStatus.DUTIES_PAYABLE, 2);

        String first = publisher.publish(d).orElseThrow();
        String again = publisher.publish(d).orElseThrow();

        assertThat(again).isEqualTo(first);
        assertThat(first).matches("evt_[0-9a-f]{20}");
        assertThat(db.jdbc.sql("select count(*) from partner_event").query(Integer.class).single()).isEqualTo(1);
        PartnerEventStore.Event e = db.events.byDecision("DEMO-EXPRESS", d.decisionId().toString()).orElseThrow();
        assertThat(e.pushState()).isEqualTo("PENDING");
        assertThat(e.nextAttemptAt()).isEqualTo(db.clock.instant());
        assertThat(e.eventType()).isEqualTo("customs.decision");
        assertThat(e.sequence()).isEqualTo(2);
        assertThat(e.status()).isEqualTo("DUTIES_PAYABLE");
        JsonNode body = json.readTree(e.body());
        assertThat(body.get("eventId").asText()).isEqualTo(first);
        assertThat(body.get("partnerId").asText()).isEqualTo("DEMO-EXPRESS");
        assertThat(body.at("/decision/shipmentRef").asText()).isEqualTo("shp_0123456789abcdef");
        assertThat(body.at("/decision/shipmentId").asText()).isEqualTo("ACME-1");
        // item 1 is the line with the lowest lineNumber
        assertThat(body.at("/decision/taxes/0/lineNumber").asInt()).isEqualTo(10);
    }

    @Test
    void pushOnlyToAnEnabledWebhookSubscribedToTheEventType() {
        shipment();
        webhook(true, List.of("customs.decision"));
        Decision ack = decision(DecisionKind.ACKNOWLEDGEMENT, DecisionStatus.ACCEPTED, 1);
        publisher.publish(ack);
        PartnerEventStore.Event e = db.events.byDecision("DEMO-EXPRESS", ack.decisionId().toString()).orElseThrow();
        assertThat(e.eventType()).isEqualTo("customs.acknowledgement");
        assertThat(e.pushState()).as("not subscribed to acknowledgements").isEqualTo("NONE");

        db.jdbc.sql("update webhook_endpoint set enabled = false").update();
        Decision released = decision(DecisionKind.DECISION, DecisionStatus.RELEASED, 2);
        publisher.publish(released);
        assertThat(db.events.byDecision("DEMO-EXPRESS", released.decisionId().toString()).orElseThrow().pushState())
                .as("disabled endpoint: pull only").isEqualTo("NONE");
    }

    @Test
    void withoutAWebhookTheEventIsPullOnly() {
        shipment();
        Decision d = decision(DecisionKind.DECISION, DecisionStatus.RELEASED, 1);
        publisher.publish(d);
        assertThat(db.events.byDecision("DEMO-EXPRESS", d.decisionId().toString()).orElseThrow().pushState())
                .isEqualTo("NONE");
    }

    @Test
    void decisionsOfOtherDeclarationsPublishNothing() {
        assertThat(publisher.publish(decision(DecisionKind.DECISION, DecisionStatus.RELEASED, 1))).isEmpty();
        assertThat(db.jdbc.sql("select count(*) from partner_event").query(Integer.class).single()).isZero();
    }
}
