package org.clearway.routes;

import com.helger.as2lib.client.AS2Client;
import com.helger.as2lib.client.AS2ClientRequest;
import com.helger.as2lib.client.AS2ClientResponse;
import com.helger.as2lib.client.AS2ClientSettings;
import com.helger.as2lib.crypto.ECompressionType;
import com.helger.as2lib.crypto.ECryptoAlgorithmCrypt;
import com.helger.as2lib.crypto.ECryptoAlgorithmSign;
import com.helger.as2lib.crypto.IMICMatchingHandler;
import com.helger.as2lib.message.AS2Message;
import com.helger.as2lib.message.AS2MessageMDN;
import com.helger.as2lib.message.IMessage;
import com.helger.as2lib.processor.sender.AS2SenderModule;
import com.helger.as2lib.util.AS2Helper;
import com.helger.as2lib.util.AS2ResourceHelper;
import com.helger.mail.cte.EContentTransferEncoding;
import com.helger.security.keystore.EKeyStoreType;
import jakarta.activation.DataHandler;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.util.ByteArrayDataSource;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.clearway.security.KeyMaterial;
import org.clearway.security.Pem;

/**
 * An AS2 trading partner played by phax as2-lib 5.1.7, an implementation independent of the
 * gateway's: its {@link AS2Client} secures and sends messages and verifies the sync MDN (signature
 * against the gateway's certificate, MIC against the one it computed); {@link #postRaw} sends a
 * message secured by as2-lib but altered by the test. Keys are RSA-2048, generated per run.
 */
public final class As2Peer {
    public static final String GATEWAY_AS2_ID = "CLEARWAY";
    public static final String KEYSTORE_PASSWORD = "it-as2-keystore";

    public static final KeyMaterial GATEWAY = identity("CN=Clearway AS2 IT");
    public static final KeyMaterial POST = identity("CN=AS2 Post IT");
    static final KeyMaterial OPEN = identity("CN=AS2 Open Post IT");
    static final KeyMaterial ASYNC = identity("CN=AS2 Async Post IT");
    static final KeyMaterial STRANGER = identity("CN=Stranger IT");

    private As2Peer() {
    }

    /** One send: how the message is secured and which receipt is asked for. */
    public record Send(String as2From, KeyMaterial signer, ECryptoAlgorithmSign sign, ECryptoAlgorithmCrypt crypt,
                boolean compress, boolean signedMdn, String messageId, String asyncUrl) {
        public static Send strict(String as2From, KeyMaterial signer) {
            return new Send(as2From, signer, ECryptoAlgorithmSign.DIGEST_SHA_256, ECryptoAlgorithmCrypt.CRYPT_AES128_CBC,
                    false, true, null, null);
        }

        public Send withMessageId(String id) {
            return new Send(as2From, signer, sign, crypt, compress, signedMdn, id, asyncUrl);
        }

        public Send withSecurity(ECryptoAlgorithmSign s, ECryptoAlgorithmCrypt c, boolean z) {
            return new Send(as2From, signer, s, c, z, signedMdn, messageId, asyncUrl);
        }

        Send withAsyncUrl(String url) {
            return new Send(as2From, signer, sign, crypt, compress, signedMdn, messageId, url);
        }
    }

    /** What as2-lib saw: the MDN disposition, whether it verified the MDN signature and the MIC. */
    public record Result(String messageId, String disposition, X509Certificate mdnSigner, boolean micMatched,
                  Throwable exception, long millis) {
        public boolean processed() {
            return disposition != null && disposition.trim().endsWith("processed");
        }
    }

    public static Result send(int port, Send send, byte[] edifact) throws Exception {
        AS2ClientSettings settings = new AS2ClientSettings();
        settings.setKeyStore(EKeyStoreType.PKCS12, keystore(send.signer()), KEYSTORE_PASSWORD);
        settings.setSenderData(send.as2From(), "as2@post.example", "sender");
        settings.setReceiverData(GATEWAY_AS2_ID, "gateway", "http://127.0.0.1:" + port + "/as2");
        settings.setReceiverCertificate(GATEWAY.signerCertificate());
        settings.setPartnershipName(send.as2From() + "-" + GATEWAY_AS2_ID);
        settings.setEncryptAndSign(send.crypt(), send.sign());
        if (send.compress()) {
            settings.setCompress(ECompressionType.ZLIB, true);
        }
        settings.setMDNRequested(true);
        String micalg = send.sign() == null ? "sha-256" : send.sign().getID();
        settings.setMDNOptions(send.signedMdn()
                ? "signed-receipt-protocol=optional, pkcs7-signature; signed-receipt-micalg=optional, " + micalg
                : null);
        if (send.asyncUrl() != null) {
            settings.setAsyncMDNUrl(send.asyncUrl());
        }
        if (send.messageId() != null) {
            settings.setMessageIDFormat(send.messageId());
        }
        settings.setRetryCount(0);
        settings.setResponseTimeout(org.apache.hc.core5.util.Timeout.ofSeconds(60));
        AtomicReference<Boolean> micMatched = new AtomicReference<>(false);
        settings.setMICMatchingHandler(new IMICMatchingHandler() {
            @Override
            public void onMICMatch(IMessage message, String mic) {
                micMatched.set(true);
            }

            @Override
            public void onMICMismatch(IMessage message, String original, String received) {
                micMatched.set(false);
            }
        });
        AS2ClientRequest request = new AS2ClientRequest("CUSITM")
                .setData(new DataHandler(new ByteArrayDataSource(edifact, "application/EDIFACT")))
                .setContentType("application/EDIFACT").setContentTransferEncoding(EContentTransferEncoding.BINARY);
        long started = System.nanoTime();
        AS2ClientResponse response = new AS2Client().sendSynchronous(settings, request);
        long millis = (System.nanoTime() - started) / 1_000_000;
        return new Result(response.getOriginalMessageID(), response.hasMDN() ? response.getMDNDisposition() : null,
                response.getMDNVerificationCertificate(), micMatched.get(), response.getException(), millis);
    }

    /** Secures a payload with as2-lib's own sender code (signature, then encryption, optional compression). */
    static MimeBodyPart secure(byte[] payload, KeyMaterial signer, ECryptoAlgorithmSign sign,
                               ECryptoAlgorithmCrypt crypt, boolean compress) throws Exception {
        return AS2SenderModule.secureMimeBodyPart(payloadPart(payload), EContentTransferEncoding.BINARY,
                compress ? ECompressionType.ZLIB : null, true, part -> { }, sign,
                signer == null ? null : signer.signerCertificate(), signer == null ? null : signer.privateKey(),
                true, false, false, crypt, GATEWAY.signerCertificate(), " (it)");
    }

    /** Encrypts an already built part for the gateway (as2-lib's sender code, no other layer). */
    static MimeBodyPart encrypt(MimeBodyPart part) throws Exception {
        return AS2SenderModule.secureMimeBodyPart(part, EContentTransferEncoding.BINARY, null, true, null, null, null,
                null, true, false, false, ECryptoAlgorithmCrypt.CRYPT_AES256_CBC, GATEWAY.signerCertificate(), " (it)");
    }

    static MimeBodyPart payloadPart(byte[] payload) throws Exception {
        MimeBodyPart part = new MimeBodyPart();
        part.setDataHandler(new DataHandler(new ByteArrayDataSource(payload, "application/EDIFACT")));
        part.setHeader("Content-Type", "application/EDIFACT");
        part.setHeader("Content-Transfer-Encoding", "binary");
        return part;
    }

    /** A MIME part as bytes (headers and body), and back: for tests that alter a secured part. */
    static byte[] bytes(MimeBodyPart part) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        part.writeTo(out);
        return out.toByteArray();
    }

    static MimeBodyPart part(byte[] bytes) throws Exception {
        return new MimeBodyPart(new ByteArrayInputStream(bytes));
    }

    /** The HTTP answer to a raw post and the MDN as as2-lib parsed and verified it (null if none). */
    record RawResult(int status, String disposition, long millis) {
    }

    /**
     * Posts a secured part as an AS2 message (its Content-Type as HTTP header, its encoded body
     * as HTTP body) asking for a signed sync MDN, and has as2-lib verify the MDN's signature.
     */
    static RawResult postRaw(int port, String as2From, String messageId, MimeBodyPart secured,
                             Map<String, String> extraHeaders, boolean expectContinue) throws Exception {
        byte[] all = bytes(secured);
        int start = indexOfBlankLine(all);
        byte[] body = java.util.Arrays.copyOfRange(all, start, all.length);
        String contentType = secured.getContentType().replaceAll("\\r?\\n\\s*", " ");
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/as2"))
                .timeout(Duration.ofSeconds(60)).expectContinue(expectContinue)
                .header("AS2-Version", "1.2").header("AS2-From", as2From).header("AS2-To", GATEWAY_AS2_ID)
                .header("Message-ID", messageId).header("Content-Type", contentType)
                .header("Disposition-Notification-To", "as2@post.example")
                .header("Disposition-Notification-Options",
                        "signed-receipt-protocol=optional, pkcs7-signature; signed-receipt-micalg=optional, sha-256")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        String cte = secured.getHeader("Content-Transfer-Encoding", null);
        if (cte != null) {
            request.header("Content-Transfer-Encoding", cte);
        }
        extraHeaders.forEach(request::header);
        long started = System.nanoTime();
        HttpResponse<byte[]> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        long millis = (System.nanoTime() - started) / 1_000_000;
        String mdnType = response.headers().firstValue("Content-Type").orElse(null);
        // an MDN may come with a 4xx too (a refused async MDN request): parse whatever is a report
        if (mdnType == null || response.body().length == 0 || !mdnType.toLowerCase().startsWith("multipart/")) {
            return new RawResult(response.statusCode(), null, millis);
        }
        return new RawResult(response.statusCode(), verifiedDisposition(mdnType, response.body()), millis);
    }

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    /** as2-lib parses the MDN and verifies its signature with the gateway's certificate (throws if invalid). */
    static String verifiedDisposition(String contentType, byte[] body) throws Exception {
        MimeBodyPart part = new MimeBodyPart();
        part.setDataHandler(new DataHandler(new ByteArrayDataSource(body, contentType)));
        part.setHeader("Content-Type", contentType);
        AS2Message message = new AS2Message();
        AS2MessageMDN mdn = new AS2MessageMDN(message);
        message.setMDN(mdn);
        mdn.setData(part);
        try (AS2ResourceHelper resources = new AS2ResourceHelper()) {
            AS2Helper.parseMDN(message, GATEWAY.signerCertificate(), false, null, resources);
        }
        if (!mdn.attrs().getAsBoolean(AS2Message.ATTRIBUTE_RECEIVED_SIGNED, false)) {
            throw new AssertionError("the MDN is not signed");
        }
        return mdn.attrs().getAsString(AS2MessageMDN.MDNA_DISPOSITION);
    }

    private static int indexOfBlankLine(byte[] all) {
        for (int i = 0; i + 3 < all.length; i++) {
            if (all[i] == '\r' && all[i + 1] == '\n' && all[i + 2] == '\r' && all[i + 3] == '\n') {
                return i + 4;
            }
        }
        throw new IllegalArgumentException("no header/body separator");
    }

    /** The sender's key under alias {@code sender}, the gateway's certificate under {@code gateway}. */
    static byte[] keystore(KeyMaterial sender) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setKeyEntry("sender", sender.privateKey(), KEYSTORE_PASSWORD.toCharArray(),
                sender.chain().toArray(new Certificate[0]));
        store.setCertificateEntry("gateway", GATEWAY.signerCertificate());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        store.store(out, KEYSTORE_PASSWORD.toCharArray());
        return out.toByteArray();
    }

    /** Writes the gateway's AS2 keystore (alias {@code clearway-as2}) for {@code clearway.as2.keystore}. */
    public static Path writeGatewayKeystore(Path dir) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setKeyEntry("clearway-as2", GATEWAY.privateKey(), KEYSTORE_PASSWORD.toCharArray(),
                GATEWAY.chain().toArray(new Certificate[0]));
        Path file = dir.resolve("gateway-as2.p12");
        try (var out = Files.newOutputStream(file)) {
            store.store(out, KEYSTORE_PASSWORD.toCharArray());
        }
        return file;
    }

    public static Path writeCertificate(Path dir, String name, KeyMaterial key) throws Exception {
        return Files.writeString(dir.resolve(name + ".pem"), Pem.write(key.signerCertificate()));
    }

    static KeyMaterial identity(String subject) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            KeyPair keys = generator.generateKeyPair();
            X500Name name = new X500Name(subject);
            Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
            var builder = new JcaX509v3CertificateBuilder(name, BigInteger.valueOf(now.toEpochMilli()),
                    Date.from(now.minus(1, ChronoUnit.DAYS)), Date.from(now.plus(365, ChronoUnit.DAYS)), name,
                    keys.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .addExtension(Extension.keyUsage, true,
                            new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
            X509Certificate certificate = new JcaX509CertificateConverter().getCertificate(
                    builder.build(new JcaContentSignerBuilder("SHA256withRSA").build(keys.getPrivate())));
            return KeyMaterial.of(keys.getPrivate(), List.of(certificate));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
