package org.clearway.mappings.express;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.clearway.mappings.canonical.CanonicalJson;
import org.clearway.mappings.canonical.Decision;
import org.clearway.mappings.canonical.DecisionKind;
import org.clearway.mappings.canonical.DecisionStatus;
import org.clearway.mappings.canonical.Declaration;
import org.clearway.mappings.canonical.Money;
import org.clearway.mappings.canonical.PartyRole;
import org.clearway.mappings.canonical.RequestType;
import org.clearway.mappings.canonical.TaxType;
import org.junit.jupiter.api.Test;

/**
 * The express decision event (PARTNER-APIS §5.1) must be the sample webhook body member for member,
 * with tax lines and request pointers in the carrier's own terms (lineNumber, lineItems index).
 */
class DecisionEventsTest {
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    private static final DecisionEvents.Envelope ENVELOPE = new DecisionEvents.Envelope("evt_0193f2d0127c7e5a9b41",
            Instant.parse("2026-11-25T09:41:08.530Z"), "DEMO-EXPRESS");

    @Test
    void rendersTheDutiesPayableSampleOfTheSpec() {
        Decision decision = CanonicalJson.readDecision(resource("/canonical/decision-example.json"));
        DecisionEvents.Shipment shipment = DecisionEvents.Shipment.fromSubmission("shp_0193f1c1d2e84b7f",
                tree(ExpressSamples.bytes("express-shipment-eu-ioss.json")));

        byte[] event = DecisionEvents.write(decision, ENVELOPE, shipment);

        JsonNode expected = tree(ExpressSamples.bytes("decision-webhook-duties-payable.json"));
        JsonNode actual = tree(event);
        assertThat(actual).isEqualTo(expected);
        // same member order and number text (19.00 stays 19.00), not only the same tree
        assertThat(compact(actual)).isEqualTo(compact(expected));
        assertThat(new String(event, java.nio.charset.StandardCharsets.UTF_8))
                .contains("\"rate\":19.00", "\"amount\":3.80");
    }

    @Test
    void shipmentKeysFollowTheItemOrderOfExpressToCanonical() {
        JsonNode submission = tree(ExpressSamples.bytes("express-shipment-eu-ioss.json"));
        ObjectNode reordered = submission.deepCopy();
        // lines sent as [lineNumber 7, lineNumber 3]: item 1 is line 3 at index 1
        ((ObjectNode) reordered.get("lineItems").get(0)).put("lineNumber", 7);
        ((ObjectNode) reordered.get("lineItems").get(1)).put("lineNumber", 3);
        ExpressShipmentReader.Result read = new ExpressShipmentReader().readShipment(reordered.toString());
        assertThat(read.valid()).as("%s", read.errors()).isTrue();
        Declaration declaration = ExpressToCanonical.map(read.shipment(), ExpressSamples.context("EUR"));

        DecisionEvents.Shipment keys = DecisionEvents.Shipment.fromSubmission("shp_1", reordered);

        assertThat(keys.lineNumberBySequence()).containsEntry(1, 3).containsEntry(2, 7).hasSize(2);
        assertThat(keys.lineIndexByLineNumber()).containsEntry(3, 1).containsEntry(7, 0);
        assertThat(declaration.items().get(0).description())
                .isEqualTo(reordered.at("/lineItems/1/description").asText());
        assertThat(keys.partyMembers()).containsExactly("/shipper", "/receiver");
        assertThat(declaration.parties()).extracting(p -> p.role())
                .containsExactly(PartyRole.CONSIGNOR, PartyRole.CONSIGNEE, PartyRole.CARRIER);
        assertThat(DecisionEvents.partnerPointer("/items/0/description", keys)).hasValue("/lineItems/1/description");
        assertThat(DecisionEvents.partnerPointer("/items/1/value/amount", keys)).hasValue("/lineItems/0/value/amount");
    }

    @Test
    void requestFieldsPointIntoTheCarriersSubmission() {
        DecisionEvents.Shipment keys = DecisionEvents.Shipment.fromSubmission("shp_1",
                tree(ExpressSamples.bytes("express-shipment-eu-ioss.json")));
        Decision rfi = decision(DecisionKind.DECISION, DecisionStatus.REQUEST_FOR_INFORMATION,
                List.of(new Decision.Request(RequestType.INFORMATION, List.of("/items/0/description",
                        "/items/1/hsCode/value", "/items/1/originalValue", "/parties/0/name",
                        "/parties/1/address/line1", "/parties/1/contact/phone", "/parties/2/name",
                        "/payment/method", "/consignment/totalGrossMassKg", "/consignment/route/countryOfDispatch",
                        "/items/5/description"),
                        "Describe goods precisely", Instant.parse("2026-11-24T11:00:00Z"), "RFI-7Q2M4K")),
                List.of());

        JsonNode request = tree(DecisionEvents.write(rfi, ENVELOPE, keys)).at("/decision/requests/0");

        List<String> fields = JSON.convertValue(request.get("fields"), JSON.getTypeFactory()
                .constructCollectionType(List.class, String.class));
        // the CARRIER party, platform payment data and an unknown item are not in the submission: left out
        assertThat(fields).containsExactly("/lineItems/0/description", "/lineItems/1/hsCode", "/lineItems/1/value",
                "/shipper/company", "/receiver/address/street", "/receiver/phone", "/grossWeight",
                "/route/originCountry");
        for (String f : fields) {
            assertThat(tree(ExpressSamples.bytes("express-shipment-eu-ioss.json")).at(f).isMissingNode())
                    .as("pointer %s resolves in the submission", f).isFalse();
        }
        assertThat(request.get("type").asText()).isEqualTo("INFORMATION");
        assertThat(request.get("dueBy").asText()).isEqualTo("2026-11-24T11:00:00.000Z");
        assertThat(request.get("referralRef").asText()).isEqualTo("RFI-7Q2M4K");
    }

    @Test
    void anAcknowledgementIsItsOwnEventTypeAndOmitsAbsentMembers() {
        DecisionEvents.Shipment keys = DecisionEvents.Shipment.fromSubmission("shp_1",
                tree(ExpressSamples.bytes("express-shipment-eu-ioss.json")));
        Decision ack = decision(DecisionKind.ACKNOWLEDGEMENT, DecisionStatus.ACCEPTED, List.of(), List.of());

        JsonNode event = tree(DecisionEvents.write(ack, ENVELOPE, keys));

        assertThat(event.get("eventType").asText()).isEqualTo("customs.acknowledgement");
        assertThat(DecisionEvents.eventType(ack)).isEqualTo(DecisionEvents.ACKNOWLEDGEMENT);
        JsonNode d = event.get("decision");
        assertThat(d.get("status").asText()).isEqualTo("ACCEPTED");
        assertThat(d.has("supersedes")).isFalse();
        assertThat(d.has("taxes")).isFalse();
        assertThat(d.has("requests")).isFalse();
        assertThat(d.has("reason")).isFalse();
        assertThat(d.has("s10ItemId")).isFalse();
        assertThat(d.get("shipmentRef").asText()).isEqualTo("shp_1");
        assertThat(d.get("houseWaybill").asText()).isEqualTo("1234567890");
    }

    @Test
    void aConsignmentLevelTaxHasNoLineNumber() {
        DecisionEvents.Shipment keys = DecisionEvents.Shipment.fromSubmission("shp_1",
                tree(ExpressSamples.bytes("express-shipment-eu-ioss.json")));
        Decision d = decision(DecisionKind.DECISION, DecisionStatus.DUTIES_PAYABLE, List.of(), List.of(
                new Decision.Tax(null, TaxType.FEE, null, null, null, Money.of("5.00", "EUR")),
                new Decision.Tax(2, TaxType.DUTY, "A00", Money.of("20.00", "EUR"), new java.math.BigDecimal("2.7"),
                        Money.of("0.54", "EUR"))));

        JsonNode taxes = tree(DecisionEvents.write(d, ENVELOPE, keys)).at("/decision/taxes");

        assertThat(taxes).hasSize(2);
        assertThat(taxes.get(0).has("lineNumber")).isFalse();
        assertThat(taxes.get(0).get("type").asText()).isEqualTo("FEE");
        assertThat(taxes.get(1).get("lineNumber").asInt()).isEqualTo(2);
        assertThat(taxes.get(1).get("rate").decimalValue()).isEqualByComparingTo("2.7");
        assertThat(taxes.get(1).get("amount").get("amount").isNumber()).isTrue();
    }

    private static Decision decision(DecisionKind kind, DecisionStatus status, List<Decision.Request> requests,
                                     List<Decision.Tax> taxes) {
        Decision base = CanonicalJson.readDecision(resource("/canonical/decision-example.json"));
        return new Decision(Decision.SPEC_VERSION, UUID.randomUUID(), kind, status, base.track(), false, 1, null,
                base.declarationId(), 1, null, null, base.correlation(), base.customsAuthority(), null,
                base.decidedAt(), base.receivedAt(), null, requests, List.of(), taxes,
                taxes.isEmpty() ? null : Money.of("5.54", "EUR"), null, null);
    }

    private static JsonNode tree(byte[] json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String compact(JsonNode node) {
        try {
            return JSON.writeValueAsString(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] resource(String name) {
        try (InputStream in = DecisionEventsTest.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalArgumentException("missing test resource " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
