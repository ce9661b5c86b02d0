package org.clearway.security.as2;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Properties;

import javax.mail.internet.InternetHeaders;
import javax.mail.internet.MimeBodyPart;

import org.openas2.lib.helper.BCCryptoHelper;
import org.openas2.message.AS2Message;

/**
 * OpenAS2 2.10.1 as an AS2 peer, run by {@link OpenAs2InteropTest} in a JVM of its own: its
 * S/MIME code (org.openas2.lib.helper.BCCryptoHelper, javax.mail, bcmail) cannot share a
 * classpath with as2-lib's (jakarta.mail, bcjmail: the same org.bouncycastle.mail.smime classes).
 * Two commands, files in and out, results in a properties file:
 * <pre>
 *   secure  payload contentType digest|- cipher|- zlib|- senderP12 recipientCert out.mime out.properties
 *   open    in.mime recipientP12 senderCert|- digest out.payload out.properties
 *   post    url in.mime as2From as2To messageId receiptDeliveryOption|- out.properties
 * </pre>
 * {@code post} sends a part written by {@code secure} through OpenAS2's own HTTP client
 * (HTTPUtil.execRequest, as its AS2SenderModule does) asking for a signed MDN, and reports the
 * status and whether OpenAS2's sender would take it for a successful send.
 * {@code out.mime} is the secured part as OpenAS2 writes it (headers, empty line, body);
 * {@code in.mime} is an HTTP entity written the same way. The MIC is OpenAS2's calculateMIC over
 * the signed content, headers included (unsigned: over the innermost part, headers included);
 * {@code open} also reports the payload file name OpenAS2's receiver extracts.
 */
public final class OpenAs2Peer {
    static final String PASSWORD = "openas2-peer";
    static final String ALIAS = "key";

    private OpenAs2Peer() {
    }

    public static void main(String[] args) throws Exception {
        BCCryptoHelper crypto = new BCCryptoHelper();
        crypto.initialize();
        Properties result = new Properties();
        Path resultFile;
        if (args[0].equals("secure")) {
            resultFile = Path.of(args[9]);
            secure(crypto, args, result);
        } else if (args[0].equals("open")) {
            resultFile = Path.of(args[6]);
            open(crypto, args, result);
        } else if (args[0].equals("post")) {
            resultFile = Path.of(args[7]);
            post(args, result);
        } else {
            throw new IllegalArgumentException("unknown command " + args[0]);
        }
        try (var out = Files.newOutputStream(resultFile)) {
            result.store(out, "OpenAS2 peer");
        }
    }

    private static void secure(BCCryptoHelper crypto, String[] args, Properties result) throws Exception {
        byte[] payload = Files.readAllBytes(Path.of(args[1]));
        String contentType = args[2];
        String digest = args[3];
        String cipher = args[4];
        boolean compress = args[5].equals("zlib");
        KeyStore sender = keyStore(Path.of(args[6]));
        X509Certificate recipient = certificate(Path.of(args[7]));

        InternetHeaders headers = new InternetHeaders();
        headers.setHeader("Content-Type", contentType);
        headers.setHeader("Content-Transfer-Encoding", "binary");
        MimeBodyPart part = new MimeBodyPart(headers, payload);
        if (compress) {
            part = crypto.compress(new AS2Message(), part, "zlib", "binary");
        }
        MimeBodyPart micPart = part;
        if (!digest.equals("-")) {
            part = crypto.sign(part, sender.getCertificate(ALIAS), sender.getKey(ALIAS, PASSWORD.toCharArray()), digest,
                    "binary", false, true);
        }
        if (!cipher.equals("-")) {
            part = crypto.encrypt(part, recipient, cipher, "binary");
        }
        result.setProperty("mic", crypto.calculateMIC(micPart, digest.equals("-") ? "sha256" : digest, true));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        part.writeTo(out);
        Files.write(Path.of(args[8]), out.toByteArray());
    }

    private static void open(BCCryptoHelper crypto, String[] args, Properties result) throws Exception {
        MimeBodyPart part = new MimeBodyPart(new ByteArrayInputStream(Files.readAllBytes(Path.of(args[1]))));
        KeyStore recipient = keyStore(Path.of(args[2]));
        X509Certificate sender = args[3].equals("-") ? null : certificate(Path.of(args[3]));
        String digest = args[4];
        boolean signed = false;
        boolean compressed = false;
        if (crypto.isEncrypted(part)) {
            part = crypto.decrypt(part, recipient.getCertificate(ALIAS),
                    (PrivateKey) recipient.getKey(ALIAS, PASSWORD.toCharArray()));
            result.setProperty("encrypted", "true");
        }
        if (crypto.isCompressed(part)) {
            part = decompress(crypto, part);
            compressed = true;
        }
        MimeBodyPart micPart = part;
        if (crypto.isSigned(part)) {
            if (sender == null) {
                throw new IllegalArgumentException("signed message, but no sender certificate given");
            }
            part = crypto.verifySignature(part, sender);
            micPart = part;
            signed = true;
        }
        if (crypto.isCompressed(part)) {
            part = decompress(crypto, part);
            compressed = true;
        }
        result.setProperty("signed", Boolean.toString(signed));
        result.setProperty("compressed", Boolean.toString(compressed));
        result.setProperty("contentType", part.getContentType());
        result.setProperty("mic", crypto.calculateMIC(micPart, digest, true));
        // the name OpenAS2's receiver stores the payload under: it sets the opened part as the
        // message's data and extracts the Content-Disposition filename (AS2ReceiverHandler)
        AS2Message received = new AS2Message();
        received.setData(part);
        String filename = received.extractPayloadFilename();
        result.setProperty("filename", filename == null ? "" : filename);
        try (InputStream in = part.getInputStream()) {
            Files.write(Path.of(args[5]), in.readAllBytes());
        }
    }

    /**
     * The HTTP statuses OpenAS2 2.10.1's AS2SenderModule.sendMessage takes for a sent message (read
     * from its code); any other status is an HttpResponseException: the send failed and is resent.
     * After one of these, a sender that asked for an async MDN ignores the body and awaits the MDN.
     */
    static final java.util.Set<Integer> SENDER_SUCCESS_STATUSES = java.util.Set.of(200, 201, 202, 204, 206);

    private static void post(String[] args, Properties result) throws Exception {
        MimeBodyPart part = new MimeBodyPart(new ByteArrayInputStream(Files.readAllBytes(Path.of(args[2]))));
        InternetHeaders headers = new InternetHeaders();
        headers.setHeader("AS2-Version", "1.2");
        headers.setHeader("AS2-From", args[3]);
        headers.setHeader("AS2-To", args[4]);
        headers.setHeader("Message-ID", args[5]);
        headers.setHeader("Mime-Version", "1.0");
        headers.setHeader("Content-Type", part.getContentType().replaceAll("\\r?\\n\\s*", " "));
        headers.setHeader("Content-Transfer-Encoding", "binary");
        headers.setHeader("Disposition-Notification-To", "as2@openas2.example");
        headers.setHeader("Disposition-Notification-Options",
                "signed-receipt-protocol=optional, pkcs7-signature; signed-receipt-micalg=optional, sha256");
        if (!args[6].equals("-")) {
            headers.setHeader("Receipt-Delivery-Option", args[6]);
        }
        java.util.Map<String, String> options = new java.util.HashMap<>();
        options.put("connecttimeout", "30000");
        options.put("readtimeout", "60000");
        options.put("sockettimeout", "60000");
        // by reflection: its signature names httpcore 4 types, which only the child JVM's classpath has
        java.lang.reflect.Method execRequest = Class.forName("org.openas2.util.HTTPUtil").getMethod("execRequest",
                String.class, String.class, java.util.Enumeration.class, Class.forName("[Lorg.apache.http.NameValuePair;"),
                InputStream.class, java.util.Map.class, long.class);
        org.openas2.util.ResponseWrapper response;
        try (InputStream body = part.getInputStream()) {
            response = (org.openas2.util.ResponseWrapper) execRequest.invoke(null, "POST", args[1],
                    headers.getAllHeaders(), null, body, options, Long.MAX_VALUE);
        }
        result.setProperty("status", Integer.toString(response.getStatusCode()));
        result.setProperty("senderSucceeds", Boolean.toString(SENDER_SUCCESS_STATUSES.contains(response.getStatusCode())));
        String contentType = response.getHeaders().getHeader("Content-Type", ", ");
        result.setProperty("contentType", contentType == null ? "" : contentType);
        result.setProperty("bodyLength", Integer.toString(response.getBody() == null ? 0 : response.getBody().length));
    }

    private static MimeBodyPart decompress(BCCryptoHelper crypto, MimeBodyPart part) throws Exception {
        AS2Message message = new AS2Message();
        message.setData(part);
        crypto.decompress(message);
        return message.getData();
    }

    private static KeyStore keyStore(Path file) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(file)) {
            store.load(in, PASSWORD.toCharArray());
        }
        return store;
    }

    private static X509Certificate certificate(Path file) throws Exception {
        try (InputStream in = Files.newInputStream(file)) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
    }
}
