package org.clearway.routes.ingress;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.clearway.routes.store.IdempotencyStore;
import org.clearway.routes.support.ApiProblem;
import org.clearway.routes.support.GatewayProperties;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * The {@code Idempotency-Key} rules of the express and platform APIs (PARTNER-APIS §1.2), shared by
 * every write operation: scope (partner, key), fingerprint = SHA-256 of the decompressed body plus
 * the operation; same key and body replays the stored response with {@code Idempotent-Replayed:
 * true}, a different body is 422 {@code idempotency-key-reused}, a request still running 409
 * {@code idempotency-in-flight}, a missing or malformed key 400 {@code idempotency-key-missing}.
 * A request that fails with an exception leaves nothing behind, so the key can be used again; one
 * cut by a crash holds its key only for {@code clearway.cluster.idempotency-lease}, then the same
 * request may be retried with it.
 */
@Component
public class Idempotency {
    private static final Pattern KEY = Pattern.compile("^[A-Za-z0-9._:-]{1,128}$");

    private final IdempotencyStore store;
    private final GatewayProperties properties;
    private final Clock clock;
    private final java.time.Duration lease;
    private final ObjectMapper exact = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .setNodeFactory(JsonNodeFactory.withExactBigDecimals(true));

    public Idempotency(IdempotencyStore store, GatewayProperties properties, Clock clock) {
        this(store, properties, org.clearway.routes.support.ClusterProperties.defaults(), clock);
    }

    @org.springframework.beans.factory.annotation.Autowired
    public Idempotency(IdempotencyStore store, GatewayProperties properties,
                       org.clearway.routes.support.ClusterProperties cluster, Clock clock) {
        this.store = store;
        this.properties = properties;
        this.clock = clock;
        this.lease = cluster.idempotencyLease();
    }

    /** 400 {@code idempotency-key-missing} unless {@code key} is present and well-formed. */
    public static void requireKey(String key) {
        if (key == null || key.isBlank()) {
            throw new ApiProblem(HttpStatus.BAD_REQUEST, "idempotency-key-missing",
                    "send an Idempotency-Key header (^[A-Za-z0-9._:-]{1,128}$) with every POST, PUT and DELETE");
        }
        if (!KEY.matcher(key).matches()) {
            throw new ApiProblem(HttpStatus.BAD_REQUEST, "idempotency-key-missing",
                    "the Idempotency-Key must match ^[A-Za-z0-9._:-]{1,128}$");
        }
    }

    /** Runs {@code work} once per (partner, key) for this body. */
    public ApiResult run(String partnerId, String key, String operation, byte[] body, Supplier<ApiResult> work) {
        requireKey(key);
        return runForSha(partnerId, key, operation, sha256(body), work);
    }

    /** The same for a body already hashed while it was received (bulk uploads). */
    public ApiResult runForSha(String partnerId, String key, String operation, String bodySha256,
                               Supplier<ApiResult> work) {
        requireKey(key);
        // the operation is part of the fingerprint: the same key on another operation is a reuse
        String requestSha = sha256((bodySha256 + ":" + operation).getBytes(StandardCharsets.UTF_8));
        Instant now = clock.instant();
        Optional<IdempotencyStore.Entry> previous = store.claim(partnerId, key, requestSha, operation, now,
                now.minus(properties.api().idempotencyRetention()), now.plus(lease));
        if (previous.isPresent()) {
            IdempotencyStore.Entry e = previous.get();
            if (!e.requestSha256().equals(requestSha)) {
                throw new ApiProblem(HttpStatus.UNPROCESSABLE_ENTITY, "idempotency-key-reused",
                        "Idempotency-Key " + key + " was used with a different request");
            }
            if (e.inFlight()) {
                throw new ApiProblem(HttpStatus.CONFLICT, "idempotency-in-flight",
                        "the first request with Idempotency-Key " + key + " is still being processed; retry later",
                        List.of(), Map.of("Retry-After", String.valueOf(retryAfterSeconds(e, now))));
            }
            try {
                return new ApiResult(e.status(), exact.readTree(e.responseJson()), Map.of("Idempotent-Replayed", "true"));
            } catch (JsonProcessingException ex) {
                throw new IllegalStateException("stored response is unreadable", ex);
            }
        }
        try {
            ApiResult result = work.get();
            store.complete(partnerId, key, result.status(), exact.writeValueAsString(result.body()));
            return result;
        } catch (JsonProcessingException e) {
            store.release(partnerId, key);
            throw new IllegalStateException(e);
        } catch (RuntimeException e) {
            // nothing was accepted: free the key so the partner can retry with it
            store.release(partnerId, key);
            throw e;
        }
    }

    /** Seconds until the in-flight request's lease runs out (at least 1): when a retry can take over. */
    private long retryAfterSeconds(IdempotencyStore.Entry e, Instant now) {
        Instant until = e.leaseUntil() != null ? e.leaseUntil() : e.createdAt().plus(lease);
        return Math.max(1, Math.min(lease.toSeconds(), java.time.Duration.between(now, until).toSeconds()));
    }

    /** Lower-case hex SHA-256. */
    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
