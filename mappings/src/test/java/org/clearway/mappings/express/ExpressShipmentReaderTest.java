package org.clearway.mappings.express;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** Field-level validation of PARTNER-APIS §1.3, §1.4 and §2 on express shipments and batches. */
class ExpressShipmentReaderTest {

    private static final ObjectMapper JSON = new ObjectMapper()
            .setNodeFactory(JsonNodeFactory.withExactBigDecimals(true));
    private final ExpressShipmentReader reader = new ExpressShipmentReader();

    /** The EU IOSS sample with one change applied. */
    private static String euIoss(Consumer<ObjectNode> change) {
        try {
            ObjectNode root = (ObjectNode) JSON.readTree(ExpressSamples.text("express-shipment-eu-ioss.json"));
            change.accept(root);
            return JSON.writeValueAsString(root);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static ObjectNode line(ObjectNode root, int i) {
        return (ObjectNode) root.get("lineItems").get(i);
    }

    @Test
    void allExpressSamplesAreValid() {
        for (String name : new String[] {"express-shipment-eu-ioss.json", "express-shipment-us-t86.json"}) {
            ExpressShipmentReader.Result r = reader.readShipment(ExpressSamples.text(name));
            assertThat(r.errors()).as(name).isEmpty();
            assertThat(r.warnings()).as(name).isEmpty();
            assertThat(r.valid()).isTrue();
        }
        for (String name : new String[] {"express-batch.json", "express-batch-split-order.json"}) {
            ExpressShipmentReader.BatchResult b = reader.readBatch(ExpressSamples.text(name));
            assertThat(b.errors()).as(name).isEmpty();
            assertThat(b.shipments()).as(name).hasSize(2).allSatisfy(r -> assertThat(r.valid()).isTrue());
        }
    }

    @Test
    void exponentNotationIsAFormatErrorInShipmentsAndBatches() {
        String text = ExpressSamples.text("express-shipment-eu-ioss.json").replace("\"amount\": 18.00", "\"amount\": 1.8E1");
        assertThat(reader.readShipment(text).errors()).extracting(FieldProblem::pointer, FieldProblem::code)
                .contains(org.assertj.core.groups.Tuple.tuple("/lineItems/0/value/amount", "FORMAT"));
        String batch = ExpressSamples.text("express-batch.json");
        int second = batch.indexOf("\"pieces\": 1", batch.indexOf("\"pieces\": 1") + 1);
        String bad = batch.substring(0, second) + "\"pieces\": 1e0" + batch.substring(second + "\"pieces\": 1".length());
        ExpressShipmentReader.BatchResult b = reader.readBatch(bad);
        assertThat(b.shipments().get(0).errors()).isEmpty();
        assertThat(b.shipments().get(1).errors()).extracting(FieldProblem::pointer).contains("/shipments/1/pieces");
    }

    @Test
    void sampleFieldsAreMirrored() {
        ExpressShipment s = reader.readShipment(ExpressSamples.text("express-shipment-eu-ioss.json")).shipment();
        assertThat(s.houseWaybill()).isEqualTo("1234567890");
        assertThat(s.grossWeight()).isEqualTo(new ExpressShipment.Weight(new BigDecimal("0.85"), "KG"));
        assertThat(s.vat()).isEqualTo(new ExpressShipment.Vat("IOSS", "IM5280001234", null));
        assertThat(s.lineItems().get(0).unitPrice()).isEqualTo(
                new ExpressShipment.Amount(new BigDecimal("9.00"), "EUR"));
        assertThat(s.lineItems().get(1).hsCode()).isEqualTo("3926.90.97");
        assertThat(s.receiver().address().street()).isEqualTo("Sch\u00f6nhauser Allee");
        assertThat(s.platform().orderIds()).containsExactly("SV-2026-000981");
    }

    @Test
    void missingHouseWaybill() {
        ExpressShipmentReader.Result r = reader.readShipment(euIoss(n -> n.remove("houseWaybill")));
        assertThat(r.errors()).extracting(FieldProblem::pointer, FieldProblem::code)
                .containsExactly(tuple("/houseWaybill", "REQUIRED"));
        assertThat(r.valid()).isFalse();
    }

    @Test
    void negativeValue() {
        ExpressShipmentReader.Result r = reader.readShipment(euIoss(n ->
                ((ObjectNode) line(n, 0).get("value")).put("amount", new BigDecimal("-18.00"))));
        assertThat(r.errors()).extracting(FieldProblem::pointer, FieldProblem::code)
                .containsExactly(tuple("/lineItems/0/value/amount", "RANGE"));
    }

    @Test
    void zeroValueOnlyForGiftSampleDocumentsReturn() {
        String zero = euIoss(n -> ((ObjectNode) line(n, 0).get("value")).put("amount", BigDecimal.ZERO));
        assertThat(reader.readShipment(zero).errors()).extracting(FieldProblem::pointer, FieldProblem::code)
                .containsExactly(tuple("/lineItems/0/value/amount", "RANGE"));
        String gift = euIoss(n -> {
            n.put("shipmentType", "GIFT");
            ((ObjectNode) line(n, 0).get("value")).put("amount", BigDecimal.ZERO);
        });
        assertThat(reader.readShipment(gift).errors()).isEmpty();
    }

    @Test
    void unknownCurrency() {
        ExpressShipmentReader.Result r = reader.readShipment(euIoss(n ->
                ((ObjectNode) line(n, 1).get("value")).put("currency", "ZZZ")));
        assertThat(r.errors()).extracting(FieldProblem::pointer, FieldProblem::code)
                .containsExactly(tuple("/lineItems/1/value/currency", "UNKNOWN_CURRENCY"));
    }

    @Test
    void lowerCaseCodesAreFormatErrorsNotUpperCased() {
        ExpressShipmentReader.Result r = reader.readShipment(euIoss(n -> {
            ((ObjectNode) line(n, 1).get("value")).put("currency", "usd");
            ((ObjectNode) n.get("route")).put("destinationCountry", "de");
            ((ObjectNode) n.get("receiver").get("address")).put("country", "UK");
        }));
        assertThat(r.errors()).extracting(FieldProblem::pointer, FieldProblem::code).containsExactlyInAnyOrder(
                tuple("/lineItems/1/value/currency", "FORMAT"),
                tuple("/route/destinationCountry", "FORMAT"),
                tuple("/receiver/address/country", "UNKNOWN_COUNTRY"));
    }

    @Test
    void badIossNumber() {
        ExpressShipmentReader.Result r = reader.readShipment(euIoss(n ->
                ((ObjectNode) n.get("vat")).put("iossNumber", "IM52800012")));
        assertThat(r.errors()).extracting(FieldProblem::pointer, FieldProblem::code)
                .containsExactly(tuple("/vat/iossNumber", "IOSS_FORMAT"));
    }

    @Test
    void wrongTypesAreNeverCoerced() {
        ExpressShipmentReader.Result r = reader.readShipment(euIoss(n -> {
            n.put("pieces", "1");
            ((ObjectNode) line(n, 0).get("quantity")).put("value", "2");
        }));
        assertThat(r.errors()).extracting(FieldProblem::pointer, FieldProblem::code).containsExactly(
                tuple("/pieces", "TYPE"), tuple("/lineItems/0/quantity/value", "TYPE"));
    }

    @Test
    void allProblemsAreCollectedNotJustTheFirst() {
        ExpressShipmentReader.Result r = reader.readShipment(euIoss(n -> {
            n.remove("houseWaybill");
            n.put("masterAirWaybill", "176-12345676"); // wrong mod-7 check digit
            ((ObjectNode) n.get("grossWeight")).put("unit", "STONE");
            line(n, 1).put("hsCode", "3926AB");
            line(n, 0).put("netWeight", new BigDecimal("-0.1"));
            ((ObjectNode) n.get("shipper")).remove("company");
            ((ObjectNode) n.get("shipper")).remove("name");
            n.put("favouriteColour", "blue");
        }));
        assertThat(r.errors()).extracting(FieldProblem::pointer, FieldProblem::code).containsExactlyInAnyOrder(
                tuple("/houseWaybill", "REQUIRED"),
                tuple("/masterAirWaybill", "AWB_FORMAT"),
                tuple("/grossWeight/unit", "ENUM"),
                tuple("/lineItems/1/hsCode", "HS_FORMAT"),
                tuple("/lineItems/0/netWeight", "RANGE"),
                tuple("/shipper/name", "REQUIRED"));
        assertThat(r.warnings()).extracting(FieldProblem::pointer, FieldProblem::code)
                .containsExactly(tuple("/favouriteColour", "UNKNOWN_FIELD"));
    }

    @Test
    void unknownFieldsAreOnlyWarnings() {
        ExpressShipmentReader.Result r = reader.readShipment(euIoss(n -> line(n, 0).put("colour/size~", "blue")));
        assertThat(r.valid()).isTrue();
        // RFC 6901 escaping of '/' and '~'
        assertThat(r.warnings()).extracting(FieldProblem::pointer, FieldProblem::code)
                .containsExactly(tuple("/lineItems/0/colour~1size~0", "UNKNOWN_FIELD"));
    }

    @Test
    void limitsOfSection13() {
        ExpressShipmentReader.Result empty = reader.readShipment(euIoss(n -> n.putArray("lineItems")));
        assertThat(empty.errors()).extracting(FieldProblem::pointer, FieldProblem::code)
                .containsExactly(tuple("/lineItems", "MAX_ITEMS"));
        ExpressShipmentReader.Result longText = reader.readShipment(euIoss(n ->
                line(n, 0).put("description", "x".repeat(513))));
        assertThat(longText.errors()).extracting(FieldProblem::pointer, FieldProblem::code)
                .containsExactly(tuple("/lineItems/0/description", "MAX_LENGTH"));
        ExpressShipmentReader.Result digits = reader.readShipment(euIoss(n ->
                line(n, 0).put("netWeight", new BigDecimal("0.1234567"))));
        assertThat(digits.errors()).extracting(FieldProblem::pointer, FieldProblem::code)
                .containsExactly(tuple("/lineItems/0/netWeight", "FORMAT"));
        String deep = "[".repeat(40) + "]".repeat(40);
        assertThat(reader.readShipment(deep).errors()).extracting(FieldProblem::code)
                .containsExactly("nesting-too-deep");
    }

    @Test
    void malformedJsonIsOneBodyProblem() {
        ExpressShipmentReader.Result r = reader.readShipment("{\"houseWaybill\": \"1234567890\",");
        assertThat(r.shipment()).isNull();
        assertThat(r.errors()).extracting(FieldProblem::pointer, FieldProblem::code)
                .containsExactly(tuple("", "malformed-json"));
    }

    @Test
    void batchPointersAreUnderShipmentsIndex() throws Exception {
        ObjectNode batch = (ObjectNode) JSON.readTree(ExpressSamples.text("express-batch.json"));
        ((ObjectNode) batch.get("shipments").get(1).get("lineItems").get(0)).put("hsCode", "33AB99");
        ExpressShipmentReader.BatchResult r = reader.readBatch(JSON.writeValueAsString(batch));
        assertThat(r.errors()).isEmpty();
        assertThat(r.shipments().get(0).valid()).isTrue();
        assertThat(r.shipments().get(1).errors()).extracting(FieldProblem::pointer, FieldProblem::code)
                .containsExactly(tuple("/shipments/1/lineItems/0/hsCode", "HS_FORMAT"));
    }

    @Test
    void unusableBatches() throws Exception {
        assertThat(reader.readBatch("{\"items\": []}").errors()).extracting(FieldProblem::pointer, FieldProblem::code)
                .containsExactly(tuple("/shipments", "REQUIRED"));
        ObjectNode big = JSON.createObjectNode();
        ArrayNode arr = big.putArray("shipments");
        for (int i = 0; i < ExpressShipmentReader.MAX_BATCH + 1; i++) {
            arr.addObject();
        }
        ExpressShipmentReader.BatchResult r = reader.readBatch(JSON.writeValueAsString(big));
        assertThat(r.shipments()).isEmpty();
        assertThat(r.errors()).extracting(FieldProblem::code).containsExactly("batch-too-large");
    }
}
