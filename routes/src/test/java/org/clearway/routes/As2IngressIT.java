package org.clearway.routes;

import org.clearway.security.as2.InteropMatrix;

import static org.assertj.core.api.Assertions.assertThat;

import com.helger.as2lib.crypto.ECryptoAlgorithmCrypt;
import com.helger.as2lib.crypto.ECryptoAlgorithmSign;
import com.sun.net.httpserver.HttpServer;
import jakarta.jms.Message;
import jakarta.mail.internet.MimeBodyPart;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.clearway.routes.TestInterchanges.Item;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * AS2 ingress end to end against an independent peer (phax as2-lib): what it sends in each
 * protection variant reaches customs as declarations and is receipted with a signed MDN whose
 * signature and MIC as2-lib verifies; every security failure is receipted negatively with the
 * RFC 4130 disposition and queues nothing; resends are receipted but processed once.
 */
class As2IngressIT extends As2StationTestBase {
    @RegisterExtension
    static final InteropMatrix MATRIX = new InteropMatrix("as2-station-matrix.md",
            "Station: phax as2-lib 5.1.7 -> Clearway POST /as2, protection variants and negative dispositions");

    private static final Logger log = LoggerFactory.getLogger(As2IngressIT.class);
    private static final String OPEN_KEY = "as2-open-key-1234";

    static Stream<Arguments> variants() {
        return Stream.of(
                Arguments.of("AS2-POST", ECryptoAlgorithmSign.DIGEST_SHA_256, ECryptoAlgorithmCrypt.CRYPT_AES128_CBC, false),
                Arguments.of("AS2-POST", ECryptoAlgorithmSign.DIGEST_SHA_512, ECryptoAlgorithmCrypt.CRYPT_AES256_CBC, false),
                Arguments.of("AS2-POST", ECryptoAlgorithmSign.DIGEST_SHA_256, ECryptoAlgorithmCrypt.CRYPT_AES256_CBC, true),
                Arguments.of("AS2-OPEN", null, null, false),
                Arguments.of("AS2-OPEN", null, null, true),
                Arguments.of("AS2-OPEN", ECryptoAlgorithmSign.DIGEST_SHA_512, null, false));
    }

    @ParameterizedTest(name = "{0}: sign {1}, encrypt {2}, compressed {3}")
    @MethodSource("variants")
    void securedCusitmReachesCustomsAndGetsAVerifiedSignedMdn(String partner, ECryptoAlgorithmSign sign,
                                                              ECryptoAlgorithmCrypt crypt, boolean compress)
            throws Exception {
        KeyMaterialPick pick = KeyMaterialPick.of(partner);
        Item item = Item.valid();
        byte[] edi = interchange(pick.senderId(), item);

        As2Peer.Result result = As2Peer.send(port, As2Peer.Send.strict(partner, pick.key())
                .withSecurity(sign, crypt, compress), edi);
        log.info("AS2 timing: {} sign={} crypt={} compressed={}: {} ms, {}", partner, sign, crypt, compress,
                result.millis(), result.disposition());

        assertThat(result.exception()).as("as2-lib exception").isNull();
        assertThat(result.processed()).as(result.disposition()).isTrue();
        assertThat(result.mdnSigner()).as("as2-lib verified the MDN signature with")
                .isEqualTo(As2Peer.GATEWAY.signerCertificate());
        if (sign != null || crypt != null || !compress) {
            assertThat(result.micMatched()).as("MIC in the MDN matches as2-lib's").isTrue();
        } else {
            // compressed only: as2-lib's sender digests its compressed part, Clearway returns the RFC 5402 §4.1
            // MIC over the uncompressed entity (security's As2LibInteropTest, same cell; docs/SPEC-NOTES.md AS2)
            InteropMatrix.note("known difference: MIC matched by as2-lib: " + result.micMatched()
                    + " (as2-lib's sender digests its compressed part; Clearway follows RFC 5402 §4.1)");
        }
        assertDeclared(pick.apiKey(), item);
    }

    @Test
    void unsignedMessageFromPartnerThatMustSignIsRefusedAndQueuesNothing() throws Exception {
        refusedWithNothingQueued(As2Peer.Send.strict("AS2-POST", As2Peer.POST)
                .withSecurity(null, ECryptoAlgorithmCrypt.CRYPT_AES256_CBC, false), "insufficient-message-security");
    }

    @Test
    void unencryptedMessageFromPartnerThatMustEncryptIsRefused() throws Exception {
        refusedWithNothingQueued(As2Peer.Send.strict("AS2-POST", As2Peer.POST)
                .withSecurity(ECryptoAlgorithmSign.DIGEST_SHA_256, null, false), "insufficient-message-security");
    }

    @Test
    void messageSignedByAnotherKeyClaimingThePostIsRefused() throws Exception {
        refusedWithNothingQueued(As2Peer.Send.strict("AS2-POST", As2Peer.STRANGER), "authentication-failed");
    }

    @Test
    void messageSignedByTheOtherPartnerClaimingThePostIsRefused() throws Exception {
        refusedWithNothingQueued(As2Peer.Send.strict("AS2-POST", As2Peer.OPEN), "authentication-failed");
    }

    @Test
    void weakDigestIsRefusedUnlessTheProfileAllowsIt() throws Exception {
        refusedWithNothingQueued(As2Peer.Send.strict("AS2-POST", As2Peer.POST)
                .withSecurity(ECryptoAlgorithmSign.DIGEST_SHA_1, ECryptoAlgorithmCrypt.CRYPT_AES128_CBC, false),
                "insufficient-message-security");
    }

    @Test
    void contentChangedAfterSigningFailsTheIntegrityCheck() throws Exception {
        Item item = Item.valid();
        byte[] edi = interchange("AS2POST", item);
        MimeBodyPart signed = As2Peer.secure(edi, As2Peer.POST, ECryptoAlgorithmSign.DIGEST_SHA_256, null, false);
        String text = new String(As2Peer.bytes(signed), StandardCharsets.ISO_8859_1);
        assertThat(text).contains("42.50");
        MimeBodyPart tampered = As2Peer.part(text.replace("42.50", "12.50").getBytes(StandardCharsets.ISO_8859_1));
        long before = interchanges("AS2-POST");

        As2Peer.RawResult result = As2Peer.postRaw(port, "AS2-POST", "<tampered-" + UUID.randomUUID() + "@it>",
                As2Peer.encrypt(tampered), Map.of(), false);

        assertThat(result.disposition()).contains("processed/error: integrity-check-failed");
        assertNothingQueued(before, item);
    }

    @Test
    void decompressionBombGetsANegativeMdnAndTheGatewayStaysHealthy() throws Exception {
        byte[] zeros = new byte[20 * 1024 * 1024];
        MimeBodyPart bomb = As2Peer.secure(zeros, As2Peer.POST, ECryptoAlgorithmSign.DIGEST_SHA_256,
                ECryptoAlgorithmCrypt.CRYPT_AES256_CBC, true);
        assertThat(As2Peer.bytes(bomb).length).as("compressed, signed, encrypted size").isLessThan(200_000);
        long before = interchanges("AS2-POST");

        As2Peer.RawResult result = As2Peer.postRaw(port, "AS2-POST", "<bomb-" + UUID.randomUUID() + "@it>", bomb,
                Map.of(), false);
        log.info("AS2 timing: decompression bomb refused in {} ms", result.millis());

        assertThat(result.disposition()).contains("processed/error: decompression-failed");
        assertThat(interchanges("AS2-POST")).isEqualTo(before);
        Item item = Item.valid();
        As2Peer.Result after = As2Peer.send(port, As2Peer.Send.strict("AS2-POST", As2Peer.POST), interchange("AS2POST", item));
        assertThat(after.processed()).as("the next message is processed").isTrue();
        assertDeclared(POST_KEY, item);
    }

    @Test
    void requestOverThePartnersSizeCapIsRefusedBeforeReading() throws Exception {
        long before = interchanges("AS2-POST");
        java.net.http.HttpResponse<String> response = java.net.http.HttpClient.newBuilder()
                .version(java.net.http.HttpClient.Version.HTTP_1_1).build().send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create("http://127.0.0.1:" + port + "/as2"))
                        .header("AS2-From", "AS2-POST").header("AS2-To", As2Peer.GATEWAY_AS2_ID)
                        .header("Message-ID", "<big-" + UUID.randomUUID() + "@it>")
                        .header("Content-Type", "application/pkcs7-mime; smime-type=enveloped-data")
                        .POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(new byte[6_000_001])).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(interchanges("AS2-POST")).isEqualTo(before);
    }

    @Test
    void sameMessageIdIsReceiptedAgainButProcessedOnce() throws Exception {
        Item item = Item.valid();
        byte[] edi = interchange("AS2POST", item);
        String id = "dup-" + UUID.randomUUID() + "@as2-post";
        long before = interchanges("AS2-POST");

        As2Peer.Result first = As2Peer.send(port, As2Peer.Send.strict("AS2-POST", As2Peer.POST).withMessageId(id), edi);
        As2Peer.Result again = As2Peer.send(port, As2Peer.Send.strict("AS2-POST", As2Peer.POST).withMessageId(id), edi);

        assertThat(first.messageId()).isEqualTo("<" + id + ">");
        assertThat(first.processed()).as(first.disposition()).isTrue();
        assertThat(again.processed()).as(again.disposition()).isTrue();
        assertThat(again.micMatched()).isTrue();
        assertThat(again.mdnSigner()).isEqualTo(As2Peer.GATEWAY.signerCertificate());
        assertThat(interchanges("AS2-POST")).isEqualTo(before + 1);
        assertThat(jdbc.sql("select count(*) from as2_message where partner_id = 'AS2-POST' and message_id = ?")
                .param("<" + id + ">").query(Long.class).single()).isEqualTo(1);
        assertDeclared(POST_KEY, item);
    }

    @Test
    void samePayloadUnderANewMessageIdIsReplayedNotProcessedAgain() throws Exception {
        Item item = Item.valid();
        byte[] edi = interchange("AS2POST", item);
        As2Peer.Result first = As2Peer.send(port, As2Peer.Send.strict("AS2-POST", As2Peer.POST), edi);
        long after = interchanges("AS2-POST");
        As2Peer.Result again = As2Peer.send(port, As2Peer.Send.strict("AS2-POST", As2Peer.POST), edi);

        assertThat(again.messageId()).isNotEqualTo(first.messageId());
        assertThat(first.processed()).isTrue();
        assertThat(again.processed()).isTrue();
        assertThat(interchanges("AS2-POST")).isEqualTo(after);
        assertThat(outcomeOf(again.messageId())).isEqualTo("REPLAYED");
        assertDeclared(POST_KEY, item);
    }

    @Test
    void interchangeFromAnotherSenderIsProcessedAtAs2LevelAndAnsweredWithContrl() throws Exception {
        Item item = Item.valid();
        As2Peer.Result result = As2Peer.send(port, As2Peer.Send.strict("AS2-POST", As2Peer.POST),
                TestInterchanges.single(TestInterchanges.reference("A2"), item));

        assertThat(result.processed()).as(result.disposition()).isTrue();
        assertThat(outcomeOf(result.messageId())).isEqualTo("REJECTED");
        String ingressId = jdbc.sql("select ingress_id from as2_message where message_id = ?")
                .param(result.messageId()).query(String.class).single();
        String contrl = new String(Http.awaitOutbox(port, POST_KEY, "CONTRL", ingressId), StandardCharsets.ISO_8859_1);
        assertThat(contrl).contains("UCI+");
        Http.pause(1000);
        assertThat(Http.declarationIdOf(port, POST_KEY, item.s10())).isNull();
    }

    @Test
    void asyncMdnToAHostNotInTheProfileIsRefusedBeforeProcessing() throws Exception {
        Item item = Item.valid();
        long before = interchanges("AS2-POST");
        MimeBodyPart message = As2Peer.secure(interchange("AS2POST", item), As2Peer.POST,
                ECryptoAlgorithmSign.DIGEST_SHA_256, ECryptoAlgorithmCrypt.CRYPT_AES256_CBC, false);

        As2Peer.RawResult result = As2Peer.postRaw(port, "AS2-POST", "<async-" + UUID.randomUUID() + "@it>", message,
                Map.of("Receipt-Delivery-Option", "http://mdn.attacker.example/collect"), false);

        // issue 11 item 8: a 4xx, so senders waiting for the async MDN see the send fail; the MDN says why
        assertThat(result.status()).isEqualTo(400);
        assertThat(result.disposition()).contains("processed/error: unexpected-processing-error");
        assertNothingQueued(before, item);
    }

    /**
     * as2-lib's complete client asking for an async MDN to a host the profile does not list: it
     * reads no sync MDN after a 2xx, so only the HTTP status can tell it; the 400 fails its send.
     */
    @Test
    void refusedAsyncMdnRequestFailsTheSendOfAs2LibsClient() throws Exception {
        Item item = Item.valid();
        long before = interchanges("AS2-POST");
        As2Peer.Result result = As2Peer.send(port, As2Peer.Send.strict("AS2-POST", As2Peer.POST)
                .withAsyncUrl("http://mdn.attacker.example/collect"), interchange("AS2POST", item));

        assertThat(result.exception()).as("as2-lib reports the send as failed").isNotNull();
        Throwable cause = result.exception();
        while (cause != null && !(cause instanceof com.helger.as2lib.processor.sender.AS2HttpResponseException)) {
            cause = cause.getCause();
        }
        assertThat(cause).as("as2-lib's HTTP error, in " + result.exception()).isNotNull();
        assertThat(((com.helger.as2lib.processor.sender.AS2HttpResponseException) cause).getCode()).isEqualTo(400);
        assertNothingQueued(before, item);
    }

    /** A Receipt-Delivery-Option that is no URL is an async request too: refused the same way. */
    @Test
    void receiptDeliveryOptionThatIsNoUrlIsRefusedWithA400() throws Exception {
        Item item = Item.valid();
        long before = interchanges("AS2-POST");
        MimeBodyPart message = As2Peer.secure(interchange("AS2POST", item), As2Peer.POST,
                ECryptoAlgorithmSign.DIGEST_SHA_256, ECryptoAlgorithmCrypt.CRYPT_AES256_CBC, false);

        As2Peer.RawResult result = As2Peer.postRaw(port, "AS2-POST", "<async-" + UUID.randomUUID() + "@it>", message,
                Map.of("Receipt-Delivery-Option", "not a url ^"), false);

        assertThat(result.status()).isEqualTo(400);
        assertThat(result.disposition()).contains("processed/error: unexpected-processing-error");
        assertNothingQueued(before, item);
    }

    @Test
    void asyncMdnIsPostedToTheAllowedHost() throws Exception {
        CompletableFuture<String> received = new CompletableFuture<>();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/mdn", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            String type = exchange.getRequestHeaders().getFirst("Content-Type");
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
            try {
                received.complete(As2Peer.verifiedDisposition(type, body));
            } catch (Exception e) {
                received.completeExceptionally(e);
            }
        });
        server.start();
        try {
            Item item = Item.valid();
            MimeBodyPart message = As2Peer.secure(interchange("AS2POST", item), As2Peer.POST,
                    ECryptoAlgorithmSign.DIGEST_SHA_256, ECryptoAlgorithmCrypt.CRYPT_AES256_CBC, false);
            As2Peer.RawResult result = As2Peer.postRaw(port, "AS2-POST", "<async-" + UUID.randomUUID() + "@it>", message,
                    Map.of("Receipt-Delivery-Option", "http://127.0.0.1:" + server.getAddress().getPort() + "/mdn"), false);

            assertThat(result.status()).isEqualTo(200);
            assertThat(result.disposition()).as("no sync MDN").isNull();
            assertThat(received.get(20, TimeUnit.SECONDS)).endsWith("processed");
            assertDeclared(POST_KEY, item);
        } finally {
            server.stop(0);
        }
    }

    @Test
    void expectContinueIsAnsweredWithoutStall() throws Exception {
        Item item = Item.valid();
        MimeBodyPart message = As2Peer.secure(interchange("AS2POST", item), As2Peer.POST,
                ECryptoAlgorithmSign.DIGEST_SHA_256, ECryptoAlgorithmCrypt.CRYPT_AES256_CBC, false);
        As2Peer.postRaw(port, "AS2-POST", "<warm-" + UUID.randomUUID() + "@it>", As2Peer.secure(
                interchange("AS2POST", Item.valid()), As2Peer.POST, ECryptoAlgorithmSign.DIGEST_SHA_256,
                ECryptoAlgorithmCrypt.CRYPT_AES256_CBC, false), Map.of(), false);

        As2Peer.RawResult result = As2Peer.postRaw(port, "AS2-POST", "<expect-" + UUID.randomUUID() + "@it>", message,
                Map.of(), true);
        log.info("AS2 timing: Expect: 100-continue request answered in {} ms", result.millis());

        assertThat(result.disposition()).endsWith("processed");
        assertThat(result.millis()).as("no 1-3 s Expect stall").isLessThan(1000);
        assertDeclared(POST_KEY, item);
    }

    private void refusedWithNothingQueued(As2Peer.Send send, String modifier) throws Exception {
        Item item = Item.valid();
        long before = interchanges("AS2-POST");
        As2Peer.Result result = As2Peer.send(port, send, interchange("AS2POST", item));
        log.info("AS2 timing: refused ({}) in {} ms", modifier, result.millis());

        assertThat(result.disposition()).as("disposition").contains("processed/error: " + modifier);
        assertThat(result.mdnSigner()).as("the negative MDN is signed too").isEqualTo(As2Peer.GATEWAY.signerCertificate());
        assertNothingQueued(before, item);
    }

    private String outcomeOf(String messageId) {
        return jdbc.sql("select outcome from as2_message where message_id = ?").param(messageId)
                .query(String.class).single();
    }

    static byte[] interchange(String senderId, Item item) {
        byte[] edi = TestInterchanges.single(TestInterchanges.reference("A2"), item);
        return TestInterchanges.text(edi).replace("+DEPOSTGW:ZZZ+", "+" + senderId + ":ZZZ+")
                .getBytes(StandardCharsets.ISO_8859_1);
    }

    /** The keys and ids of the two AS2 test partners. */
    private record KeyMaterialPick(org.clearway.security.KeyMaterial key, String senderId, String apiKey) {
        static KeyMaterialPick of(String partner) {
            return partner.equals("AS2-POST") ? new KeyMaterialPick(As2Peer.POST, "AS2POST", POST_KEY)
                    : new KeyMaterialPick(As2Peer.OPEN, "AS2OPEN", OPEN_KEY);
        }
    }
}
