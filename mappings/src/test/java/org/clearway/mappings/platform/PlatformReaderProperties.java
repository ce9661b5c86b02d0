package org.clearway.mappings.platform;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import org.clearway.mappings.fusion.PlatformOrderAdapter;
import org.clearway.mappings.json.JsonFuzz;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Property-based fuzzing of the platform readers (PARTNER-APIS §6): a mutated order line, a
 * damaged NDJSON upload or a damaged CSV upload yields per-line results and never an exception,
 * and every order the reader accepts converts to the order data the fusion uses.
 */
class PlatformReaderProperties {
    private static final Logger LOG = LoggerFactory.getLogger(PlatformReaderProperties.class);
    private static final Map<String, AtomicInteger> COUNTS = new ConcurrentHashMap<>();

    private final PlatformOrderReader reader = new PlatformOrderReader();

    @Provide
    Arbitrary<JsonFuzz.TreeMutation> mutations() {
        return JsonFuzz.treeMutations();
    }

    @Provide
    Arbitrary<JsonFuzz.ByteMutation> damage() {
        return JsonFuzz.byteMutations();
    }

    private static String firstLine() {
        return new String(PlatformSamples.bytes("platform-orders.ndjson"), StandardCharsets.UTF_8).split("\n")[0];
    }

    @Property(tries = 1000, seed = "1316")
    void acceptedOrdersConvert(@ForAll("mutations") JsonFuzz.TreeMutation m) {
        JsonNode order = JsonFuzz.apply(JsonFuzz.parse(firstLine()), m);
        PlatformOrderReader.Result r = reader.read(JsonFuzz.write(order));
        if (!r.valid()) {
            count("order-json refused");
            assertThat(r.problem()).isNotBlank();
            return;
        }
        assertThat(PlatformOrderAdapter.toOrderData(r.order(), "DEMO-PLATFORM")).isNotNull();
        count("order-json accepted");
    }

    @Property(tries = 500, seed = "1317")
    void damagedNdjsonNeverThrows(@ForAll("damage") JsonFuzz.ByteMutation m) throws Exception {
        byte[] upload = JsonFuzz.apply(new String(PlatformSamples.bytes("platform-orders.ndjson"), StandardCharsets.UTF_8), m);
        List<OrderResult> results = new ArrayList<>();
        new NdjsonOrderReader(1 << 20).read(new ByteArrayInputStream(upload), results::add);
        results.forEach(r -> {
            count("ndjson " + (r.order() != null && r.errors().isEmpty() ? "accepted" : "refused"));
            if (r.order() != null && r.errors().isEmpty()) {
                assertThat(PlatformOrderAdapter.toOrderData(r.order(), "DEMO-PLATFORM")).isNotNull();
            }
        });
    }

    @Property(tries = 500, seed = "1318")
    void damagedCsvNeverThrows(@ForAll("damage") JsonFuzz.ByteMutation m) throws Exception {
        byte[] upload = JsonFuzz.apply(new String(PlatformSamples.bytes("platform-orders.csv"), StandardCharsets.UTF_8), m);
        Path spill = Files.createTempDirectory("csv-fuzz");
        List<OrderResult> results = new ArrayList<>();
        try {
            new CsvOrderReader(1 << 20, 10_000, spill).read(new ByteArrayInputStream(upload), results::add);
        } catch (CsvOrderReader.HeaderException e) {
            count("csv header-refused");
            assertThat(e.problems()).isNotEmpty();
            return;
        }
        results.forEach(r -> {
            count("csv " + (r.order() != null && r.errors().isEmpty() ? "accepted" : "refused"));
            if (r.order() != null && r.errors().isEmpty()) {
                assertThat(PlatformOrderAdapter.toOrderData(r.order(), "DEMO-PLATFORM")).isNotNull();
            }
        });
    }

    private static void count(String outcome) {
        COUNTS.computeIfAbsent(outcome, k -> new AtomicInteger()).incrementAndGet();
    }

    @AfterContainer
    static void report() {
        new java.util.TreeMap<>(COUNTS).forEach((k, v) -> LOG.info("fuzz platform readers: {} = {}", k, v.get()));
    }
}
