package org.clearway.mappings.express;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.clearway.mappings.json.JsonFieldChecks;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Parses the express REST shipment JSON (PARTNER-APIS §3.2) or a batch {@code {"shipments": [...]}}
 * (§3.5) into {@link ExpressShipment} records and collects every field-level problem of §1.3/§1.4
 * as {@link FieldProblem}s with the §2 codes instead of stopping at the first one. Unknown members
 * are ignored and reported as {@code UNKNOWN_FIELD} warnings (§1.4); wrong JSON types are never
 * coerced ({@code TYPE}).
 */
public final class ExpressShipmentReader {

    private static final Logger LOG = LoggerFactory.getLogger(ExpressShipmentReader.class);

    /** §1.3: at most 500 shipments per batch. */
    public static final int MAX_BATCH = 500;
    /** §1.3: 1-999 line items per shipment. */
    public static final int MAX_LINE_ITEMS = 999;
    /** §1.3: nesting depth of objects + arrays. */
    public static final int MAX_DEPTH = 16;
    /** §1.3: any JSON string. */
    public static final int MAX_STRING = JsonFieldChecks.MAX_STRING;

    private static final Pattern HWB = Pattern.compile("^[A-Z0-9-]{6,35}$");
    private static final Pattern MAWB = Pattern.compile("^[0-9]{3}-[0-9]{8}$");
    private static final Pattern IOSS = Pattern.compile("^IM[0-9]{10}$");
    private static final Pattern HS = Pattern.compile("^[0-9]{6}([0-9]{2}){0,2}$");
    private static final Pattern IATA = Pattern.compile("^[A-Z]{3}$");
    private static final Pattern UN = Pattern.compile("^UN[0-9]{4}$");
    private static final Set<String> SHIPMENT_TYPES = Set.of("COMMERCIAL", "GIFT", "SAMPLE", "DOCUMENTS", "RETURN",
            "OTHER");
    /** §1.4: a zero amount is allowed only for these shipment types. */
    private static final Set<String> ZERO_VALUE_TYPES = Set.of("GIFT", "SAMPLE", "DOCUMENTS", "RETURN");
    private static final Set<String> INCOTERMS = Set.of("EXW", "FCA", "FAS", "FOB", "CFR", "CIF", "CPT", "CIP", "DAP",
            "DPU", "DDP", "DDU");
    private static final Set<String> WEIGHT_UNITS = Set.of("KG", "LB", "G", "OZ");
    private static final Set<String> QTY_UNITS = Set.of("PCS", "PAIR", "SET", "KG", "G", "L", "M");
    private static final Set<String> MODES = Set.of("AIR", "ROAD", "RAIL", "SEA");
    private static final Set<String> ID_TYPES = Set.of("EORI", "VAT", "IOSS", "TIN", "US_IOR", "OTHER");
    /** Countries without postcodes [I] (same idea as the postal mapper's list, kept short here). */
    private static final Set<String> NO_POSTCODE = Set.of("AE", "HK", "MO", "QA");

    /** Free-text members checked for card numbers (§2 PAN_DETECTED); identifiers are not. */
    private static final Set<String> FREE_TEXT = Set.of("description", "name", "company", "street", "street2", "city",
            "state");

    private final ObjectMapper mapper;

    public ExpressShipmentReader() {
        this.mapper = JsonFieldChecks.partnerJsonMapper(MAX_DEPTH);
    }

    /** Result of reading one shipment: the shipment (null when the body is unusable) and its problems. */
    public record Result(ExpressShipment shipment, List<FieldProblem> errors, List<FieldProblem> warnings) {
        public Result {
            errors = List.copyOf(errors);
            warnings = List.copyOf(warnings);
        }

        /** True when there are no errors (warnings do not block, §1.4). */
        public boolean valid() {
            return errors.isEmpty() && shipment != null;
        }
    }

    /**
     * Result of reading a batch (§3.5): {@code errors} holds problems of the batch as a whole
     * (malformed JSON, no {@code shipments} array, more than 500 shipments), then {@code shipments}
     * is empty; otherwise one {@link Result} per input position with pointers under {@code /shipments/<i>}.
     */
    public record BatchResult(List<Result> shipments, List<FieldProblem> errors) {
        public BatchResult {
            shipments = List.copyOf(shipments);
            errors = List.copyOf(errors);
        }
    }

    /** Reads one shipment body (UTF-8 JSON). */
    public Result readShipment(String json) {
        JsonNode root;
        try {
            root = parse(json);
        } catch (BodyProblem e) {
            return new Result(null, List.of(e.problem), List.of());
        }
        if (!root.isObject()) {
            return new Result(null, List.of(new FieldProblem("", "TYPE", "shipment must be a JSON object")), List.of());
        }
        return withExponents(new Walk("").shipment(root), exponentNumbers(json), "");
    }

    /**
     * §1.3: numbers in exponent notation ({@code 1e3}) are rejected with {@code FORMAT}. The tree
     * keeps only the value, so a streaming pass over the tokens finds how each number was written.
     */
    private List<String> exponentNumbers(String json) {
        List<String> pointers = new ArrayList<>();
        try (com.fasterxml.jackson.core.JsonParser p = mapper.getFactory().createParser(json)) {
            com.fasterxml.jackson.core.JsonToken t;
            while ((t = p.nextToken()) != null) {
                if ((t == com.fasterxml.jackson.core.JsonToken.VALUE_NUMBER_FLOAT
                        || t == com.fasterxml.jackson.core.JsonToken.VALUE_NUMBER_INT)
                        && p.getText().chars().anyMatch(c -> c == 'e' || c == 'E')) {
                    pointers.add(p.getParsingContext().pathAsPointer().toString());
                }
            }
        } catch (IOException e) {
            // the tree parse already accepted this text; nothing more to find
        }
        return pointers;
    }

    private static Result withExponents(Result r, List<String> pointers, String base) {
        List<FieldProblem> extra = new ArrayList<>();
        for (String pointer : pointers) {
            if (pointer.startsWith(base + "/") || pointer.equals(base)) {
                extra.add(new FieldProblem(pointer, "FORMAT", "numbers must not use exponent notation"));
            }
        }
        if (extra.isEmpty()) {
            return r;
        }
        List<FieldProblem> errors = new ArrayList<>(r.errors());
        errors.addAll(extra);
        return new Result(r.shipment(), errors, r.warnings());
    }

    /** Reads a batch body {@code {"shipments": [Shipment, ...]}} (§3.5). */
    public BatchResult readBatch(String json) {
        JsonNode root;
        try {
            root = parse(json);
        } catch (BodyProblem e) {
            return new BatchResult(List.of(), List.of(e.problem));
        }
        JsonNode arr = root.isObject() ? root.get("shipments") : null;
        if (arr == null || !arr.isArray()) {
            return new BatchResult(List.of(), List.of(new FieldProblem("/shipments", arr == null ? "REQUIRED" : "TYPE",
                    "a batch needs a 'shipments' array")));
        }
        if (arr.isEmpty() || arr.size() > MAX_BATCH) {
            return new BatchResult(List.of(), List.of(new FieldProblem("/shipments", "batch-too-large",
                    "a batch holds 1-" + MAX_BATCH + " shipments, got " + arr.size())));
        }
        List<Result> results = new ArrayList<>();
        List<String> exponents = exponentNumbers(json);
        for (int i = 0; i < arr.size(); i++) {
            JsonNode s = arr.get(i);
            String p = "/shipments/" + i;
            if (!s.isObject()) {
                results.add(new Result(null, List.of(new FieldProblem(p, "TYPE", "shipment must be an object")),
                        List.of()));
            } else {
                results.add(withExponents(new Walk(p).shipment(s), exponents, p));
            }
        }
        return new BatchResult(results, List.of());
    }

    private JsonNode parse(String json) {
        try {
            JsonNode n = mapper.readTree(json.getBytes(StandardCharsets.UTF_8));
            if (n == null || n.isMissingNode()) {
                throw new BodyProblem(new FieldProblem("", "malformed-json", "empty body"));
            }
            return n;
        } catch (StreamConstraintsException e) {
            if (JsonFieldChecks.numberTooLong(e)) {
                // §1.3: at most 15 integer and 6 fraction digits, 422 FORMAT
                throw new BodyProblem(new FieldProblem(JsonFieldChecks.longNumberPointer(json, 22), "FORMAT",
                        "numbers have at most 15 integer and 6 fraction digits"));
            }
            throw new BodyProblem(new FieldProblem("", "nesting-too-deep", e.getOriginalMessage()));
        } catch (JsonParseException e) {
            LOG.debug("malformed express JSON: {}", e.getOriginalMessage());
            throw new BodyProblem(new FieldProblem("", "malformed-json", "line " + e.getLocation().getLineNr()
                    + ", column " + e.getLocation().getColumnNr() + ": " + e.getOriginalMessage(),
                    e.getLocation().getLineNr(), e.getLocation().getColumnNr()));
        } catch (IOException e) {
            throw new BodyProblem(new FieldProblem("", "malformed-json", e.getMessage()));
        }
    }

    /** Whole-body problem (not a field problem); internal control flow only. */
    private static final class BodyProblem extends RuntimeException {
        private final transient FieldProblem problem;

        BodyProblem(FieldProblem problem) {
            super(problem.detail(), null, false, false);
            this.problem = problem;
        }
    }

    /** One walk over a shipment object, collecting problems with pointers under {@code base}. */
    private static final class Walk extends JsonFieldChecks {
        private final String base;
        private final List<FieldProblem> errors = new ArrayList<>();
        private final List<FieldProblem> warnings = new ArrayList<>();

        Walk(String base) {
            super(FREE_TEXT);
            this.base = base;
        }

        Result shipment(JsonNode n) {
            known(n, "", "shipmentId", "houseWaybill", "masterAirWaybill", "trackingNumbers", "shipmentType",
                    "incoterm", "pieces", "grossWeight", "declaredValue", "invoice", "transportCost", "insuranceCost",
                    "route", "shipper", "receiver", "seller", "buyer", "importerOfRecord", "platform", "vat",
                    "lineItems");
            String shipmentId = str(n, "", "shipmentId", false, 70);
            String hwb = str(n, "", "houseWaybill", true, 35);
            if (hwb != null && !HWB.matcher(hwb).matches()) {
                err("/houseWaybill", "FORMAT", "house waybill must match ^[A-Z0-9-]{6,35}$");
            }
            String mawb = str(n, "", "masterAirWaybill", false, 12);
            if (mawb != null && !mawbValid(mawb)) {
                err("/masterAirWaybill", "AWB_FORMAT", "master AWB must be NNN-NNNNNNNN with a mod-7 check digit");
            }
            List<String> tracking = strings(n, "", "trackingNumbers", 35);
            String type = enumStr(n, "", "shipmentType", true, SHIPMENT_TYPES);
            String incoterm = enumStr(n, "", "incoterm", false, INCOTERMS);
            Integer pieces = integer(n, "", "pieces", true, 1, 999);
            ExpressShipment.Weight gross = weight(n.get("grossWeight"), "/grossWeight");
            boolean zeroOk = type != null && ZERO_VALUE_TYPES.contains(type);
            ExpressShipment.Amount declared = money(n, "", "declaredValue", false, true);
            ExpressShipment.Invoice invoice = invoice(n.get("invoice"));
            ExpressShipment.Amount transport = money(n, "", "transportCost", false, true);
            ExpressShipment.Amount insurance = money(n, "", "insuranceCost", false, true);
            ExpressShipment.Route route = route(n.get("route"));
            ExpressShipment.Party shipper = party(n.get("shipper"), "/shipper", true);
            ExpressShipment.Party receiver = party(n.get("receiver"), "/receiver", true);
            ExpressShipment.Party seller = party(n.get("seller"), "/seller", false);
            ExpressShipment.Party buyer = party(n.get("buyer"), "/buyer", false);
            ExpressShipment.Party ior = party(n.get("importerOfRecord"), "/importerOfRecord", false);
            ExpressShipment.PlatformRef platform = platform(n.get("platform"));
            ExpressShipment.Vat vat = vat(n.get("vat"));
            List<ExpressShipment.LineItem> items = lineItems(n.get("lineItems"), zeroOk);
            ExpressShipment s = new ExpressShipment(shipmentId, hwb, mawb, tracking, type, incoterm, pieces, gross,
                    declared, invoice, transport, insurance, route, shipper, receiver, seller, buyer, ior, platform,
                    vat, items);
            return new Result(s, errors, warnings);
        }

        private ExpressShipment.Weight weight(JsonNode w, String p) {
            if (!object(w, p, true)) {
                return null;
            }
            known(w, p, "value", "unit");
            BigDecimal v = number(w, p, "value", true);
            if (v != null && v.signum() <= 0) {
                err(p + "/value", "RANGE", "must be > 0");
            }
            String unit = enumStr(w, p, "unit", true, WEIGHT_UNITS);
            return new ExpressShipment.Weight(v, unit);
        }

        private ExpressShipment.Invoice invoice(JsonNode inv) {
            if (!object(inv, "/invoice", false)) {
                return null;
            }
            known(inv, "/invoice", "number", "date");
            String number = str(inv, "/invoice", "number", false, 70);
            String d = str(inv, "/invoice", "date", false, 10);
            LocalDate date = null;
            if (d != null) {
                try {
                    date = LocalDate.parse(d);
                } catch (DateTimeParseException e) {
                    err("/invoice/date", "FORMAT", "date must be YYYY-MM-DD");
                }
            }
            return new ExpressShipment.Invoice(number, date);
        }

        private ExpressShipment.Route route(JsonNode r) {
            if (!object(r, "/route", true)) {
                return null;
            }
            known(r, "/route", "originCountry", "destinationCountry", "routing", "placeOfLoading", "mode");
            String origin = country(r, "/route", "originCountry", true);
            String dest = country(r, "/route", "destinationCountry", true);
            List<String> routing = new ArrayList<>();
            JsonNode arr = r.get("routing");
            if (arr != null && !arr.isNull()) {
                if (!arr.isArray()) {
                    err("/route/routing", "TYPE", "must be an array");
                } else {
                    for (int i = 0; i < arr.size(); i++) {
                        // a null or non-string entry is a TYPE error, never a null in the route
                        String country = countryValue(arr.get(i), "/route/routing/" + i);
                        if (country != null) {
                            routing.add(country);
                        }
                    }
                }
            }
            String loading = str(r, "/route", "placeOfLoading", false, 3);
            if (loading != null && !IATA.matcher(loading).matches()) {
                err("/route/placeOfLoading", "FORMAT", "IATA code ^[A-Z]{3}$");
            }
            String mode = enumStr(r, "/route", "mode", false, MODES);
            return new ExpressShipment.Route(origin, dest, routing, loading, mode);
        }

        private ExpressShipment.Party party(JsonNode pn, String p, boolean required) {
            if (!object(pn, p, required)) {
                return null;
            }
            known(pn, p, "name", "company", "address", "email", "phone", "identifiers");
            String company = str(pn, p, "company", false, 70);
            String name = str(pn, p, "name", company == null, 70);
            ExpressShipment.Address address = null;
            JsonNode a = pn.get("address");
            String ap = p + "/address";
            if (object(a, ap, true)) {
                known(a, ap, "street", "street2", "houseNumber", "postcode", "city", "state", "country");
                String country = country(a, ap, "country", true);
                boolean postcodeRequired = country != null && !NO_POSTCODE.contains(country);
                address = new ExpressShipment.Address(str(a, ap, "street", true, 70), str(a, ap, "street2", false, 70),
                        str(a, ap, "houseNumber", false, 35), str(a, ap, "postcode", postcodeRequired, 17),
                        str(a, ap, "city", true, 35), str(a, ap, "state", false, 35), country);
            }
            String email = str(pn, p, "email", false, 256);
            String phone = str(pn, p, "phone", false, 35);
            List<ExpressShipment.Identifier> ids = new ArrayList<>();
            JsonNode arr = pn.get("identifiers");
            if (arr != null && !arr.isNull()) {
                if (!arr.isArray()) {
                    err(p + "/identifiers", "TYPE", "must be an array");
                } else {
                    for (int i = 0; i < arr.size(); i++) {
                        String ip = p + "/identifiers/" + i;
                        if (object(arr.get(i), ip, true)) {
                            known(arr.get(i), ip, "type", "value");
                            String t = enumStr(arr.get(i), ip, "type", true, ID_TYPES);
                            String v = str(arr.get(i), ip, "value", true, 35);
                            if ("IOSS".equals(t) && v != null && !IOSS.matcher(v).matches()) {
                                err(ip + "/value", "IOSS_FORMAT", "IOSS number must match ^IM[0-9]{10}$");
                            }
                            ids.add(new ExpressShipment.Identifier(t, v));
                        }
                    }
                }
            }
            return new ExpressShipment.Party(name, company, address, email, phone, ids);
        }

        private ExpressShipment.PlatformRef platform(JsonNode pn) {
            if (!object(pn, "/platform", false)) {
                return null;
            }
            known(pn, "/platform", "platformId", "orderIds");
            return new ExpressShipment.PlatformRef(str(pn, "/platform", "platformId", false, 70),
                    strings(pn, "/platform", "orderIds", 70));
        }

        private ExpressShipment.Vat vat(JsonNode v) {
            if (!object(v, "/vat", false)) {
                return null;
            }
            known(v, "/vat", "scheme", "iossNumber", "registrationNumber");
            String scheme = enumStr(v, "/vat", "scheme", true, JsonFieldChecks.VAT_SCHEMES);
            String ioss = str(v, "/vat", "iossNumber", "IOSS".equals(scheme), 12);
            if (ioss != null && !IOSS.matcher(ioss).matches()) {
                err("/vat/iossNumber", "IOSS_FORMAT", "IOSS number must match ^IM[0-9]{10}$");
            }
            return new ExpressShipment.Vat(scheme, ioss, str(v, "/vat", "registrationNumber", false, 35));
        }

        private List<ExpressShipment.LineItem> lineItems(JsonNode arr, boolean zeroOk) {
            List<ExpressShipment.LineItem> out = new ArrayList<>();
            if (arr == null || arr.isNull()) {
                err("/lineItems", "REQUIRED", "at least one line item is required");
                return out;
            }
            if (!arr.isArray()) {
                err("/lineItems", "TYPE", "must be an array");
                return out;
            }
            if (arr.isEmpty() || arr.size() > MAX_LINE_ITEMS) {
                err("/lineItems", "MAX_ITEMS", "1-" + MAX_LINE_ITEMS + " line items, got " + arr.size());
                if (arr.isEmpty()) {
                    return out;
                }
            }
            Set<Integer> seen = new HashSet<>();
            for (int i = 0; i < arr.size(); i++) {
                String p = "/lineItems/" + i;
                JsonNode li = arr.get(i);
                if (!object(li, p, true)) {
                    continue;
                }
                known(li, p, "lineNumber", "description", "quantity", "unitPrice", "value", "hsCode", "originCountry",
                        "netWeight", "grossWeight", "sku", "productUrl", "dangerousGoodsUn", "manufacturerProductId", "gtin");
                Integer lineNumber = integer(li, p, "lineNumber", true, 1, 999);
                if (lineNumber != null && !seen.add(lineNumber)) {
                    err(p + "/lineNumber", "INCONSISTENT", "lineNumber " + lineNumber + " is not unique");
                }
                String description = str(li, p, "description", true, 512);
                if (description != null && description.codePointCount(0, description.length()) < 3) {
                    err(p + "/description", "FORMAT", "description needs 3-512 characters");
                }
                ExpressShipment.Quantity qty = null;
                JsonNode q = li.get("quantity");
                if (object(q, p + "/quantity", true)) {
                    known(q, p + "/quantity", "value", "unit");
                    BigDecimal qv = number(q, p + "/quantity", "value", true);
                    if (qv != null && qv.signum() <= 0) {
                        err(p + "/quantity/value", "RANGE", "must be > 0");
                    }
                    qty = new ExpressShipment.Quantity(qv, enumStr(q, p + "/quantity", "unit", true, QTY_UNITS));
                }
                ExpressShipment.Amount unitPrice = money(li, p, "unitPrice", false, zeroOk);
                ExpressShipment.Amount value = money(li, p, "value", true, zeroOk);
                String hs = str(li, p, "hsCode", false, 20);
                if (hs != null) {
                    // §1.4: dots and spaces stripped, then 6, 8 or 10 digits
                    String digits = hs.replace(".", "").replace(" ", "");
                    if (!HS.matcher(digits).matches()) {
                        err(p + "/hsCode", "HS_FORMAT", "HS code must contain 6, 8 or 10 digits");
                    }
                }
                String origin = country(li, p, "originCountry", true);
                BigDecimal net = number(li, p, "netWeight", false);
                if (net != null && net.signum() < 0) {
                    err(p + "/netWeight", "RANGE", "must be >= 0");
                }
                BigDecimal gross = number(li, p, "grossWeight", false);
                if (gross != null && gross.signum() <= 0) {
                    err(p + "/grossWeight", "RANGE", "must be > 0");
                }
                String sku = str(li, p, "sku", false, 70);
                String url = str(li, p, "productUrl", false, 2048);
                if (url != null && !url.startsWith("https://")) {
                    err(p + "/productUrl", "FORMAT", "productUrl must be an https URL");
                }
                String un = str(li, p, "dangerousGoodsUn", false, 6);
                if (un != null && !UN.matcher(un).matches()) {
                    err(p + "/dangerousGoodsUn", "FORMAT", "must match ^UN[0-9]{4}$");
                }
                String mpn = str(li, p, "manufacturerProductId", false, 70);
                String gtin = str(li, p, "gtin", false, 14);
                if (gtin != null) {
                    Optional<String> wrong = org.clearway.mappings.rules.Gtin.problem(gtin);
                    wrong.ifPresent(w -> err(p + "/gtin", "FORMAT", "not a GTIN (8, 12, 13 or 14 digits with a GS1 check digit): " + w));
                }
                out.add(new ExpressShipment.LineItem(lineNumber, description, qty, unitPrice, value, hs, origin, net,
                        gross, sku, url, un, mpn, gtin));
            }
            return out;
        }

        // ------------------------------------------------------------ primitives

        /** Money (§3.2): amount >= 0 (0 only for GIFT/SAMPLE/DOCUMENTS/RETURN, §1.4), ISO 4217 currency. */
        private ExpressShipment.Amount money(JsonNode parent, String p, String field, boolean required,
                                             boolean zeroOk) {
            JsonNode m = parent.get(field);
            String mp = p + "/" + field;
            if (!object(m, mp, required)) {
                return null;
            }
            known(m, mp, "amount", "currency");
            BigDecimal amount = number(m, mp, "amount", true);
            if (amount != null && amount.signum() < 0) {
                err(mp + "/amount", "RANGE", "must be >= 0");
            } else if (amount != null && amount.signum() == 0 && !zeroOk && !field.endsWith("Cost")) {
                err(mp + "/amount", "RANGE", "0 is allowed only for GIFT, SAMPLE, DOCUMENTS or RETURN");
            }
            String currency = str(m, mp, "currency", true, 3);
            currency(currency, mp + "/currency");
            minorUnit(amount, currency, mp + "/amount");
            return new ExpressShipment.Amount(amount, currency);
        }

        private List<String> strings(JsonNode parent, String p, String field, int max) {
            List<String> out = new ArrayList<>();
            JsonNode arr = parent.get(field);
            String pointer = p + "/" + field;
            if (arr == null || arr.isNull()) {
                return out;
            }
            if (!arr.isArray()) {
                err(pointer, "TYPE", "must be an array");
                return out;
            }
            for (int i = 0; i < arr.size(); i++) {
                JsonNode v = arr.get(i);
                if (!v.isTextual()) {
                    err(pointer + "/" + i, "TYPE", "must be a string");
                } else {
                    if (v.textValue().length() > max) {
                        err(pointer + "/" + i, "MAX_LENGTH", "at most " + max + " characters");
                    }
                    out.add(v.textValue());
                }
            }
            return out;
        }

        @Override
        protected void err(String pointer, String code, String detail) {
            errors.add(new FieldProblem(base + pointer, code, detail));
        }

        @Override
        protected void unknownMember(String pointer, String name) {
            warnings.add(new FieldProblem(base + pointer, "UNKNOWN_FIELD", "unknown member '" + name + "' ignored"));
        }

    }

    /** §3.2 master AWB: {@code NNN-NNNNNNNN}, the 8th serial digit = first 7 serial digits mod 7. */
    public static boolean mawbValid(String mawb) {
        if (mawb == null || !MAWB.matcher(mawb).matches()) {
            return false;
        }
        String serial = mawb.substring(4);
        long first7 = Long.parseLong(serial.substring(0, 7));
        return first7 % 7 == serial.charAt(7) - '0';
    }
}
