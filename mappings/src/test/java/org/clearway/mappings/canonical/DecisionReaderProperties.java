package org.clearway.mappings.canonical;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import org.clearway.mappings.json.JsonFuzz;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Property-based fuzzing of the decision submission reader (CANONICAL-MODEL §6.4): a mutated
 * submission gets problems with pointers, never an exception; an accepted one becomes a decision
 * that serialises canonically (JCS, what is signed) and reads back. A lone surrogate in
 * {@code reason.text} used to pass the reader and fail in {@code Jcs.string}.
 */
class DecisionReaderProperties {
    private static final Logger LOG = LoggerFactory.getLogger(DecisionReaderProperties.class);
    private static final Map<String, AtomicInteger> COUNTS = new ConcurrentHashMap<>();

    /** The correlation the gateway echoes (taken from the declaration, as DecisionService does). */
    private static final Correlation ECHO = CanonicalJson.readDecision(TestFiles.resource("decision-example.json")).correlation();

    @Provide
    Arbitrary<JsonFuzz.TreeMutation> mutations() {
        return JsonFuzz.treeMutations();
    }

    @Provide
    Arbitrary<JsonFuzz.ByteMutation> damage() {
        return JsonFuzz.byteMutations();
    }

    private static String sample() {
        return new String(TestFiles.resource("submission-duties-payable.json"), StandardCharsets.UTF_8);
    }

    @Property(tries = 1000, seed = "1319")
    void acceptedSubmissionsBecomeSignableDecisions(@ForAll("mutations") JsonFuzz.TreeMutation m) {
        JsonNode tree = JsonFuzz.apply(JsonFuzz.parse(sample()), m);
        SubmissionResult r = DecisionSubmissions.parseJson(JsonFuzz.write(tree).getBytes(StandardCharsets.UTF_8));
        if (!r.isValid()) {
            count("decision-json refused");
            assertThat(r.problems()).isNotEmpty();
            return;
        }
        DecisionSubmission s = r.submission();
        UUID declarationId = s.declarationId() != null ? s.declarationId() : UUID.randomUUID();
        Decision d = s.toDecision(Ids.uuidV7(), 1, Instant.parse("2026-11-25T09:41:08.214Z"), declarationId,
                s.declarationRevision() == null ? 1 : s.declarationRevision(), ECHO, "DEMO-CUSTOMS");
        Decision back = CanonicalJson.readDecision(CanonicalJson.write(d));
        assertThat(back.decisionId()).isEqualTo(d.decisionId());
        count("decision-json accepted");
    }

    @net.jqwik.api.Example
    void loneSurrogateInReasonTextIsAProblemNotACrash() {
        String json = sample().replace("\"text\": \"IOSS number", "\"text\": \"\\uD800IOSS number");
        SubmissionResult r = DecisionSubmissions.parseJson(json.getBytes(StandardCharsets.UTF_8));
        assertThat(r.isValid()).isFalse();
        assertThat(r.problems()).extracting(Problem::pointer).contains("/reason/text");
    }

    @Property(tries = 500, seed = "1320")
    void damagedBytesNeverThrow(@ForAll("damage") JsonFuzz.ByteMutation m) {
        SubmissionResult r = DecisionSubmissions.parseJson(JsonFuzz.apply(sample(), m));
        count("decision-bytes " + (r.isValid() ? "accepted" : "refused"));
    }

    private static void count(String outcome) {
        COUNTS.computeIfAbsent(outcome, k -> new AtomicInteger()).incrementAndGet();
    }

    @AfterContainer
    static void report() {
        new java.util.TreeMap<>(COUNTS).forEach((k, v) -> LOG.info("fuzz decision reader: {} = {}", k, v.get()));
    }
}
