package org.clearway.routes.response.express;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** Sends one webhook POST; the dispatcher's only I/O, so tests can replace it. */
@FunctionalInterface
public interface WebhookTransport {

    /** Completes with the HTTP status, or exceptionally on connection errors and timeouts. */
    CompletableFuture<Integer> post(URI url, Map<String, String> headers, byte[] body, Duration timeout);

    /** The production transport: {@link HttpClient}, no redirects, the whole exchange bounded by {@code timeout}. */
    static WebhookTransport http(Duration connectTimeout) {
        HttpClient client = HttpClient.newBuilder().connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER).build();
        return (url, headers, body, timeout) -> {
            HttpRequest.Builder request = HttpRequest.newBuilder(url).timeout(timeout)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body));
            headers.forEach(request::header);
            return client.sendAsync(request.build(), HttpResponse.BodyHandlers.discarding())
                    .thenApply(HttpResponse::statusCode);
        };
    }
}
