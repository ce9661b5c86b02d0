package org.clearway.routes.ingress.express;

import org.clearway.routes.ingress.ApiResult;
import org.clearway.routes.ingress.ContentHash;
import org.clearway.routes.ingress.Idempotency;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.math.BigDecimal;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.clearway.mappings.canonical.Ids;
import org.clearway.mappings.express.ExpressShipment;
import org.clearway.mappings.express.ExpressShipmentReader;
import org.clearway.mappings.express.FieldProblem;
import org.clearway.routes.store.DecisionStore;
import org.clearway.routes.store.DecisionStore.StoredDecision;
import org.clearway.routes.store.DeclarationStore;
import org.clearway.routes.enrich.OrderCorrelation;
import org.clearway.routes.store.ExpressStore;
import org.clearway.routes.store.ExpressStore.Shipment;
import org.clearway.routes.store.PlatformOrderStore;
import org.clearway.routes.pipeline.StageTransactions;
import org.clearway.routes.store.TraceLog;
import org.clearway.routes.support.ApiProblem;
import org.clearway.routes.support.RequestChecks;
import org.clearway.routes.support.GatewayProperties;
import org.clearway.routes.support.GatewayProperties.Partner;
import org.clearway.routes.support.Partners;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

/**
 * The express carrier operations of PARTNER-APIS §3, shared by the REST controller and the SOAP
 * binding (§4). Bodies are the decompressed JSON bytes (the SOAP binding converts its payload to
 * the same JSON first). Idempotency (§1.2) is applied here, keyed by (partner, key) and the
 * SHA-256 of {@code body}. Problems are thrown as {@link ApiProblem} with §2 slugs and JSON
 * Pointer field errors.
 *
 * <p>Business deduplication (§1.2): the house waybill identifies the consignment per partner; an
 * identical normalised shipment is {@code DUPLICATE_IGNORED} (200), a changed one an
 * {@code AMENDED} revision (202) unless a final decision exists (409 {@code consignment-closed}).
 * Each accepted version is put on {@code gw.parse} and committed as the last step of the database
 * transaction that records it, so the 202 is sent only for durably queued data and a failed
 * queueing leaves no trace in the database either.
 */
@Service
public class ExpressService {
    /** {@code express_shipment.shipment_ref} column size: longer refs were never issued. */
    private static final int SHIPMENT_REF_MAX = 24;

    private static final Logger log = LoggerFactory.getLogger(ExpressService.class);
    private static final Pattern HWB = Pattern.compile("^[A-Z0-9-]{6,35}$");
    private static final Pattern IATA = Pattern.compile("^[A-Z]{3}$");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final ExpressStore shipments;
    private final PlatformOrderStore platformOrders;
    private final Idempotency idempotency;
    private final DecisionStore decisions;
    private final DeclarationStore declarations;
    private final ExpressStaging staging;
    private final TraceLog trace;
    private final Partners partners;
    private final GatewayProperties properties;
    private final ObjectMapper json;
    private final ObjectMapper exact;
    private final ExpressShipmentReader reader = new ExpressShipmentReader();
    /** The configured transaction manager; joins a caller's transaction (a stage's, a platform upload's). */
    private final StageTransactions tx;
    private final Clock clock;
    private final OrderCorrelation correlation;

    private final org.clearway.routes.store.PendingStore pending;

    public ExpressService(ExpressStore shipments, PlatformOrderStore platformOrders, Idempotency idempotency,
                          DecisionStore decisions, DeclarationStore declarations, ExpressStaging staging,
                          TraceLog trace, Partners partners, GatewayProperties properties, ObjectMapper json,
                          StageTransactions transactions, Clock clock, OrderCorrelation correlation,
                          org.clearway.routes.store.PendingStore pending) {
        this.pending = pending;
        this.correlation = correlation;
        this.shipments = shipments;
        this.platformOrders = platformOrders;
        this.idempotency = idempotency;
        this.decisions = decisions;
        this.declarations = declarations;
        this.staging = staging;
        this.trace = trace;
        this.partners = partners;
        this.properties = properties;
        this.json = json;
        this.exact = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .setNodeFactory(JsonNodeFactory.withExactBigDecimals(true));
        this.tx = transactions;
        this.clock = clock;
    }

    /** {@code POST /v1/express/shipments}: 202 ACCEPTED / AMENDED, 200 DUPLICATE_IGNORED. */
    public ApiResult submitShipment(String partnerId, String idempotencyKey, byte[] body) {
        return submitShipment(partnerId, idempotencyKey, body, ExpressStaging.DIALECT);
    }

    /** The same for a binding whose {@code sources[].dialect} differs (the SOAP binding). */
    public ApiResult submitShipment(String partnerId, String idempotencyKey, byte[] body, String dialect) {
        return idempotent(partnerId, idempotencyKey, "shipment", body, () -> {
            String text = RequestBodies.utf8(body);
            ExpressShipmentReader.Result read = reader.readShipment(text);
            requireUsable(read.errors());
            List<Map<String, Object>> errors = fieldErrors(read.errors(), null);
            errors.addAll(policyErrors(partnerId, read.shipment(), ""));
            if (!errors.isEmpty()) {
                throw validation(errors, fieldErrors(read.warnings(), null));
            }
            ObjectNode tree = (ObjectNode) tree(text);
            return accept(partnerId, idempotencyKey, sha256(body), tree, read.shipment(), read.warnings(), dialect);
        });
    }

    /** {@code POST /v1/express/shipments:batch}: 207 with one result per index (§3.5). */
    public ApiResult submitBatch(String partnerId, String idempotencyKey, byte[] body) {
        return submitBatch(partnerId, idempotencyKey, body, ExpressStaging.DIALECT);
    }

    /** The same for a binding whose {@code sources[].dialect} differs (the SOAP binding). */
    public ApiResult submitBatch(String partnerId, String idempotencyKey, byte[] body, String dialect) {
        return idempotent(partnerId, idempotencyKey, "batch", body, () -> {
            String text = RequestBodies.utf8(body);
            ExpressShipmentReader.BatchResult read = reader.readBatch(text);
            if (!read.errors().isEmpty()) {
                FieldProblem p = read.errors().get(0);
                if ("batch-too-large".equals(p.code())) {
                    throw new ApiProblem(HttpStatus.UNPROCESSABLE_ENTITY, "batch-too-large", p.detail());
                }
                requireUsable(read.errors());
                throw validation(fieldErrors(read.errors(), null), List.of());
            }
            JsonNode all = tree(text).get("shipments");
            String payloadSha = sha256(body);
            // the valid shipments of a batch are recorded in one database transaction and queued in
            // one JMS transaction: the batch is accepted whole or (on an unexpected failure) not at all
            for (int attempt = 0; ; attempt++) {
                try {
                    return tx.inTransaction(status -> {
                        try (ExpressStaging.Batch queue = staging.open()) {
                            ApiResult result = batchInTransaction(partnerId, idempotencyKey, payloadSha, read, all, queue,
                                    dialect);
                            queue.commit();
                            return result;
                        }
                    });
                } catch (DuplicateKeyException e) {
                    if (attempt >= 3) {
                        throw e;
                    }
                    log.debug("concurrent first submission of a house waybill in a batch; retrying the batch");
                }
            }
        });
    }

    private ApiResult batchInTransaction(String partnerId, String idempotencyKey, String payloadSha,
                                         ExpressShipmentReader.BatchResult read, JsonNode all, ExpressStaging.Batch queue,
                                         String dialect) {
        ArrayNode results = json.createArrayNode();
        int accepted = 0;
        for (int i = 0; i < read.shipments().size(); i++) {
            ExpressShipmentReader.Result r = read.shipments().get(i);
            ObjectNode result = results.addObject();
            result.put("index", i);
            List<Map<String, Object>> errors = fieldErrors(r.errors(), i);
            if (r.shipment() != null) {
                errors.addAll(withIndex(policyErrors(partnerId, r.shipment(), "/shipments/" + i), i));
            }
            if (!errors.isEmpty()) {
                result.put("status", 422);
                result.set("problem", problemNode(validation(errors, fieldErrors(r.warnings(), i))));
                continue;
            }
            try {
                ApiResult one = acceptInTransaction(partnerId, idempotencyKey == null ? null : idempotencyKey + "#" + i,
                        payloadSha, (ObjectNode) all.get(i), r.shipment().houseWaybill(), r.warnings(), queue, dialect);
                result.put("status", one.status());
                // "status" of a batch result is the HTTP status of that shipment (§3.5)
                one.body().fields().forEachRemaining(f -> {
                    if (!"status".equals(f.getKey())) {
                        result.set(f.getKey(), f.getValue());
                    }
                });
                accepted++;
            } catch (ApiProblem e) {
                // raised before this shipment wrote anything (closed or cancelled consignment)
                result.put("status", e.status().value());
                result.set("problem", problemNode(e));
            }
        }
        ObjectNode response = json.createObjectNode();
        response.set("results", results);
        response.put("accepted", accepted);
        response.put("rejected", read.shipments().size() - accepted);
        return new ApiResult(207, response);
    }

    /** {@code POST /v1/express/manifests}: 202 (§3.6). */
    public ApiResult submitManifest(String partnerId, String idempotencyKey, byte[] body) {
        return idempotent(partnerId, idempotencyKey, "manifest", body, () -> {
            JsonNode manifest = objectBody(RequestBodies.utf8(body));
            List<Map<String, Object>> errors = new ArrayList<>();
            String mawb = text(manifest, "masterAirWaybill");
            if (mawb == null) {
                errors.add(ApiProblem.fieldError("/masterAirWaybill", "REQUIRED", "masterAirWaybill is required"));
            } else if (!ExpressShipmentReader.mawbValid(mawb)) {
                errors.add(ApiProblem.fieldError("/masterAirWaybill", "AWB_FORMAT",
                        "master AWB must be NNN-NNNNNNNN with a mod-7 check digit"));
            }
            JsonNode flight = manifest.get("flight");
            String departure = null;
            if (flight != null && !flight.isObject()) {
                errors.add(ApiProblem.fieldError("/flight", "TYPE", "flight must be an object"));
            } else if (flight != null) {
                departure = text(flight, "departureAirport");
                if (departure != null && !IATA.matcher(departure).matches()) {
                    errors.add(ApiProblem.fieldError("/flight/departureAirport", "FORMAT", "IATA code ^[A-Z]{3}$"));
                }
                String arrival = text(flight, "arrivalAirport");
                if (arrival != null && !IATA.matcher(arrival).matches()) {
                    errors.add(ApiProblem.fieldError("/flight/arrivalAirport", "FORMAT", "IATA code ^[A-Z]{3}$"));
                }
            }
            JsonNode houses = manifest.get("houseWaybills");
            List<String> hwbs = new ArrayList<>();
            if (houses == null || !houses.isArray() || houses.isEmpty()) {
                errors.add(ApiProblem.fieldError("/houseWaybills", houses == null ? "REQUIRED" : "TYPE",
                        "houseWaybills must be a non-empty array"));
            } else if (houses.size() > ExpressShipmentReader.MAX_BATCH * 20) {
                errors.add(ApiProblem.fieldError("/houseWaybills", "MAX_ITEMS", "at most 10000 house waybills"));
            } else {
                for (int i = 0; i < houses.size(); i++) {
                    JsonNode h = houses.get(i);
                    if (!h.isTextual() || !HWB.matcher(h.asText()).matches()) {
                        errors.add(ApiProblem.fieldError("/houseWaybills/" + i, h.isTextual() ? "FORMAT" : "TYPE",
                                "house waybill must match ^[A-Z0-9-]{6,35}$"));
                    } else if (!hwbs.contains(h.asText())) {
                        hwbs.add(h.asText());
                    }
                }
            }
            if (!errors.isEmpty()) {
                throw validation(errors, List.of());
            }
            return manifest(partnerId, idempotencyKey, sha256(body), mawb, departure, manifest, hwbs);
        });
    }

    /** {@code GET /v1/express/shipments/{shipmentRef}}: processing and customs status. */
    public ApiResult status(String partnerId, String shipmentRef) {
        RequestChecks.id("shipmentRef", shipmentRef, SHIPMENT_REF_MAX);
        Shipment s = shipments.byRef(partnerId, shipmentRef)
                .orElseThrow(() -> new ApiProblem(HttpStatus.NOT_FOUND, "not-found", "no shipment " + shipmentRef));
        return new ApiResult(200, statusBody(s));
    }

    /** {@code GET /v1/express/shipments?houseWaybill=}: the same, looked up by house waybill. */
    public ApiResult statusByHouseWaybill(String partnerId, String houseWaybill) {
        RequestChecks.text("houseWaybill", houseWaybill, 35);
        Shipment s = shipments.byHouseWaybill(partnerId, houseWaybill == null ? "" : houseWaybill.trim())
                .orElseThrow(() -> new ApiProblem(HttpStatus.NOT_FOUND, "not-found",
                        "no shipment with house waybill " + houseWaybill));
        return new ApiResult(200, statusBody(s));
    }

    /**
     * {@code POST /v1/express/shipments/{shipmentRef}/information-responses}: body
     * {@code {"decisionId": ..., "shipment": <JSON Merge Patch (RFC 7386) of the shipment>}};
     * the patched shipment is validated like a submission and becomes an AMENDMENT revision.
     */
    public ApiResult informationResponse(String partnerId, String idempotencyKey, String shipmentRef, byte[] body) {
        return informationResponse(partnerId, idempotencyKey, shipmentRef, body, ExpressStaging.DIALECT);
    }

    /** The same for a binding whose {@code sources[].dialect} differs (the SOAP binding). */
    public ApiResult informationResponse(String partnerId, String idempotencyKey, String shipmentRef, byte[] body,
                                         String dialect) {
        RequestChecks.id("shipmentRef", shipmentRef, SHIPMENT_REF_MAX);
        return idempotent(partnerId, idempotencyKey, "information-response:" + shipmentRef, body, () -> {
            JsonNode answer = objectBody(RequestBodies.utf8(body));
            Shipment s = shipments.byRef(partnerId, shipmentRef)
                    .orElseThrow(() -> new ApiProblem(HttpStatus.NOT_FOUND, "not-found", "no shipment " + shipmentRef));
            List<Map<String, Object>> errors = new ArrayList<>();
            String decisionId = text(answer, "decisionId");
            JsonNode patch = answer.get("shipment");
            if (decisionId == null) {
                errors.add(ApiProblem.fieldError("/decisionId", "REQUIRED", "the decisionId of the request for information"));
            } else {
                Optional<StoredDecision> d = decisions.byId(decisionId)
                        .filter(x -> x.declarationId().equals(s.declarationId()));
                if (d.isEmpty()) {
                    errors.add(ApiProblem.fieldError("/decisionId", "FORMAT", "no decision " + decisionId + " for this shipment"));
                } else if (!"REQUEST_FOR_INFORMATION".equals(d.get().status())) {
                    errors.add(ApiProblem.fieldError("/decisionId", "ENUM", "decision " + decisionId + " is "
                            + d.get().status() + ", not a REQUEST_FOR_INFORMATION"));
                }
            }
            if (patch == null || !patch.isObject()) {
                errors.add(ApiProblem.fieldError("/shipment", patch == null ? "REQUIRED" : "TYPE",
                        "shipment must be a JSON Merge Patch object of the submitted shipment"));
            }
            if (!errors.isEmpty()) {
                throw validation(errors, List.of());
            }
            ObjectNode patched = (ObjectNode) mergePatch(tree(s.shipmentJson()), patch);
            if (!s.houseWaybill().equals(text(patched, "houseWaybill"))) {
                throw validation(List.of(ApiProblem.fieldError("/shipment/houseWaybill", "FORMAT",
                        "the house waybill of a shipment cannot change")), List.of());
            }
            String patchedText = write(patched);
            ExpressShipmentReader.Result read = reader.readShipment(patchedText);
            List<Map<String, Object>> patchErrors = prefix(fieldErrors(read.errors(), null), "/shipment");
            if (read.shipment() != null) {
                patchErrors.addAll(prefix(policyErrors(partnerId, read.shipment(), ""), "/shipment"));
            }
            if (!patchErrors.isEmpty()) {
                throw validation(patchErrors, List.of());
            }
            trace.record(null, s.declarationId(), "ingress", "information-response", "answers decision " + decisionId);
            return accept(partnerId, idempotencyKey, sha256(body), patched, read.shipment(), read.warnings(), dialect);
        });
    }

    /** {@code DELETE /v1/express/shipments/{shipmentRef}}: 202, a CANCELLATION revision (before a final decision). */
    public ApiResult cancel(String partnerId, String idempotencyKey, String shipmentRef) {
        RequestChecks.id("shipmentRef", shipmentRef, SHIPMENT_REF_MAX);
        return idempotent(partnerId, idempotencyKey, "cancel:" + shipmentRef, new byte[0], () -> {
            String ingressId = Ids.uuidV7().toString();
            Instant now = clock.instant();
            Shipment done = tx.inTransaction(status -> {
                Shipment s = shipments.byRef(partnerId, shipmentRef)
                        .orElseThrow(() -> new ApiProblem(HttpStatus.NOT_FOUND, "not-found", "no shipment " + shipmentRef));
                s = shipments.lockByHouseWaybill(partnerId, s.houseWaybill()).orElseThrow();
                if (s.cancelled()) {
                    return s;
                }
                if (s.held() && shipments.release(s.shipmentRef())) {
                    // never declared: nothing to cancel at customs
                    shipments.markCancelled(s.shipmentRef(), s.revisions(), now);
                    trace.record(ingressId, s.declarationId(), "ingress", "cancelled", "while waiting for order data");
                    return shipments.byRef(partnerId, shipmentRef).orElseThrow();
                }
                requireOpen(s);
                int revision = s.revisions() + 1;
                shipments.markCancelled(s.shipmentRef(), revision, now);
                staging.stage(new ExpressStaging.Staged(partnerId, ingressId, s.declarationId(), s.shipmentRef(),
                        revision, "CANCELLATION", s.contentSha256(), sha256(new byte[0]), idempotencyKey, now,
                        ExpressStaging.DIALECT),
                        s.shipmentJson().getBytes(java.nio.charset.StandardCharsets.UTF_8));
                trace.record(ingressId, s.declarationId(), "ingress", "cancel-requested", "revision " + revision);
                return shipments.byRef(partnerId, shipmentRef).orElseThrow();
            });
            ObjectNode body = json.createObjectNode();
            body.put("shipmentRef", done.shipmentRef());
            body.put("outcome", "CANCELLED");
            body.put("status", "CANCELLED");
            body.put("declarationId", done.declarationId());
            body.put("revision", done.revisions());
            return new ApiResult(202, body);
        });
    }

    /**
     * Platform order data for a parcel arrived or changed (PARTNER-APIS §7.2 "carrier first, order
     * later"): every express shipment of a partner bound to {@code carrierCode} whose house waybill
     * matches {@code trackingNorm} is staged again as an AMENDMENT, which enrich fuses with the
     * order ({@code LATE_ENRICHMENT}). A cancelled shipment, or one with a final decision, keeps
     * its declaration (the order stays linked). Returns the number of shipments re-staged.
     */
    public int restageForOrderData(String carrierCode, String trackingNorm, String reason) {
        int restaged = 0;
        for (var entry : partners.withRole(GatewayProperties.Role.EXPRESS).entrySet()) {
            Partner p = entry.getValue();
            if (p.express() == null || !p.express().carrierCodes().contains(carrierCode)) {
                continue;
            }
            String partnerId = entry.getKey();
            for (Shipment candidate : shipments.byNormalisedHouseWaybill(partnerId, trackingNorm)) {
                if (restageLocked(partnerId, candidate.houseWaybill(),
                        s -> correlation.currentOrderContent(carrierCode, trackingNorm), reason)) {
                    restaged++;
                }
            }
        }
        return restaged;
    }

    /**
     * Order {@code orderId} of {@code platformId} was stored or changed, and express shipments name
     * it in {@code platform.orderIds[]} (PARTNER-APIS §7.1 row 3): the same as
     * {@link #restageForOrderData} for those of them the hint counts for (the order has no tracking
     * link pointing elsewhere).
     */
    public int restageForOrderHint(String platformId, String orderId, String reason) {
        int restaged = 0;
        for (Shipment candidate : shipments.hintingOrder(platformId, orderId)) {
            String carrierCode = partners.carrierCode(candidate.partnerId());
            if (carrierCode == null) {
                continue;
            }
            if (restageLocked(candidate.partnerId(), candidate.houseWaybill(), s -> correlation.hintedOrderContent(
                    platformId, orderId, carrierCode, parcelKeys(s.houseWaybill(), tree(s.shipmentJson()))),
                    reason + " (order-id hint)")) {
                restaged++;
            }
        }
        return restaged;
    }

    /** The parcel keys of a shipment (§7.1): its house waybill and tracking numbers, normalised. */
    private static Set<String> parcelKeys(String houseWaybill, JsonNode shipment) {
        Set<String> keys = new java.util.LinkedHashSet<>();
        keys.add(org.clearway.mappings.platform.PlatformOrder.normaliseTrackingNumber(houseWaybill));
        shipment.path("trackingNumbers").forEach(t ->
                keys.add(org.clearway.mappings.platform.PlatformOrder.normaliseTrackingNumber(t.asText())));
        return keys;
    }

    /** Whether the shipment's {@code platform} hint (§7.1 row 3) names this order. */
    private static boolean namesOrder(JsonNode shipment, String platformId, String orderId) {
        JsonNode platform = shipment.path("platform");
        if (!platformId.equals(platform.path("platformId").asText(null))) {
            return false;
        }
        for (JsonNode o : platform.path("orderIds")) {
            if (orderId.equals(o.asText())) {
                return true;
            }
        }
        return false;
    }

    /**
     * Under the shipment's row lock: releases a held shipment (revision 1 then carries the order),
     * or stages an AMENDMENT with {@code LATE_ENRICHMENT} when the declaration's latest recorded
     * revision does not already carry {@code currentOrders} (order key -> content hash; empty: no
     * order counts for the shipment, nothing to do).
     */
    private boolean restageLocked(String partnerId, String houseWaybill,
                                  java.util.function.Function<Shipment, Map<String, String>> currentOrders,
                                  String reason) {
        Boolean done = tx.inTransaction(status -> {
            Shipment s = shipments.lockByHouseWaybill(partnerId, houseWaybill).orElseThrow();
            if (s.cancelled() || hasFinalDecision(s)) {
                trace.record(null, s.declarationId(), "enrich", "order-linked", reason + "; declaration closed, kept");
                return false;
            }
            Map<String, String> current = currentOrders.apply(s);
            if (current.isEmpty()) {
                trace.record(null, s.declarationId(), "enrich", "order-linked", reason + "; no order counts for it");
                return false;
            }
            String ingressId = Ids.uuidV7().toString();
            if (s.held()) {
                // the order came within the hold window: revision 1 carries both (§7.2)
                if (shipments.release(s.shipmentRef())) {
                    stageOriginal(s, ingressId, false);
                    trace.record(ingressId, s.declarationId(), "enrich", "hold-released", reason);
                    return true;
                }
                return false;
            }
            // no doubled merge (issue 6): the enrich stage holds this row's lock while it reads the
            // orders and records a revision, so a revision not recorded yet will read this order
            if (declarations.revision(s.declarationId(), s.revisions()).isEmpty()) {
                trace.record(null, s.declarationId(), "enrich", "order-linked", reason + "; revision "
                        + s.revisions() + " is not enriched yet and will carry it");
                return false;
            }
            Map<String, String> fusedWith = platformOrders.linkedOrderContent(s.declarationId());
            if (current.entrySet().stream().allMatch(o -> o.getValue().equals(fusedWith.get(o.getKey())))) {
                trace.record(null, s.declarationId(), "enrich", "order-linked", reason
                        + "; the declaration already carries this order data");
                return false;
            }
            int revision = s.revisions() + 1;
            // the carrier's content is unchanged: its sources[] entry keeps the time it was
            // accepted (CANONICAL-MODEL §5.1 receivedAt), so sources sort by real arrival
            Instant received = s.updatedAt();
            shipments.updateContent(s.shipmentRef(), s.shipmentId(), s.masterAwb(), s.contentSha256(),
                    s.shipmentJson(), revision, received);
            try (ExpressStaging.Batch queue = staging.open()) {
                ExpressStore.ContentSource src = contentSource(s);
                queue.stage(new ExpressStaging.Staged(partnerId, ingressId, s.declarationId(), s.shipmentRef(),
                        revision, "AMENDMENT", s.contentSha256(), src.payloadSha256(), src.idempotencyKey(),
                        received, src.dialect(), true), s.shipmentJson().getBytes(java.nio.charset.StandardCharsets.UTF_8));
                queue.commit();
            }
            trace.record(ingressId, s.declarationId(), "enrich", "late-enrichment", reason + "; revision " + revision);
            return true;
        });
        return Boolean.TRUE.equals(done);
    }

    /**
     * A platform order fused into this express declaration no longer counts for it: its newer
     * version's tracking links name other parcels. The same as {@link #restageWithoutOrder}.
     *
     * @return false when the declaration is not an express shipment's
     */
    public boolean withdrawIfOrderUnlinked(String declarationId, String platformId, String orderId) {
        Optional<Shipment> found = shipments.byDeclarationId(declarationId);
        if (found.isEmpty()) {
            return false;
        }
        Shipment s = found.get();
        String carrierCode = partners.carrierCode(s.partnerId());
        JsonNode shipment = tree(s.shipmentJson());
        Set<String> keys = parcelKeys(s.houseWaybill(), shipment);
        boolean linked = platformOrders.parcels(platformId, orderId).stream()
                .anyMatch(p -> p.carrierCode().equals(carrierCode) && keys.contains(p.trackingNorm()));
        boolean hinted = namesOrder(shipment, platformId, orderId)
                && correlation.hintCounts(platformId, orderId, carrierCode, keys);
        if (linked || hinted) {
            return true;
        }
        return restageWithoutOrder(declarationId, platformId, orderId);
    }


    /**
     * A platform order fused into this express declaration was cancelled (PARTNER-APIS §6.1
     * {@code DELETE /v1/platform/orders/{orderId}}): the shipment is staged again as an AMENDMENT,
     * which enrich rebuilds from the carrier's data and the orders still linked, with
     * {@code PLATFORM_DATA_MISSING} naming the cancelled order. A held shipment (never declared) is
     * released later without the order anyway; a cancelled one, or one with a final decision, is
     * not amended (the trace says so).
     *
     * @return false when the declaration is not an express shipment's
     */
    public boolean restageWithoutOrder(String declarationId, String platformId, String orderId) {
        Optional<Shipment> found = shipments.byDeclarationId(declarationId);
        if (found.isEmpty()) {
            return false;
        }
        String label = "order " + platformId + "/" + orderId + " cancelled";
        tx.run(() -> {
            Shipment s = shipments.lockByHouseWaybill(found.get().partnerId(), found.get().houseWaybill()).orElseThrow();
            if (s.cancelled()) {
                trace.record(null, declarationId, "enrich", "order-cancelled", label + "; shipment cancelled, not amended");
                return;
            }
            if (hasFinalDecision(s)) {
                trace.record(null, declarationId, "enrich", "order-cancelled", label
                        + " after a final decision; not amended");
                return;
            }
            if (s.held()) {
                trace.record(null, declarationId, "enrich", "order-cancelled", label + "; still held, declared without it");
                return;
            }
            String ingressId = Ids.uuidV7().toString();
            int revision = s.revisions() + 1;
            // the carrier's content and message are unchanged: its sources[] entry stays the same
            Instant received = s.updatedAt();
            ExpressStore.ContentSource src = contentSource(s);
            shipments.updateContent(s.shipmentRef(), s.shipmentId(), s.masterAwb(), s.contentSha256(),
                    s.shipmentJson(), revision, received);
            try (ExpressStaging.Batch queue = staging.open()) {
                queue.stage(new ExpressStaging.Staged(s.partnerId(), ingressId, declarationId, s.shipmentRef(),
                        revision, "AMENDMENT", s.contentSha256(), src.payloadSha256(), src.idempotencyKey(), received,
                        src.dialect(), false, false, platformId, orderId),
                        s.shipmentJson().getBytes(java.nio.charset.StandardCharsets.UTF_8));
                queue.commit();
            }
            trace.record(ingressId, declarationId, "enrich", "order-cancelled", label + "; amendment revision " + revision);
        });
        return true;
    }

    /**
     * Ends the hold windows that are over (PARTNER-APIS §7.2): revision 1 goes out with carrier
     * data only and {@code PLATFORM_DATA_MISSING}. The window lives in the database, so a restart
     * only delays this poll; {@link ExpressStore#release} lets one instance win each window.
     *
     * @return the number of shipments released
     */
    public int releaseExpiredHolds(int limit) {
        Instant now = clock.instant();
        int released = 0;
        for (Shipment s : shipments.heldUntilBefore(now, limit)) {
            Boolean done = tx.inTransaction(status -> {
                if (!shipments.release(s.shipmentRef())) {
                    return false;
                }
                String ingressId = Ids.uuidV7().toString();
                stageOriginal(s, ingressId, true);
                trace.record(ingressId, s.declarationId(), "enrich", "hold-expired",
                        "no platform order data within the hold window");
                return true;
            });
            if (Boolean.TRUE.equals(done)) {
                released++;
            }
        }
        return released;
    }

    /**
     * Stages revision 1 of a shipment that was held, in the caller's transaction. Its source's
     * {@code receivedAt} is when the carrier's current content was accepted, not the release.
     */
    private void stageOriginal(Shipment s, String ingressId, boolean holdExpired) {
        Shipment current = shipments.byRef(s.partnerId(), s.shipmentRef()).orElse(s);
        try (ExpressStaging.Batch queue = staging.open()) {
            ExpressStore.ContentSource src = contentSource(current);
            queue.stage(new ExpressStaging.Staged(current.partnerId(), ingressId, current.declarationId(),
                    current.shipmentRef(), current.revisions(), "ORIGINAL", current.contentSha256(),
                    src.payloadSha256(), src.idempotencyKey(), current.updatedAt(), src.dialect(), false, holdExpired),
                    current.shipmentJson().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            queue.commit();
        }
    }

    /** Records the message behind the shipment's current content and its order-id hints (§7.1 row 3). */
    private void recordContent(Shipment s, String partnerId, JsonNode effective, ExpressStore.ContentSource source) {
        shipments.recordSource(s.shipmentRef(), source);
        JsonNode platform = effective.path("platform");
        List<String> orderIds = new ArrayList<>();
        platform.path("orderIds").forEach(o -> orderIds.add(o.asText()));
        shipments.replaceOrderHints(s.shipmentRef(), partnerId, platform.path("platformId").asText(null), orderIds);
    }

    /** The partner message behind the shipment's current content; the content hash for rows older than V19. */
    private ExpressStore.ContentSource contentSource(Shipment s) {
        return shipments.source(s.shipmentRef())
                .orElseGet(() -> new ExpressStore.ContentSource(ExpressStaging.DIALECT, null, s.contentSha256()));
    }

    /**
     * When a new shipment waits for platform order data (PARTNER-APIS §7.2): the partner's
     * {@code hold-window}, only when a platform may link one of its carrier codes, never for GIFT,
     * DOCUMENTS or RETURN shipments, and not when an order for the parcel is already there.
     */
    private Instant holdUntil(String partnerId, JsonNode shipment, String hwb, Instant now) {
        Partner partner = partners.require(partnerId);
        if (partner.holdWindow() == null || partner.holdWindow().isZero() || partner.express() == null) {
            return null;
        }
        String type = text(shipment, "shipmentType");
        if ("GIFT".equals(type) || "DOCUMENTS".equals(type) || "RETURN".equals(type)) {
            return null;
        }
        List<String> codes = partner.express().carrierCodes();
        boolean linkable = partners.withRole(GatewayProperties.Role.PLATFORM).values().stream()
                .anyMatch(p -> p.platform() != null && p.platform().linkableCarrierCodes().stream().anyMatch(codes::contains));
        if (!linkable) {
            return null;
        }
        String norm = org.clearway.mappings.platform.PlatformOrder.normaliseTrackingNumber(hwb);
        if (codes.stream().anyMatch(code -> !platformOrders.ordersForParcel(code, norm).isEmpty())) {
            return null;
        }
        // an order named by the shipment's order-id hint (§7.1 row 3) is there already: no wait either
        String platformId = shipment.path("platform").path("platformId").asText(null);
        if (platformId != null) {
            Set<String> keys = parcelKeys(hwb, shipment);
            for (JsonNode orderId : shipment.path("platform").path("orderIds")) {
                if (codes.stream().anyMatch(code -> correlation.hintCounts(platformId, orderId.asText(), code, keys))) {
                    return null;
                }
            }
        }
        return now.plus(partner.holdWindow());
    }

    // ---- acceptance of one shipment version --------------------------------------------------

    private ApiResult accept(String partnerId, String idempotencyKey, String payloadSha, ObjectNode submitted,
                             ExpressShipment shipment, List<FieldProblem> warnings, String dialect) {
        String hwb = shipment.houseWaybill();
        for (int attempt = 0; ; attempt++) {
            try {
                return tx.inTransaction(status -> {
                    try (ExpressStaging.Batch queue = staging.open()) {
                        ApiResult result = acceptInTransaction(partnerId, idempotencyKey, payloadSha, submitted, hwb,
                                warnings, queue, dialect);
                        queue.commit();
                        return result;
                    }
                });
            } catch (DuplicateKeyException e) {
                if (attempt >= 3) {
                    throw e;
                }
                log.debug("concurrent first submission of house waybill {}; retrying", hwb);
            }
        }
    }

    private ApiResult acceptInTransaction(String partnerId, String idempotencyKey, String payloadSha,
                                          ObjectNode submitted, String hwb, List<FieldProblem> warnings,
                                          ExpressStaging.Batch queue, String dialect) {
        Instant now = clock.instant();
        String ingressId = Ids.uuidV7().toString();
        Optional<Shipment> existing = shipments.lockByHouseWaybill(partnerId, hwb);
        ObjectNode effective = submitted.deepCopy();
        Optional<String> pendingManifest = shipments.pendingManifestFor(partnerId, hwb);
        pendingManifest.ifPresent(m -> applyManifest(effective, tree(m)));
        String contentSha = contentSha(effective);
        String outcome;
        Shipment s;
        int revision;
        String function;
        if (existing.isEmpty()) {
            UUID declarationId = Ids.uuidV7();
            revision = 1;
            function = "ORIGINAL";
            outcome = "ACCEPTED";
            Instant heldUntil = holdUntil(partnerId, effective, hwb, now);
            s = new Shipment(newShipmentRef(), partnerId, hwb, declarationId.toString(), Ids.lrn(declarationId),
                    text(effective, "shipmentId"), text(effective, "masterAirWaybill"), contentSha, write(effective),
                    revision, null, now, now, heldUntil);
            shipments.insert(s);
            recordContent(s, partnerId, effective, new ExpressStore.ContentSource(dialect, idempotencyKey, payloadSha));
            if (heldUntil != null) {
                pendingManifest.ifPresent(m -> shipments.markHouseLinked(partnerId, hwb, now));
                trace.record(ingressId, s.declarationId(), "ingress", "held",
                        "express " + s.shipmentRef() + " waits for platform order data until " + heldUntil);
                return new ApiResult(202, submissionBody(s, outcome, "AWAITING_ORDER_DATA", revision, warnings));
            }
        } else {
            s = existing.get();
            if (s.cancelled()) {
                throw new ApiProblem(HttpStatus.CONFLICT, "consignment-closed",
                        "shipment " + s.shipmentRef() + " (house waybill " + hwb + ") was cancelled");
            }
            if (s.contentSha256().equals(contentSha)) {
                ObjectNode body = submissionBody(s, "DUPLICATE_IGNORED", currentStatus(s), s.revisions(), warnings);
                trace.record(ingressId, s.declarationId(), "ingress", "duplicate-ignored",
                        "identical to revision " + s.revisions());
                return new ApiResult(200, body);
            }
            if (s.held()) {
                // not declared yet: the new content replaces the waiting one, still revision 1
                shipments.updateContent(s.shipmentRef(), text(effective, "shipmentId"),
                        text(effective, "masterAirWaybill"), contentSha, write(effective), s.revisions(), now);
                recordContent(s, partnerId, effective, new ExpressStore.ContentSource(dialect, idempotencyKey, payloadSha));
                pendingManifest.ifPresent(m -> shipments.markHouseLinked(partnerId, hwb, now));
                trace.record(ingressId, s.declarationId(), "ingress", "held", "changed while waiting for order data");
                return new ApiResult(202, submissionBody(s, "AMENDED", "AWAITING_ORDER_DATA", s.revisions(), warnings));
            }
            requireOpen(s);
            revision = s.revisions() + 1;
            function = "AMENDMENT";
            outcome = "AMENDED";
            shipments.updateContent(s.shipmentRef(), text(effective, "shipmentId"), text(effective, "masterAirWaybill"),
                    contentSha, write(effective), revision, now);
            recordContent(s, partnerId, effective, new ExpressStore.ContentSource(dialect, idempotencyKey, payloadSha));
        }
        pendingManifest.ifPresent(m -> shipments.markHouseLinked(partnerId, hwb, now));
        queue.stage(new ExpressStaging.Staged(partnerId, ingressId, s.declarationId(), s.shipmentRef(), revision,
                function, contentSha, payloadSha, idempotencyKey, now, dialect), write(effective).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        trace.record(ingressId, s.declarationId(), "ingress", "received",
                "express " + outcome + " " + s.shipmentRef() + " revision " + revision, partnerId);
        return new ApiResult(202, submissionBody(s, outcome, "RECEIVED", revision, warnings));
    }

    private ApiResult manifest(String partnerId, String idempotencyKey, String payloadSha, String mawb,
                               String departure, JsonNode manifest, List<String> hwbs) {
        String manifestId = Ids.uuidV7().toString();
        Instant now = clock.instant();
        ArrayNode linked = json.createArrayNode();
        List<Map<String, Object>> warnings = new ArrayList<>();
        tx.run(() -> shipments.insertManifest(manifestId, partnerId, mawb, write(manifest), now));
        for (int i = 0; i < hwbs.size(); i++) {
            String hwb = hwbs.get(i);
            int index = i;
            ObjectNode link = linked.addObject();
            link.put("houseWaybill", hwb);
            tx.run(() -> {
                Optional<Shipment> s = shipments.lockByHouseWaybill(partnerId, hwb);
                if (s.isEmpty()) {
                    shipments.linkHouse(partnerId, hwb, manifestId, null);
                    link.put("outcome", "PENDING");
                    warnings.add(ApiProblem.fieldError("/houseWaybills/" + index, "PENDING_LINK",
                            "house waybill " + hwb + " is not submitted yet; it is linked when it arrives"));
                    return;
                }
                Shipment shipment = s.get();
                shipments.linkHouse(partnerId, hwb, manifestId, now);
                link.put("shipmentRef", shipment.shipmentRef());
                if (shipment.cancelled() || hasFinalDecision(shipment)) {
                    link.put("outcome", "NOT_AMENDED");
                    warnings.add(ApiProblem.fieldError("/houseWaybills/" + index, "CONSIGNMENT_CLOSED",
                            "house waybill " + hwb + " is cancelled or finally decided; not amended"));
                    return;
                }
                ObjectNode updated = (ObjectNode) tree(shipment.shipmentJson());
                applyManifest(updated, manifest);
                String sha = contentSha(updated);
                if (sha.equals(shipment.contentSha256())) {
                    link.put("outcome", "UNCHANGED");
                    return;
                }
                if (shipment.held()) {
                    shipments.updateContent(shipment.shipmentRef(), text(updated, "shipmentId"), mawb, sha,
                            write(updated), shipment.revisions(), now);
                    shipments.recordSource(shipment.shipmentRef(),
                            new ExpressStore.ContentSource(ExpressStaging.DIALECT, idempotencyKey, payloadSha));
                    link.put("outcome", "UPDATED_BEFORE_DECLARATION");
                    return;
                }
                int revision = shipment.revisions() + 1;
                shipments.updateContent(shipment.shipmentRef(), text(updated, "shipmentId"), mawb, sha, write(updated),
                        revision, now);
                shipments.recordSource(shipment.shipmentRef(),
                        new ExpressStore.ContentSource(ExpressStaging.DIALECT, idempotencyKey, payloadSha));
                String ingressId = Ids.uuidV7().toString();
                staging.stage(new ExpressStaging.Staged(partnerId, ingressId, shipment.declarationId(),
                        shipment.shipmentRef(), revision, "AMENDMENT", sha, payloadSha, idempotencyKey, now,
                        ExpressStaging.DIALECT),
                        write(updated).getBytes(java.nio.charset.StandardCharsets.UTF_8));
                trace.record(ingressId, shipment.declarationId(), "ingress", "manifest",
                        "master AWB " + mawb + " revision " + revision);
                link.put("outcome", "AMENDED");
                link.put("revision", revision);
            });
        }
        ObjectNode body = json.createObjectNode();
        body.put("manifestId", manifestId);
        body.put("masterAirWaybill", mawb);
        if (departure != null) {
            body.put("placeOfLoading", departure);
        }
        body.set("houses", linked);
        body.set("warnings", json.valueToTree(warnings));
        return new ApiResult(202, body);
    }

    /** The manifest sets the master AWB, the place of loading and (when given) the routing (§3.6). */
    private static void applyManifest(ObjectNode shipment, JsonNode manifest) {
        String mawb = text(manifest, "masterAirWaybill");
        if (mawb != null) {
            shipment.put("masterAirWaybill", mawb);
        }
        JsonNode flight = manifest.get("flight");
        String departure = flight == null ? null : text(flight, "departureAirport");
        JsonNode routing = manifest.get("routing");
        if (departure != null || (routing != null && routing.isArray())) {
            JsonNode route = shipment.get("route");
            ObjectNode r = route instanceof ObjectNode o ? o : shipment.putObject("route");
            if (departure != null) {
                r.put("placeOfLoading", departure);
            }
            if (routing != null && routing.isArray()) {
                r.set("routing", routing.deepCopy());
            }
        }
    }

    // ---- status ------------------------------------------------------------------------------

    private ObjectNode statusBody(Shipment s) {
        ObjectNode body = json.createObjectNode();
        body.put("shipmentRef", s.shipmentRef());
        body.put("houseWaybill", s.houseWaybill());
        if (s.shipmentId() != null) {
            body.put("shipmentId", s.shipmentId());
        }
        if (s.masterAwb() != null) {
            body.put("masterAirWaybill", s.masterAwb());
        }
        body.put("status", currentStatus(s));
        List<org.clearway.routes.store.PendingStore.Pending> held = pending.forDeclaration(s.declarationId());
        if (!held.isEmpty()) {
            var last = held.get(held.size() - 1);
            ObjectNode p = body.putObject("pending");
            p.put("state", last.state());
            p.put("reason", last.reason().name());
            p.put("detail", last.reasonDetail());
            p.put("since", last.createdAt().toString());
            p.put("deadline", last.deadline().toString());
            if (last.resolvedAt() != null) {
                p.put("resolvedAt", last.resolvedAt().toString());
            }
        }
        body.put("declarationId", s.declarationId());
        body.put("revision", s.revisions());
        declarations.latest(s.declarationId()).ifPresent(r -> {
            body.put("declaredRevision", r.revision());
            body.put("declarationState", r.state());
        });
        List<StoredDecision> all = decisions.forDeclaration(s.declarationId());
        if (!all.isEmpty()) {
            StoredDecision last = all.get(all.size() - 1);
            ObjectNode d = body.putObject("lastDecision");
            d.put("decisionId", last.decisionId());
            d.put("sequence", last.sequence());
            d.put("kind", last.kind());
            d.put("status", last.status());
            JsonNode canonical = tree(last.body());
            d.put("track", canonical.path("track").asText(null));
            d.put("declarationId", last.declarationId());
            d.put("final", last.isFinal());
            d.put("decidedAt", last.decidedAt().toString());
            d.put("declarationRevision", last.declarationRevision());
        }
        body.put("createdAt", s.createdAt().toString());
        body.put("updatedAt", s.updatedAt().toString());
        return body;
    }

    /** §3.1 status: CANCELLED, DECIDED, ACKNOWLEDGED, DECLARED or RECEIVED. */
    private String currentStatus(Shipment s) {
        if (s.cancelled()) {
            return "CANCELLED";
        }
        if (s.held()) {
            return "AWAITING_ORDER_DATA";
        }
        // the latest version held for an operator-fixable cause (CANONICAL-MODEL §4), or refused for it
        var held = pending.forDeclaration(s.declarationId());
        if (!held.isEmpty() && java.util.Set.of(org.clearway.routes.store.PendingStore.PENDING,
                        org.clearway.routes.store.PendingStore.REFUSED).contains(held.get(held.size() - 1).state())
                && declarations.latest(s.declarationId()).filter(r -> r.revision() >= s.revisions()).isEmpty()) {
            return held.get(held.size() - 1).state();
        }
        List<StoredDecision> all = decisions.forDeclaration(s.declarationId());
        if (all.stream().anyMatch(d -> !"ACKNOWLEDGEMENT".equals(d.kind()))) {
            return "DECIDED";
        }
        if (!all.isEmpty()) {
            return "ACKNOWLEDGED";
        }
        return declarations.latest(s.declarationId())
                .filter(r -> r.revision() >= s.revisions())
                .map(r -> "SIGNED".equals(r.state()) || "DELIVERED".equals(r.state()) ? "DECLARED" : "RECEIVED")
                .orElse("RECEIVED");
    }

    private boolean hasFinalDecision(Shipment s) {
        return decisions.forDeclaration(s.declarationId()).stream().anyMatch(StoredDecision::isFinal);
    }

    private void requireOpen(Shipment s) {
        if (hasFinalDecision(s)) {
            throw new ApiProblem(HttpStatus.CONFLICT, "consignment-closed", "shipment " + s.shipmentRef()
                    + " (house waybill " + s.houseWaybill() + ") has a final customs decision; it cannot change");
        }
    }

    private ObjectNode submissionBody(Shipment s, String outcome, String status, int revision,
                                      List<FieldProblem> warnings) {
        ObjectNode body = json.createObjectNode();
        body.put("shipmentRef", s.shipmentRef());
        body.put("outcome", outcome);
        body.put("status", status);
        body.put("declarationId", s.declarationId());
        body.put("revision", revision);
        body.set("warnings", json.valueToTree(fieldErrors(warnings, null)));
        return body;
    }

    // ---- idempotency (§1.2) ------------------------------------------------------------------

    private ApiResult idempotent(String partnerId, String key, String operation, byte[] body, Supplier<ApiResult> work) {
        return idempotency.run(partnerId, key, operation, body, work);
    }

    // ---- validation helpers ------------------------------------------------------------------

    /** §3.2 rules that need the partner's configuration: HS code mandatory for COMMERCIAL shipments. */
    private List<Map<String, Object>> policyErrors(String partnerId, ExpressShipment s, String base) {
        List<Map<String, Object>> errors = new ArrayList<>();
        Partner partner = partners.require(partnerId);
        boolean hsMandatory = partner.express() != null && partner.express().hsMandatory();
        if (hsMandatory && "COMMERCIAL".equals(s.shipmentType())) {
            for (int i = 0; i < s.lineItems().size(); i++) {
                if (s.lineItems().get(i) != null && s.lineItems().get(i).hsCode() == null) {
                    errors.add(ApiProblem.fieldError(base + "/lineItems/" + i + "/hsCode", "REQUIRED",
                            "this carrier must give an HS code for COMMERCIAL shipments"));
                }
            }
        }
        return errors;
    }

    /** A body that cannot be used at all: 400 malformed-json (with line and column) or nesting-too-deep. */
    private static void requireUsable(List<FieldProblem> errors) {
        for (FieldProblem p : errors) {
            if ("malformed-json".equals(p.code()) || "nesting-too-deep".equals(p.code())) {
                List<Map<String, Object>> where = new ArrayList<>();
                if (p.line() != null) {
                    Map<String, Object> e = ApiProblem.fieldError("", "FORMAT", p.detail());
                    e.put("line", p.line());
                    e.put("column", String.valueOf(p.column()));
                    where.add(e);
                }
                throw new ApiProblem(HttpStatus.BAD_REQUEST, p.code(), p.detail(), where);
            }
            if ("TYPE".equals(p.code()) && p.pointer().isEmpty()) {
                throw new ApiProblem(HttpStatus.UNPROCESSABLE_ENTITY, "validation-error", p.detail(),
                        List.of(ApiProblem.fieldError("", "TYPE", p.detail())));
            }
        }
    }

    private static ApiProblem validation(List<Map<String, Object>> errors, List<Map<String, Object>> warnings) {
        ApiProblem p = new ApiProblem(HttpStatus.UNPROCESSABLE_ENTITY, "validation-error",
                errors.size() + " field error" + (errors.size() == 1 ? "" : "s"), errors);
        p.warnings().addAll(warnings);
        return p;
    }

    private static List<Map<String, Object>> fieldErrors(List<FieldProblem> problems, Integer index) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (FieldProblem p : problems) {
            Map<String, Object> e = ApiProblem.fieldError(p.pointer(), p.code(), p.detail());
            if (index != null) {
                e.put("index", index);
            }
            out.add(e);
        }
        return out;
    }

    private static List<Map<String, Object>> withIndex(List<Map<String, Object>> errors, int index) {
        errors.forEach(e -> e.put("index", index));
        return errors;
    }

    private static List<Map<String, Object>> prefix(List<Map<String, Object>> errors, String prefix) {
        errors.forEach(e -> e.put("pointer", prefix + e.get("pointer")));
        return errors;
    }

    private ObjectNode problemNode(ApiProblem e) {
        ObjectNode p = json.createObjectNode();
        p.put("type", e.type().toString());
        p.put("title", e.title());
        p.put("status", e.status().value());
        p.put("detail", e.getMessage());
        p.set("errors", json.valueToTree(e.errors()));
        if (!e.warnings().isEmpty()) {
            p.set("warnings", json.valueToTree(e.warnings()));
        }
        return p;
    }

    private JsonNode objectBody(String text) {
        JsonNode n;
        try {
            n = exact.readTree(text);
        } catch (com.fasterxml.jackson.core.JsonParseException e) {
            Map<String, Object> where = ApiProblem.fieldError("", "FORMAT", e.getOriginalMessage());
            where.put("line", e.getLocation().getLineNr());
            where.put("column", String.valueOf(e.getLocation().getColumnNr()));
            throw new ApiProblem(HttpStatus.BAD_REQUEST, "malformed-json", "line " + e.getLocation().getLineNr()
                    + ", column " + e.getLocation().getColumnNr() + ": " + e.getOriginalMessage(), List.of(where));
        } catch (com.fasterxml.jackson.core.exc.StreamConstraintsException e) {
            if (org.clearway.mappings.json.JsonFieldChecks.numberTooLong(e)) {
                String pointer = org.clearway.mappings.json.JsonFieldChecks.longNumberPointer(text, 22);
                throw new ApiProblem(HttpStatus.UNPROCESSABLE_ENTITY, "validation-error", "a number is too long",
                        List.of(ApiProblem.fieldError(pointer, "FORMAT", "numbers have at most 15 integer and 6 fraction digits")));
            }
            throw new ApiProblem(HttpStatus.BAD_REQUEST, "nesting-too-deep", e.getOriginalMessage());
        } catch (IOException e) {
            throw new ApiProblem(HttpStatus.BAD_REQUEST, "malformed-json", e.getMessage());
        }
        if (n == null || !n.isObject()) {
            throw new ApiProblem(HttpStatus.UNPROCESSABLE_ENTITY, "validation-error", "the body must be a JSON object",
                    List.of(ApiProblem.fieldError("", "TYPE", "the body must be a JSON object")));
        }
        return n;
    }

    // ---- JSON helpers ------------------------------------------------------------------------

    /** RFC 7386 JSON Merge Patch. */
    static JsonNode mergePatch(JsonNode target, JsonNode patch) {
        if (!patch.isObject()) {
            return patch.deepCopy();
        }
        ObjectNode result = target != null && target.isObject() ? ((ObjectNode) target).deepCopy()
                : JsonNodeFactory.instance.objectNode();
        Iterator<Map.Entry<String, JsonNode>> it = patch.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> f = it.next();
            if (f.getValue().isNull()) {
                result.remove(f.getKey());
            } else {
                result.set(f.getKey(), mergePatch(result.get(f.getKey()), f.getValue()));
            }
        }
        return result;
    }

    /** SHA-256 of the normalised content (§1.2), see {@link ContentHash}. */
    String contentSha(JsonNode shipment) {
        return ContentHash.of(shipment);
    }

    private JsonNode tree(String text) {
        try {
            return exact.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored JSON is unreadable", e);
        }
    }

    private String write(Object value) {
        try {
            return exact.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n == null ? null : n.get(field);
        return v != null && v.isTextual() ? v.asText() : null;
    }

    private static String newShipmentRef() {
        byte[] random = new byte[2];
        RANDOM.nextBytes(random);
        return "shp_" + String.format("%012x", System.currentTimeMillis()) + HexFormat.of().formatHex(random);
    }

    static String sha256(byte[] bytes) {
        return Idempotency.sha256(bytes);
    }
}
