package org.clearway.routes.ingress.as2;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The AS2 endpoint {@code POST /as2} (CUSTOMS-AND-POSTAL §2.1): one URL for all partners, the
 * partner chosen by AS2-From and then bound by its own certificates (see {@link As2Receiver}).
 *
 * <p>Clearway serves AS2 itself on the application's Tomcat, with the security core, rather than
 * with camel-as2 4.17's server, because of that component's measured defects (STACK-NOTES): it
 * never answers {@code Expect: 100-continue} (a 1-3 s stall per request), it closes kept-alive
 * connections after chunked requests, it accepts any signer unless a validation chain is set, its
 * client does not verify MDNs, and its security settings are per endpoint, not per AS2-From.
 * Tomcat answers {@code Expect: 100-continue} when the body is first read; a request whose
 * Content-Length is over the partner's cap, or from an unknown AS2-From, is answered before that.
 */
@RestController
@ConditionalOnProperty(name = "clearway.as2.enabled", havingValue = "true", matchIfMissing = true)
public class As2Controller {
    private static final Logger log = LoggerFactory.getLogger(As2Controller.class);

    private final As2Receiver receiver;
    private final AsyncMdnSender asyncMdns;

    public As2Controller(As2Receiver receiver, AsyncMdnSender asyncMdns) {
        this.receiver = receiver;
        this.asyncMdns = asyncMdns;
    }

    @PostMapping("/as2")
    public void receive(HttpServletRequest request, HttpServletResponse response) throws IOException {
        long started = System.nanoTime();
        String as2From = request.getHeader("AS2-From");
        String messageId = request.getHeader("Message-ID");
        Optional<As2Profiles.Profile> profile = receiver.profileFor(as2From);
        long limit = profile.map(As2Profiles.Profile::maxRequestBytes).orElse(0L);
        if (profile.isPresent() && request.getContentLengthLong() > limit) {
            log.warn("AS2 message {} from {}: Content-Length {} over the limit of {} bytes", messageId, as2From,
                    request.getContentLengthLong(), limit);
            write(response, new As2Receiver.Reply(413, java.util.Map.of("Content-Type", "text/plain; charset=us-ascii"),
                    ("request over " + limit + " bytes").getBytes(java.nio.charset.StandardCharsets.US_ASCII), null, null));
            return;
        }
        byte[] body = new byte[0];
        if (profile.isPresent()) {
            body = readCapped(request, limit);
            if (body == null) {
                log.warn("AS2 message {} from {}: body over the limit of {} bytes", messageId, as2From, limit);
                write(response, new As2Receiver.Reply(413, java.util.Map.of("Content-Type", "text/plain; charset=us-ascii"),
                        ("request over " + limit + " bytes").getBytes(java.nio.charset.StandardCharsets.US_ASCII), null, null));
                return;
            }
        }
        long read = System.nanoTime();
        As2Receiver.Reply reply = receiver.receive(new As2Receiver.Request(as2From, request.getHeader("AS2-To"),
                messageId, request.getContentType(), request.getHeader("Content-Transfer-Encoding"),
                request.getHeader("Disposition-Notification-To"), request.getHeader("Disposition-Notification-Options"),
                request.getHeader("Receipt-Delivery-Option"), body));
        write(response, reply);
        if (reply.asyncMdn() != null) {
            asyncMdns.send(reply.asyncMdn(), messageId);
        }
        log.info("AS2 request {} from {}: {} bytes, {} {}, read {} ms, total {} ms", messageId, as2From, body.length,
                reply.status(), reply.disposition() == null ? "-" : reply.disposition().dispositionType(),
                (read - started) / 1_000_000, (System.nanoTime() - started) / 1_000_000);
    }

    /** The body, or {@code null} once it passes {@code limit} (chunked requests carry no Content-Length). */
    private static byte[] readCapped(HttpServletRequest request, long limit) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(
                (int) Math.min(Math.min(Math.max(request.getContentLengthLong(), 8192), limit), 64L * 1024 * 1024));
        byte[] buffer = new byte[64 * 1024];
        try (InputStream in = request.getInputStream()) {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                if (out.size() + (long) n > limit) {
                    return null;
                }
                out.write(buffer, 0, n);
            }
        }
        return out.toByteArray();
    }

    private static void write(HttpServletResponse response, As2Receiver.Reply reply) throws IOException {
        response.setStatus(reply.status());
        if (reply.status() == 403 || reply.status() == 413) {
            // refused before the body was read: close rather than let Tomcat swallow an unbounded body
            response.setHeader("Connection", "close");
        }
        // set verbatim: the MDN's Content-Type carries the boundary its body was built with
        reply.headers().forEach(response::setHeader);
        response.setContentLength(reply.body().length);
        response.getOutputStream().write(reply.body());
    }
}
