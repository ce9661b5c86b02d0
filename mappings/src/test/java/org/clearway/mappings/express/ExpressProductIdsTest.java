package org.clearway.mappings.express;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import org.clearway.mappings.canonical.CanonicalJson;
import org.clearway.mappings.canonical.Declaration;
import org.junit.jupiter.api.Test;

/** Product identifiers on express line items (issue 15): carried into the canonical item, bad GTINs refused. */
class ExpressProductIdsTest {

    private static final ObjectMapper JSON = new ObjectMapper().setNodeFactory(JsonNodeFactory.withExactBigDecimals(true));
    private final ExpressShipmentReader reader = new ExpressShipmentReader();

    private static String withIds(String mpn, String gtin) throws Exception {
        ObjectNode root = (ObjectNode) JSON.readTree(ExpressSamples.text("express-shipment-eu-ioss.json"));
        ObjectNode line = (ObjectNode) root.get("lineItems").get(0);
        line.put("manufacturerProductId", mpn);
        line.put("gtin", gtin);
        return JSON.writeValueAsString(root);
    }

    @Test
    void identifiersReachTheCanonicalItem() throws Exception {
        ExpressShipmentReader.Result r = reader.readShipment(withIds("MPN-TS-100", "4006381333931"));
        assertThat(r.errors()).isEmpty();
        assertThat(r.warnings()).isEmpty();
        Declaration d = ExpressToCanonical.map(r.shipment(), ExpressSamples.context("EUR"));
        assertThat(d.items().get(0).manufacturerProductId()).isEqualTo("MPN-TS-100");
        assertThat(d.items().get(0).gtin()).isEqualTo("4006381333931");
        assertThat(d.items().get(1).gtin()).isNull();
        assertThat(d.specVersion()).isEqualTo("1.1");
        assertThat(new String(CanonicalJson.write(d), StandardCharsets.UTF_8)).contains("\"gtin\":\"4006381333931\"");
    }

    @Test
    void withoutIdentifiersTheDeclarationStays10() throws Exception {
        ExpressShipmentReader.Result r = reader.readShipment(ExpressSamples.text("express-shipment-eu-ioss.json"));
        assertThat(ExpressToCanonical.map(r.shipment(), ExpressSamples.context("EUR")).specVersion()).isEqualTo("1.0");
    }

    @Test
    void badGtinsAreFieldErrors() throws Exception {
        assertThat(reader.readShipment(withIds("M", "4006381333932")).errors())
                .extracting(FieldProblem::pointer, FieldProblem::code, FieldProblem::detail)
                .containsExactly(tuple("/lineItems/0/gtin", "FORMAT",
                        "not a GTIN (8, 12, 13 or 14 digits with a GS1 check digit): check digit 2 should be 1"));
        assertThat(reader.readShipment(withIds("M", "40063813339")).errors()).extracting(FieldProblem::pointer)
                .containsExactly("/lineItems/0/gtin");
        assertThat(reader.readShipment(withIds("M", "4006-38133393")).errors()).extracting(FieldProblem::pointer)
                .containsExactly("/lineItems/0/gtin");
        assertThat(reader.readShipment(withIds("M".repeat(71), "4006381333931")).errors())
                .extracting(FieldProblem::pointer).containsExactly("/lineItems/0/manufacturerProductId");
    }
}
