package org.clearway.routes.ingress.platform;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.clearway.mappings.platform.LineProblem;
import org.clearway.mappings.platform.PlatformOrder;
import org.clearway.mappings.platform.PlatformOrderReader;
import org.clearway.routes.ingress.ApiResult;
import org.clearway.routes.ingress.ContentHash;
import org.clearway.routes.ingress.Idempotency;
import org.clearway.routes.enrich.PostalLinkRules;
import org.clearway.routes.ingress.express.RequestBodies;
import org.clearway.routes.pipeline.StageTransactions;
import org.clearway.routes.store.PlatformOrderStore;
import org.clearway.routes.store.PlatformOrderStore.Parcel;
import org.clearway.routes.store.PlatformOrderStore.StoredOrder;
import org.clearway.routes.support.ApiProblem;
import org.clearway.routes.support.GatewayProperties.Partner;
import org.clearway.routes.support.Partners;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

/**
 * The platform order operations of PARTNER-APIS §6 for single orders: upsert with order versions
 * (§1.2: higher replaces, equal and identical is {@code DUPLICATE_IGNORED}, equal and different
 * 409 {@code order-version-conflict}, lower {@code STALE_IGNORED}), status, cancellation and late
 * tracking links (§6.5) with the allocation check of §7.3. Orders are stored
 * {@code AWAITING_TRANSPORT} (CANONICAL-MODEL §7.5) with their parcels keyed by carrier code and
 * normalised tracking number, where the correlation stage looks for them. Bulk uploads store each
 * valid order through {@link #upsert}.
 */
@Service
public class PlatformService {
    private static final Logger log = LoggerFactory.getLogger(PlatformService.class);

    /** §6.1 outcomes of a stored order. */
    public enum Outcome { ACCEPTED, UPDATED, DUPLICATE_IGNORED, STALE_IGNORED }

    /** What {@link #upsert} did, and the order's version and status afterwards. */
    public record Stored(Outcome outcome, int orderVersion, String status) {
    }

    static final String AWAITING_TRANSPORT = "AWAITING_TRANSPORT";
    static final String CANCELLED = "CANCELLED";

    private final PlatformOrderStore orders;
    private final List<TransportRelinker> relinkers;
    private final Idempotency idempotency;
    private final Partners partners;
    private final ObjectMapper json = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .setNodeFactory(JsonNodeFactory.withExactBigDecimals(true));
    private final PlatformOrderReader reader = new PlatformOrderReader();
    /** The configured transaction manager (docs/TRANSACTIONS.md); joins a caller's transaction. */
    private final StageTransactions tx;
    private final Clock clock;

    private final OrderConsignments consignments;

    /** Without consignment lookups (unit tests of the order feed alone). */
    public PlatformService(PlatformOrderStore orders, Idempotency idempotency, Partners partners,
                           StageTransactions transactions, Clock clock, List<TransportRelinker> relinkers) {
        this(orders, idempotency, partners, transactions, clock, relinkers, null);
    }

    @org.springframework.beans.factory.annotation.Autowired
    public PlatformService(PlatformOrderStore orders, Idempotency idempotency, Partners partners,
                           StageTransactions transactions, Clock clock, List<TransportRelinker> relinkers,
                           OrderConsignments consignments) {
        this.consignments = consignments;
        this.relinkers = List.copyOf(relinkers);
        this.orders = orders;
        this.idempotency = idempotency;
        this.partners = partners;
        this.tx = transactions;
        this.clock = clock;
    }

    /**
     * After an order version is committed: every parcel of it may complete a declaration (§7.2),
     * and a declaration it was fused into may no longer be one of its parcels.
     */
    void orderStored(String partnerId, String orderId) {
        relink(partnerId, orderId, orders.parcels(partnerId, orderId));
        for (PlatformOrderStore.DeclarationOrder link : orders.declarationsOfOrder(partnerId, orderId)) {
            for (TransportRelinker r : relinkers) {
                if (r.orderRelinked(link.declarationId(), partnerId, orderId)) {
                    break;
                }
            }
        }
    }

    /**
     * After a new order (no earlier version, so no declaration carries it yet) is committed, with
     * its parcels at hand: the bulk path, which skips the lookups {@link #orderStored} needs.
     */
    void newOrderStored(String partnerId, String orderId, List<Parcel> parcels) {
        relink(partnerId, orderId, parcels);
    }

    /** Which of these order ids the partner has stored (any version, cancelled too). */
    Set<String> storedOrderIds(String partnerId, Set<String> orderIds) {
        return new java.util.HashSet<>(orders.existing(partnerId, orderIds));
    }

    /** Inserts new orders in the caller's transaction (bulk chunk). */
    void insertNew(List<PlatformOrderStore.NewOrder> batch, Instant now) {
        orders.insertNew(batch, now);
    }

    /** The order's parcels and the order itself (order-id hints) may complete declarations. */
    private void relink(String partnerId, String orderId, List<Parcel> parcels) {
        String reason = "order " + partnerId + "/" + orderId;
        for (PlatformOrderStore.Parcel p : parcels) {
            parcelChanged(p.carrierCode(), p.trackingNorm(), reason);
        }
        relinkers.forEach(r -> r.orderChanged(partnerId, orderId, reason));
    }

    private void parcelChanged(String carrierCode, String trackingNorm, String reason) {
        relinkers.forEach(r -> r.parcelChanged(carrierCode, trackingNorm, reason));
    }

    /**
     * After a cancellation is committed: every declaration the order was fused into is amended
     * without it (or, after a final decision, only traced) by its transport side.
     */
    void orderCancelled(String partnerId, String orderId) {
        for (PlatformOrderStore.DeclarationOrder link : orders.declarationsOfOrder(partnerId, orderId)) {
            boolean handled = false;
            for (TransportRelinker r : relinkers) {
                if (r.orderWithdrawn(link.declarationId(), partnerId, orderId)) {
                    handled = true;
                    break;
                }
            }
            if (!handled) {
                log.warn("cancelled order {}/{} is linked to declaration {}, which no transport side knows",
                        partnerId, orderId, link.declarationId());
            }
        }
    }

    /**
     * A new order (no stored version) as rows for {@link PlatformOrderStore#insertNew}: status
     * AWAITING_TRANSPORT, its lines and the parcels of its {@code shipments[]}.
     */
    PlatformOrderStore.NewOrder newOrder(String partnerId, PlatformOrder order, ObjectNode orderJson, String uploadId,
                                         Instant now) {
        StoredOrder stored = new StoredOrder(partnerId, order.orderId(), order.orderVersion(), AWAITING_TRANSPORT,
                ContentHash.of(orderJson), write(orderJson), order.orderedAt().toInstant(), uploadId, now, now, null);
        return new PlatformOrderStore.NewOrder(stored, lines(order), parcels(order));
    }

    /** {@code PUT /v1/platform/orders/{orderId}}: 201 ACCEPTED, 200 UPDATED / DUPLICATE_IGNORED / STALE_IGNORED. */
    public ApiResult put(String partnerId, String idempotencyKey, String orderId, byte[] body) {
        return idempotency.run(partnerId, idempotencyKey, "order:" + orderId, body, () -> {
            PlatformOrderReader.Result r = reader.read(RequestBodies.utf8(body));
            if (!r.valid()) {
                throw problem(r.problem(), r.errors(), r.warnings());
            }
            if (!orderId.equals(r.order().orderId())) {
                throw validation(List.of(ApiProblem.fieldError("/orderId", "INCONSISTENT", "orderId "
                        + r.order().orderId() + " differs from the path's " + orderId)), List.of());
            }
            requireLinkable(partnerId, r.order());
            Stored stored = store(partnerId, r.order(), r.json(), null);
            if (stored.outcome() == Outcome.ACCEPTED || stored.outcome() == Outcome.UPDATED) {
                orderStored(partnerId, orderId);
            }
            ObjectNode answer = json.createObjectNode();
            answer.put("orderId", orderId);
            answer.put("orderVersion", stored.orderVersion());
            answer.put("outcome", stored.outcome().name());
            answer.put("status", stored.status());
            answer.set("warnings", json.valueToTree(fieldErrors(r.warnings())));
            return new ApiResult(stored.outcome() == Outcome.ACCEPTED ? 201 : 200, answer);
        });
    }

    /** Stores one order version in its own transaction (retried once when another request inserted it first). */
    Stored store(String partnerId, PlatformOrder order, ObjectNode orderJson, String uploadId) {
        for (int attempt = 0; ; attempt++) {
            try {
                return tx.inTransaction(status -> upsert(partnerId, order, orderJson, uploadId, clock.instant()));
            } catch (DuplicateKeyException e) {
                if (attempt >= 2) {
                    throw e;
                }
                log.debug("concurrent first version of order {}; retrying", order.orderId());
            }
        }
    }

    /** The §1.2 order version rule, in the caller's transaction. */
    public Stored upsert(String partnerId, PlatformOrder order, ObjectNode orderJson, String uploadId, Instant now) {
        String contentSha = ContentHash.of(orderJson);
        var existing = orders.lock(partnerId, order.orderId());
        if (existing.isEmpty()) {
            orders.insert(new StoredOrder(partnerId, order.orderId(), order.orderVersion(), AWAITING_TRANSPORT,
                    contentSha, write(orderJson), order.orderedAt().toInstant(), uploadId, now, now, null));
            writeLinesAndParcels(partnerId, order, now);
            return new Stored(Outcome.ACCEPTED, order.orderVersion(), AWAITING_TRANSPORT);
        }
        StoredOrder s = existing.get();
        if (s.cancelled()) {
            throw new ApiProblem(HttpStatus.CONFLICT, "order-version-conflict", "order " + order.orderId()
                    + " was cancelled; it takes no new versions");
        }
        if (order.orderVersion() < s.orderVersion()) {
            return new Stored(Outcome.STALE_IGNORED, s.orderVersion(), s.status());
        }
        if (order.orderVersion() == s.orderVersion()) {
            if (s.contentSha256().equals(contentSha)) {
                return new Stored(Outcome.DUPLICATE_IGNORED, s.orderVersion(), s.status());
            }
            throw new ApiProblem(HttpStatus.CONFLICT, "order-version-conflict", "order " + order.orderId()
                    + " version " + order.orderVersion() + " is already stored with different content; send a higher orderVersion");
        }
        orders.replaceVersion(partnerId, order.orderId(), order.orderVersion(), contentSha, write(orderJson),
                order.orderedAt().toInstant(), uploadId, now);
        writeLinesAndParcels(partnerId, order, now);
        return new Stored(Outcome.UPDATED, order.orderVersion(), s.status());
    }

    private void writeLinesAndParcels(String partnerId, PlatformOrder order, Instant now) {
        orders.replaceLines(partnerId, order.orderId(), lines(order));
        orders.replaceOrderParcels(partnerId, order.orderId(), parcels(order), now);
    }

    private static List<PlatformOrderStore.Line> lines(PlatformOrder order) {
        List<PlatformOrderStore.Line> lines = new ArrayList<>();
        for (int i = 0; i < order.lines().size(); i++) {
            PlatformOrder.Line l = order.lines().get(i);
            lines.add(new PlatformOrderStore.Line(l.lineId(), i, l.quantity()));
        }
        return lines;
    }

    private static List<Parcel> parcels(PlatformOrder order) {
        List<Parcel> parcels = new ArrayList<>();
        for (int i = 0; i < order.shipments().size(); i++) {
            PlatformOrder.Shipment s = order.shipments().get(i);
            Map<String, BigDecimal> alloc = new LinkedHashMap<>();
            s.lines().forEach(a -> alloc.merge(a.lineId(), a.quantity(), BigDecimal::add));
            parcels.add(new Parcel(s.carrierCode(), s.trackingNumber(), s.normalisedTrackingNumber(), i, "ORDER", alloc));
        }
        return parcels;
    }

    /** §1.1: the order's parcels may only name carrier codes this platform may link; else 403. */
    void requireLinkable(String partnerId, PlatformOrder order) {
        List<Map<String, Object>> errors = linkErrors(partnerId, order);
        if (!errors.isEmpty()) {
            throw new ApiProblem(HttpStatus.FORBIDDEN, "forbidden-scope", "partner " + partnerId
                    + " may not link parcels of " + errors.size() + " carrier code(s)", errors);
        }
    }

    List<Map<String, Object>> linkErrors(String partnerId, PlatformOrder order) {
        Set<String> allowed = linkable(partnerId);
        List<Map<String, Object>> errors = new ArrayList<>();
        for (int i = 0; i < order.shipments().size(); i++) {
            String carrier = order.shipments().get(i).carrierCode();
            if (!allowed.contains(carrier)) {
                errors.add(ApiProblem.fieldError("/shipments/" + i + "/carrierCode", "ENUM", "carrier code " + carrier
                        + " is not bound to this platform (may link " + allowed + ")"));
            }
        }
        return errors;
    }

    private Set<String> linkable(String partnerId) {
        Partner p = partners.require(partnerId);
        return p.platform() == null ? Set.of() : new HashSet<>(p.platform().linkableCarrierCodes());
    }

    /** {@code GET /v1/platform/orders/{orderId}}: status, current version, parcels with allocations. */
    public ApiResult get(String partnerId, String orderId) {
        StoredOrder s = orders.find(partnerId, orderId)
                .orElseThrow(() -> new ApiProblem(HttpStatus.NOT_FOUND, "not-found", "no order " + orderId));
        ObjectNode body = json.createObjectNode();
        body.put("orderId", s.orderId());
        body.put("orderVersion", s.orderVersion());
        body.put("status", s.status());
        ArrayNode parcels = body.putArray("shipments");
        for (Parcel p : orders.parcels(partnerId, orderId)) {
            ObjectNode n = parcels.addObject();
            if (!PostalLinkRules.uncoded(p.carrierCode())) {
                n.put("carrierCode", p.carrierCode());
            }
            n.put("trackingNumber", p.trackingNumber());
            n.put("source", p.source());
            ArrayNode lines = n.putArray("lines");
            p.allocations().forEach((lineId, qty) -> lines.addObject().put("lineId", lineId)
                    .put("quantity", plain(qty)));
        }
        // consignments this order was fused into by the correlation stage (§7), and their decisions
        ArrayNode consignmentsOut = body.putArray("consignments");
        ArrayNode decisionsOut = body.putArray("decisions");
        if (consignments != null) {
            consignments.fill(partnerId, orderId, consignmentsOut, decisionsOut);
        }
        if (s.uploadId() != null) {
            body.put("uploadId", s.uploadId());
        }
        body.put("createdAt", s.createdAt().toString());
        body.put("updatedAt", s.updatedAt().toString());
        if (s.cancelledAt() != null) {
            body.put("cancelledAt", s.cancelledAt().toString());
        }
        body.set("order", tree(s.orderJson()));
        return new ApiResult(200, body);
    }

    /** {@code DELETE /v1/platform/orders/{orderId}}: 202, the order is CANCELLED (again: the same answer). */
    public ApiResult cancel(String partnerId, String idempotencyKey, String orderId) {
        return idempotency.run(partnerId, idempotencyKey, "cancel:" + orderId, new byte[0], () -> {
            boolean[] cancelledNow = {false};
            StoredOrder s = tx.inTransaction(status -> {
                StoredOrder o = orders.lock(partnerId, orderId)
                        .orElseThrow(() -> new ApiProblem(HttpStatus.NOT_FOUND, "not-found", "no order " + orderId));
                if (!o.cancelled()) {
                    orders.markCancelled(partnerId, orderId, clock.instant());
                    cancelledNow[0] = true;
                }
                return orders.find(partnerId, orderId).orElseThrow();
            });
            if (cancelledNow[0]) {
                // declarations already carrying the order's data are amended without it (or traced)
                orderCancelled(partnerId, orderId);
            }
            ObjectNode body = json.createObjectNode();
            body.put("orderId", orderId);
            body.put("orderVersion", s.orderVersion());
            body.put("outcome", "CANCELLED");
            body.put("status", s.status());
            return new ApiResult(202, body);
        });
    }

    /**
     * {@code POST /v1/platform/orders/{orderId}/shipments} (§6.5): links a parcel, optionally with
     * the quantity of each line in it; Σ over the order's parcels must not exceed the ordered
     * quantity (§7.3, 422 {@code ALLOCATION_EXCEEDS_QUANTITY}). Linking the same parcel again
     * replaces its allocation.
     */
    public ApiResult link(String partnerId, String idempotencyKey, String orderId, byte[] body) {
        return idempotency.run(partnerId, idempotencyKey, "link:" + orderId, body, () -> {
            JsonNode n = parseObject(RequestBodies.utf8(body));
            List<Map<String, Object>> errors = new ArrayList<>();
            // §6.5 / §7.1 row 2: a postal parcel may be linked by its S10 id alone (no carrierCode)
            String carrier = n.hasNonNull("carrierCode") ? text(n, "carrierCode", 35, errors) : null;
            String tracking = text(n, "trackingNumber", 35, errors);
            if (carrier == null && tracking != null && !n.hasNonNull("carrierCode")
                    && !PostalLinkRules.isS10(PlatformOrder.normaliseTrackingNumber(tracking))) {
                errors.add(ApiProblem.fieldError("/carrierCode", "REQUIRED",
                        "carrierCode is required unless trackingNumber is an S10 id (postal item)"));
            }
            Map<String, BigDecimal> alloc = new LinkedHashMap<>();
            Map<String, Integer> index = new HashMap<>();
            JsonNode lines = n.get("lines");
            if (lines != null && !lines.isNull() && !lines.isArray()) {
                errors.add(ApiProblem.fieldError("/lines", "TYPE", "must be an array"));
            } else if (lines != null && lines.isArray()) {
                for (int i = 0; i < lines.size(); i++) {
                    JsonNode l = lines.get(i);
                    String p = "/lines/" + i;
                    JsonNode id = l.get("lineId");
                    JsonNode q = l.get("quantity");
                    if (id == null || !id.isTextual()) {
                        errors.add(ApiProblem.fieldError(p + "/lineId", id == null ? "REQUIRED" : "TYPE", "lineId string required"));
                    } else if (q == null || !q.isNumber()) {
                        errors.add(ApiProblem.fieldError(p + "/quantity", q == null ? "REQUIRED" : "TYPE", "quantity number required"));
                    } else if (q.decimalValue().signum() <= 0) {
                        errors.add(ApiProblem.fieldError(p + "/quantity", "RANGE", "must be > 0"));
                    } else if (alloc.put(id.textValue(), q.decimalValue()) != null) {
                        errors.add(ApiProblem.fieldError(p + "/lineId", "INCONSISTENT", "line " + id.textValue() + " is listed twice"));
                    } else {
                        index.put(id.textValue(), i);
                    }
                }
            }
            if (!errors.isEmpty()) {
                throw validation(errors, List.of());
            }
            String norm = PlatformOrder.normaliseTrackingNumber(tracking);
            if (carrier == null) {
                // authorised when the platform may link at least one postal operator code; the match
                // itself counts only for posts whose code it may link (PostalLinkRules)
                if (!PostalLinkRules.mayLinkUncoded(norm, linkable(partnerId), partners.allOperatorCodes())) {
                    throw new ApiProblem(HttpStatus.FORBIDDEN, "forbidden-scope", "partner " + partnerId
                            + " may not link postal items: none of its linkable carrier codes is a postal operator code",
                            List.of(ApiProblem.fieldError("/carrierCode", "REQUIRED",
                                    "this platform may link no postal operator; name the carrier code")));
                }
                carrier = PostalLinkRules.NO_CARRIER_CODE;
            } else if (!linkable(partnerId).contains(carrier)) {
                throw new ApiProblem(HttpStatus.FORBIDDEN, "forbidden-scope", "partner " + partnerId
                        + " may not link parcels of carrier " + carrier,
                        List.of(ApiProblem.fieldError("/carrierCode", "ENUM", "carrier code not bound to this platform")));
            }
            String carrierCode = carrier;
            StoredOrder s = tx.inTransaction(status -> {
                StoredOrder o = orders.lock(partnerId, orderId)
                        .orElseThrow(() -> new ApiProblem(HttpStatus.NOT_FOUND, "not-found", "no order " + orderId));
                if (o.cancelled()) {
                    throw new ApiProblem(HttpStatus.CONFLICT, "order-version-conflict", "order " + orderId + " was cancelled");
                }
                Map<String, BigDecimal> ordered = orders.lineQuantities(partnerId, orderId);
                Map<String, BigDecimal> used = new HashMap<>();
                int seq = 0;
                for (Parcel p : orders.parcels(partnerId, orderId)) {
                    seq = Math.max(seq, p.seq() + 1);
                    if (!(p.carrierCode().equals(carrierCode) && p.trackingNorm().equals(norm))) {
                        p.allocations().forEach((line, q) -> used.merge(line, q, BigDecimal::add));
                    }
                }
                List<Map<String, Object>> problems = new ArrayList<>();
                alloc.forEach((line, q) -> {
                    String p = "/lines/" + index.get(line);
                    if (!ordered.containsKey(line)) {
                        problems.add(ApiProblem.fieldError(p + "/lineId", "INCONSISTENT", "the order has no line " + line));
                    } else {
                        BigDecimal total = used.getOrDefault(line, BigDecimal.ZERO).add(q);
                        if (total.compareTo(ordered.get(line)) > 0) {
                            problems.add(ApiProblem.fieldError(p + "/quantity", "ALLOCATION_EXCEEDS_QUANTITY", "line "
                                    + line + ": " + plain(total) + " allocated to parcels, " + plain(ordered.get(line))
                                    + " ordered"));
                        }
                    }
                });
                if (!problems.isEmpty()) {
                    throw validation(problems, List.of());
                }
                orders.link(partnerId, orderId, new Parcel(carrierCode, tracking, norm, seq, "LINK", alloc), clock.instant());
                return o;
            });
            ObjectNode answer = json.createObjectNode();
            answer.put("orderId", orderId);
            if (!carrierCode.isEmpty()) {
                answer.put("carrierCode", carrierCode);
            }
            answer.put("trackingNumber", tracking);
            parcelChanged(carrierCode, norm, "order " + partnerId + "/" + orderId + " linked parcel " + tracking);
            answer.put("outcome", "LINKED");
            answer.put("status", s.status());
            return new ApiResult(202, answer);
        });
    }

    // ---- problems ------------------------------------------------------------------------------

    /** The problem of a rejected order: 400 for unusable JSON, 422 for field errors. */
    static ApiProblem problem(String slug, List<LineProblem> errors, List<LineProblem> warnings) {
        HttpStatus status = switch (slug) {
            case "malformed-json", "nesting-too-deep", "invalid-encoding" -> HttpStatus.BAD_REQUEST;
            case "line-too-long" -> HttpStatus.PAYLOAD_TOO_LARGE;
            default -> HttpStatus.UNPROCESSABLE_ENTITY;
        };
        String detail = "validation-error".equals(slug)
                ? errors.size() + " field error" + (errors.size() == 1 ? "" : "s")
                : errors.isEmpty() ? slug : errors.get(0).detail();
        ApiProblem p = new ApiProblem(status, slug, detail, fieldErrors(errors));
        p.warnings().addAll(fieldErrors(warnings));
        return p;
    }

    static List<Map<String, Object>> fieldErrors(List<LineProblem> problems) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (LineProblem p : problems) {
            Map<String, Object> e = ApiProblem.fieldError(p.pointer(), p.code(), p.detail());
            if (p.line() != null) {
                e.put("line", p.line());
            }
            if (p.column() != null) {
                e.put("column", p.column());
            }
            out.add(e);
        }
        return out;
    }

    private static ApiProblem validation(List<Map<String, Object>> errors, List<Map<String, Object>> warnings) {
        ApiProblem p = new ApiProblem(HttpStatus.UNPROCESSABLE_ENTITY, "validation-error",
                errors.size() + " field error" + (errors.size() == 1 ? "" : "s"), errors);
        p.warnings().addAll(warnings);
        return p;
    }

    // ---- JSON helpers ----------------------------------------------------------------------------

    private JsonNode parseObject(String text) {
        JsonNode n;
        try {
            n = json.readTree(text);
        } catch (com.fasterxml.jackson.core.JsonParseException e) {
            Map<String, Object> where = ApiProblem.fieldError("", "FORMAT", e.getOriginalMessage());
            where.put("line", e.getLocation().getLineNr());
            where.put("column", String.valueOf(e.getLocation().getColumnNr()));
            throw new ApiProblem(HttpStatus.BAD_REQUEST, "malformed-json", e.getOriginalMessage(), List.of(where));
        } catch (com.fasterxml.jackson.core.exc.StreamConstraintsException e) {
            if (org.clearway.mappings.json.JsonFieldChecks.numberTooLong(e)) {
                throw validation(List.of(ApiProblem.fieldError(org.clearway.mappings.json.JsonFieldChecks.longNumberPointer(text, 22),
                        "FORMAT", "numbers have at most 15 integer and 6 fraction digits")), List.of());
            }
            throw new ApiProblem(HttpStatus.BAD_REQUEST, "nesting-too-deep", e.getOriginalMessage());
        } catch (JsonProcessingException e) {
            throw new ApiProblem(HttpStatus.BAD_REQUEST, "malformed-json", e.getOriginalMessage());
        }
        if (n == null || !n.isObject()) {
            throw validation(List.of(ApiProblem.fieldError("", "TYPE", "the body must be a JSON object")), List.of());
        }
        return n;
    }

    private static String text(JsonNode n, String field, int max, List<Map<String, Object>> errors) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull() || (v.isTextual() && v.textValue().isBlank())) {
            errors.add(ApiProblem.fieldError("/" + field, "REQUIRED", field + " is required"));
            return null;
        }
        if (!v.isTextual()) {
            errors.add(ApiProblem.fieldError("/" + field, "TYPE", "must be a string"));
            return null;
        }
        if (v.textValue().length() > max) {
            errors.add(ApiProblem.fieldError("/" + field, "MAX_LENGTH", "at most " + max + " characters"));
        }
        return v.textValue();
    }

    static BigDecimal plain(BigDecimal d) {
        BigDecimal s = d.stripTrailingZeros();
        return s.scale() < 0 ? s.setScale(0) : s;
    }

    private JsonNode tree(String text) {
        try {
            return json.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored order JSON is unreadable", e);
        }
    }

    String write(JsonNode node) {
        try {
            return json.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    StageTransactions tx() {
        return tx;
    }
}
