package org.clearway.routes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Express request bodies for the end-to-end tests: the {@code shared/specs/samples-json} files
 * (copies under {@code src/test/resources/express/} when shared/ is absent), each given a fresh
 * house waybill so tests sharing one gateway never deduplicate against each other; and a small
 * HTTP helper for the express API.
 */
final class ExpressFixtures {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String KEY = "demo-express-key";
    private static final AtomicLong SERIAL = new AtomicLong(System.currentTimeMillis() % 1_000_000_000L);

    private ExpressFixtures() {
    }

    static ObjectNode sample(String name) {
        try {
            return (ObjectNode) JSON.readTree(bytes(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A sample shipment with a house waybill no other test uses. */
    static ObjectNode shipment(String name) {
        ObjectNode s = sample(name);
        s.put("houseWaybill", uniqueHouseWaybill());
        return s;
    }

    static String uniqueHouseWaybill() {
        return "IT" + SERIAL.incrementAndGet();
    }

    static byte[] bytes(String name) {
        return JsonSamples.text(name).getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    static HttpResponse<String> post(int port, String path, String key, String idempotencyKey, String contentType,
                                     byte[] body, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (key != null) {
            b.header("Authorization", "Bearer " + key);
        }
        if (idempotencyKey != null) {
            b.header("Idempotency-Key", idempotencyKey);
        }
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        for (int i = 0; i + 1 < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return Http.send(b.build());
    }

    static HttpResponse<String> post(int port, String path, String idempotencyKey, JsonNode body) {
        try {
            return post(port, path, KEY, idempotencyKey, "application/json", JSON.writeValueAsBytes(body));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static HttpResponse<String> delete(int port, String path, String idempotencyKey) {
        return Http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", "Bearer " + KEY).header("Idempotency-Key", idempotencyKey)
                .DELETE().build());
    }

    static JsonNode json(HttpResponse<String> response) {
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
