package org.clearway.mappings.canonical;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Decision submissions come from customs backends (CANONICAL-MODEL §6.4): both spec examples must
 * parse, and every invalid submission must yield all its problems with JSON Pointers (for 422).
 */
class DecisionSubmissionsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void parsesSpecJsonExample() {
        SubmissionResult r = DecisionSubmissions.parseJson(TestFiles.resource("submission-duties-payable.json"));
        assertThat(r.problems()).isEmpty();
        DecisionSubmission s = r.submission();
        assertThat(s.declarationId()).isEqualTo(UUID.fromString("0193f1c2-7a4e-7c3b-9d2e-5b1a0c9e4f21"));
        assertThat(s.declarationRevision()).isEqualTo(1);
        assertThat(s.gatewayMessageId()).isNull();
        assertThat(s.correlation()).isNull();
        assertThat(s.kind()).isEqualTo(DecisionKind.DECISION);
        assertThat(s.status()).isEqualTo(DecisionStatus.DUTIES_PAYABLE);
        assertThat(s.isFinal()).isTrue();
        assertThat(s.customsAuthority()).isEqualTo(new Decision.CustomsAuthority("DE", null, "DE004851"));
        assertThat(s.decidedAt()).isEqualTo(Instant.parse("2026-11-25T09:41:07Z"));
        assertThat(s.taxes()).hasSize(2);
        assertThat(s.totalPayable()).isEqualTo(Money.of("7.94", "EUR"));
        assertThat(s.backendDecisionRef()).isEqualTo("DEMO-CUSTOMS-D-0000417-2");
    }

    @Test
    void parsesSpecXmlExample() {
        SubmissionResult r = DecisionSubmissions.parseXml(TestFiles.resource("submission-ack-s10.xml"));
        assertThat(r.problems()).isEmpty();
        DecisionSubmission s = r.submission();
        assertThat(s.correlation().s10ItemId()).isEqualTo("CP473124829GB");
        assertThat(s.declarationId()).isNull();
        assertThat(s.kind()).isEqualTo(DecisionKind.ACKNOWLEDGEMENT);
        assertThat(s.status()).isEqualTo(DecisionStatus.ACCEPTED);
        assertThat(s.track()).isEqualTo(Track.CLEARANCE);
        assertThat(s.isFinal()).isFalse();
        assertThat(s.customsReference()).isEqualTo("26DE004850H7000012");
        assertThat(s.customsAuthority().backendId()).isNull();
    }

    @Test
    void jsonAndXmlFormsOfTheSameSubmissionAreEqual() {
        String xml = "<decisionSubmission xmlns=\"urn:clearway:customs-decision-submission:1\">"
                + "<backendDecisionRef>DEMO-CUSTOMS-D-0000417-2</backendDecisionRef>"
                + "<customsAuthority><country>DE</country><officeRef>DE004851</officeRef></customsAuthority>"
                + "<customsReference>26DE004851H7000417</customsReference>"
                + "<decidedAt>2026-11-25T09:41:07.000Z</decidedAt>"
                + "<declarationId>0193f1c2-7a4e-7c3b-9d2e-5b1a0c9e4f21</declarationId>"
                + "<declarationRevision>1</declarationRevision><final>true</final><kind>DECISION</kind>"
                + "<payBy>2026-12-09</payBy><paymentReference>DEMO-CUSTOMS-0000417</paymentReference>"
                + "<reason><code>IOSS_NOT_APPLICABLE</code><text>IOSS number not valid for this consignment; import VAT due</text></reason>"
                + "<schema>urn:clearway:customs-decision-submission:1</schema><specVersion>1.0</specVersion>"
                + "<status>DUTIES_PAYABLE</status><supersedes>0193f2c9-0b77-7c10-9a55-1e2f3a4b5c6d</supersedes>"
                + "<taxes><tax><amount><amount>4.14</amount><currency>EUR</currency></amount>"
                + "<base><amount>21.79</amount><currency>EUR</currency></base><itemSequence>1</itemSequence>"
                + "<nationalCode>B00</nationalCode><rate>19.00</rate><type>VAT</type></tax>"
                + "<tax><amount><amount>3.80</amount><currency>EUR</currency></amount>"
                + "<base><amount>20.00</amount><currency>EUR</currency></base><itemSequence>2</itemSequence>"
                + "<nationalCode>B00</nationalCode><rate>19.00</rate><type>VAT</type></tax></taxes>"
                + "<totalPayable><amount>7.94</amount><currency>EUR</currency></totalPayable>"
                + "<track>CLEARANCE</track></decisionSubmission>";
        SubmissionResult fromXml = DecisionSubmissions.parseXml(xml.getBytes(StandardCharsets.UTF_8));
        assertThat(fromXml.problems()).isEmpty();
        assertThat(fromXml.submission())
                .isEqualTo(DecisionSubmissions.parseJson(TestFiles.resource("submission-duties-payable.json")).submission());
    }

    @Test
    void submissionBehindTheSpecDecisionBuildsThatDecision() {
        // §6.4: the JSON submission example is "the submission behind the Decision example of §9.1"
        Decision expected = CanonicalJson.readDecision(TestFiles.resource("decision-example.json"));
        DecisionSubmission s = DecisionSubmissions.parseJson(TestFiles.resource("submission-duties-payable.json")).submission();
        Decision built = s.toDecision(expected.decisionId(), 2, Instant.parse("2026-11-25T09:41:08.214Z"),
                s.declarationId(), s.declarationRevision(), expected.correlation(), "DEMO-CUSTOMS");
        assertThat(built).isEqualTo(expected);
        assertThat(TestFiles.sha256(CanonicalJson.write(built)))
                .isEqualTo("83dcd9e6b845693f6902d0fe70fdf70ec4177229cd322b107ac5e70d0d3f4d1b");
    }

    @Test
    void convertsOffsetTimestampsToUtc() {
        SubmissionResult r = DecisionSubmissions.parseJson(modified(o -> o.put("decidedAt", "2026-11-25T10:41:07.1234+01:00")));
        assertThat(r.submission().decidedAt()).isEqualTo(Instant.parse("2026-11-25T09:41:07.123Z"));
    }

    static Stream<Arguments> invalidSubmissions() {
        return Stream.of(
                Arguments.of("missing status", (Consumer<ObjectNode>) o -> o.remove("status"), "/status", "required"),
                Arguments.of("unknown status", (Consumer<ObjectNode>) o -> o.put("status", "APPROVED"), "/status", "unknown DecisionStatus"),
                Arguments.of("timestamp without offset", (Consumer<ObjectNode>) o -> o.put("decidedAt", "2026-11-25T09:41:07"), "/decidedAt", "timestamp"),
                Arguments.of("impossible date", (Consumer<ObjectNode>) o -> o.put("payBy", "2026-02-30"), "/payBy", "date"),
                Arguments.of("two references", (Consumer<ObjectNode>) o -> o.put("gatewayMessageId", "0193f1c2-8b10-7d44-a1f3-2c6e9d0b7a55"), "", "exactly one reference"),
                Arguments.of("no reference", (Consumer<ObjectNode>) o -> { o.remove("declarationId"); o.remove("declarationRevision"); }, "", "exactly one reference"),
                Arguments.of("revision without declarationId", (Consumer<ObjectNode>) o -> { o.remove("declarationId"); o.putObject("correlation").put("lrn", "XB9D2E5B1A0C9E4F21"); }, "/declarationRevision", "declarationId"),
                Arguments.of("duties payable without total", (Consumer<ObjectNode>) o -> o.remove("totalPayable"), "/totalPayable", "DUTIES_PAYABLE"),
                Arguments.of("total not the sum of taxes", (Consumer<ObjectNode>) o -> ((ObjectNode) o.get("totalPayable")).put("amount", "7.95"), "/totalPayable", "add up"),
                Arguments.of("gateway-assigned decisionId", (Consumer<ObjectNode>) o -> o.put("decisionId", "0193f2d0-11aa-7b2c-8e01-3f4a5b6c7d8e"), "/decisionId", "assigned by the gateway"),
                Arguments.of("acknowledgement with decision status", (Consumer<ObjectNode>) o -> o.put("kind", "ACKNOWLEDGEMENT"), "/status", "kind"),
                Arguments.of("status on wrong track", (Consumer<ObjectNode>) o -> o.put("track", "SECURITY"), "/track", "track"),
                Arguments.of("final as string", (Consumer<ObjectNode>) o -> o.put("final", "true"), "/final", "boolean"),
                Arguments.of("null member", (Consumer<ObjectNode>) o -> o.putNull("payBy"), "/payBy", "null"),
                Arguments.of("amount as JSON number", (Consumer<ObjectNode>) o -> ((ObjectNode) o.get("taxes").get(1).get("amount")).put("amount", 3.80), "/taxes/1/amount/amount", "string"),
                Arguments.of("bad currency", (Consumer<ObjectNode>) o -> ((ObjectNode) o.get("taxes").get(0).get("base")).put("currency", "eur"), "/taxes/0/base/currency", "match"),
                Arguments.of("unknown member", (Consumer<ObjectNode>) o -> o.put("totalPayble", "1"), "/totalPayble", "unknown"),
                Arguments.of("bad uuid", (Consumer<ObjectNode>) o -> o.put("supersedes", "1-2-3-4-5"), "/supersedes", "match"),
                Arguments.of("reference too long", (Consumer<ObjectNode>) o -> o.put("customsReference", "X".repeat(36)), "/customsReference", "longer"),
                Arguments.of("wrong schema", (Consumer<ObjectNode>) o -> o.put("schema", "urn:clearway:customs-decision:1"), "/schema", "must be"),
                Arguments.of("RFI without requests", (Consumer<ObjectNode>) o -> { o.put("status", "REQUEST_FOR_INFORMATION"); o.put("final", false); }, "/requests", "at least one"),
                Arguments.of("correlation without keys", (Consumer<ObjectNode>) o -> { o.remove("declarationId"); o.remove("declarationRevision"); o.putObject("correlation").put("masterAirWaybill", "176-12345675"); }, "/correlation", "needs one of"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidSubmissions")
    void reportsProblemWithPointer(String name, Consumer<ObjectNode> change, String pointer, String messagePart) {
        SubmissionResult r = DecisionSubmissions.parseJson(modified(change));
        assertThat(r.isValid()).isFalse();
        assertThat(r.submission()).isNull();
        assertThat(r.problems()).anySatisfy(p -> {
            assertThat(p.pointer()).isEqualTo(pointer);
            assertThat(p.message()).containsIgnoringCase(messagePart);
        });
    }

    @Test
    void collectsAllProblemsInsteadOfStoppingAtTheFirst() {
        SubmissionResult r = DecisionSubmissions.parseJson(modified(o -> {
            o.remove("status");
            o.put("kind", "VERDICT");
            o.put("decidedAt", "yesterday");
            o.put("gatewayMessageId", "0193f1c2-8b10-7d44-a1f3-2c6e9d0b7a55");
        }));
        assertThat(r.problems()).extracting(Problem::pointer).contains("/status", "/kind", "/decidedAt", "");
    }

    @Test
    void rejectsMalformedJson() {
        SubmissionResult r = DecisionSubmissions.parseJson("{\"schema\": ".getBytes(StandardCharsets.UTF_8));
        assertThat(r.problems()).singleElement().satisfies(p -> assertThat(p.pointer()).isEmpty());
        assertThat(DecisionSubmissions.parseJson("[]".getBytes(StandardCharsets.UTF_8)).problems())
                .singleElement().satisfies(p -> assertThat(p.message()).contains("object"));
    }

    @Test
    void xmlDoctypeIsRejected() {
        String xml = "<!DOCTYPE decisionSubmission [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
                + "<decisionSubmission xmlns=\"urn:clearway:customs-decision-submission:1\">"
                + "<backendDecisionRef>&x;</backendDecisionRef></decisionSubmission>";
        SubmissionResult r = DecisionSubmissions.parseXml(xml.getBytes(StandardCharsets.UTF_8));
        assertThat(r.problems()).singleElement().satisfies(p -> {
            assertThat(p.pointer()).isEmpty();
            assertThat(p.message()).contains("DOCTYPE");
        });
    }

    @Test
    void xmlProblemsUseTreePointers() {
        String xml = new String(TestFiles.resource("submission-ack-s10.xml"), StandardCharsets.UTF_8)
                .replace("<final>false</final>", "<final>no</final>")
                .replace("<kind>ACKNOWLEDGEMENT</kind>", "<kind>ACK</kind>")
                .replace("<s10ItemId>CP473124829GB</s10ItemId>", "<s10ItemId>CP47312</s10ItemId>");
        SubmissionResult r = DecisionSubmissions.parseXml(xml.getBytes(StandardCharsets.UTF_8));
        assertThat(r.problems()).extracting(Problem::pointer)
                .containsExactlyInAnyOrder("/final", "/kind", "/correlation/s10ItemId");
    }

    @Test
    void xmlInWrongNamespaceIsRejected() {
        String xml = new String(TestFiles.resource("submission-ack-s10.xml"), StandardCharsets.UTF_8)
                .replace("xmlns=\"urn:clearway:customs-decision-submission:1\"", "xmlns=\"urn:clearway:customs-decision:1\"");
        assertThat(DecisionSubmissions.parseXml(xml.getBytes(StandardCharsets.UTF_8)).problems())
                .singleElement().satisfies(p -> assertThat(p.message()).contains("root element"));
    }

    private static byte[] modified(Consumer<ObjectNode> change) {
        try {
            JsonNode node = JSON.readTree(TestFiles.resource("submission-duties-payable.json"));
            change.accept((ObjectNode) node);
            return JSON.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
