package org.clearway.routes.ingress.as2;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.clearway.routes.response.As2MdnReceiver;
import org.clearway.security.as2.As2Entity;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /as2/mdn}: where partners post the asynchronous MDNs the gateway asked for with
 * {@code Receipt-Delivery-Option} (RFC 4130 §7.1); {@link As2MdnReceiver} decides. An MDN is a few
 * kilobytes: bodies over 1 MiB are refused with 413 before they are read in full.
 */
@RestController
@ConditionalOnProperty(name = "clearway.as2.enabled", havingValue = "true", matchIfMissing = true)
public class As2MdnController {
    private static final Logger log = LoggerFactory.getLogger(As2MdnController.class);
    static final int MAX_MDN_BYTES = 1024 * 1024;

    private final As2MdnReceiver receiver;

    public As2MdnController(As2MdnReceiver receiver) {
        this.receiver = receiver;
    }

    @PostMapping("/as2/mdn")
    public void receive(HttpServletRequest request, HttpServletResponse response) throws IOException {
        long started = System.nanoTime();
        String messageId = request.getHeader("Message-ID");
        String type = request.getContentType();
        As2MdnReceiver.Outcome outcome;
        byte[] body = request.getContentLengthLong() > MAX_MDN_BYTES ? null : readCapped(request);
        if (body == null) {
            outcome = new As2MdnReceiver.Outcome(413, "an MDN over " + MAX_MDN_BYTES + " bytes");
            response.setHeader("Connection", "close");
        } else if (type == null) {
            outcome = new As2MdnReceiver.Outcome(400, "no Content-Type");
        } else {
            outcome = receiver.receive(request.getHeader("AS2-From"), request.getHeader("AS2-To"), messageId,
                    new As2Entity(type, request.getHeader("Content-Transfer-Encoding"), body));
        }
        byte[] text = (outcome.text() + "\r\n").getBytes(StandardCharsets.US_ASCII);
        response.setStatus(outcome.status());
        response.setContentType("text/plain; charset=us-ascii");
        response.setContentLength(text.length);
        response.getOutputStream().write(text);
        log.info("async MDN {} from {}: {} {} in {} ms", messageId, request.getHeader("AS2-From"), outcome.status(),
                outcome.text(), (System.nanoTime() - started) / 1_000_000);
    }

    private static byte[] readCapped(HttpServletRequest request) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(8192);
        byte[] buffer = new byte[16 * 1024];
        try (InputStream in = request.getInputStream()) {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                if (out.size() + (long) n > MAX_MDN_BYTES) {
                    return null;
                }
                out.write(buffer, 0, n);
            }
        }
        return out.toByteArray();
    }
}
