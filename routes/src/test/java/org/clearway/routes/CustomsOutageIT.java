package org.clearway.routes;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import jakarta.jms.Connection;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.clearway.routes.TestInterchanges.Item;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Issue 13, "Outage": the customs HTTP backend PUSH-CUSTOMS answers 503 for a while (at least
 * {@code -Dclearway.outage.seconds}, 30 by default; minutes for a soak) while declarations, several
 * with amendments (revisions 2 and 3), flow in; then it is back. Nothing is lost, no revision is
 * pushed again after its 2xx, a revision is never pushed before the one before it was taken, the
 * backlog drains; during the outage declarations for the JMS backend go on being delivered (no
 * consumer of the deliver stage is held by the dead backend). The figures are logged.
 */
class CustomsOutageIT extends GatewayIT {
    private static final Logger log = LoggerFactory.getLogger(CustomsOutageIT.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long OUTAGE_SECONDS = Long.getLong("clearway.outage.seconds", 30);

    /** One request the backend saw: arrival order, ids, and what it answered. */
    record Push(long order, String messageId, String declarationId, int revision, int status, long atMillis) {
    }

    @Autowired
    JdbcClient jdbc;

    private HttpServer backend;

    @AfterEach
    void stopBackend() {
        if (backend != null) {
            backend.stop(0);
        }
    }

    @Test
    void anOutageOfTheHttpBackendLosesNothingKeepsOrderAndHoldsNoConsumer() throws Exception {
        AtomicBoolean down = new AtomicBoolean(true);
        AtomicLong order = new AtomicLong();
        List<Push> pushes = new CopyOnWriteArrayList<>();
        backend = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), PUSH_PORT), 50);
        backend.setExecutor(Executors.newFixedThreadPool(8));
        backend.createContext("/declarations", exchange -> {
            exchange.getRequestBody().readAllBytes();
            var h = exchange.getRequestHeaders();
            boolean refuse = down.get();
            int status = refuse ? 503 : 200;
            long n = order.incrementAndGet();
            pushes.add(new Push(n, h.getFirst("X-CLEARWAY-Message-Id"), h.getFirst("X-CLEARWAY-Declaration-Id"),
                    Integer.parseInt(h.getFirst("X-CLEARWAY-Revision")), status, System.currentTimeMillis()));
            if (refuse && n % 3 == 0) {
                exchange.getResponseHeaders().add("Retry-After", "1");
            }
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        backend.start();
        long outageStart = System.currentTimeMillis();

        // 24 declarations for the HTTP backend (AT); 8 of them amended once, 4 of those twice more
        List<Item> items = new ArrayList<>();
        for (int i = 0; i < 24; i++) {
            items.add(new Item(TestInterchanges.s10("CP", "GB"), "AT", String.format("%d.50", 40 + i)));
        }
        Map<String, String> declarationOf = new LinkedHashMap<>();
        for (int batch = 0; batch < 3; batch++) {
            declarationOf.putAll(submit(items.subList(batch * 8, batch * 8 + 8)));
        }
        Map<String, Integer> expectedRevisions = new HashMap<>();
        declarationOf.values().forEach(d -> expectedRevisions.put(d, 1));
        awaitJobs(expectedRevisions, 120);
        for (int round = 2; round <= 3; round++) {
            List<Item> amended = new ArrayList<>();
            for (Item item : items.subList(0, round == 2 ? 8 : 4)) {
                amended.add(new Item(item.s10(), item.addresseeCountry(), String.format("%d.75", 100 * round + items.indexOf(item))));
            }
            submit(amended);
            for (Item item : amended) {
                expectedRevisions.put(declarationOf.get(item.s10()), round);
            }
            awaitJobs(expectedRevisions, 120);
        }
        int revisions = expectedRevisions.values().stream().mapToInt(Integer::intValue).sum();

        // while PUSH-CUSTOMS refuses: declarations for the JMS backend (DE) are delivered all the same
        List<Item> toGermany = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            toGermany.add(new Item(TestInterchanges.s10("CP", "GB"), "DE", "42.50"));
        }
        long jmsStart = System.currentTimeMillis();
        Set<String> german = new HashSet<>(submit(toGermany).values());
        awaitOnCustomsQueue(german, 60);
        long jmsMillis = System.currentTimeMillis() - jmsStart;
        assertThat(down.get()).isTrue();
        assertThat(pushes).as("the backend was tried during the outage").isNotEmpty()
                .allSatisfy(p -> assertThat(p.status()).isEqualTo(503));

        // visible meanwhile: attempts, next try and last cause per job; the backlog in health and metrics
        String listing = Http.get(port, "/v1/admin/deliveries?backend=PUSH-CUSTOMS&state=PENDING&limit=1000",
                "it-admin-key-0123").body();
        JsonNode pending = JSON.readTree(listing);
        assertThat(pending.at("/backends/PUSH-CUSTOMS/pending").asLong()).isGreaterThanOrEqualTo(24);
        JsonNode mine = null;
        for (JsonNode job : pending.get("items")) {
            if (declarationOf.containsValue(job.get("declarationId").asText()) && job.get("attempts").asInt() > 0) {
                mine = job;
                break;
            }
        }
        assertThat(mine).as("a job of ours already tried: %s", listing).isNotNull();
        assertThat(mine.get("lastStatus").asInt()).isEqualTo(503);
        assertThat(mine.get("lastCause").asText()).startsWith("customs backend answered 503 for ");
        assertThat(mine.get("nextTryAt").asText()).isNotBlank();
        String health = Http.get(port, "/actuator/health", "it-admin-key-0123").body();
        assertThat(health).containsPattern("\"PUSH-CUSTOMS\":\\{\"status\":\"DOWN\"").contains("\"pushPending\"");
        assertThat(Http.get(port, "/actuator/prometheus", "it-admin-key-0123").body())
                .containsPattern("clearway_delivery_outbox_jobs\\{[^}]*backend=\"PUSH-CUSTOMS\"[^}]*state=\"PENDING\"[^}]*} [1-9]")
                .containsPattern("clearway_delivery_attempts_total\\{[^}]*backend=\"PUSH-CUSTOMS\"[^}]*outcome=\"retry\"");

        // the rest of the outage window, then the backend is back
        long rest = outageStart + OUTAGE_SECONDS * 1000 - System.currentTimeMillis();
        if (rest > 0) {
            Thread.sleep(rest);
        }
        down.set(false);
        long backAt = System.currentTimeMillis();
        long outageMillis = backAt - outageStart;

        long deadline = backAt + 120_000;
        while (undelivered(expectedRevisions) > 0) {
            assertThat(System.currentTimeMillis()).as("backlog drained").isLessThan(deadline);
            Thread.sleep(100);
        }
        long drainMillis = System.currentTimeMillis() - backAt;
        Thread.sleep(1500); // nothing more may come for our declarations

        List<Push> ours = pushes.stream().filter(p -> expectedRevisions.containsKey(p.declarationId())).toList();
        // nothing lost: every revision of every declaration taken (2xx) by the backend exactly once
        Map<String, Integer> accepted = new HashMap<>();
        for (Push p : ours) {
            if (p.status() == 200) {
                assertThat(accepted.put(p.messageId(), p.revision())).as("revision pushed again after its 2xx: %s", p)
                        .isNull();
            }
        }
        assertThat(accepted).hasSize(revisions);
        for (Map.Entry<String, Integer> d : expectedRevisions.entrySet()) {
            List<Push> forDeclaration = ours.stream().filter(p -> p.declarationId().equals(d.getKey())).toList();
            assertThat(forDeclaration.stream().filter(p -> p.status() == 200).map(Push::revision).toList())
                    .as("declaration %s taken in revision order", d.getKey())
                    .isEqualTo(java.util.stream.IntStream.rangeClosed(1, d.getValue()).boxed().toList());
            // no request for revision k+1 before revision k was taken
            for (Push p : forDeclaration) {
                if (p.revision() > 1) {
                    long previousTaken = forDeclaration.stream()
                            .filter(q -> q.revision() == p.revision() - 1 && q.status() == 200)
                            .mapToLong(Push::order).findFirst().orElseThrow();
                    assertThat(p.order()).as("%s pushed before revision %d was taken", p, p.revision() - 1)
                            .isGreaterThan(previousTaken);
                }
            }
            // no request at all for a revision after its 2xx
            for (Push taken : forDeclaration.stream().filter(p -> p.status() == 200).toList()) {
                assertThat(forDeclaration).filteredOn(p -> p.messageId().equals(taken.messageId())
                        && p.order() > taken.order()).isEmpty();
            }
        }
        assertThat(jdbc.sql("select count(*) from declaration_revision where backend_id = 'PUSH-CUSTOMS' "
                        + "and delivered_at is null and declaration_id in (:ids)")
                .param("ids", expectedRevisions.keySet()).query(Long.class).single()).isZero();

        long refused = ours.stream().filter(p -> p.status() == 503).count();
        log.info("outage figures: {} declarations, {} revisions to PUSH-CUSTOMS; outage {} s with {} refused pushes "
                        + "({} requests in all, {} per revision on average); backlog drained {} ms after the backend was "
                        + "back; {} JMS declarations delivered during the outage in {} ms",
                expectedRevisions.size(), revisions, outageMillis / 1000, refused, ours.size(),
                String.format("%.1f", ours.size() / (double) revisions), drainMillis, german.size(), jmsMillis);
    }

    /** Posts the items in one interchange; returns S10 -> declarationId. */
    private Map<String, String> submit(List<Item> items) throws Exception {
        byte[] interchange = TestInterchanges.single(TestInterchanges.reference("OU"), items.toArray(Item[]::new));
        HttpResponse<String> response = Http.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/v1/postal/interchanges"))
                .header("Authorization", "Bearer demo-post-key").header("Content-Type", "application/EDIFACT")
                .POST(HttpRequest.BodyPublishers.ofByteArray(interchange)).build());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        Map<String, String> ids = new LinkedHashMap<>();
        for (JsonNode item : JSON.readTree(response.body()).at("/messages/0/items")) {
            ids.put(item.get("s10ItemId").asText(), item.get("declarationId").asText());
        }
        assertThat(ids).hasSize(items.size());
        return ids;
    }

    /** Waits until a push job exists for each declaration's expected revision. */
    private void awaitJobs(Map<String, Integer> revisions, int seconds) throws InterruptedException {
        long deadline = System.currentTimeMillis() + seconds * 1000L;
        while (true) {
            long missing = revisions.entrySet().stream().filter(e -> jdbc.sql(
                            "select count(*) from delivery_job where declaration_id = ? and revision = ?")
                    .params(e.getKey(), e.getValue()).query(Long.class).single() == 0).count();
            if (missing == 0) {
                return;
            }
            assertThat(System.currentTimeMillis()).as("%d push jobs not recorded", missing).isLessThan(deadline);
            Thread.sleep(200);
        }
    }

    private long undelivered(Map<String, Integer> revisions) {
        return jdbc.sql("select count(*) from delivery_job where state <> 'DELIVERED' and declaration_id in (:ids)")
                .param("ids", revisions.keySet()).query(Long.class).single()
                + revisions.entrySet().stream().filter(e -> jdbc.sql(
                        "select count(*) from delivery_job where declaration_id = ? and revision = ? and state = 'DELIVERED'")
                .params(e.getKey(), e.getValue()).query(Long.class).single() == 0).count();
    }

    private void awaitOnCustomsQueue(Set<String> declarationIds, int seconds) throws Exception {
        Set<String> seen = new HashSet<>();
        try (Connection connection = connectionFactory.createConnection();
             Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE)) {
            connection.start();
            String selector = "clearway_declaration_id IN ('" + String.join("','", declarationIds) + "')";
            MessageConsumer consumer = session.createConsumer(session.createQueue("customs.declarations"), selector);
            long deadline = System.currentTimeMillis() + seconds * 1000L;
            while (seen.size() < declarationIds.size()) {
                long left = deadline - System.currentTimeMillis();
                assertThat(left).as("JMS deliveries during the outage: %d of %d", seen.size(), declarationIds.size())
                        .isPositive();
                Message m = consumer.receive(Math.min(left, 1000));
                if (m != null) {
                    seen.add(m.getStringProperty("clearway_declaration_id"));
                }
            }
        }
        assertThat(seen).isEqualTo(declarationIds);
    }
}
