package org.clearway.routes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;

/** Plain HTTP helpers for test steps that poll (outbox, item status) rather than exchange one message. */
final class Http {
    private static final HttpClient CLIENT = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();

    private Http() {
    }

    static HttpResponse<String> get(int port, String path, String apiKey) {
        return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", "Bearer " + apiKey).GET().build());
    }

    static HttpResponse<byte[]> getBytes(int port, String path, String apiKey) {
        try {
            return CLIENT.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .header("Authorization", "Bearer " + apiKey).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    static HttpResponse<String> send(HttpRequest request) {
        try {
            return CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Waits until the partner's outbox holds an entry of this kind for this ingress and returns its bytes. */
    static byte[] awaitOutbox(int port, String apiKey, String kind, String ingressId) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (Instant.now().isBefore(deadline)) {
            try {
                JsonNode list = JSON.readTree(get(port, "/v1/postal/outbox", apiKey).body());
                for (JsonNode item : list.get("items")) {
                    if (kind.equals(item.get("kind").asText()) && item.has("ingressId")
                            && ingressId.equals(item.get("ingressId").asText())) {
                        return getBytes(port, "/v1/postal/outbox/" + item.get("id").asText(), apiKey).body();
                    }
                }
                Thread.sleep(200);
            } catch (IOException | InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }
        throw new AssertionError("no " + kind + " for ingress " + ingressId + " in the outbox within 30 s");
    }

    /** The declarationId the gateway holds for this S10 id, or null when it never declared it. */
    static String declarationIdOf(int port, String apiKey, String s10) {
        HttpResponse<String> response = get(port, "/v1/postal/items/" + s10, apiKey);
        if (response.statusCode() == 404) {
            return null;
        }
        try {
            JsonNode node = JSON.readTree(response.body());
            return node.get("declarations").get(0).get("declarationId").asText();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Sleeps in a test step (TestAction lambdas cannot throw InterruptedException). */
    static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The item status of a DEMO-POST item (200 expected), as JSON. */
    static JsonNode itemStatus(int port, String s10) {
        HttpResponse<String> response = get(port, "/v1/postal/items/" + s10, "demo-post-key");
        if (response.statusCode() != 200) {
            throw new AssertionError("item " + s10 + " answered " + response.statusCode());
        }
        return json(response.body());
    }

    /** Kinds (CUSRSP, CONTRL) of DEMO-POST's pending outbox entries for one ingress. */
    static java.util.List<String> outboxKinds(int port, String ingressId) {
        java.util.List<String> kinds = new java.util.ArrayList<>();
        for (JsonNode e : json(get(port, "/v1/postal/outbox", "demo-post-key").body()).get("items")) {
            if (e.has("ingressId") && ingressId.equals(e.get("ingressId").asText())) {
                kinds.add(e.get("kind").asText());
            }
        }
        return kinds;
    }

    static JsonNode json(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
