package org.clearway.routes.ingress.express;

import org.clearway.routes.ingress.ApiResult;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import org.clearway.routes.support.ApiAuth;
import org.clearway.routes.support.GatewayProperties;
import org.clearway.routes.support.RateLimiter;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Express carrier REST API {@code CLEARWAY-EXPRESS-REST-1} (PARTNER-APIS §3): authentication and
 * scope, rate limit, media type and body limits (§1.1, §1.3, §1.4) here; the operations themselves
 * in {@link ExpressService}, shared with the SOAP binding.
 */
@RestController
@RequestMapping("/v1/express")
public class ExpressRestController {
    private static final String WRITE = "express:write";

    private final ExpressService service;
    private final ApiAuth auth;
    private final RateLimiter rateLimiter;
    private final GatewayProperties.Api limits;

    public ExpressRestController(ExpressService service, ApiAuth auth, RateLimiter rateLimiter,
                                 GatewayProperties properties) {
        this.service = service;
        this.auth = auth;
        this.rateLimiter = rateLimiter;
        this.limits = properties.api();
    }

    @PostMapping("/shipments")
    public ResponseEntity<?> submit(HttpServletRequest request) throws IOException {
        String partnerId = caller(request, WRITE);
        byte[] body = jsonBody(request, limits.maxJsonBytes());
        return answer(service.submitShipment(partnerId, request.getHeader("Idempotency-Key"), body));
    }

    @PostMapping("/shipments:batch")
    public ResponseEntity<?> batch(HttpServletRequest request) throws IOException {
        String partnerId = caller(request, WRITE);
        byte[] body = jsonBody(request, limits.maxBatchBytes());
        return answer(service.submitBatch(partnerId, request.getHeader("Idempotency-Key"), body));
    }

    @PostMapping("/manifests")
    public ResponseEntity<?> manifest(HttpServletRequest request) throws IOException {
        String partnerId = caller(request, WRITE);
        byte[] body = jsonBody(request, limits.maxJsonBytes());
        return answer(service.submitManifest(partnerId, request.getHeader("Idempotency-Key"), body));
    }

    @GetMapping("/shipments/{shipmentRef}")
    public ResponseEntity<?> status(HttpServletRequest request, @PathVariable String shipmentRef) {
        return answer(service.status(caller(request, WRITE), shipmentRef));
    }

    @GetMapping("/shipments")
    public ResponseEntity<?> byHouseWaybill(HttpServletRequest request,
                                            @RequestParam(required = false) String houseWaybill) {
        String partnerId = caller(request, WRITE);
        if (houseWaybill == null || houseWaybill.isBlank()) {
            throw new org.clearway.routes.support.ApiProblem(org.springframework.http.HttpStatus.UNPROCESSABLE_ENTITY,
                    "validation-error", "give ?houseWaybill=",
                    java.util.List.of(org.clearway.routes.support.ApiProblem.fieldError("/houseWaybill", "REQUIRED",
                            "query parameter houseWaybill is required")));
        }
        return answer(service.statusByHouseWaybill(partnerId, houseWaybill));
    }

    @PostMapping("/shipments/{shipmentRef}/information-responses")
    public ResponseEntity<?> informationResponse(HttpServletRequest request, @PathVariable String shipmentRef)
            throws IOException {
        String partnerId = caller(request, WRITE);
        byte[] body = jsonBody(request, limits.maxJsonBytes());
        return answer(service.informationResponse(partnerId, request.getHeader("Idempotency-Key"), shipmentRef, body));
    }

    @DeleteMapping("/shipments/{shipmentRef}")
    public ResponseEntity<?> cancel(HttpServletRequest request, @PathVariable String shipmentRef) {
        return answer(service.cancel(caller(request, WRITE), request.getHeader("Idempotency-Key"), shipmentRef));
    }

    /** An {@code application/json} body within {@code limit} bytes after decompression (§1.3, §1.4). */
    private byte[] jsonBody(HttpServletRequest request, long limit) throws IOException {
        RequestBodies.requireMediaType(request, "application/json");
        return RequestBodies.read(request, limit, limits.maxGzipRatio());
    }

    private String caller(HttpServletRequest request, String scope) {
        String partnerId = auth.requireScope(request, scope).partnerId();
        rateLimiter.acquire(partnerId);
        return partnerId;
    }

    private static ResponseEntity<?> answer(ApiResult result) {
        ResponseEntity.BodyBuilder builder = ResponseEntity.status(result.status()).contentType(MediaType.APPLICATION_JSON);
        result.headers().forEach(builder::header);
        return builder.body(result.body());
    }
}
