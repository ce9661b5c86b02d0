package org.clearway.routes.deliver;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.clearway.routes.ops.StageEvents;
import org.clearway.routes.store.DeclarationStore;
import org.clearway.routes.store.TraceLog;
import org.clearway.routes.support.GatewayProperties;
import org.clearway.routes.support.GatewayProperties.Customs;
import org.clearway.routes.support.GatewayProperties.DeliveryChannel;
import org.clearway.routes.support.GatewayProperties.Role;
import org.clearway.routes.support.Headers;
import org.clearway.routes.support.InvalidMessageException;
import org.clearway.routes.support.Partners;
import org.clearway.routes.support.Queues;
import org.clearway.mappings.customs.CustomsFormats;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Delivery of signed declarations to a customs backend (CUSTOMS-AND-POSTAL-INTERFACES §3.2): JMS
 * queue (default), HTTP push, or pull (the emission is already stored; the backend polls).
 */
@Component
public class CustomsDelivery {
    private static final Logger log = LoggerFactory.getLogger(CustomsDelivery.class);
    public static final String CHANNEL = "clearwayChannel";
    public static final String TARGET_QUEUE = "clearwayCustomsQueue";

    private final Partners partners;
    private final DeclarationStore store;
    private final TraceLog trace;
    private final Clock clock;
    private final StageEvents metrics;
    private final DeliveryStatus status;
    private final java.time.Duration retryAfterCap;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    public CustomsDelivery(Partners partners, DeclarationStore store, TraceLog trace, Clock clock,
                           GatewayProperties properties, StageEvents metrics, DeliveryStatus status) {
        this.metrics = metrics;
        this.status = status;
        this.retryAfterCap = properties.pipeline().httpRetryMax();
        this.partners = partners;
        this.store = store;
        this.trace = trace;
        this.clock = clock;
    }

    /** Chooses the channel of the declaration's backend and prepares the external message properties. */
    public void route(Exchange exchange) {
        Message in = exchange.getIn();
        String backendId = in.getHeader(Headers.BACKEND_ID, String.class);
        Customs customs = backend(backendId);
        exchange.setProperty(CHANNEL, customs.channel().name());
        if (customs.channel() == DeliveryChannel.JMS) {
            exchange.setProperty(TARGET_QUEUE, Queues.customsDeclarations(backendId, customs.sharedQueue()
                    || jmsBackends() == 1));
            // Broker duplicate detection on the emission id (§3.2).
            in.setHeader(Headers.ARTEMIS_DUPLICATE_ID, in.getHeader(Headers.GATEWAY_MESSAGE_ID, String.class));
        }
        in.removeHeaders("clearway_(ingress_id|partner_id|message_index|message_ref|received_at|payload_sha256|dialect|interchange_ref)");
    }

    /** HTTP push with the §3.2 status rules: 2xx delivered; 408/425/429/5xx retry; other 4xx permanent. */
    public void push(Exchange exchange) {
        Message in = exchange.getIn();
        Customs customs = backend(in.getHeader(Headers.BACKEND_ID, String.class));
        URI url = customs.pushUrl();
        if (url == null) {
            throw new InvalidMessageException("backend " + customs.backendId() + " has channel HTTP but no push-url");
        }
        String gatewayMessageId = in.getHeader(Headers.GATEWAY_MESSAGE_ID, String.class);
        HttpRequest request = HttpRequest.newBuilder(url)
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", mediaType(in))
                .header("X-CLEARWAY-Message-Id", gatewayMessageId)
                .header("X-CLEARWAY-Declaration-Id", in.getHeader(Headers.DECLARATION_ID, String.class))
                .header("X-CLEARWAY-Revision", String.valueOf(in.getHeader(Headers.REVISION)))
                .header("X-CLEARWAY-Signature", in.getHeader(Headers.SIGNATURE, String.class))
                .header("X-CLEARWAY-Signature-Key", in.getHeader(Headers.SIGNATURE_KEY, String.class))
                .header("Idempotency-Key", gatewayMessageId)
                .POST(HttpRequest.BodyPublishers.ofByteArray(in.getBody(byte[].class)))
                .build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw attemptFailed(exchange, customs.backendId(), url + ": " + cause(e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TransientDeliveryException("interrupted while pushing to " + url, e);
        }
        int code = response.statusCode();
        if (code >= 200 && code < 300) {
            return;
        }
        String detail = "customs backend answered " + code + " for " + gatewayMessageId;
        if (code == 408 || code == 425 || code == 429 || code >= 500) {
            // Retry-After (seconds) is honoured by waiting here before the redelivery's own backoff
            response.headers().firstValue("Retry-After").ifPresent(this::waitRetryAfter);
            throw attemptFailed(exchange, customs.backendId(), detail, null);
        }
        String reason = detail + ": " + abbreviate(response.body());
        metrics.deliveryAttempt(customs.backendId(), "rejected");
        status.failed(customs.backendId(), clock.instant(), reason);
        throw new InvalidMessageException(reason);
    }

    /** The media type of the signed bytes (the backend's customs format; canonical JSON for older messages). */
    private static String mediaType(Message in) {
        String type = in.getHeader(Headers.MEDIA_TYPE, String.class);
        return type == null || type.isBlank() ? CustomsFormats.CANONICAL_JSON_V1.mediaType() : type;
    }

    /**
     * A failed attempt that is retried: logged and traced with the declaration, revision, backend,
     * attempt number (Camel's redelivery counter + 1) and the cause, never as a bare {@code null}.
     */
    private TransientDeliveryException attemptFailed(Exchange exchange, String backendId, String cause, Throwable e) {
        Message in = exchange.getIn();
        String declarationId = in.getHeader(Headers.DECLARATION_ID, String.class);
        Object revision = in.getHeader(Headers.REVISION);
        int attempt = in.getHeader(Exchange.REDELIVERY_COUNTER, 0, Integer.class) + 1;
        String message = "push of declaration " + declarationId + " revision " + revision + " to backend " + backendId
                + " failed (attempt " + attempt + "): " + cause;
        log.warn(message);
        metrics.deliveryAttempt(backendId, "retry");
        status.failed(backendId, clock.instant(), cause);
        try {
            trace.record(null, declarationId, "deliver", "attempt-failed", "attempt " + attempt + " revision " + revision
                    + " to " + backendId + ": " + cause, backendId);
        } catch (RuntimeException traceFailure) {
            log.warn("trace of the failed attempt for {} not recorded: {}", declarationId, traceFailure.toString());
        }
        return new TransientDeliveryException(message, e);
    }

    /** The exception and its causes as "Type: message" (a ConnectException has no message of its own). */
    static String cause(Throwable e) {
        StringBuilder s = new StringBuilder();
        for (Throwable t = e; t != null && s.length() < 500; t = t.getCause()) {
            s.append(s.isEmpty() ? "" : " <- ").append(t.getClass().getSimpleName());
            if (t.getMessage() != null) {
                s.append(": ").append(t.getMessage());
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return s.toString();
    }

    private void waitRetryAfter(String value) {
        long seconds;
        try {
            seconds = Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            return; // an HTTP date: the exponential backoff applies
        }
        long millis = Math.min(seconds * 1000, retryAfterCap.toMillis());
        if (millis > 0) {
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    public void delivered(Exchange exchange) {
        Message in = exchange.getIn();
        String declarationId = in.getHeader(Headers.DECLARATION_ID, String.class);
        int revision = in.getHeader(Headers.REVISION, Integer.class);
        String backendId = in.getHeader(Headers.BACKEND_ID, String.class);
        java.time.Instant now = clock.instant();
        status.delivered(backendId, now);
        metrics.deliveryAttempt(backendId, "delivered");
        store.markDelivered(declarationId, revision, now);
        trace.record(null, declarationId, "deliver", "delivered", exchange.getProperty(CHANNEL, String.class)
                + " revision " + revision + " gatewayMessageId " + in.getHeader(Headers.GATEWAY_MESSAGE_ID), backendId);
        store.revision(declarationId, revision).ifPresent(r ->
                metrics.deliveryLatency(backendId, Duration.between(r.createdAt(), now)));
    }

    private Customs backend(String backendId) {
        return partners.customsBackend(backendId)
                .orElseThrow(() -> new InvalidMessageException("no customs backend " + backendId + " is configured"));
    }

    private long jmsBackends() {
        return partners.withRole(Role.CUSTOMS).values().stream()
                .filter(p -> p.customs() != null && p.customs().channel() == DeliveryChannel.JMS).count();
    }

    private static String abbreviate(String s) {
        return s == null ? "" : s.length() > 300 ? s.substring(0, 300) + "..." : s;
    }
}
