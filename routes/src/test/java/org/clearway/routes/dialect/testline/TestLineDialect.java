package org.clearway.routes.dialect.testline;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;
import org.clearway.mappings.canonical.CanonicalJson;
import org.clearway.mappings.canonical.Decision;
import org.clearway.mappings.canonical.Declaration;
import org.clearway.mappings.canonical.FunctionCode;
import org.clearway.mappings.canonical.Ids;
import org.clearway.mappings.express.ExpressMappingContext;
import org.clearway.mappings.express.ExpressShipmentReader;
import org.clearway.mappings.express.ExpressToCanonical;
import org.clearway.routes.dialect.DecisionAnswerer;
import org.clearway.routes.dialect.DraftSink;
import org.clearway.routes.dialect.InboundDialect;
import org.clearway.routes.dialect.ParseOutcome;
import org.clearway.routes.parse.DeclarationRouting;
import org.clearway.routes.pipeline.DraftMessage;
import org.clearway.routes.pipeline.ParseMessage;
import org.clearway.routes.store.TraceLog;
import org.clearway.routes.support.InvalidMessageException;
import org.clearway.routes.support.Partners;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * A dialect that exists only to prove the seam (issue 12): it lives in this package of the test tree
 * and is switched on by configuration alone ({@code clearway.dialects.testline.enabled=true}, set by
 * the shared IT context); no shared stage knows it.
 *
 * <p>The format: UTF-8 text, one declaration per line, {@code #} starts a comment line, fields
 * separated by {@code |}:
 * {@code ref|description|hsCode|value|currency|grossKg|destination|receiverName|street|postcode|city}.
 * A line that breaks a rule is answered as {@code REJECTED <ref> line <n>: <reason>}; the others
 * are mapped through the express shipment model of {@code mappings} (the sender is an express
 * carrier) with {@code sources[].dialect = TESTLINE-1}. Decisions on its declarations are answered
 * as {@code DECISION <ref> <status> <decisionId>}, once per decision. Its answers go to
 * {@link #answers()}, the "partner's inbox" the tests read.
 */
@Component
@ConditionalOnProperty(name = "clearway.dialects.testline.enabled", havingValue = "true")
public class TestLineDialect implements InboundDialect, DecisionAnswerer {
    public static final String NAME = "TESTLINE-1";
    private static final int FIELDS = 11;
    private static final Pattern REF = Pattern.compile("[A-Z0-9-]{6,35}");
    private static final Pattern HS = Pattern.compile("\\d{6}|\\d{8}|\\d{10}");
    private static final Pattern CURRENCY = Pattern.compile("[A-Z]{3}");
    private static final Pattern COUNTRY = Pattern.compile("[A-Z]{2}");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Partners partners;
    private final DeclarationRouting routing;
    private final TraceLog trace;
    private final Clock clock;
    private final ExpressShipmentReader reader = new ExpressShipmentReader();
    /** The declarations this dialect made: declaration id -> line ref. */
    private final Map<String, String> refs = new ConcurrentHashMap<>();
    private final Set<String> answeredDecisions = ConcurrentHashMap.newKeySet();
    private final List<String> answers = new CopyOnWriteArrayList<>();

    public TestLineDialect(Partners partners, DeclarationRouting routing, TraceLog trace, Clock clock) {
        this.partners = partners;
        this.routing = routing;
        this.trace = trace;
        this.clock = clock;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public ParseOutcome parse(ParseMessage message, DraftSink enrich) {
        String text = utf8(message.payload());
        String partnerId = message.partnerId();
        partners.get(partnerId).orElseThrow(() -> new InvalidMessageException("unknown partner " + partnerId));
        List<String> problems = new ArrayList<>();
        int drafts = 0;
        int declarations = 0;
        String[] lines = text.split("\r?\n", -1);
        for (int n = 1; n <= lines.length; n++) {
            String line = lines[n - 1].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            declarations++;
            String[] f = line.split("\\|", -1);
            String ref = f.length > 0 && REF.matcher(f[0].strip()).matches() ? f[0].strip() : "?";
            Optional<String> problem = check(f);
            if (problem.isPresent()) {
                reject(message, ref, n, problem.get(), problems);
                continue;
            }
            ObjectNode shipment = shipment(f);
            var read = reader.readShipment(shipment.toString());
            if (!read.valid()) {
                reject(message, ref, n, String.valueOf(read.errors()), problems);
                continue;
            }
            String declarationId = Ids.uuidV7().toString();
            DeclarationRouting.Destination target = routing.destination(f[6].strip());
            Instant now = clock.instant();
            Declaration draft = ExpressToCanonical.map(read.shipment(), new ExpressMappingContext(
                    UUID.fromString(declarationId), 1, FunctionCode.ORIGINAL, Ids.uuidV7(), now, partnerId,
                    partners.carrierCode(partnerId), null, null, message.receivedAt(), message.payloadSha256(),
                    target.backendId(), target.customs().currency(), routing.rates(), routing.thresholds(), null,
                    NAME));
            refs.put(declarationId, ref);
            enrich.send(new DraftMessage(draft, message.ingressId(), partnerId, sha256(line), FunctionCode.ORIGINAL,
                    null, "[]", null, false, false, null, null));
            trace.record(message.ingressId(), declarationId, "parse", "parsed", NAME + " " + ref, partnerId);
            drafts++;
        }
        if (declarations == 0) {
            throw new InvalidMessageException(NAME + " message of ingress " + message.ingressId()
                    + " holds no declaration line");
        }
        return new ParseOutcome(drafts, problems);
    }

    @Override
    public void answer(Decision decision) {
        String ref = refs.get(decision.declarationId().toString());
        if (ref != null && answeredDecisions.add(decision.decisionId().toString())) {
            answers.add("DECISION " + ref + " " + decision.status() + " " + decision.decisionId());
        }
    }

    /** What the partner was answered, in order. */
    public List<String> answers() {
        return List.copyOf(answers);
    }

    /** The declaration made from the line with {@code ref}, if any. */
    public Optional<String> declarationId(String ref) {
        return refs.entrySet().stream().filter(e -> e.getValue().equals(ref)).map(Map.Entry::getKey).findFirst();
    }

    private void reject(ParseMessage message, String ref, int line, String reason, List<String> problems) {
        String answer = "REJECTED " + ref + " line " + line + ": " + reason;
        answers.add(answer);
        problems.add(answer);
        trace.record(message.ingressId(), null, "parse", "rejected", NAME + " " + answer, message.partnerId());
    }

    private static Optional<String> check(String[] f) {
        if (f.length != FIELDS) {
            return Optional.of("expected " + FIELDS + " fields, found " + f.length);
        }
        if (!REF.matcher(f[0].strip()).matches()) {
            return Optional.of("ref must be 6 to 35 capital letters, digits or dashes");
        }
        if (f[1].isBlank()) {
            return Optional.of("description is empty");
        }
        if (!HS.matcher(f[2].strip()).matches()) {
            return Optional.of("hsCode must be 6, 8 or 10 digits, was '" + f[2].strip() + "'");
        }
        BigDecimal value;
        BigDecimal mass;
        try {
            value = new BigDecimal(f[3].strip());
            mass = new BigDecimal(f[5].strip());
        } catch (NumberFormatException e) {
            return Optional.of("value and grossKg must be decimal numbers");
        }
        if (value.signum() <= 0 || mass.signum() <= 0) {
            return Optional.of("value and grossKg must be positive");
        }
        if (!CURRENCY.matcher(f[4].strip()).matches()) {
            return Optional.of("currency must be an ISO 4217 code");
        }
        if (!COUNTRY.matcher(f[6].strip()).matches()) {
            return Optional.of("destination must be an ISO 3166 alpha-2 code");
        }
        for (int i = 7; i < FIELDS; i++) {
            if (f[i].isBlank()) {
                return Optional.of("receiver name and address are required");
            }
        }
        return Optional.empty();
    }

    /** The line as an express shipment (PARTNER-APIS §3.2), so the shared mapping makes the draft. */
    private static ObjectNode shipment(String[] f) {
        String destination = f[6].strip();
        ObjectNode s = JSON.createObjectNode();
        s.put("shipmentId", f[0].strip());
        s.put("houseWaybill", f[0].strip());
        s.put("shipmentType", "COMMERCIAL");
        s.put("incoterm", "DAP");
        s.put("pieces", 1);
        s.putObject("grossWeight").put("value", new BigDecimal(f[5].strip())).put("unit", "KG");
        ObjectNode route = s.putObject("route");
        route.put("originCountry", "CN");
        route.put("destinationCountry", destination);
        route.putArray("routing").add("CN").add(destination);
        route.put("mode", "AIR");
        ObjectNode shipper = s.putObject("shipper");
        shipper.put("company", "Test Line Sender Ltd.");
        shipper.putObject("address").put("street", "1 Export Road").put("postcode", "200000")
                .put("city", "Shanghai").put("country", "CN");
        ObjectNode receiver = s.putObject("receiver");
        receiver.put("name", f[7].strip());
        receiver.putObject("address").put("street", f[8].strip()).put("postcode", f[9].strip())
                .put("city", f[10].strip()).put("country", destination);
        ObjectNode item = s.putArray("lineItems").addObject();
        item.put("lineNumber", 1);
        item.put("description", f[1].strip());
        item.putObject("quantity").put("value", 1).put("unit", "PCS");
        item.putObject("value").put("amount", new BigDecimal(f[3].strip())).put("currency", f[4].strip());
        item.put("hsCode", f[2].strip());
        item.put("originCountry", "CN");
        return s;
    }

    private static String sha256(String line) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(line.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String utf8(byte[] payload) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(payload)).toString();
        } catch (CharacterCodingException e) {
            throw new InvalidMessageException(NAME + " message is not UTF-8 text", e);
        }
    }
}
