package org.clearway.routes.ingress.express;

import org.springframework.stereotype.Service;

/**
 * The express carrier operations of PARTNER-APIS §3, shared by the REST controller and the SOAP
 * binding (§4). Bodies are the decompressed JSON bytes (the SOAP binding converts its payload to
 * the same JSON first). Idempotency (§1.2) is applied here, keyed by (partner, key) and the
 * SHA-256 of {@code body}. Problems are thrown as {@link org.clearway.routes.support.ApiProblem}
 * with §2 slugs and JSON Pointer field errors.
 */
@Service
public class ExpressService {

    /** {@code POST /v1/express/shipments}: 202 ACCEPTED / AMENDED, 200 DUPLICATE_IGNORED. */
    public ApiResult submitShipment(String partnerId, String idempotencyKey, byte[] body) {
        throw new UnsupportedOperationException();
    }

    /** {@code POST /v1/express/shipments:batch}: 207 with one result per index. */
    public ApiResult submitBatch(String partnerId, String idempotencyKey, byte[] body) {
        throw new UnsupportedOperationException();
    }

    /** {@code POST /v1/express/manifests}: 202. */
    public ApiResult submitManifest(String partnerId, String idempotencyKey, byte[] body) {
        throw new UnsupportedOperationException();
    }

    /** {@code GET /v1/express/shipments/{shipmentRef}}: 200 status with {@code lastDecision}. */
    public ApiResult status(String partnerId, String shipmentRef) {
        throw new UnsupportedOperationException();
    }

    /** {@code GET /v1/express/shipments?houseWaybill=}: 200 status. */
    public ApiResult statusByHouseWaybill(String partnerId, String houseWaybill) {
        throw new UnsupportedOperationException();
    }

    /** {@code POST /v1/express/shipments/{shipmentRef}/information-responses}: 202 (merge patch + decisionId). */
    public ApiResult informationResponse(String partnerId, String idempotencyKey, String shipmentRef, byte[] body) {
        throw new UnsupportedOperationException();
    }

    /** {@code DELETE /v1/express/shipments/{shipmentRef}}: 202 CANCELLED. */
    public ApiResult cancel(String partnerId, String idempotencyKey, String shipmentRef) {
        throw new UnsupportedOperationException();
    }
}
