package org.clearway.mappings.express;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.clearway.mappings.canonical.DataQuality;
import org.clearway.mappings.canonical.Declaration;
import org.clearway.mappings.canonical.FlagCode;
import org.clearway.mappings.canonical.MinorUnits;
import org.clearway.mappings.canonical.RateSource;
import org.clearway.mappings.rates.ExchangeRateTable;
import org.junit.jupiter.api.Test;

/**
 * Express amounts written without their minor digits ({@code 24.0}, {@code 18}) are signed with
 * exactly the currency's digits, converted ones and {@code originalValue} included (CANONICAL-MODEL
 * §4, §5.5); amounts with more digits than the currency has are refused at the edge; line breaks in
 * any express text field become a space and are flagged (§4 Text).
 */
class ExpressMoneyAndTextTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The EU IOSS sample with every amount as its shortest number and the USD line re-priced in {@code cur}. */
    private static String unscaled(String secondLineCurrency, String secondLineAmount) throws Exception {
        ObjectNode root = (ObjectNode) JSON.readTree(ExpressSamples.text("express-shipment-eu-ioss.json"));
        strip(root);
        ObjectNode second = (ObjectNode) root.get("lineItems").get(1).get("value");
        second.put("currency", secondLineCurrency).put("amount", new BigDecimal(secondLineAmount));
        return JSON.writeValueAsString(root);
    }

    private static void strip(JsonNode n) {
        if (n instanceof ObjectNode o && o.path("amount").isNumber()) {
            o.put("amount", o.get("amount").decimalValue().stripTrailingZeros());
        }
        n.forEach(ExpressMoneyAndTextTest::strip);
    }

    private static ExpressMappingContext context() {
        LocalDate d = LocalDate.of(2026, 11, 20);
        return ExpressSamples.context("EUR", ExchangeRateTable.of(Map.of(
                "CNY/EUR", new ExchangeRateTable.Rate(new BigDecimal("0.13"), RateSource.ECB, d),
                "USD/EUR", new ExchangeRateTable.Rate(ExpressSamples.USD_EUR, RateSource.ECB, d))));
    }

    @Test
    void unscaledAmountsAreSignedWithTheCurrencysMinorDigits() throws Exception {
        String json = unscaled("CNY", "120.0");
        assertThat(json).contains("\"amount\":18,").contains("\"amount\":120.0");
        ExpressShipmentReader.Result r = new ExpressShipmentReader().readShipment(json);
        assertThat(r.errors()).isEmpty();
        Declaration d = ExpressToCanonical.map(r.shipment(), context());

        List<String> money = MinorUnits.assertEveryMoneyScaled(d);
        assertThat(money).contains("/items/0/value 18.00 EUR", "/items/0/unitPrice 9.00 EUR",
                "/items/1/originalValue 120.00 CNY", "/items/1/value 15.60 EUR",
                "/consignment/intrinsicValue 33.60 EUR");
    }

    @Test
    void zeroDigitCurrencyKeepsNoFractionAndThreeDigitCurrencyGetsThree() throws Exception {
        LocalDate d = LocalDate.of(2026, 11, 20);
        ExpressMappingContext ctx = ExpressSamples.context("EUR", ExchangeRateTable.of(Map.of(
                "JPY/EUR", new ExchangeRateTable.Rate(new BigDecimal("0.006123"), RateSource.ECB, d),
                "KWD/EUR", new ExchangeRateTable.Rate(new BigDecimal("2.8125"), RateSource.ECB, d))));
        for (String[] c : new String[][] {{"JPY", "3250.0", "3250"}, {"KWD", "6.2", "6.200"}}) {
            ExpressShipmentReader.Result r = new ExpressShipmentReader().readShipment(unscaled(c[0], c[1]));
            assertThat(r.errors()).isEmpty();
            Declaration decl = ExpressToCanonical.map(r.shipment(), ctx);
            assertThat(MinorUnits.assertEveryMoneyScaled(decl)).contains("/items/1/originalValue " + c[2] + " " + c[0]);
        }
    }

    @Test
    void moreDigitsThanTheCurrencyHasIsAFormatErrorAtTheEdge() throws Exception {
        for (String[] c : new String[][] {{"EUR", "19.999"}, {"JPY", "3250.5"}, {"KWD", "6.2005"}}) {
            ExpressShipmentReader.Result r = new ExpressShipmentReader().readShipment(unscaled(c[0], c[1]));
            assertThat(r.errors()).as(c[0]).extracting(FieldProblem::pointer, FieldProblem::code)
                    .contains(org.assertj.core.groups.Tuple.tuple("/lineItems/1/value/amount", "FORMAT"));
        }
    }

    @Test
    void lineBreaksInAnyExpressTextFieldBecomeASpaceAndAreFlagged() throws Exception {
        ObjectNode root = (ObjectNode) JSON.readTree(ExpressSamples.text("express-shipment-eu-ioss.json"));
        ((ObjectNode) root.get("lineItems").get(0)).put("description", "Cotton T-shirt,\r\nprinted");
        ((ObjectNode) root.get("receiver").get("address")).put("postcode", "10119\n");
        ((ObjectNode) root.get("receiver").get("address")).put("city", "Ber\tlin");
        ExpressShipmentReader.Result r = new ExpressShipmentReader().readShipment(JSON.writeValueAsString(root));
        assertThat(r.errors()).isEmpty();
        Declaration d = ExpressToCanonical.map(r.shipment(), ExpressSamples.context("EUR"));

        assertThat(d.items().get(0).description()).isEqualTo("Cotton T-shirt, printed");
        assertThat(d.parties()).anySatisfy(p -> {
            assertThat(p.address().postcode()).isEqualTo("10119");
            assertThat(p.address().city()).isEqualTo("Ber lin");
        });
        List<String> normalised = d.dataQuality().flags().stream()
                .filter(f -> f.code() == FlagCode.TEXT_NORMALISED).map(DataQuality.Flag::path).toList();
        assertThat(normalised).contains("/items/0/description").anyMatch(p -> p.endsWith("/address/postcode"))
                .anyMatch(p -> p.endsWith("/address/city"));
        assertThat(new String(org.clearway.mappings.canonical.CanonicalJson.write(d))).doesNotContain("\\n", "\\r",
                "\\t");
    }
}
