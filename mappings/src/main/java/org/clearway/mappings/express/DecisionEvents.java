package org.clearway.mappings.express;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.clearway.mappings.canonical.Correlation;
import org.clearway.mappings.canonical.Decision;
import org.clearway.mappings.canonical.DecisionKind;
import org.clearway.mappings.canonical.Money;

/**
 * Renders a canonical {@link Decision} (CANONICAL-MODEL §6.2) as the express decision event of
 * PARTNER-APIS §5.1: the exact bytes pushed by webhook and returned by pull, members in the order
 * of {@code samples-json/decision-webhook-duties-payable.json}, absent values omitted, amounts and
 * rates as JSON numbers (scale kept), tax lines with the carrier's {@code lineNumber}, and
 * {@code requests[].fields} translated from canonical JSON Pointers into pointers into the carrier's
 * own shipment submission (table at {@link #partnerPointer}).
 */
public final class DecisionEvents {

    /** {@code eventType} of a business decision (§5.1). */
    public static final String DECISION = "customs.decision";
    /** {@code eventType} of a technical acknowledgement (§5.1). */
    public static final String ACKNOWLEDGEMENT = "customs.acknowledgement";

    private static final JsonFactory JSON = new JsonFactory();
    // §5.1 Timestamp: UTC with exactly 3 fraction digits, as in the canonical form
    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter
            .ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
    private static final Pattern ITEM = Pattern.compile("/items/(0|[1-9][0-9]*)(/.*)?");
    private static final Pattern PARTY = Pattern.compile("/parties/(0|[1-9][0-9]*)(/.*)?");

    private DecisionEvents() {
    }

    /** Envelope members of one event: stable id, creation time and recipient partner. */
    public record Envelope(String eventId, Instant createdAt, String partnerId) {
        public Envelope {
            Objects.requireNonNull(eventId, "eventId");
            Objects.requireNonNull(createdAt, "createdAt");
            Objects.requireNonNull(partnerId, "partnerId");
        }
    }

    /**
     * What the gateway knows about the carrier's shipment behind the decision.
     *
     * @param lineNumberBySequence canonical {@code items[].sequence} -> the carrier's {@code lineNumber}
     * @param lineIndexByLineNumber {@code lineNumber} -> index of that line in the submitted {@code lineItems[]}
     * @param partyMembers          for each canonical {@code parties[]} index, the submission member it came
     *                              from ({@code /shipper}, ...), or null for parties the carrier did not send
     * @param companyMembers        submission members whose party was sent with {@code company} (its
     *                              canonical {@code name})
     */
    public record Shipment(String shipmentRef, String shipmentId, String houseWaybill, String masterAirWaybill,
                           String s10ItemId, List<String> platformOrderIds,
                           Map<Integer, Integer> lineNumberBySequence, Map<Integer, Integer> lineIndexByLineNumber,
                           List<String> partyMembers, Set<String> companyMembers, String orderId,
                           Map<Integer, String> lineIdBySequence, Map<String, Integer> orderLineIndexById) {
        /** The carrier's view (no platform order). */
        public Shipment(String shipmentRef, String shipmentId, String houseWaybill, String masterAirWaybill,
                        String s10ItemId, List<String> platformOrderIds, Map<Integer, Integer> lineNumberBySequence,
                        Map<Integer, Integer> lineIndexByLineNumber, List<String> partyMembers,
                        Set<String> companyMembers) {
            this(shipmentRef, shipmentId, houseWaybill, masterAirWaybill, s10ItemId, platformOrderIds,
                    lineNumberBySequence, lineIndexByLineNumber, partyMembers, companyMembers, null, null, null);
        }

        /**
         * A platform's view (PARTNER-APIS §5.1 "platform events"): the order, the canonical item
         * sequence -> its {@code lineId}, and each lineId's index in the order's {@code lines[]}
         * (for translating requested fields into pointers into the order).
         */
        public static Shipment forPlatform(String houseWaybill, String orderId, List<String> platformOrderIds,
                                           Map<Integer, String> lineIdBySequence,
                                           Map<String, Integer> orderLineIndexById) {
            return new Shipment(null, null, houseWaybill, null, null, platformOrderIds, null, null, null, null,
                    orderId, lineIdBySequence, orderLineIndexById);
        }

        public boolean platform() {
            return orderId != null;
        }

        public Shipment {
            lineIdBySequence = lineIdBySequence == null ? Map.of() : Map.copyOf(lineIdBySequence);
            orderLineIndexById = orderLineIndexById == null ? Map.of() : Map.copyOf(orderLineIndexById);
            platformOrderIds = platformOrderIds == null ? List.of() : List.copyOf(platformOrderIds);
            lineNumberBySequence = lineNumberBySequence == null ? Map.of() : Map.copyOf(lineNumberBySequence);
            lineIndexByLineNumber = lineIndexByLineNumber == null ? Map.of() : Map.copyOf(lineIndexByLineNumber);
            partyMembers = partyMembers == null ? List.of() : java.util.Collections.unmodifiableList(
                    new ArrayList<>(partyMembers));
            companyMembers = companyMembers == null ? Set.of() : Set.copyOf(companyMembers);
        }

        /**
         * Derives the keys from the carrier's latest accepted shipment JSON (PARTNER-APIS §3.2)
         * with the rules of {@link ExpressToCanonical}: items in ascending {@code lineNumber} order
         * get sequence 1..n; parties in the order SELLER, BUYER, CONSIGNOR ({@code shipper}),
         * CONSIGNEE ({@code receiver}), IMPORTER, then the configured CARRIER. A declaration merged
         * with platform data may order its parties differently; pass {@code partyMembers} explicitly then.
         */
        public static Shipment fromSubmission(String shipmentRef, JsonNode shipment) {
            List<Integer> numbers = new ArrayList<>();
            Map<Integer, Integer> indexByNumber = new HashMap<>();
            JsonNode lines = shipment.path("lineItems");
            for (int i = 0; i < lines.size(); i++) {
                JsonNode n = lines.get(i).get("lineNumber");
                if (n != null && n.canConvertToInt()) {
                    numbers.add(n.intValue());
                    indexByNumber.putIfAbsent(n.intValue(), i);
                }
            }
            List<Integer> sorted = numbers.stream().sorted().toList();
            Map<Integer, Integer> bySequence = new HashMap<>();
            for (int k = 0; k < sorted.size(); k++) {
                bySequence.put(k + 1, sorted.get(k));
            }
            List<String> members = new ArrayList<>();
            Set<String> companies = new HashSet<>();
            for (String member : List.of("seller", "buyer", "shipper", "receiver", "importerOfRecord")) {
                JsonNode party = shipment.get(member);
                boolean required = member.equals("shipper") || member.equals("receiver");
                if (party != null && party.isObject() || required) {
                    members.add("/" + member);
                    if (party != null && party.hasNonNull("company") && !party.get("company").asText().isBlank()) {
                        companies.add("/" + member);
                    }
                }
            }
            List<String> orderIds = new ArrayList<>();
            shipment.path("platform").path("orderIds").forEach(o -> orderIds.add(o.asText()));
            return new Shipment(shipmentRef, text(shipment, "shipmentId"), text(shipment, "houseWaybill"),
                    text(shipment, "masterAirWaybill"), null, orderIds, bySequence, indexByNumber, members,
                    companies);
        }

        private static String text(JsonNode node, String member) {
            JsonNode v = node.get(member);
            return v == null || v.isNull() ? null : v.asText();
        }
    }

    /** §5.1 {@code eventType}: {@code customs.acknowledgement} for acknowledgements, else {@code customs.decision}. */
    public static String eventType(Decision decision) {
        return decision.kind() == DecisionKind.ACKNOWLEDGEMENT ? ACKNOWLEDGEMENT : DECISION;
    }

    /**
     * The §5.1 event as UTF-8 JSON bytes (compact).
     *
     * @param decision the stored canonical decision
     * @param envelope event id, creation time, recipient
     * @param shipment transport keys and line/party maps of the carrier's shipment
     */
    public static byte[] write(Decision decision, Envelope envelope, Shipment shipment) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(1024);
        try (JsonGenerator g = JSON.createGenerator(out, JsonEncoding.UTF8)) {
            g.writeStartObject();
            g.writeStringField("eventId", envelope.eventId());
            g.writeStringField("eventType", eventType(decision));
            g.writeStringField("createdAt", timestamp(envelope.createdAt()));
            g.writeStringField("partnerId", envelope.partnerId());
            g.writeObjectFieldStart("decision");
            writeDecision(g, decision, shipment);
            g.writeEndObject();
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static void writeDecision(JsonGenerator g, Decision d, Shipment s) throws IOException {
        Correlation c = d.correlation();
        g.writeStringField("decisionId", d.decisionId().toString());
        string(g, "supersedes", d.supersedes() == null ? null : d.supersedes().toString());
        g.writeNumberField("sequence", d.sequence());
        g.writeStringField("kind", d.kind().name());
        g.writeStringField("status", d.status().name());
        g.writeStringField("track", d.track().name());
        g.writeBooleanField("final", d.isFinal());
        g.writeStringField("decidedAt", timestamp(d.decidedAt()));
        // transport keys known to the gateway; the decision's correlation echo fills gaps
        string(g, "orderId", s.orderId());
        string(g, "shipmentRef", s.shipmentRef());
        string(g, "shipmentId", s.shipmentId());
        string(g, "houseWaybill", first(s.houseWaybill(), c.houseWaybill()));
        string(g, "masterAirWaybill", first(s.masterAirWaybill(), c.masterAirWaybill()));
        string(g, "s10ItemId", first(s.s10ItemId(), c.s10ItemId()));
        Set<String> orderIds = new LinkedHashSet<>(s.platformOrderIds());
        if (orderIds.isEmpty()) {
            c.platformOrderIds().forEach(o -> orderIds.add(o.value()));
        }
        if (!orderIds.isEmpty()) {
            g.writeArrayFieldStart("platformOrderIds");
            for (String id : orderIds) {
                g.writeString(id);
            }
            g.writeEndArray();
        }
        g.writeStringField("declarationId", d.declarationId().toString());
        g.writeNumberField("declarationRevision", d.declarationRevision());
        g.writeStringField("customsCountry", d.customsAuthority().country());
        string(g, "customsReference", d.customsReference());
        if (d.reason() != null && (d.reason().code() != null || d.reason().text() != null)) {
            g.writeObjectFieldStart("reason");
            string(g, "code", d.reason().code());
            string(g, "text", d.reason().text());
            g.writeEndObject();
        }
        if (!d.requests().isEmpty()) {
            g.writeArrayFieldStart("requests");
            for (Decision.Request r : d.requests()) {
                writeRequest(g, r, s);
            }
            g.writeEndArray();
        }
        if (!d.taxes().isEmpty()) {
            g.writeArrayFieldStart("taxes");
            for (Decision.Tax t : d.taxes()) {
                g.writeStartObject();
                if (s.platform()) {
                    // platforms get their own lineId instead of the carrier's lineNumber (§5.1)
                    string(g, "lineId", t.itemSequence() == null ? null : s.lineIdBySequence().get(t.itemSequence()));
                } else {
                    Integer line = t.itemSequence() == null ? null : s.lineNumberBySequence().get(t.itemSequence());
                    if (line != null) {
                        g.writeNumberField("lineNumber", line);
                    }
                }
                g.writeStringField("type", t.type().name());
                string(g, "nationalCode", t.nationalCode());
                money(g, "base", t.base());
                if (t.rate() != null) {
                    g.writeFieldName("rate");
                    number(g, t.rate());
                }
                money(g, "amount", t.amount());
                g.writeEndObject();
            }
            g.writeEndArray();
        }
        money(g, "totalPayable", d.totalPayable());
        string(g, "payBy", d.payBy() == null ? null : d.payBy().toString());
        string(g, "paymentReference", d.paymentReference());
    }

    private static void writeRequest(JsonGenerator g, Decision.Request r, Shipment s) throws IOException {
        g.writeStartObject();
        g.writeStringField("type", r.type().name());
        Set<String> fields = new LinkedHashSet<>();
        for (String pointer : r.fields()) {
            (s.platform() ? platformPointer(pointer, s) : partnerPointer(pointer, s)).ifPresent(fields::add);
        }
        if (!fields.isEmpty()) {
            g.writeArrayFieldStart("fields");
            for (String f : fields) {
                g.writeString(f);
            }
            g.writeEndArray();
        }
        g.writeStringField("text", r.text());
        string(g, "dueBy", r.dueBy() == null ? null : timestamp(r.dueBy()));
        string(g, "referralRef", r.referralRef());
        g.writeEndObject();
    }

    /**
     * Translates a canonical JSON Pointer (into the declaration, CANONICAL-MODEL §6.2
     * {@code requests[].fields}) into a pointer into the carrier's shipment (PARTNER-APIS §3.2).
     * Empty when the carrier did not send the field (platform payment data, the configured CARRIER
     * party, gateway-assigned values); such fields are left out of the event.
     *
     * <pre>
     * canonical                                   carrier submission
     * ""                                           ""
     * /items/k                                     /lineItems/i   (i = index of the line whose lineNumber
     *                                                              has sequence k+1)
     * /items/k/description|productUrl|sku          /lineItems/i/(same)
     * /items/k/hsCode[/value|/system]              /lineItems/i/hsCode
     * /items/k/quantity[/value|/unit]              /lineItems/i/quantity[/value|/unit]
     * /items/k/value|originalValue[/amount|/currency]  /lineItems/i/value[/amount|/currency]
     * /items/k/unitPrice[/amount|/currency]        /lineItems/i/unitPrice[/...]
     * /items/k/netMassKg | grossMassKg             /lineItems/i/netWeight | grossWeight
     * /items/k/countryOfOrigin                     /lineItems/i/originCountry
     * /items/k/dangerousGoodsUn[/n]                /lineItems/i/dangerousGoodsUn
     * /consignment/totalGrossMassKg                /grossWeight
     * /consignment/totalPackages                   /pieces
     * /consignment/intrinsicValue[/...]            /declaredValue[/...]
     * /consignment/transportCost|insuranceCost     /transportCost|insuranceCost
     * /consignment/invoice[/number|/date]          /invoice[/number|/date]
     * /consignment/incoterm                        /incoterm
     * /consignment/natureOfTransaction             /shipmentType
     * /consignment/iossNumber                      /vat/iossNumber
     * /consignment/route                           /route
     * /consignment/route/countryOfDispatch         /route/originCountry
     * /consignment/route/countryOfDestination      /route/destinationCountry
     * /consignment/route/countriesOfRouting[/n]    /route/routing[/n]
     * /consignment/route/placeOfLoading            /route/placeOfLoading
     * /consignment/route/modeOfTransport           /route/mode
     * /consignment/transportDocuments/0            /houseWaybill
     * /consignment/transportDocuments/1            /masterAirWaybill
     * /correlation/houseWaybill|masterAirWaybill   /houseWaybill|/masterAirWaybill
     * /correlation/trackingNumbers[/n]             /trackingNumbers[/n]
     * /payment/vat/scheme|iossNumber               /vat/scheme|iossNumber
     * /parties/n                                   /M   (M = shipper, receiver, seller, buyer, importerOfRecord)
     * /parties/n/name                              /M/company if the party was sent with company, else /M/name
     * /parties/n/typeOfPerson                      /M
     * /parties/n/address                           /M/address
     * /parties/n/address/line1|line2               /M/address/street|street2
     * /parties/n/address/subdivision               /M/address/state
     * /parties/n/address/houseNumber|postcode|city|country  /M/address/(same)
     * /parties/n/contact                           /M
     * /parties/n/contact/email|phone               /M/email|phone
     * /parties/n/identifiers[/...]                 /M/identifiers
     * </pre>
     */
    /**
     * Translates a canonical pointer into the platform's order (PARTNER-APIS §6.2): the commercial
     * fields of an item go to its order line, payment to {@code /payment}; others are left out.
     *
     * <pre>
     * /items/k/description                 /lines/j/title     (j = index of the item's lineId in lines[])
     * /items/k/hsCode[/...]                /lines/j/hsCode
     * /items/k/value|originalValue[/...]   /lines/j/lineTotal
     * /items/k/unitPrice[/...]             /lines/j/unitPrice
     * /items/k/productUrl|sku              /lines/j/productUrl|sku
     * /items/k/countryOfOrigin             /lines/j/originCountry
     * /items/k/quantity[/...]              /lines/j/quantity
     * /payment[/...]                       /payment[/...]   (vat -> /vat)
     * </pre>
     */
    public static Optional<String> platformPointer(String canonical, Shipment s) {
        if (canonical == null) {
            return Optional.empty();
        }
        if (canonical.isEmpty()) {
            return Optional.of("");
        }
        if (canonical.startsWith("/payment/vat")) {
            return Optional.of("/vat" + canonical.substring("/payment/vat".length()));
        }
        if (canonical.equals("/payment") || canonical.startsWith("/payment/")) {
            return Optional.of(canonical);
        }
        Matcher item = ITEM.matcher(canonical);
        if (!item.matches()) {
            return Optional.empty();
        }
        String lineId = s.lineIdBySequence().get(Integer.parseInt(item.group(1)) + 1);
        Integer j = lineId == null ? null : s.orderLineIndexById().get(lineId);
        if (j == null) {
            return Optional.empty();
        }
        String rest = rest(item.group(2));
        String field = rest.isEmpty() ? "" : rest.substring(1).split("/", 2)[0];
        String mapped = switch (field) {
            case "" -> "";
            case "description" -> "/title";
            case "hsCode" -> "/hsCode";
            case "value", "originalValue" -> "/lineTotal";
            case "unitPrice" -> "/unitPrice";
            case "productUrl" -> "/productUrl";
            case "sku" -> "/sku";
            case "countryOfOrigin" -> "/originCountry";
            case "quantity" -> "/quantity";
            default -> null;
        };
        return mapped == null ? Optional.empty() : Optional.of("/lines/" + j + mapped);
    }

    /**
     * Whether a decision reaches the platforms of the consignment (CANONICAL-MODEL §6.3 last
     * column): not ASSESSMENT_COMPLETE or REQUEST_FOR_SCREENING; a REQUEST_FOR_INFORMATION only when
     * it asks for commercial fields (description, value, HS code, URL, payment).
     */
    public static boolean deliveredToPlatforms(Decision d) {
        return switch (d.status()) {
            case ASSESSMENT_COMPLETE, REQUEST_FOR_SCREENING -> false;
            case REQUEST_FOR_INFORMATION -> d.requests().stream().flatMap(r -> r.fields().stream())
                    .anyMatch(f -> f.startsWith("/payment") || f.matches(
                            "^/items/\\d+/(description|value|originalValue|unitPrice|hsCode|productUrl)(/.*)?$"));
            default -> true;
        };
    }

    public static Optional<String> partnerPointer(String canonical, Shipment s) {
        if (canonical == null) {
            return Optional.empty();
        }
        if (canonical.isEmpty()) {
            return Optional.of("");
        }
        Matcher item = ITEM.matcher(canonical);
        if (item.matches()) {
            return itemPointer(Integer.parseInt(item.group(1)), rest(item.group(2)), s);
        }
        Matcher party = PARTY.matcher(canonical);
        if (party.matches()) {
            return partyPointer(Integer.parseInt(party.group(1)), rest(party.group(2)), s);
        }
        return Optional.ofNullable(switch (canonical) {
            case "/consignment/totalGrossMassKg" -> "/grossWeight";
            case "/consignment/totalPackages" -> "/pieces";
            case "/consignment/incoterm" -> "/incoterm";
            case "/consignment/natureOfTransaction" -> "/shipmentType";
            case "/consignment/iossNumber", "/payment/vat/iossNumber" -> "/vat/iossNumber";
            case "/payment/vat/scheme" -> "/vat/scheme";
            case "/consignment/route" -> "/route";
            case "/consignment/route/countryOfDispatch" -> "/route/originCountry";
            case "/consignment/route/countryOfDestination" -> "/route/destinationCountry";
            case "/consignment/route/placeOfLoading" -> "/route/placeOfLoading";
            case "/consignment/route/modeOfTransport" -> "/route/mode";
            case "/consignment/transportDocuments/0", "/consignment/transportDocuments/0/number",
                 "/correlation/houseWaybill" -> "/houseWaybill";
            case "/consignment/transportDocuments/1", "/consignment/transportDocuments/1/number",
                 "/correlation/masterAirWaybill" -> "/masterAirWaybill";
            default -> prefixed(canonical);
        });
    }

    private static String prefixed(String canonical) {
        String[][] prefixes = {
                {"/consignment/intrinsicValue", "/declaredValue"},
                {"/consignment/transportCost", "/transportCost"},
                {"/consignment/insuranceCost", "/insuranceCost"},
                {"/consignment/invoice", "/invoice"},
                {"/consignment/route/countriesOfRouting", "/route/routing"},
                {"/correlation/trackingNumbers", "/trackingNumbers"}};
        for (String[] p : prefixes) {
            if (canonical.equals(p[0])) {
                return p[1];
            }
            if (canonical.startsWith(p[0] + "/")) {
                String tail = canonical.substring(p[0].length());
                // the invoice total and tracking carrier codes are not in the submission
                if (tail.startsWith("/total") || tail.matches("/[0-9]+/carrierCode")) {
                    return null;
                }
                return p[1] + (tail.matches("/[0-9]+/value") ? tail.substring(0, tail.lastIndexOf('/')) : tail);
            }
        }
        return null;
    }

    private static Optional<String> itemPointer(int index, String rest, Shipment s) {
        Integer lineNumber = s.lineNumberBySequence().get(index + 1);
        Integer lineIndex = lineNumber == null ? null : s.lineIndexByLineNumber().get(lineNumber);
        if (lineIndex == null) {
            return Optional.empty();
        }
        String base = "/lineItems/" + lineIndex;
        if (rest.isEmpty()) {
            return Optional.of(base);
        }
        int slash = rest.indexOf('/', 1);
        String head = slash < 0 ? rest : rest.substring(0, slash);
        String tail = slash < 0 ? "" : rest.substring(slash);
        String mapped = switch (head) {
            case "/description", "/productUrl", "/sku" -> tail.isEmpty() ? head : null;
            case "/hsCode" -> "/hsCode";
            case "/quantity" -> "/quantity" + subMember(tail, "/value", "/unit");
            case "/value", "/originalValue" -> "/value" + subMember(tail, "/amount", "/currency");
            case "/unitPrice" -> "/unitPrice" + subMember(tail, "/amount", "/currency");
            case "/netMassKg" -> "/netWeight";
            case "/grossMassKg" -> "/grossWeight";
            case "/countryOfOrigin" -> "/originCountry";
            case "/dangerousGoodsUn" -> "/dangerousGoodsUn";
            default -> null;
        };
        return Optional.ofNullable(mapped).map(m -> base + m);
    }

    private static String subMember(String tail, String... allowed) {
        if (tail.isEmpty()) {
            return "";
        }
        for (String a : allowed) {
            if (a.equals(tail)) {
                return tail;
            }
        }
        return "";
    }

    private static Optional<String> partyPointer(int index, String rest, Shipment s) {
        String member = index < s.partyMembers().size() ? s.partyMembers().get(index) : null;
        if (member == null) {
            return Optional.empty();
        }
        if (rest.isEmpty() || rest.equals("/typeOfPerson") || rest.equals("/contact")) {
            return Optional.of(member);
        }
        if (rest.equals("/name")) {
            return Optional.of(member + (s.companyMembers().contains(member) ? "/company" : "/name"));
        }
        if (rest.equals("/contact/email") || rest.equals("/contact/phone")) {
            return Optional.of(member + rest.substring("/contact".length()));
        }
        if (rest.equals("/identifiers") || rest.startsWith("/identifiers/")) {
            return Optional.of(member + "/identifiers");
        }
        return Optional.ofNullable(switch (rest) {
            case "/address" -> member + "/address";
            case "/address/line1" -> member + "/address/street";
            case "/address/line2" -> member + "/address/street2";
            case "/address/subdivision" -> member + "/address/state";
            case "/address/houseNumber", "/address/postcode", "/address/city", "/address/country" -> member + rest;
            default -> null;
        });
    }

    private static String rest(String group) {
        return group == null ? "" : group;
    }

    private static String first(String a, String b) {
        return a != null ? a : b;
    }

    private static void string(JsonGenerator g, String name, String value) throws IOException {
        if (value != null) {
            g.writeStringField(name, value);
        }
    }

    private static void money(JsonGenerator g, String name, Money m) throws IOException {
        if (m == null) {
            return;
        }
        g.writeObjectFieldStart(name);
        g.writeFieldName("amount");
        number(g, m.amount());
        g.writeStringField("currency", m.currency());
        g.writeEndObject();
    }

    /** §5.1 "amounts as JSON numbers": the decimal with its scale, never in exponent notation. */
    private static void number(JsonGenerator g, BigDecimal value) throws IOException {
        g.writeNumber(value.scale() < 0 ? value.setScale(0).toPlainString() : value.toPlainString());
    }

    private static String timestamp(Instant instant) {
        return TIMESTAMP.format(instant.truncatedTo(ChronoUnit.MILLIS));
    }
}
