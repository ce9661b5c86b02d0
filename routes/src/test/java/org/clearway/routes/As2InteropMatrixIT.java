package org.clearway.routes;

import org.clearway.security.as2.InteropMatrix;

import static org.assertj.core.api.Assertions.assertThat;

import com.helger.as2lib.crypto.ECompressionType;
import com.helger.as2lib.crypto.ECryptoAlgorithmCrypt;
import com.helger.as2lib.crypto.ECryptoAlgorithmSign;
import com.helger.as2lib.message.AS2Message;
import com.helger.as2lib.message.AS2MessageMDN;
import com.helger.as2lib.processor.sender.AS2SenderModule;
import com.helger.as2lib.util.AS2Helper;
import com.helger.as2lib.util.AS2ResourceHelper;
import com.helger.mail.cte.EContentTransferEncoding;
import com.sun.net.httpserver.HttpServer;
import jakarta.activation.DataHandler;
import jakarta.jms.Message;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.util.ByteArrayDataSource;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.clearway.routes.TestInterchanges.Item;
import org.clearway.security.KeyMaterial;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The station-level cells of the AS2 interop matrix against phax as2-lib 5.1.7, beyond the
 * protection variants of {@link As2IngressIT}: every receipt mode (sync / async MDN, unsigned /
 * signed SHA-256 / signed SHA-512) read and verified by as2-lib, the dispositions As2IngressIT
 * leaves out, UNOC and UNOY interchanges under both EDIFACT content types compared byte for byte
 * with the raw archive and by character in the canonical declaration, and 10 MB messages. The
 * async MDN receiver is a JDK HttpServer on 127.0.0.1, a host AS2-POST's profile allows. Cells
 * are printed to {@code target/as2-station-matrix.md}.
 */
class As2InteropMatrixIT extends As2StationTestBase {
    private static final Logger log = LoggerFactory.getLogger(As2InteropMatrixIT.class);
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static final Map<String, CompletableFuture<Received>> ASYNC = new ConcurrentHashMap<>();
    private static HttpServer mdnReceiver;

    @RegisterExtension
    static final InteropMatrix MATRIX = new InteropMatrix("as2-station-matrix.md",
            "Station: phax as2-lib 5.1.7 -> Clearway POST /as2, receipt modes, charsets, 10 MB");

    /** An HTTP body as it arrived at the test's async MDN receiver. */
    private record Received(String contentType, byte[] body) {
    }

    /** An MDN as as2-lib parsed it; {@code signer} is the certificate its signature verified with, if signed. */
    private record ParsedMdn(boolean signed, X509Certificate signer, String disposition, String mic,
                             String originalMessageId) {
    }

    @BeforeAll
    static void startMdnReceiver() throws Exception {
        mdnReceiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        mdnReceiver.createContext("/mdn/", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            String type = exchange.getRequestHeaders().getFirst("Content-Type");
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
            ASYNC.computeIfAbsent(exchange.getRequestURI().getPath(), path -> new CompletableFuture<>())
                    .complete(new Received(type, body));
        });
        mdnReceiver.start();
    }

    @AfterAll
    static void stopMdnReceiver() {
        mdnReceiver.stop(0);
    }

    static Stream<Arguments> receiptModes() {
        List<Arguments> cells = new ArrayList<>();
        for (String delivery : List.of("sync", "async")) {
            cells.add(Arguments.of(delivery, "unsigned", null, ECryptoAlgorithmSign.DIGEST_SHA_256,
                    ECryptoAlgorithmCrypt.CRYPT_AES128_CBC));
            cells.add(Arguments.of(delivery, "signed sha-256", ECryptoAlgorithmSign.DIGEST_SHA_256,
                    ECryptoAlgorithmSign.DIGEST_SHA_256, ECryptoAlgorithmCrypt.CRYPT_AES256_CBC));
            cells.add(Arguments.of(delivery, "signed sha-512", ECryptoAlgorithmSign.DIGEST_SHA_512,
                    ECryptoAlgorithmSign.DIGEST_SHA_512, ECryptoAlgorithmCrypt.CRYPT_AES128_CBC));
        }
        return cells.stream();
    }

    /**
     * as2-lib signs and encrypts a CUSITM and asks for a receipt: synchronous or asynchronous,
     * unsigned or signed with {@code mdnMic}. as2-lib verifies the MDN (signature with the
     * gateway's certificate when signed) and its MIC against the one its sender code computed.
     */
    @ParameterizedTest(name = "{0} MDN, {1} (message signed {3}, {4})")
    @MethodSource("receiptModes")
    void everyReceiptModeIsVerifiedByAs2Lib(String delivery, String mdnLabel, ECryptoAlgorithmSign mdnMic,
                                            ECryptoAlgorithmSign sign, ECryptoAlgorithmCrypt crypt) throws Exception {
        Item item = Item.valid();
        byte[] edi = As2IngressIT.interchange("AS2POST", item);
        String micalg = mdnMic == null ? sign.getID() : mdnMic.getID();
        AtomicReference<MimeBodyPart> micSource = new AtomicReference<>(payloadPart(edi, "application/EDIFACT"));
        MimeBodyPart message = secure(micSource, As2Peer.POST, sign, crypt, As2Peer.GATEWAY.signerCertificate(), false);
        String expectedMic = AS2Helper.getCryptoHelper().calculateMIC(micSource.get(),
                ECryptoAlgorithmSign.getFromIDOrNull(micalg), true).getAsAS2String();
        String messageId = "<matrix-" + UUID.randomUUID() + "@it>";

        ParsedMdn mdn = receipt(delivery, messageId, message, mdnMic);

        assertThat(mdn.disposition()).isEqualTo("automatic-action/MDN-sent-automatically; processed");
        assertThat(mdn.signed()).as("MDN signed as requested").isEqualTo(mdnMic != null);
        assertThat(mdn.signer()).isEqualTo(mdnMic == null ? null : As2Peer.GATEWAY.signerCertificate());
        assertThat(mdn.originalMessageId()).isEqualTo(messageId);
        assertThat(mdn.mic()).as("Received-Content-MIC against as2-lib's own MIC").isEqualTo(expectedMic);
        assertDeclared(POST_KEY, item);
    }

    /** The same through as2-lib's complete client (AS2Client), which requests no signed receipt. */
    @Test
    void as2LibClientWithAnUnsignedSyncMdn() throws Exception {
        Item item = Item.valid();
        As2Peer.Send send = new As2Peer.Send("AS2-POST", As2Peer.POST, ECryptoAlgorithmSign.DIGEST_SHA_512,
                ECryptoAlgorithmCrypt.CRYPT_AES256_CBC, false, false, null, null);
        As2Peer.Result result = As2Peer.send(port, send, As2IngressIT.interchange("AS2POST", item));

        assertThat(result.exception()).as("as2-lib exception").isNull();
        assertThat(result.processed()).as(result.disposition()).isTrue();
        assertThat(result.mdnSigner()).as("no signature asked for, none given").isNull();
        assertThat(result.micMatched()).as("as2-lib's MIC check").isTrue();
        assertDeclared(POST_KEY, item);
    }

    /** A message encrypted for a certificate that is not the gateway's: decryption-failed, nothing queued. */
    @ParameterizedTest(name = "{0} MDN: decryption-failed")
    @MethodSource("deliveries")
    void messageEncryptedForAnotherCertificateFailsDecryption(String delivery) throws Exception {
        Item item = Item.valid();
        long before = interchanges("AS2-POST");
        MimeBodyPart message = secure(new AtomicReference<>(payloadPart(As2IngressIT.interchange("AS2POST", item),
                "application/EDIFACT")), As2Peer.POST, ECryptoAlgorithmSign.DIGEST_SHA_256,
                ECryptoAlgorithmCrypt.CRYPT_AES256_CBC, As2Peer.STRANGER.signerCertificate(), false);

        ParsedMdn mdn = receipt(delivery, "<undecryptable-" + UUID.randomUUID() + "@it>", message,
                ECryptoAlgorithmSign.DIGEST_SHA_256);

        assertThat(mdn.disposition()).endsWith("processed/error: decryption-failed");
        assertThat(mdn.signer()).isEqualTo(As2Peer.GATEWAY.signerCertificate());
        assertThat(mdn.mic()).as("no MIC in a negative MDN").isNull();
        assertNothingQueued(before, item);
    }

    static Stream<String> deliveries() {
        return Stream.of("sync", "async");
    }

    /** A correctly secured message whose payload is not EDIFACT: unexpected-processing-error (X001). */
    @Test
    void payloadThatIsNotEdifactIsAnUnexpectedProcessingError() throws Exception {
        long before = interchanges("AS2-POST");
        MimeBodyPart message = secure(new AtomicReference<>(payloadPart(
                "%PDF-1.7 not an interchange".getBytes(StandardCharsets.US_ASCII), "application/EDIFACT")),
                As2Peer.POST, ECryptoAlgorithmSign.DIGEST_SHA_256, ECryptoAlgorithmCrypt.CRYPT_AES256_CBC,
                As2Peer.GATEWAY.signerCertificate(), false);

        ParsedMdn mdn = receipt("sync", "<not-edifact-" + UUID.randomUUID() + "@it>", message,
                ECryptoAlgorithmSign.DIGEST_SHA_256);

        assertThat(mdn.disposition()).endsWith("processed/error: unexpected-processing-error");
        assertThat(mdn.signer()).isEqualTo(As2Peer.GATEWAY.signerCertificate());
        assertThat(interchanges("AS2-POST")).isEqualTo(before);
    }

    static Stream<Arguments> charsets() {
        String unoc = "MÜLLER Jürgen";
        String unocStreet = "Hauptstraße 5 Köln";
        String unoy = "Łucja Wąsowska 김민준";
        String unoyStreet = "ul. Żółkiewskiego 7";
        return Stream.of(
                Arguments.of("UNOC", "application/EDIFACT", unoc, unocStreet),
                Arguments.of("UNOC", "application/EDI-consent", unoc, unocStreet),
                Arguments.of("UNOY", "application/EDIFACT", unoy, unoyStreet),
                Arguments.of("UNOY", "application/EDI-consent", unoy, unoyStreet));
    }

    /**
     * The interchange's bytes reach the raw archive unchanged (no charset re-encoding on the AS2
     * path, whatever the Content-Type), and the declaration carries the characters the syntax
     * identifier's encoding gives them (UNOC: ISO-8859-1, UNOY: UTF-8).
     */
    @ParameterizedTest(name = "{0} as {1}: archive byte for byte, declaration by character")
    @MethodSource("charsets")
    void charsetBytesArriveUnchanged(String syntax, String contentType, String name, String street) throws Exception {
        Item item = Item.valid();
        Charset charset = syntax.equals("UNOY") ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1;
        String text = TestInterchanges.text(As2IngressIT.interchange("AS2POST", item))
                .replace("ANNA SCHMIDT+KASTANIENALLEE 12", name + "+" + street);
        if (syntax.equals("UNOY")) {
            // UNOY needs syntax version 4: UNB date with the century, and a repetition separator in UNA
            // position 5 (a space there would split every name at its blanks)
            text = text.replace("UNA:+.? '", "UNA:+.?*'").replace("UNB+UNOC:3+", "UNB+UNOY:4+")
                    .replace("+261124:0830+", "+20261124:0830+");
        }
        byte[] edi = text.getBytes(charset);
        String messageId = "<charset-" + UUID.randomUUID() + "@it>";
        MimeBodyPart message = secure(new AtomicReference<>(payloadPart(edi, contentType)), As2Peer.POST,
                ECryptoAlgorithmSign.DIGEST_SHA_256, ECryptoAlgorithmCrypt.CRYPT_AES256_CBC,
                As2Peer.GATEWAY.signerCertificate(), true);

        ParsedMdn mdn = receipt("sync", messageId, message, ECryptoAlgorithmSign.DIGEST_SHA_256);

        assertThat(mdn.disposition()).endsWith("processed");
        assertThat(outcomeOf(messageId)).isEqualTo("ACCEPTED");
        assertThat(archived(messageId)).as("raw archive, byte for byte").isEqualTo(edi);
        String declaration = assertDeclared(POST_KEY, item);
        assertThat(declaration).contains(name).contains(street);
    }

    /**
     * 10 MB through the station. The IT profile caps an interchange at 4,000,000 bytes and
     * AS2-POST's requests at 6,000,000 (the size a valid 10 MB CUSITM interchange, ~8,000
     * messages, would take minutes to stage on CI), so each cell is a refusal for a stated reason;
     * byte-exact 10 MB transfers are cells of the security module's matrix.
     */
    @Test
    void tenMegabytesSignedForAS2OpenPassSecurityAndAreRefusedByTheInterchangeCap() throws Exception {
        byte[] edi = largeInterchange("AS2OPEN");
        long before = interchanges("AS2-OPEN");
        As2Peer.Result result = As2Peer.send(port, As2Peer.Send.strict("AS2-OPEN", As2Peer.OPEN)
                .withSecurity(ECryptoAlgorithmSign.DIGEST_SHA_256, null, false), edi);
        note10Mb(edi.length, result.millis());

        // as2-lib's client reports a negative MDN as an AS2DispositionException besides the disposition
        assertThat(result.disposition()).endsWith("processed/error: unexpected-processing-error");
        assertThat(result.mdnSigner()).isEqualTo(As2Peer.GATEWAY.signerCertificate());
        assertThat(interchanges("AS2-OPEN")).isEqualTo(before);
    }

    @Test
    void tenMegabytesCompressedForAS2PostExceedTheDecompressionCap() throws Exception {
        byte[] edi = largeInterchange("AS2POST");
        long before = interchanges("AS2-POST");
        As2Peer.Result result = As2Peer.send(port, As2Peer.Send.strict("AS2-POST", As2Peer.POST)
                .withSecurity(ECryptoAlgorithmSign.DIGEST_SHA_256, ECryptoAlgorithmCrypt.CRYPT_AES256_CBC, true), edi);
        note10Mb(edi.length, result.millis());

        assertThat(result.disposition()).endsWith("processed/error: decompression-failed");
        assertThat(result.mdnSigner()).isEqualTo(As2Peer.GATEWAY.signerCertificate());
        assertThat(interchanges("AS2-POST")).isEqualTo(before);
    }

    /**
     * Headers only, with {@code Expect: 100-continue} and the Content-Length of the secured 10 MB
     * message, over a plain socket: the 413 must come without a byte of the body being sent.
     */
    @Test
    void tenMegabytesUncompressedForAS2PostAreRefusedBeforeTheBodyIsRead() throws Exception {
        byte[] edi = largeInterchange("AS2POST");
        long before = interchanges("AS2-POST");
        MimeBodyPart message = secure(new AtomicReference<>(payloadPart(edi, "application/EDIFACT")), As2Peer.POST,
                ECryptoAlgorithmSign.DIGEST_SHA_256, ECryptoAlgorithmCrypt.CRYPT_AES256_CBC,
                As2Peer.GATEWAY.signerCertificate(), false);
        byte[] all = As2Peer.bytes(message);
        long contentLength = all.length - blankLine(all);
        String head = "POST /as2 HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nAS2-Version: 1.2\r\nAS2-From: AS2-POST\r\n"
                + "AS2-To: " + As2Peer.GATEWAY_AS2_ID + "\r\nMessage-ID: <ten-mb-" + UUID.randomUUID() + "@it>\r\n"
                + "Content-Type: " + message.getContentType().replaceAll("\\r?\\n\\s*", " ") + "\r\n"
                + "Content-Length: " + contentLength + "\r\nExpect: 100-continue\r\n\r\n";
        long started = System.nanoTime();
        String status;
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(30_000);
            socket.getOutputStream().write(head.getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            status = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1))
                    .readLine();
        }
        note10Mb(edi.length, (System.nanoTime() - started) / 1_000_000);
        InteropMatrix.note("Content-Length " + contentLength + ", no body byte sent");

        assertThat(status).startsWith("HTTP/1.1 413");
        assertThat(interchanges("AS2-POST")).isEqualTo(before);
    }

    private static void note10Mb(int bytes, long millis) {
        String text = bytes + " bytes of interchange, answered in " + millis + " ms";
        log.info("AS2 10 MB station cell: {}", text);
        InteropMatrix.note(text);
    }

    /** A CUSITM interchange of one-item messages, just over 10 MB. */
    private static byte[] largeInterchange(String senderId) {
        List<List<String>> messages = new ArrayList<>();
        int size = 0;
        for (int n = 1; size < 10_000_000; n++) {
            List<String> message = TestInterchanges.message(Integer.toString(n), List.of(Item.valid()));
            messages.add(message);
            size += message.stream().mapToInt(segment -> segment.length() + 2).sum();
        }
        return TestInterchanges.text(TestInterchanges.interchange(TestInterchanges.reference("TM"), messages))
                .replace("+DEPOSTGW:ZZZ+", "+" + senderId + ":ZZZ+").getBytes(StandardCharsets.ISO_8859_1);
    }

    /**
     * Posts the message as AS2-POST asking for a receipt ({@code mdnMic} null: unsigned) delivered
     * {@code sync} or {@code async}, and returns the MDN as as2-lib parsed and verified it.
     */
    private ParsedMdn receipt(String delivery, String messageId, MimeBodyPart message, ECryptoAlgorithmSign mdnMic)
            throws Exception {
        String asyncPath = "/mdn/" + UUID.randomUUID();
        String asyncUrl = delivery.equals("async")
                ? "http://127.0.0.1:" + mdnReceiver.getAddress().getPort() + asyncPath : null;
        CompletableFuture<Received> async = ASYNC.computeIfAbsent(asyncPath, path -> new CompletableFuture<>());
        HttpResponse<byte[]> response = post(messageId, message, mdnMic, asyncUrl);
        assertThat(response.statusCode()).isEqualTo(200);
        Received received;
        if (asyncUrl == null) {
            received = new Received(response.headers().firstValue("Content-Type").orElseThrow(), response.body());
        } else {
            assertThat(response.body()).as("no sync MDN when an async one is asked for").isEmpty();
            received = async.get(20, TimeUnit.SECONDS);
        }
        ASYNC.remove(asyncPath);
        return parse(received);
    }

    private HttpResponse<byte[]> post(String messageId, MimeBodyPart secured, ECryptoAlgorithmSign mdnMic,
                                      String asyncUrl) throws Exception {
        byte[] all = As2Peer.bytes(secured);
        int start = blankLine(all);
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/as2"))
                .timeout(Duration.ofSeconds(60))
                .header("AS2-Version", "1.2").header("AS2-From", "AS2-POST").header("AS2-To", As2Peer.GATEWAY_AS2_ID)
                .header("Message-ID", messageId)
                .header("Content-Type", secured.getContentType().replaceAll("\\r?\\n\\s*", " "))
                .header("Disposition-Notification-To", "as2@post.example")
                .POST(HttpRequest.BodyPublishers.ofByteArray(java.util.Arrays.copyOfRange(all, start, all.length)));
        if (mdnMic != null) {
            request.header("Disposition-Notification-Options",
                    "signed-receipt-protocol=optional, pkcs7-signature; signed-receipt-micalg=optional, " + mdnMic.getID());
        }
        if (asyncUrl != null) {
            request.header("Receipt-Delivery-Option", asyncUrl);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    /** as2-lib parses the MDN and, when it is signed, verifies the signature with the gateway's certificate. */
    private static ParsedMdn parse(Received received) throws Exception {
        MimeBodyPart part = new MimeBodyPart();
        part.setDataHandler(new DataHandler(new ByteArrayDataSource(received.body(), received.contentType())));
        part.setHeader("Content-Type", received.contentType());
        AS2Message message = new AS2Message();
        AS2MessageMDN mdn = new AS2MessageMDN(message);
        message.setMDN(mdn);
        mdn.setData(part);
        AtomicReference<X509Certificate> signer = new AtomicReference<>();
        try (AS2ResourceHelper resources = new AS2ResourceHelper()) {
            AS2Helper.parseMDN(message, As2Peer.GATEWAY.signerCertificate(), false, signer::set, resources);
        }
        return new ParsedMdn(mdn.attrs().getAsBoolean(AS2Message.ATTRIBUTE_RECEIVED_SIGNED, false), signer.get(),
                mdn.attrs().getAsString(AS2MessageMDN.MDNA_DISPOSITION), mdn.attrs().getAsString(AS2MessageMDN.MDNA_MIC),
                mdn.attrs().getAsString(AS2MessageMDN.MDNA_ORIG_MESSAGEID));
    }

    /** as2-lib's sender code secures the part; {@code micSource} ends as the part its MIC covers. */
    private static MimeBodyPart secure(AtomicReference<MimeBodyPart> micSource, KeyMaterial signer,
                                       ECryptoAlgorithmSign sign, ECryptoAlgorithmCrypt crypt, X509Certificate recipient,
                                       boolean compress) throws Exception {
        return AS2SenderModule.secureMimeBodyPart(micSource.get(), EContentTransferEncoding.BINARY,
                compress ? ECompressionType.ZLIB : null, true, micSource::set, sign, signer.signerCertificate(),
                signer.privateKey(), true, false, false, crypt, recipient, " (matrix)");
    }

    private static MimeBodyPart payloadPart(byte[] payload, String contentType) throws Exception {
        MimeBodyPart part = new MimeBodyPart();
        part.setDataHandler(new DataHandler(new ByteArrayDataSource(payload, contentType)));
        part.setHeader("Content-Type", contentType);
        part.setHeader("Content-Transfer-Encoding", "binary");
        return part;
    }

    private static int blankLine(byte[] all) {
        for (int i = 0; i + 3 < all.length; i++) {
            if (all[i] == '\r' && all[i + 1] == '\n' && all[i + 2] == '\r' && all[i + 3] == '\n') {
                return i + 4;
            }
        }
        throw new IllegalArgumentException("no header/body separator");
    }

    /** The interchange as the raw archive holds it. */
    private byte[] archived(String messageId) throws Exception {
        String ingressId = jdbc.sql("select ingress_id from as2_message where message_id = ?").param(messageId)
                .query(String.class).single();
        try (Stream<Path> files = Files.walk(DATA_DIR.resolve("archive").resolve("raw"))) {
            Path file = files.filter(path -> path.getFileName().toString().equals(ingressId + ".edi")).findFirst()
                    .orElseThrow(() -> new AssertionError("no raw archive file for ingress " + ingressId));
            return Files.readAllBytes(file);
        }
    }

    private String outcomeOf(String messageId) {
        return jdbc.sql("select outcome from as2_message where message_id = ?").param(messageId)
                .query(String.class).single();
    }
}
