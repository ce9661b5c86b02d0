package org.clearway.routes.bench;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.function.IntFunction;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/** What the load drivers share: a fresh data directory, draining the customs queue, sampling the heap. */
final class BenchSupport {
    static final long MIB = 1024 * 1024;

    private BenchSupport() {
    }

    /** A new temporary data directory for one bench's gateway. */
    static Path dataDir(String prefix) {
        try {
            return Files.createTempDirectory(prefix);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sends {@code n} requests with at most {@code inFlight} outstanding; the answers in request order. */
    static List<HttpResponse<String>> sendAll(HttpClient http, int n, int inFlight, IntFunction<HttpRequest> build)
            throws Exception {
        Semaphore window = new Semaphore(inFlight);
        List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            window.acquire();
            answers.add(http.sendAsync(build.apply(i), HttpResponse.BodyHandlers.ofString())
                    .whenComplete((r, e) -> window.release()));
        }
        List<HttpResponse<String>> done = new ArrayList<>(n);
        for (CompletableFuture<HttpResponse<String>> f : answers) {
            done.add(f.get());
        }
        return done;
    }

    /** Consumes signed declarations from the customs queue until {@code expected} arrived or the time is up. */
    static int drain(ConnectionFactory connectionFactory, int expected, Duration limit) throws Exception {
        long deadline = System.nanoTime() + limit.toNanos();
        int count = 0;
        try (Connection connection = connectionFactory.createConnection()) {
            connection.start();
            Session session = connection.createSession(true, Session.SESSION_TRANSACTED);
            MessageConsumer consumer = session.createConsumer(session.createQueue("customs.declarations"));
            while (count < expected && System.nanoTime() < deadline) {
                if (consumer.receive(1000) != null) {
                    count++;
                    // commit often: Artemis stops dispatching a paged queue to a consumer holding more
                    // than max-page-read-bytes (4 MiB) unacknowledged, and signed declarations are ~10 KB
                    if (count % 100 == 0) {
                        session.commit();
                    }
                }
            }
            session.commit();
        }
        return count;
    }

    /** Samples the heap every 20 ms: the highest total used (includes garbage not yet collected). */
    static final class HeapSampler extends Thread {
        volatile long maxUsed;

        HeapSampler() {
            setDaemon(true);
            setName("bench-heap-sampler");
        }

        @Override
        public void run() {
            var memory = ManagementFactory.getMemoryMXBean();
            while (!isInterrupted()) {
                maxUsed = Math.max(maxUsed, memory.getHeapMemoryUsage().getUsed());
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }
}
