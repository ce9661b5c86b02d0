package org.clearway.mappings.express;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import org.clearway.mappings.canonical.CanonicalJson;
import org.clearway.mappings.canonical.Declaration;
import org.clearway.mappings.json.JsonFuzz;
import org.clearway.mappings.rates.MissingExchangeRateException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Property-based fuzzing of the express JSON reader (PARTNER-APIS §3.2): whatever a carrier sends,
 * the reader answers with field problems and never throws; and what it accepts maps to a canonical
 * declaration that the next stage can read back (the pipeline's contract: nothing accepted at the
 * edge dies later in a dead-letter queue). Seeds are fixed so a failure replays.
 */
class ExpressReaderProperties {
    private static final Logger LOG = LoggerFactory.getLogger(ExpressReaderProperties.class);
    private static final Map<String, AtomicInteger> COUNTS = new ConcurrentHashMap<>();
    private static final String[] SAMPLES = {"express-shipment-eu-ioss.json", "express-shipment-us-t86.json"};

    private final ExpressShipmentReader reader = new ExpressShipmentReader();

    @Provide
    Arbitrary<JsonFuzz.TreeMutation> mutations() {
        return JsonFuzz.treeMutations();
    }

    @Provide
    Arbitrary<JsonFuzz.ByteMutation> damage() {
        return JsonFuzz.byteMutations();
    }

    @Property(tries = 1500, seed = "1313")
    void acceptedShipmentsAreDeliverable(@ForAll("mutations") JsonFuzz.TreeMutation m, @ForAll boolean secondSample) {
        JsonNode sample = JsonFuzz.parse(ExpressSamples.text(SAMPLES[secondSample ? 1 : 0]));
        String text = JsonFuzz.write(JsonFuzz.apply(sample, m));
        ExpressShipmentReader.Result r = reader.readShipment(text);
        if (!r.valid()) {
            count("express-tree", "refused");
            assertThat(r.errors()).allSatisfy(e -> assertThat(e.code()).isNotBlank());
            return;
        }
        Declaration d;
        try {
            d = ExpressToCanonical.map(r.shipment(), ExpressSamples.context("EUR"));
        } catch (MissingExchangeRateException e) {
            count("express-tree", "accepted-no-rate");
            return;
        }
        // what the enrich stage does with it: read the canonical JSON back
        Declaration back = CanonicalJson.readDeclaration(CanonicalJson.write(d));
        assertThat(back.declarationId()).isEqualTo(d.declarationId());
        count("express-tree", "accepted");
    }

    @Property(tries = 1000, seed = "1314")
    void damagedBytesNeverThrow(@ForAll("damage") JsonFuzz.ByteMutation m) {
        byte[] bytes = JsonFuzz.apply(ExpressSamples.text(SAMPLES[0]), m);
        // the REST edge refuses invalid UTF-8 before the reader; the reader sees decoded text
        String text = new String(bytes, StandardCharsets.UTF_8);
        ExpressShipmentReader.Result r = reader.readShipment(text);
        count("express-bytes", r.valid() ? "accepted" : "refused");
        ExpressShipmentReader.BatchResult b = reader.readBatch("{\"shipments\":[" + text + "]}");
        assertThat(b.shipments().size() + b.errors().size()).isPositive();
    }

    /** The shapes measured from outside as accepted-then-dead-lettered or as 500s, each now a field error. */
    @net.jqwik.api.Example
    void measuredDefectsAreFieldErrors() {
        String sample = ExpressSamples.text(SAMPLES[0]);
        assertThat(codes(sample.replace("\"shipmentId\": \"ACME-SHP-20261124-000123\"", "\"shipmentId\": \"\"")))
                .contains("/shipmentId FORMAT");
        assertThat(codes(sample.replaceFirst("\"routing\": \\[[^]]*]", "\"routing\": [null, 7, \"DE\"]")))
                .contains("/route/routing/0 TYPE", "/route/routing/1 TYPE");
        assertThat(codes(sample.replaceFirst("\"pieces\": 1", "\"pieces\": 12345678901234567890123")))
                .containsExactly("/pieces FORMAT");
        assertThat(codes(sample.replace("\"city\": \"Berlin\"", "\"city\": \"\\u0000\"")))
                .contains("/receiver/address/city REQUIRED");
    }

    private java.util.List<String> codes(String json) {
        return reader.readShipment(json).errors().stream().map(e -> e.pointer() + " " + e.code()).toList();
    }

    static void count(String kind, String outcome) {
        COUNTS.computeIfAbsent(kind + " " + outcome, k -> new AtomicInteger()).incrementAndGet();
    }

    @AfterContainer
    static void report() {
        new java.util.TreeMap<>(COUNTS).forEach((k, v) -> LOG.info("fuzz express reader: {} = {}", k, v.get()));
    }
}
