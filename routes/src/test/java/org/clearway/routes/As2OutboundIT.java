package org.clearway.routes;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;
import org.clearway.routes.TestInterchanges.Item;
import org.clearway.security.KeyMaterial;
import org.clearway.security.as2.As2Disposition;
import org.clearway.security.as2.As2Entity;
import org.clearway.security.as2.Mdn;
import org.clearway.security.as2.MdnBuilder;
import org.clearway.security.as2.Mic;
import org.clearway.security.as2.MicAlgorithm;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Outbound AS2: a CONTRL in AS2-OPEN's outbox is sent to the partner's AS2 station, which opens it
 * with phax as2-lib (decrypts with the partner key, verifies the gateway's signature, computes the
 * MIC). The entry stays pending while the MDN is signed by a stranger or carries a wrong MIC, and
 * is acknowledged only after a valid positive MDN; the partner receives the CONTRL byte for byte.
 */
class As2OutboundIT extends GatewayIT {
    private final ICryptoHelper as2lib = AS2Helper.getCryptoHelper();

    @Autowired
    JdbcClient jdbc;

    /** What the partner station does with the next request. */
    enum Answer { STRANGER_SIGNED, WRONG_MIC, VALID }

    @Test
    void outboxEntryIsPendingUntilAVerifiedPositiveMdnArrives() throws Exception {
        Semaphore gate = new Semaphore(0);
        List<Answer> answers = new CopyOnWriteArrayList<>(List.of(Answer.STRANGER_SIGNED, Answer.WRONG_MIC, Answer.VALID));
        List<byte[]> received = new CopyOnWriteArrayList<>();
        List<String> filenames = new CopyOnWriteArrayList<>();
        List<String> httpDispositions = new CopyOnWriteArrayList<>();
        List<byte[]> requests = new CopyOnWriteArrayList<>();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", AS2_PARTNER_PORT), 0);
        server.createContext("/as2", exchange -> {
            try {
                gate.acquire();
                httpDispositions.add(String.valueOf(exchange.getRequestHeaders().getFirst("Content-Disposition")));
                answer(exchange, answers.remove(0), received, filenames, requests);
            } catch (Exception e) {
                exchange.sendResponseHeaders(500, -1);
            } finally {
                exchange.close();
            }
        });
        server.start();
        try {
            As2Peer.Result sent = As2Peer.send(port, As2Peer.Send.strict("AS2-OPEN", As2Peer.OPEN),
                    TestInterchanges.single(TestInterchanges.reference("A2"), Item.valid()));
            assertThat(sent.processed()).isTrue();
            String outboxId = jdbc.sql("select o.outbox_id from outbox o join as2_message m on m.ingress_id = o.ingress_id"
                    + " where m.message_id = ? and o.kind = 'CONTRL'").param(sent.messageId()).query(String.class).single();
            byte[] contrl = jdbc.sql("select body from outbox where outbox_id = ?").param(outboxId)
                    .query((rs, n) -> rs.getBytes(1)).single();
            String controlRef = jdbc.sql("select control_ref from outbox where outbox_id = ?").param(outboxId)
                    .query(String.class).single();

            gate.release();
            Map<String, Object> first = awaitAttempts(outboxId, 1);
            assertThat((String) first.get("last_error")).contains("UNTRUSTED_SIGNER");
            assertThat(acked(outboxId)).as("pending after a stranger's MDN").isFalse();

            gate.release();
            Map<String, Object> second = awaitAttempts(outboxId, 2);
            assertThat((String) second.get("last_error")).contains("MIC_MISMATCH");
            assertThat(acked(outboxId)).as("pending after a wrong MIC").isFalse();

            gate.release();
            Map<String, Object> third = awaitAttempts(outboxId, 3);
            assertThat(third.get("state")).isEqualTo("DELIVERED");
            assertThat(acked(outboxId)).as("acknowledged by the valid MDN").isTrue();
            assertThat(received).hasSize(3);
            assertThat(received.get(2)).isEqualTo(contrl);
            // issue 11 item 7: as2-lib's receiver stores the payload as <0020>.CONTRL.edi, the drop directory's name
            assertThat(controlRef).isNotBlank();
            assertThat(filenames).as("$msg.content-disposition.filename$ per attempt")
                    .containsOnly(controlRef + ".CONTRL.edi").hasSize(3);
            assertThat(httpDispositions).containsOnly("attachment; filename=\"" + controlRef + ".CONTRL.edi\"");
            assertThat(openAs2Opens(requests.get(2))).as("the name OpenAS2's receiver stores the payload under")
                    .isEqualTo(controlRef + ".CONTRL.edi");
        } finally {
            gate.release(10);
            server.stop(0);
        }
    }

    /**
     * Issue 11 item 6: the AS2 certificate is served without credentials, as PEM, certificate only,
     * and it is the one partners encrypt to (key usage allows key encipherment).
     */
    @Test
    void as2CertificateIsPublicPemWithoutAKey() throws Exception {
        java.net.http.HttpResponse<String> response = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + port + "/v1/as2/certificate"))
                        .GET().build(), java.net.http.HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/pem-certificate-chain");
        assertThat(response.body()).doesNotContain("PRIVATE KEY");
        List<java.security.cert.X509Certificate> served = org.clearway.security.Pem.readCertificates(response.body());
        assertThat(served).containsExactly(As2Peer.GATEWAY.signerCertificate());
        assertThat(org.clearway.security.As2Keys.fitForAs2(served.get(0))).isTrue();
    }

    /** The partner station: as2-lib opens the message; the MDN is built with the chosen defect. */
    private void answer(HttpExchange exchange, Answer answer, List<byte[]> received, List<String> filenames,
                        List<byte[]> requests) throws Exception {
        String type = exchange.getRequestHeaders().getFirst("Content-Type");
        String messageId = exchange.getRequestHeaders().getFirst("Message-ID");
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readAllBytes();
        }
        // the HTTP entity as a MIME part (headers, empty line, body), for OpenAS2 to open too
        java.io.ByteArrayOutputStream entity = new java.io.ByteArrayOutputStream();
        entity.write(("Content-Type: " + type + "\r\nContent-Transfer-Encoding: binary\r\n\r\n")
                .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        entity.write(body);
        requests.add(entity.toByteArray());
        MimeBodyPart part = new MimeBodyPart();
        part.setDataHandler(new DataHandler(new ByteArrayDataSource(body, type)));
        part.setHeader("Content-Type", type);
        String mic;
        try (AS2ResourceHelper resources = new AS2ResourceHelper()) {
            assertThat(as2lib.isEncrypted(part)).isTrue();
            MimeBodyPart decrypted = as2lib.decrypt(part, As2Peer.OPEN.signerCertificate(), As2Peer.OPEN.privateKey(),
                    false, resources);
            assertThat(as2lib.isSigned(decrypted)).isTrue();
            MimeBodyPart payload = as2lib.verify(decrypted, As2Peer.GATEWAY.signerCertificate(), false, true, null,
                    resources);
            mic = as2lib.calculateMIC(payload, ECryptoAlgorithmSign.DIGEST_SHA_256, true).getAsAS2String();
            try (InputStream in = payload.getInputStream()) {
                received.add(in.readAllBytes());
            }
            // what as2-lib's receiver does with the opened payload: the message's data, named by its Content-Disposition
            com.helger.as2lib.message.AS2Message message = new com.helger.as2lib.message.AS2Message();
            message.setData(payload);
            filenames.add(new com.helger.as2lib.params.MessageParameters(message)
                    .getParameter("content-disposition.filename"));
        }
        Mic returned = answer == Answer.WRONG_MIC ? Mic.of(new byte[] {1, 2, 3}, MicAlgorithm.SHA256)
                : Mic.parse(mic).orElseThrow();
        KeyMaterial signer = answer == Answer.STRANGER_SIGNED ? As2Peer.STRANGER : As2Peer.OPEN;
        As2Entity mdn = new MdnBuilder(signer, Clock.systemUTC()).build(Mdn.forMessage("AS2-OPEN station", "AS2-OPEN",
                messageId, As2Disposition.PROCESSED, returned, null), MicAlgorithm.SHA256);
        exchange.getResponseHeaders().add("Content-Type", mdn.contentType());
        exchange.getResponseHeaders().add("AS2-From", "AS2-OPEN");
        exchange.getResponseHeaders().add("AS2-To", As2Peer.GATEWAY_AS2_ID);
        exchange.sendResponseHeaders(200, mdn.body().length);
        exchange.getResponseBody().write(mdn.body());
    }

    /** OpenAS2 2.10.1 (child JVM) decrypts with AS2-OPEN's key, verifies, and names the payload. */
    private static String openAs2Opens(byte[] entity) throws Exception {
        java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("as2-outbound-openas2");
        java.nio.file.Path security = java.nio.file.Path.of("..", "security", "target");
        org.clearway.security.as2.OpenAs2Process.writeKeyStore(As2Peer.OPEN, dir.resolve("open.p12"));
        java.nio.file.Files.write(dir.resolve("gateway.cer"), As2Peer.GATEWAY.signerCertificate().getEncoded());
        java.nio.file.Path in = java.nio.file.Files.write(dir.resolve("request.mime"), entity);
        org.clearway.security.as2.OpenAs2Process.run(security.resolve("openas2"), security.resolve("test-classes"),
                dir.resolve("open.log"), "open", in.toString(), dir.resolve("open.p12").toString(),
                dir.resolve("gateway.cer").toString(), "sha256", dir.resolve("payload").toString(),
                dir.resolve("open.properties").toString());
        return org.clearway.security.as2.OpenAs2Process.results(dir.resolve("open.properties")).getProperty("filename");
    }

    private Map<String, Object> awaitAttempts(String outboxId, int attempts) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
        while (Instant.now().isBefore(deadline)) {
            List<Map<String, Object>> rows = jdbc.sql("select attempts, state, last_error from as2_delivery where outbox_id = ?")
                    .param(outboxId).query().listOfRows();
            if (!rows.isEmpty() && ((Number) rows.get(0).get("attempts")).intValue() >= attempts) {
                assertThat(((Number) rows.get(0).get("attempts")).intValue()).isEqualTo(attempts);
                return rows.get(0);
            }
            Http.pause(20);
        }
        throw new AssertionError("no attempt " + attempts + " for outbox entry " + outboxId);
    }

    private boolean acked(String outboxId) {
        return jdbc.sql("select acked_at from outbox where outbox_id = ?").param(outboxId)
                .query((rs, n) -> rs.getTimestamp(1) != null).single();
    }
}
