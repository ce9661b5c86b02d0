package org.clearway.routes.ingress.as2;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Posts async MDNs (RFC 4130 §7.3) to the return URL a partner asked for, after the receiver
 * checked it against the partner's allowed hosts. Without {@code Expect: 100-continue}, so a
 * receiver that ignores it (STACK-NOTES) does not stall the post; one attempt, logged either way:
 * the partner resends its message when no receipt arrives, and the resend is receipted again.
 */
public class AsyncMdnSender implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(AsyncMdnSender.class);

    private final HttpClient http;
    private final Duration timeout;
    private final ExecutorService executor = Executors.newFixedThreadPool(2, runnable -> {
        Thread thread = new Thread(runnable, "as2-async-mdn");
        thread.setDaemon(true);
        return thread;
    });

    public AsyncMdnSender(Duration timeout) {
        this(timeout, null);
    }

    /** @param tls the TLS context for https return URLs (trusted partner servers); null for the JVM default */
    public AsyncMdnSender(Duration timeout, javax.net.ssl.SSLContext tls) {
        this.timeout = timeout;
        HttpClient.Builder builder = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER);
        if (tls != null) {
            builder.sslContext(tls);
        }
        this.http = builder.build();
    }

    public void send(As2Receiver.AsyncMdn mdn, String originalMessageId) {
        executor.execute(() -> post(mdn, originalMessageId));
    }

    void post(As2Receiver.AsyncMdn mdn, String originalMessageId) {
        HttpRequest.Builder request = HttpRequest.newBuilder(mdn.url()).timeout(timeout)
                .POST(HttpRequest.BodyPublishers.ofByteArray(mdn.body()));
        mdn.headers().forEach((name, value) -> {
            if (!name.equalsIgnoreCase("MIME-Version")) {
                request.header(name, value);
            }
        });
        long started = System.nanoTime();
        try {
            HttpResponse<Void> response = http.send(request.build(), HttpResponse.BodyHandlers.discarding());
            long ms = (System.nanoTime() - started) / 1_000_000;
            if (response.statusCode() / 100 == 2) {
                log.info("async MDN for {} posted to {}: {} in {} ms", originalMessageId, mdn.url(),
                        response.statusCode(), ms);
            } else {
                log.warn("async MDN for {} to {} answered {} in {} ms", originalMessageId, mdn.url(),
                        response.statusCode(), ms);
            }
        } catch (IOException e) {
            log.warn("async MDN for {} to {} failed: {}", originalMessageId, mdn.url(), e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
