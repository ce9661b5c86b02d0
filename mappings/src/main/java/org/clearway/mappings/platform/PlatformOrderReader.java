package org.clearway.mappings.platform;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.clearway.mappings.json.JsonFieldChecks;

/**
 * Validates one platform order in its JSON form (PARTNER-APIS §6.2, the body of
 * {@code PUT /v1/platform/orders/{orderId}} and one NDJSON line) and builds a {@link PlatformOrder}.
 * Every problem of §1.3/§1.4 is collected as a {@link LineProblem} with a JSON Pointer and a §2 code
 * instead of stopping at the first: {@code REQUIRED}, {@code TYPE} (never coerced), {@code FORMAT},
 * {@code ENUM}, {@code RANGE}, {@code MAX_LENGTH}, {@code MAX_ITEMS}, {@code UNKNOWN_COUNTRY},
 * {@code UNKNOWN_CURRENCY}, {@code HS_FORMAT}, {@code IOSS_FORMAT}, {@code INCONSISTENT},
 * {@code ALLOCATION_EXCEEDS_QUANTITY}, {@code PAN_DETECTED}; unknown members are
 * {@code UNKNOWN_FIELD} warnings. Thread-safe.
 */
public final class PlatformOrderReader {
    /** §1.3: lines per order. */
    public static final int MAX_LINES = 999;
    /** §1.3: nesting depth of objects + arrays. */
    public static final int MAX_DEPTH = 16;
    /** §1.3: any JSON string. */
    public static final int MAX_STRING = JsonFieldChecks.MAX_STRING;

    private static final Pattern IOSS = Pattern.compile("^IM[0-9]{10}$");
    private static final Pattern HS = Pattern.compile("^[0-9]{6}([0-9]{2}){0,2}$");
    private static final Pattern EXPONENT_HINT = Pattern.compile("[0-9.][eE][-+0-9]");
    /** RFC 3339 date-time with a mandatory offset (CANONICAL-MODEL §4: no offset is rejected). */
    private static final Pattern RFC3339 = Pattern.compile(
            "^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]{1,9})?(Z|[+-][0-9]{2}:[0-9]{2})$");
    private static final Set<String> UNITS = Set.of("PCS", "PAIR", "SET", "KG", "G", "L", "M");
    private static final Set<String> ID_TYPES = Set.of("EORI", "VAT", "TIN", "OTHER");
    private static final Set<String> METHODS = Set.of("CARD", "WALLET", "BANK_TRANSFER", "CASH_ON_DELIVERY", "BNPL",
            "VOUCHER", "OTHER");
    /** Free-text members checked for card numbers (§2 PAN_DETECTED); identifiers are not. */
    private static final Set<String> FREE_TEXT = Set.of("title", "name", "street", "street2", "city", "state",
            "transactionRef");

    private final ObjectMapper mapper;

    public PlatformOrderReader() {
        this.mapper = JsonFieldChecks.partnerJsonMapper(MAX_DEPTH);
    }

    /**
     * The outcome of reading one order: the order and its JSON tree when valid; otherwise
     * {@code problem} is the §2 slug ({@code malformed-json}, {@code nesting-too-deep},
     * {@code validation-error}) and {@code errors} says where.
     */
    public record Result(PlatformOrder order, ObjectNode json, String problem, List<LineProblem> errors,
                         List<LineProblem> warnings) {
        public Result {
            errors = List.copyOf(errors);
            warnings = List.copyOf(warnings);
        }

        public boolean valid() {
            return problem == null;
        }

        /** The {@code orderId} member when it is a string, even when the order is invalid (for reports). */
        public String orderId() {
            if (order != null) {
                return order.orderId();
            }
            JsonNode id = json == null ? null : json.get("orderId");
            return id != null && id.isTextual() ? id.textValue() : null;
        }
    }

    /** Reads one order from its JSON text. Syntax errors carry the 1-based line and column of the text. */
    public Result read(String text) {
        JsonNode root;
        try {
            root = mapper.readTree(text);
        } catch (StreamConstraintsException e) {
            if (org.clearway.mappings.json.JsonFieldChecks.numberTooLong(e)) {
                return failed("validation-error", new LineProblem(org.clearway.mappings.json.JsonFieldChecks.longNumberPointer(text, 22),
                        "FORMAT", "numbers have at most 15 integer and 6 fraction digits", null, null));
            }
            return failed("nesting-too-deep", new LineProblem("", "FORMAT", e.getOriginalMessage(), null, null));
        } catch (JsonParseException e) {
            return failed("malformed-json", new LineProblem("", "FORMAT", e.getOriginalMessage() + " at line "
                    + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr(),
                    e.getLocation().getLineNr(), String.valueOf(e.getLocation().getColumnNr())));
        } catch (IOException e) {
            return failed("malformed-json", new LineProblem("", "FORMAT", e.getMessage(), null, null));
        }
        if (root == null || root.isMissingNode()) {
            return failed("malformed-json", new LineProblem("", "FORMAT", "no JSON value", null, null));
        }
        if (!root.isObject()) {
            return failed("validation-error", new LineProblem("", "TYPE", "an order must be a JSON object", null,
                    null));
        }
        List<String> exponents = EXPONENT_HINT.matcher(text).find() ? exponentNumbers(text) : List.of();
        return read((ObjectNode) root, exponents);
    }

    /** Validates an order already in JSON form (the CSV reader builds one per order). */
    public Result read(ObjectNode root) {
        return read(root, List.of());
    }

    private Result read(ObjectNode root, List<String> exponentPointers) {
        Walk walk = new Walk();
        exponentPointers.forEach(p -> walk.err(p, "FORMAT", "numbers must not use exponent notation"));
        PlatformOrder order = walk.order(root);
        if (!walk.errors.isEmpty()) {
            return new Result(null, root, "validation-error", walk.errors, walk.warnings);
        }
        return new Result(order, root, null, List.of(), walk.warnings);
    }

    private static Result failed(String slug, LineProblem problem) {
        return new Result(null, null, slug, List.of(problem), List.of());
    }

    /**
     * §1.3: numbers in exponent notation ({@code 1e3}) are rejected with {@code FORMAT}. The tree
     * keeps only the value, so a token pass finds how each number was written; it runs only when
     * the text holds something that looks like an exponent.
     */
    private List<String> exponentNumbers(String json) {
        List<String> pointers = new ArrayList<>();
        try (JsonParser p = mapper.getFactory().createParser(json)) {
            JsonToken t;
            while ((t = p.nextToken()) != null) {
                if ((t == JsonToken.VALUE_NUMBER_FLOAT || t == JsonToken.VALUE_NUMBER_INT)
                        && p.getText().chars().anyMatch(c -> c == 'e' || c == 'E')) {
                    pointers.add(p.getParsingContext().pathAsPointer().toString());
                }
            }
        } catch (IOException e) {
            // the tree parse already accepted this text; nothing more to find
        }
        return pointers;
    }

    /** One walk over an order object, collecting problems. */
    private static final class Walk extends JsonFieldChecks {
        private final List<LineProblem> errors = new ArrayList<>();
        private final List<LineProblem> warnings = new ArrayList<>();

        Walk() {
            super(FREE_TEXT);
        }

        PlatformOrder order(JsonNode n) {
            known(n, "", "orderId", "orderVersion", "orderedAt", "seller", "sellers", "buyer", "shippingAddress",
                    "lines", "charges", "orderTotal", "payment", "vat", "shipments");
            String orderId = str(n, "", "orderId", true, 70);
            Integer version = integer(n, "", "orderVersion", true, 1, Integer.MAX_VALUE);
            OffsetDateTime orderedAt = timestamp(n, "", "orderedAt", true);
            PlatformOrder.Party seller = party(n.get("seller"), "/seller", true, "sellerId", true);
            List<PlatformOrder.Party> sellers = new ArrayList<>();
            JsonNode arr = n.get("sellers");
            if (array(arr, "/sellers", false)) {
                for (int i = 0; i < arr.size(); i++) {
                    sellers.add(party(arr.get(i), "/sellers/" + i, true, "sellerId", true));
                }
            }
            Set<String> sellerIds = new HashSet<>();
            if (seller != null && seller.id() != null) {
                sellerIds.add(seller.id());
            }
            sellers.stream().filter(s -> s != null && s.id() != null).forEach(s -> sellerIds.add(s.id()));
            PlatformOrder.Party buyer = party(n.get("buyer"), "/buyer", true, "buyerId", false);
            PlatformOrder.ShipTo shipTo = shipTo(n.get("shippingAddress"));
            List<PlatformOrder.Line> lines = lines(n.get("lines"), sellerIds);
            PlatformOrder.Money shipping = null;
            PlatformOrder.Money insurance = null;
            JsonNode charges = n.get("charges");
            if (object(charges, "/charges", false)) {
                known(charges, "/charges", "shipping", "insurance");
                shipping = money(charges, "/charges", "shipping", false);
                insurance = money(charges, "/charges", "insurance", false);
            }
            PlatformOrder.Money total = money(n, "", "orderTotal", true);
            PlatformOrder.Payment payment = payment(n.get("payment"));
            PlatformOrder.Vat vat = vat(n.get("vat"));
            List<PlatformOrder.Shipment> shipments = shipments(n.get("shipments"), lines);
            if (!errors.isEmpty()) {
                return null;
            }
            return new PlatformOrder(orderId, version, orderedAt, seller, sellers, buyer, shipTo, lines, shipping,
                    insurance, total, payment, vat, shipments);
        }

        private PlatformOrder.Party party(JsonNode pn, String p, boolean required, String idField,
                                          boolean idRequired) {
            if (!object(pn, p, required)) {
                return null;
            }
            known(pn, p, idField, "name", "address", "email", "phone", "identifiers");
            String id = str(pn, p, idField, idRequired, 70);
            String name = str(pn, p, "name", true, 70);
            PlatformOrder.Address address = address(pn.get("address"), p + "/address", true);
            String email = str(pn, p, "email", false, 256);
            String phone = str(pn, p, "phone", false, 35);
            List<PlatformOrder.Identifier> ids = new ArrayList<>();
            JsonNode arr = pn.get("identifiers");
            if (array(arr, p + "/identifiers", false)) {
                for (int i = 0; i < arr.size(); i++) {
                    String ip = p + "/identifiers/" + i;
                    if (object(arr.get(i), ip, true)) {
                        known(arr.get(i), ip, "type", "value");
                        ids.add(new PlatformOrder.Identifier(enumStr(arr.get(i), ip, "type", true, ID_TYPES),
                                str(arr.get(i), ip, "value", true, 35)));
                    }
                }
            }
            return new PlatformOrder.Party(id, name, address, email, phone, ids);
        }

        private PlatformOrder.Address address(JsonNode a, String p, boolean required) {
            if (!object(a, p, required)) {
                return null;
            }
            known(a, p, "street", "street2", "houseNumber", "postcode", "city", "state", "country");
            return new PlatformOrder.Address(str(a, p, "street", true, 70), str(a, p, "street2", false, 70),
                    str(a, p, "houseNumber", false, 35), str(a, p, "postcode", false, 17), str(a, p, "city", true, 35),
                    str(a, p, "state", false, 35), country(a, p, "country", true));
        }

        private PlatformOrder.ShipTo shipTo(JsonNode s) {
            String p = "/shippingAddress";
            if (!object(s, p, true)) {
                return null;
            }
            known(s, p, "name", "address", "phone");
            return new PlatformOrder.ShipTo(str(s, p, "name", true, 70), address(s.get("address"), p + "/address", true),
                    str(s, p, "phone", false, 35));
        }

        private List<PlatformOrder.Line> lines(JsonNode arr, Set<String> sellerIds) {
            List<PlatformOrder.Line> out = new ArrayList<>();
            if (!array(arr, "/lines", true)) {
                return out;
            }
            if (arr.isEmpty() || arr.size() > MAX_LINES) {
                err("/lines", "MAX_ITEMS", "1-" + MAX_LINES + " lines, got " + arr.size());
            }
            Set<String> ids = new HashSet<>();
            for (int i = 0; i < arr.size(); i++) {
                String p = "/lines/" + i;
                JsonNode l = arr.get(i);
                if (!object(l, p, true)) {
                    continue;
                }
                known(l, p, "lineId", "sku", "title", "quantity", "unit", "unitPrice", "lineTotal", "discount",
                        "hsCode", "originCountry", "productUrl", "unitWeightKg", "sellerId", "manufacturerProductId", "gtin");
                String lineId = str(l, p, "lineId", true, 70);
                if (lineId != null && !ids.add(lineId)) {
                    err(p + "/lineId", "INCONSISTENT", "lineId " + lineId + " is not unique in the order");
                }
                String title = str(l, p, "title", true, 512);
                if (title != null && title.codePointCount(0, title.length()) < 3) {
                    err(p + "/title", "FORMAT", "title needs 3-512 characters");
                }
                BigDecimal quantity = number(l, p, "quantity", true);
                if (quantity != null && quantity.signum() <= 0) {
                    err(p + "/quantity", "RANGE", "must be > 0");
                }
                String unit = enumStr(l, p, "unit", false, UNITS);
                PlatformOrder.Money unitPrice = money(l, p, "unitPrice", true);
                PlatformOrder.Money lineTotal = money(l, p, "lineTotal", true);
                if (unitPrice != null && lineTotal != null && unitPrice.currency() != null
                        && lineTotal.currency() != null && !unitPrice.currency().equals(lineTotal.currency())) {
                    err(p + "/lineTotal/currency", "INCONSISTENT", "lineTotal must be in the currency of unitPrice ("
                            + unitPrice.currency() + ")");
                }
                PlatformOrder.Money discount = money(l, p, "discount", false);
                String hs = str(l, p, "hsCode", false, 20);
                if (hs != null) {
                    // §1.4: dots and spaces stripped, then 6, 8 or 10 digits
                    hs = hs.replace(".", "").replace(" ", "");
                    if (!HS.matcher(hs).matches()) {
                        err(p + "/hsCode", "HS_FORMAT", "HS code must contain 6, 8 or 10 digits");
                    }
                }
                String origin = country(l, p, "originCountry", false);
                String url = str(l, p, "productUrl", false, 2048);
                if (url != null && !url.startsWith("https://")) {
                    err(p + "/productUrl", "FORMAT", "productUrl must be an https URL");
                }
                BigDecimal weight = number(l, p, "unitWeightKg", false);
                if (weight != null && weight.signum() < 0) {
                    err(p + "/unitWeightKg", "RANGE", "must be >= 0");
                }
                String sellerId = str(l, p, "sellerId", false, 70);
                if (sellerId != null && !sellerIds.contains(sellerId)) {
                    err(p + "/sellerId", "INCONSISTENT", "sellerId " + sellerId
                            + " is neither seller.sellerId nor in sellers[]");
                }
                String mpn = str(l, p, "manufacturerProductId", false, 70);
                String gtin = str(l, p, "gtin", false, 14);
                if (gtin != null) {
                    org.clearway.mappings.rules.Gtin.problem(gtin).ifPresent(w -> err(p + "/gtin", "FORMAT",
                            "not a GTIN (8, 12, 13 or 14 digits with a GS1 check digit): " + w));
                }
                out.add(new PlatformOrder.Line(lineId, str(l, p, "sku", false, 70), title, quantity,
                        unit == null ? "PCS" : unit, unitPrice, lineTotal, discount, hs, origin, url, weight, sellerId,
                        mpn, gtin));
            }
            return out;
        }

        private PlatformOrder.Payment payment(JsonNode pay) {
            String p = "/payment";
            if (!object(pay, p, true)) {
                return null;
            }
            known(pay, p, "method", "amount", "paidAt", "transactionRef");
            return new PlatformOrder.Payment(enumStr(pay, p, "method", true, METHODS), money(pay, p, "amount", true),
                    timestamp(pay, p, "paidAt", true), str(pay, p, "transactionRef", false, 70));
        }

        private PlatformOrder.Vat vat(JsonNode v) {
            String p = "/vat";
            if (!object(v, p, true)) {
                return null;
            }
            known(v, p, "scheme", "iossNumber", "collected");
            String scheme = enumStr(v, p, "scheme", true, JsonFieldChecks.VAT_SCHEMES);
            String ioss = str(v, p, "iossNumber", "IOSS".equals(scheme), 12);
            if (ioss != null && !IOSS.matcher(ioss).matches()) {
                err(p + "/iossNumber", "IOSS_FORMAT", "IOSS number must match ^IM[0-9]{10}$");
            }
            return new PlatformOrder.Vat(scheme, ioss, money(v, p, "collected", false));
        }

        private List<PlatformOrder.Shipment> shipments(JsonNode arr, List<PlatformOrder.Line> lines) {
            List<PlatformOrder.Shipment> out = new ArrayList<>();
            if (!array(arr, "/shipments", false)) {
                return out;
            }
            Map<String, BigDecimal> ordered = new HashMap<>();
            lines.forEach(l -> {
                if (l.lineId() != null && l.quantity() != null) {
                    ordered.putIfAbsent(l.lineId(), l.quantity());
                }
            });
            Map<String, BigDecimal> allocated = new HashMap<>();
            Set<String> parcels = new HashSet<>();
            for (int i = 0; i < arr.size(); i++) {
                String p = "/shipments/" + i;
                JsonNode s = arr.get(i);
                if (!object(s, p, true)) {
                    continue;
                }
                known(s, p, "carrierCode", "trackingNumber", "lines");
                String carrier = str(s, p, "carrierCode", true, 35);
                String tracking = str(s, p, "trackingNumber", true, 35);
                if (carrier != null && tracking != null
                        && !parcels.add(carrier + " " + PlatformOrder.normaliseTrackingNumber(tracking))) {
                    err(p + "/trackingNumber", "INCONSISTENT", "parcel " + carrier + " " + tracking + " is listed twice");
                }
                out.add(new PlatformOrder.Shipment(carrier, tracking, allocations(s.get("lines"), p + "/lines",
                        ordered, allocated)));
            }
            return out;
        }

        /** §6.2 / §7.3: each allocated lineId must exist and Σ allocated must not exceed the ordered quantity. */
        private List<PlatformOrder.Allocation> allocations(JsonNode arr, String p, Map<String, BigDecimal> ordered,
                                                           Map<String, BigDecimal> allocated) {
            List<PlatformOrder.Allocation> out = new ArrayList<>();
            if (!array(arr, p, false)) {
                return out;
            }
            for (int j = 0; j < arr.size(); j++) {
                String ap = p + "/" + j;
                if (!object(arr.get(j), ap, true)) {
                    continue;
                }
                known(arr.get(j), ap, "lineId", "quantity");
                String lineId = str(arr.get(j), ap, "lineId", true, 70);
                BigDecimal qty = number(arr.get(j), ap, "quantity", true);
                if (qty != null && qty.signum() <= 0) {
                    err(ap + "/quantity", "RANGE", "must be > 0");
                    qty = null;
                }
                if (lineId != null && !ordered.containsKey(lineId)) {
                    err(ap + "/lineId", "INCONSISTENT", "the order has no line " + lineId);
                } else if (lineId != null && qty != null) {
                    BigDecimal sum = allocated.merge(lineId, qty, BigDecimal::add);
                    if (sum.compareTo(ordered.get(lineId)) > 0) {
                        err(ap + "/quantity", "ALLOCATION_EXCEEDS_QUANTITY", "line " + lineId + ": "
                                + sum.toPlainString() + " allocated to parcels, " + ordered.get(lineId).toPlainString()
                                + " ordered");
                    }
                }
                out.add(new PlatformOrder.Allocation(lineId, qty));
            }
            return out;
        }

        // ------------------------------------------------------------ primitives

        /** §6.2 Money: amount >= 0 (orders have no shipment type; free items exist), ISO 4217 currency. */
        private PlatformOrder.Money money(JsonNode parent, String p, String field, boolean required) {
            JsonNode m = parent.get(field);
            String mp = p + "/" + field;
            if (!object(m, mp, required)) {
                return null;
            }
            known(m, mp, "amount", "currency");
            BigDecimal amount = number(m, mp, "amount", true);
            if (amount != null && amount.signum() < 0) {
                err(mp + "/amount", "RANGE", "must be >= 0");
            }
            String currency = str(m, mp, "currency", true, 3);
            currency(currency, mp + "/currency");
            minorUnit(amount, currency, mp + "/amount");
            return new PlatformOrder.Money(amount, currency);
        }

        private OffsetDateTime timestamp(JsonNode parent, String p, String field, boolean required) {
            String s = str(parent, p, field, required, 40);
            if (s == null) {
                return null;
            }
            if (!RFC3339.matcher(s).matches()) {
                err(p + "/" + field, "FORMAT", "must be an RFC 3339 date-time with offset, e.g. 2026-11-20T14:01:55Z");
                return null;
            }
            try {
                return OffsetDateTime.parse(s, DateTimeFormatter.ISO_OFFSET_DATE_TIME);
            } catch (DateTimeParseException e) {
                err(p + "/" + field, "FORMAT", "not a valid date-time: " + e.getParsedString());
                return null;
            }
        }

        @Override
        protected void err(String pointer, String code, String detail) {
            errors.add(new LineProblem(pointer, code, detail, null, null));
        }

        @Override
        protected void unknownMember(String pointer, String name) {
            warnings.add(new LineProblem(pointer, "UNKNOWN_FIELD", "unknown member '" + name + "' ignored", null, null));
        }
    }
}
