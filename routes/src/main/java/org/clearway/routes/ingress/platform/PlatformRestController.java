package org.clearway.routes.ingress.platform;

import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import org.clearway.routes.ingress.ApiResult;
import org.clearway.routes.ingress.express.RequestBodies;
import org.clearway.routes.support.ApiAuth;
import org.clearway.routes.support.ApiProblem;
import org.clearway.routes.support.GatewayProperties;
import org.clearway.routes.support.RateLimiter;
import org.clearway.routes.support.RequestChecks;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Platform / marketplace feed {@code CLEARWAY-PLATFORM-*-1} (PARTNER-APIS §6.1): authentication
 * with scope {@code platform:write}, rate limit, media types and body limits (§1.1, §1.3, §1.4)
 * here; single orders in {@link PlatformService}, bulk uploads in {@link PlatformUploads}.
 */
@RestController
@RequestMapping("/v1/platform")
public class PlatformRestController {
    private static final String WRITE = "platform:write";

    private final PlatformService orders;
    private final PlatformUploads uploads;
    private final ApiAuth auth;
    private final RateLimiter rateLimiter;
    private final GatewayProperties.Api limits;

    public PlatformRestController(PlatformService orders, PlatformUploads uploads, ApiAuth auth,
                                  RateLimiter rateLimiter, GatewayProperties properties) {
        this.orders = orders;
        this.uploads = uploads;
        this.auth = auth;
        this.rateLimiter = rateLimiter;
        this.limits = properties.api();
    }

    @PutMapping("/orders/{orderId}")
    public ResponseEntity<?> put(HttpServletRequest request, @PathVariable String orderId) throws IOException {
        String partnerId = caller(request);
        orderId(orderId);
        RequestBodies.requireMediaType(request, "application/json");
        byte[] body = RequestBodies.read(request, limits.maxJsonBytes(), limits.maxGzipRatio());
        return answer(orders.put(partnerId, request.getHeader("Idempotency-Key"), orderId, body));
    }

    @PostMapping("/orders:bulk")
    public ResponseEntity<?> bulk(HttpServletRequest request) throws IOException {
        String partnerId = caller(request);
        String format = format(request);
        boolean gzip = gzip(request);
        long declared = request.getContentLengthLong();
        if (!gzip && declared > limits.upload().maxBytes()) {
            throw new ApiProblem(HttpStatus.PAYLOAD_TOO_LARGE, "payload-too-large", "Content-Length " + declared
                    + " exceeds the limit of " + limits.upload().maxBytes() + " bytes");
        }
        try (InputStream in = request.getInputStream()) {
            return answer(uploads.accept(partnerId, request.getHeader("Idempotency-Key"), format, in, gzip));
        }
    }

    @GetMapping("/uploads/{uploadId}")
    public ResponseEntity<?> upload(HttpServletRequest request, @PathVariable String uploadId,
                                    @RequestParam(required = false) String fromLine,
                                    @RequestParam(required = false) String limit) {
        String partnerId = caller(request);
        RequestChecks.id("uploadId", uploadId, 40);
        return answer(uploads.status(partnerId, uploadId, RequestChecks.intParam("fromLine", fromLine, 0, 0, Integer.MAX_VALUE - 1),
                RequestChecks.intParam("limit", limit, 1000, 1, 10_000)));
    }

    @GetMapping("/orders/{orderId}")
    public ResponseEntity<?> order(HttpServletRequest request, @PathVariable String orderId) {
        String partnerId = caller(request);
        return answer(orders.get(partnerId, orderId(orderId)));
    }

    @DeleteMapping("/orders/{orderId}")
    public ResponseEntity<?> cancel(HttpServletRequest request, @PathVariable String orderId) {
        String partnerId = caller(request);
        return answer(orders.cancel(partnerId, request.getHeader("Idempotency-Key"), orderId(orderId)));
    }

    @PostMapping("/orders/{orderId}/shipments")
    public ResponseEntity<?> link(HttpServletRequest request, @PathVariable String orderId) throws IOException {
        String partnerId = caller(request);
        orderId(orderId);
        RequestBodies.requireMediaType(request, "application/json");
        byte[] body = RequestBodies.read(request, limits.maxJsonBytes(), limits.maxGzipRatio());
        return answer(orders.link(partnerId, request.getHeader("Idempotency-Key"), orderId, body));
    }

    /** §6.1: {@code application/x-ndjson} or {@code text/csv} (charset utf-8 if given), else 415. */
    private static String format(HttpServletRequest request) {
        String ct = request.getContentType();
        String base = ct == null ? "" : ct.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        return switch (base) {
            case "application/x-ndjson" -> {
                RequestBodies.requireMediaType(request, base);
                yield "NDJSON";
            }
            case "text/csv" -> {
                RequestBodies.requireMediaType(request, base);
                yield "CSV";
            }
            default -> throw new ApiProblem(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported-media-type",
                    "Content-Type must be application/x-ndjson or text/csv; charset=utf-8 (got "
                            + (ct == null ? "none" : ct) + ")");
        };
    }

    private static boolean gzip(HttpServletRequest request) {
        String encoding = request.getHeader("Content-Encoding");
        if (encoding == null || encoding.isBlank() || encoding.trim().equalsIgnoreCase("identity")) {
            return false;
        }
        if (encoding.trim().equalsIgnoreCase("gzip")) {
            return true;
        }
        throw new ApiProblem(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported-media-type",
                "Content-Encoding " + encoding + " is not supported; send identity or gzip");
    }

    /** {@code platform_order.order_id} is varchar(70). */
    private static String orderId(String orderId) {
        return RequestChecks.id("orderId", orderId, 70);
    }

    private String caller(HttpServletRequest request) {
        String partnerId = auth.requireScope(request, WRITE).partnerId();
        rateLimiter.acquire(partnerId);
        return partnerId;
    }

    private static ResponseEntity<?> answer(ApiResult result) {
        ResponseEntity.BodyBuilder builder = ResponseEntity.status(result.status()).contentType(MediaType.APPLICATION_JSON);
        result.headers().forEach(builder::header);
        return builder.body(result.body());
    }
}
