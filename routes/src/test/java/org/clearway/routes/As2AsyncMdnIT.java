package org.clearway.routes;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.helger.as2lib.crypto.ECryptoAlgorithmSign;
import com.helger.as2lib.crypto.ICryptoHelper;
import com.helger.as2lib.util.AS2Helper;
import com.helger.as2lib.util.AS2ResourceHelper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import jakarta.activation.DataHandler;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.util.ByteArrayDataSource;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.clearway.routes.ingress.as2.As2Config;
import org.clearway.routes.ingress.as2.As2Profiles;
import org.clearway.routes.response.As2OutboxSender;
import org.clearway.routes.response.OutboxService;
import org.clearway.routes.store.As2DeliveryStore;
import org.clearway.routes.store.OutboxStore;
import org.clearway.routes.store.TraceLog;
import org.clearway.security.as2.As2MessageBuilder;
import org.clearway.security.as2.MdnReader;
import org.clearway.security.KeyMaterial;
import org.clearway.security.as2.As2Disposition;
import org.clearway.security.as2.As2Entity;
import org.clearway.security.as2.Mdn;
import org.clearway.security.as2.MdnBuilder;
import org.clearway.security.as2.Mic;
import org.clearway.security.as2.MicAlgorithm;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Outbound AS2 with asynchronous MDNs (CUSTOMS-AND-POSTAL §2.1): AS2-ASYNC's profile asks for
 * async MDNs (3 s wait, two sends). Its AS2 station is played by an HTTP server that opens each
 * message with phax as2-lib (decrypts with the partner key, verifies the gateway's signature,
 * computes the MIC independently of the gateway) and answers 200 without an MDN; the test then
 * posts the MDN to the {@code Receipt-Delivery-Option} URL the gateway sent, built with the
 * gateway's {@link MdnBuilder} but signed with the partner's key and carrying as2-lib's MIC.
 */
class As2AsyncMdnIT extends GatewayIT {
    private static final ICryptoHelper AS2LIB = AS2Helper.getCryptoHelper();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String PARTNER = "AS2-ASYNC";
    private static final String API_KEY = "as2-async-key-1234";

    /** One request the partner station received, as as2-lib read it. */
    record Received(String messageId, String receiptDeliveryOption, String mic, byte[] payload, byte[] body) {
    }

    private static final List<Received> RECEIVED = new CopyOnWriteArrayList<>();
    private static HttpServer station;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    OutboxService outbox;

    @Autowired
    OutboxStore outboxStore;

    @Autowired
    As2DeliveryStore deliveries;

    @Autowired
    As2Profiles profiles;

    @Autowired
    As2Config.As2Station gatewayStation;

    @Autowired
    TraceLog trace;

    @BeforeAll
    static void startStation() throws Exception {
        station = HttpServer.create(new InetSocketAddress("127.0.0.1", AS2_ASYNC_PORT), 0);
        station.createContext("/as2", exchange -> {
            try {
                RECEIVED.add(open(exchange));
                exchange.sendResponseHeaders(200, -1);
            } catch (Exception e) {
                exchange.sendResponseHeaders(500, -1);
            } finally {
                exchange.close();
            }
        });
        station.start();
    }

    @AfterAll
    static void stopStation() {
        station.stop(0);
    }

    @Test
    void signedPositiveAsyncMdnDeliversTheEntryAndAReplayChangesNothing() throws Exception {
        String ingressId = UUID.randomUUID().toString();
        byte[] contrl = contrl("ASY1");
        String outboxId = outbox.put(PARTNER, "CONTRL", "ASY1", contrl, ingressId);
        Received sent = awaitSent(outboxId, 1);

        assertThat(sent.receiptDeliveryOption()).isEqualTo("http://127.0.0.1:" + port + "/as2/mdn");
        assertThat(sent.payload()).isEqualTo(contrl);
        assertThat(delivery(outboxId).get("state")).isEqualTo("AWAITING_MDN");
        assertThat(acked(outboxId)).isNull();

        As2Entity mdn = mdn(As2Peer.ASYNC, sent.messageId(), As2Disposition.PROCESSED, Mic.parse(sent.mic()).orElseThrow());
        HttpResponse<String> answer = postMdn(PARTNER, mdn);
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(delivery(outboxId).get("state")).isEqualTo("DELIVERED");
        Instant ackedAt = acked(outboxId);
        assertThat(ackedAt).as("the outbox entry is acknowledged by the verified MDN").isNotNull();
        assertThat(outboxIds()).doesNotContain(outboxId);
        assertThat(traceEvents(ingressId)).contains("SENT", "DELIVERED");

        HttpResponse<String> replay = postMdn(PARTNER, mdn);
        assertThat(replay.statusCode()).as("a replayed MDN is answered as before").isEqualTo(200);
        assertThat(replay.body()).contains("already");
        assertThat(delivery(outboxId).get("state")).isEqualTo("DELIVERED");
        assertThat(acked(outboxId)).isEqualTo(ackedAt);
    }

    @Test
    void asyncMdnWithAWrongMicLeavesTheEntryUndeliveredWithTheReason() throws Exception {
        String outboxId = outbox.put(PARTNER, "CONTRL", "ASY2", contrl("ASY2"), null);
        Received sent = awaitSent(outboxId, 1);

        HttpResponse<String> answer = postMdn(PARTNER, mdn(As2Peer.ASYNC, sent.messageId(), As2Disposition.PROCESSED,
                Mic.of(new byte[] {1, 2, 3}, MicAlgorithm.SHA256)));

        assertThat(answer.statusCode()).as("an authentic MDN is taken, whatever it says").isEqualTo(200);
        Map<String, Object> row = delivery(outboxId);
        assertThat(row.get("state")).isNotEqualTo("DELIVERED");
        assertThat((String) row.get("mdn_detail")).contains("MIC_MISMATCH");
        assertThat(acked(outboxId)).isNull();
        JsonNode listed = listed(outboxId);
        assertThat(listed.path("as2").path("lastError").asText()).contains("MIC_MISMATCH");
    }

    @Test
    void asyncMdnSignedByAnotherKeyOrUnsignedIsRefusedAndChangesNothing() throws Exception {
        String outboxId = outbox.put(PARTNER, "CONTRL", "ASY3", contrl("ASY3"), null);
        Received sent = awaitSent(outboxId, 1);
        Mic mic = Mic.parse(sent.mic()).orElseThrow();

        HttpResponse<String> stranger = postMdn(PARTNER, mdn(As2Peer.STRANGER, sent.messageId(),
                As2Disposition.PROCESSED, mic));
        assertThat(stranger.statusCode()).isEqualTo(403);
        Map<String, Object> row = delivery(outboxId);
        assertThat(row.get("state")).isEqualTo("AWAITING_MDN");
        assertThat((String) row.get("mdn_detail")).contains("UNTRUSTED_SIGNER");

        HttpResponse<String> unsignedAnswer = postMdn(PARTNER, unsignedMdn(sent.messageId(), mic));
        assertThat(unsignedAnswer.statusCode()).as("the profile requires signed MDNs").isEqualTo(403);
        assertThat(delivery(outboxId).get("state")).isEqualTo("AWAITING_MDN");
        assertThat((String) delivery(outboxId).get("mdn_detail")).contains("UNSIGNED");
        assertThat(acked(outboxId)).isNull();
    }

    @Test
    void mdnForAnUnknownMessageOrFromAnUnknownPartnerIsRefused() throws Exception {
        Mic mic = Mic.of("x".getBytes(StandardCharsets.US_ASCII), MicAlgorithm.SHA256);
        As2Entity unknown = mdn(As2Peer.ASYNC, "<never-sent-" + UUID.randomUUID() + "@it>", As2Disposition.PROCESSED, mic);
        assertThat(postMdn(PARTNER, unknown).statusCode()).isEqualTo(404);
        assertThat(postMdn("NOBODY-AS2", unknown).statusCode()).isEqualTo(404);
        HttpResponse<String> garbage = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/as2/mdn"))
                .header("AS2-From", PARTNER).header("AS2-To", As2Peer.GATEWAY_AS2_ID).header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString("not an MDN")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(garbage.statusCode()).isEqualTo(400);
    }

    @Test
    void missingAsyncMdnIsResentUnderTheSameMessageIdThenFailsVisibly() throws Exception {
        String ingressId = UUID.randomUUID().toString();
        String outboxId = outbox.put(PARTNER, "CONTRL", "ASY4", contrl("ASY4"), ingressId);
        Received first = awaitSent(outboxId, 1);
        Instant firstSeen = Instant.now();

        Map<String, Object> failed = awaitState(outboxId, "FAILED", Duration.ofSeconds(25));
        Duration toFailed = Duration.between(firstSeen, Instant.now());
        List<Received> sends = RECEIVED.stream().filter(r -> r.messageId().equals(first.messageId())).toList();
        assertThat(sends).as("two sends (max-attempts=2) of the same message").hasSize(2);
        assertThat(sends.get(1).body()).as("a resend carries the same bytes").isEqualTo(first.body());
        assertThat(((Number) failed.get("attempts")).intValue()).isEqualTo(2);
        assertThat((String) failed.get("last_error")).contains("no MDN");
        assertThat(toFailed).as("two MDN waits of 3 s plus backoff").isGreaterThan(Duration.ofSeconds(5));
        assertThat(acked(outboxId)).isNull();

        JsonNode listed = listed(outboxId);
        assertThat(listed.path("as2").path("state").asText()).isEqualTo("FAILED");
        assertThat(listed.path("as2").path("attempts").asInt()).isEqualTo(2);
        assertThat(listed.path("as2").path("lastError").asText()).contains("no MDN");
        // the FAILED state commits first, its trace event right after it: wait for the event
        List<String> events = traceEvents(ingressId);
        for (long deadline = System.nanoTime() + 5_000_000_000L; !events.contains("FAILED")
                && System.nanoTime() < deadline; events = traceEvents(ingressId)) {
            Http.pause(50);
        }
        assertThat(events).contains("SENT", "MDN_TIMEOUT", "FAILED");

        Http.pause(1000);
        assertThat(RECEIVED.stream().filter(r -> r.messageId().equals(first.messageId()))).as("no send after FAILED")
                .hasSize(2);

        // a late but valid receipt still proves delivery
        HttpResponse<String> late = postMdn(PARTNER, mdn(As2Peer.ASYNC, first.messageId(), As2Disposition.PROCESSED,
                Mic.parse(first.mic()).orElseThrow()));
        assertThat(late.statusCode()).isEqualTo(200);
        assertThat(delivery(outboxId).get("state")).isEqualTo("DELIVERED");
        assertThat(acked(outboxId)).isNotNull();
    }

    @Test
    void aSecondInstanceOnTheSameDatabaseNeitherResendsNorFailsTwice() throws Exception {
        // a second gateway instance: its own sender and poller, no state but the shared database
        // (which is also all a restarted instance has)
        As2OutboxSender second = new As2OutboxSender(profiles, outboxStore, deliveries,
                new As2MessageBuilder(gatewayStation.key(), Clock.systemUTC()), new MdnReader(Clock.systemUTC()),
                gatewayStation.as2Id(), Duration.ofSeconds(60), Duration.ofMillis(200), Duration.ofSeconds(1),
                Clock.systemUTC(), trace, () -> URI.create("http://127.0.0.1:" + port + "/as2/mdn"));
        java.util.concurrent.atomic.AtomicBoolean running = new java.util.concurrent.atomic.AtomicBoolean(true);
        Thread poller = new Thread(() -> {
            while (running.get()) {
                try {
                    second.deliverDue();
                    Thread.sleep(30);
                } catch (InterruptedException e) {
                    return;
                } catch (RuntimeException e) {
                    // as the scheduler does: one bad run does not end the polling
                }
            }
        }, "as2-outbound-second-instance");
        poller.start();
        try {
            String ingressId = UUID.randomUUID().toString();
            String outboxId = outbox.put(PARTNER, "CONTRL", "ASY5", contrl("ASY5"), ingressId);
            Received first = awaitSent(outboxId, 1);
            awaitState(outboxId, "FAILED", Duration.ofSeconds(25));
            Http.pause(500);

            assertThat(RECEIVED.stream().filter(r -> r.messageId().equals(first.messageId())))
                    .as("two pollers, still max-attempts sends").hasSize(2);
            List<String> events = traceEvents(ingressId);
            assertThat(events.stream().filter("SENT"::equals)).hasSize(2);
            assertThat(events.stream().filter("MDN_TIMEOUT"::equals)).hasSize(1);
            assertThat(events.stream().filter("FAILED"::equals)).hasSize(1);
        } finally {
            running.set(false);
            poller.join(5000);
        }
    }

    // --- the partner station -------------------------------------------------------------------

    private static Received open(HttpExchange exchange) throws Exception {
        String type = exchange.getRequestHeaders().getFirst("Content-Type");
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readAllBytes();
        }
        MimeBodyPart part = new MimeBodyPart();
        part.setDataHandler(new DataHandler(new ByteArrayDataSource(body, type)));
        part.setHeader("Content-Type", type);
        try (AS2ResourceHelper resources = new AS2ResourceHelper()) {
            MimeBodyPart decrypted = AS2LIB.decrypt(part, As2Peer.ASYNC.signerCertificate(), As2Peer.ASYNC.privateKey(),
                    false, resources);
            MimeBodyPart payload = AS2LIB.verify(decrypted, As2Peer.GATEWAY.signerCertificate(), false, true, null,
                    resources);
            String mic = AS2LIB.calculateMIC(payload, ECryptoAlgorithmSign.DIGEST_SHA_256, true).getAsAS2String();
            try (InputStream in = payload.getInputStream()) {
                return new Received(exchange.getRequestHeaders().getFirst("Message-ID"),
                        exchange.getRequestHeaders().getFirst("Receipt-Delivery-Option"), mic, in.readAllBytes(), body);
            }
        }
    }

    private static As2Entity mdn(KeyMaterial signer, String originalMessageId, As2Disposition disposition, Mic mic) {
        return new MdnBuilder(signer, Clock.systemUTC()).build(Mdn.forMessage("AS2-ASYNC station", PARTNER,
                originalMessageId, disposition, mic, null), MicAlgorithm.SHA256);
    }

    private static As2Entity unsignedMdn(String originalMessageId, Mic mic) {
        return new MdnBuilder(null, Clock.systemUTC()).build(Mdn.forMessage("AS2-ASYNC station", PARTNER,
                originalMessageId, As2Disposition.PROCESSED, mic, null), null);
    }

    private HttpResponse<String> postMdn(String as2From, As2Entity mdn) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/as2/mdn"))
                .header("AS2-Version", "1.2")
                .header("AS2-From", as2From)
                .header("AS2-To", As2Peer.GATEWAY_AS2_ID)
                .header("Message-ID", "<mdn-" + UUID.randomUUID() + "@as2-async.it>")
                .header("Content-Type", mdn.contentType())
                .POST(HttpRequest.BodyPublishers.ofByteArray(mdn.body())).build(), HttpResponse.BodyHandlers.ofString());
    }

    // --- gateway state ---------------------------------------------------------------------------

    private static byte[] contrl(String ref) {
        return ("UNA:+.? 'UNB+UNOC:3+DECUSTGW:ZZZ+AS2ASYNC:ZZZ+260101:1200+" + ref + "'UNH+1+CONTRL:D:3:UN'"
                + "UCI+X+AS2ASYNC:ZZZ+DECUSTGW:ZZZ+7'UNT+3+1'UNZ+1+" + ref + "'").getBytes(StandardCharsets.US_ASCII);
    }

    /** Waits for the {@code attempt}-th send of the entry and returns what the station received. */
    private Received awaitSent(String outboxId, int attempt) {
        Instant deadline = Instant.now().plusSeconds(15);
        while (Instant.now().isBefore(deadline)) {
            Map<String, Object> row = delivery(outboxId);
            if (row != null && row.get("message_id") != null && ((Number) row.get("attempts")).intValue() >= attempt) {
                String messageId = (String) row.get("message_id");
                List<Received> sends = RECEIVED.stream().filter(r -> r.messageId().equals(messageId)).toList();
                if (sends.size() >= attempt) {
                    return sends.get(attempt - 1);
                }
            }
            Http.pause(20);
        }
        throw new AssertionError("outbox entry " + outboxId + " not sent " + attempt + " time(s)");
    }

    private Map<String, Object> awaitState(String outboxId, String state, Duration within) {
        Instant deadline = Instant.now().plus(within);
        while (Instant.now().isBefore(deadline)) {
            Map<String, Object> row = delivery(outboxId);
            if (row != null && state.equals(row.get("state"))) {
                return row;
            }
            Http.pause(50);
        }
        throw new AssertionError("outbox entry " + outboxId + " not " + state + ": " + delivery(outboxId));
    }

    private Map<String, Object> delivery(String outboxId) {
        List<Map<String, Object>> rows = jdbc.sql("select message_id, attempts, state, last_error, mdn_detail"
                + " from as2_delivery where outbox_id = ?").param(outboxId).query().listOfRows();
        return rows.isEmpty() ? null : rows.get(0);
    }

    private Instant acked(String outboxId) {
        return jdbc.sql("select acked_at from outbox where outbox_id = ?").param(outboxId)
                .query((rs, n) -> Optional.ofNullable(rs.getTimestamp(1)).map(java.sql.Timestamp::toInstant)).single()
                .orElse(null);
    }

    private List<String> traceEvents(String ingressId) {
        return jdbc.sql("select event from trace_event where ingress_id = ? and stage = 'as2-outbound' order by event_id")
                .param(ingressId).query(String.class).list();
    }

    private JsonNode outboxListing() throws Exception {
        HttpResponse<String> response = Http.get(port, "/v1/postal/outbox", API_KEY);
        assertThat(response.statusCode()).isEqualTo(200);
        return JSON.readTree(response.body()).path("items");
    }

    private List<String> outboxIds() throws Exception {
        List<String> ids = new java.util.ArrayList<>();
        outboxListing().forEach(item -> ids.add(item.path("id").asText()));
        return ids;
    }

    private JsonNode listed(String outboxId) throws Exception {
        for (JsonNode item : outboxListing()) {
            if (item.path("id").asText().equals(outboxId)) {
                return item;
            }
        }
        throw new AssertionError("outbox entry " + outboxId + " not listed");
    }
}
