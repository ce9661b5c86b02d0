package org.clearway.mappings.express;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.clearway.mappings.express.SoapXmlGuard.Outcome;
import org.clearway.mappings.express.SoapXmlGuard.Verdict;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * §1.3 XML limits before any SOAP parsing: DOCTYPEs (XXE, billion laughs) are refused without
 * resolving or expanding anything, depth and attributes are bounded, and only SOAP envelopes pass.
 */
class SoapXmlGuardTest {

    private final SoapXmlGuard guard = new SoapXmlGuard();
    private HttpServer server;
    private final AtomicInteger hits = new AtomicInteger();

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            hits.incrementAndGet();
            byte[] body = "<!ENTITY leaked \"leaked\">".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    private String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/x";
    }

    private static byte[] envelope(String prolog, String body) {
        return (prolog + "<soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\" "
                + "xmlns:x=\"urn:clearway:express:soap:1\"><soap:Body>" + body + "</soap:Body></soap:Envelope>")
                .getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void example41Passes() {
        Verdict v = guard.check(SoapShipmentXmlTest.resource("submit-shipment-4.1.xml"));
        assertThat(v.outcome()).isEqualTo(Outcome.OK);
        assertThat(v.soap12()).isFalse();
    }

    @Test
    void soap12EnvelopePasses() {
        byte[] xml = ("<?xml version=\"1.0\" encoding=\"UTF-8\"?><env:Envelope xmlns:env=\"http://www.w3.org/2003/05/soap-envelope\">"
                + "<env:Body><x:CancelShipmentRequest xmlns:x=\"urn:clearway:express:soap:1\"><x:shipmentRef>s</x:shipmentRef>"
                + "</x:CancelShipmentRequest></env:Body></env:Envelope>").getBytes(StandardCharsets.UTF_8);
        Verdict v = guard.check(xml);
        assertThat(v.outcome()).isEqualTo(Outcome.OK);
        assertThat(v.soap12()).isTrue();
    }

    @Test
    void externalEntityIsRefusedWithoutFetchingIt(@TempDir Path dir) throws IOException {
        Path secret = Files.writeString(dir.resolve("secret.txt"), "TOP-SECRET");
        for (String target : new String[] {url(), secret.toUri().toString()}) {
            byte[] xxe = envelope("<?xml version=\"1.0\"?><!DOCTYPE soap:Envelope [<!ENTITY xxe SYSTEM \"" + target + "\">]>",
                    "<x:GetShipmentStatusRequest><x:shipmentRef>&xxe;</x:shipmentRef></x:GetShipmentStatusRequest>");
            Verdict v = guard.check(xxe);
            assertThat(v.outcome()).as(target).isEqualTo(Outcome.FORBIDDEN_CONSTRUCT);
            assertThat(v.detail()).contains("DOCTYPE").doesNotContain("TOP-SECRET");
        }
        assertThat(hits).as("no request reached the entity's URL").hasValue(0);
    }

    @Test
    void externalDtdAndParameterEntitiesAreNotLoaded() {
        byte[] dtd = envelope("<!DOCTYPE soap:Envelope SYSTEM \"" + url() + "\">", "");
        byte[] param = envelope("<!DOCTYPE soap:Envelope [<!ENTITY % p SYSTEM \"" + url() + "\"> %p;]>", "");
        assertThat(guard.check(dtd).outcome()).isEqualTo(Outcome.FORBIDDEN_CONSTRUCT);
        assertThat(guard.check(param).outcome()).isEqualTo(Outcome.FORBIDDEN_CONSTRUCT);
        assertThat(hits).hasValue(0);
    }

    @Test
    void billionLaughsIsRefusedWithoutExpansion() {
        StringBuilder dtd = new StringBuilder("<!DOCTYPE soap:Envelope [<!ENTITY lol0 \"lol\">");
        for (int i = 1; i <= 9; i++) {
            dtd.append("<!ENTITY lol").append(i).append(" \"");
            dtd.append(("&lol" + (i - 1) + ";").repeat(10)).append("\">");
        }
        dtd.append("]>");
        byte[] bomb = envelope(dtd.toString(), "<x:CancelShipmentRequest><x:shipmentRef>&lol9;</x:shipmentRef></x:CancelShipmentRequest>");
        long start = System.nanoTime();
        Verdict v = guard.check(bomb);
        assertThat(v.outcome()).isEqualTo(Outcome.FORBIDDEN_CONSTRUCT);
        assertThat((System.nanoTime() - start) / 1_000_000).as("ms; 10^9 expansions would take far longer").isLessThan(2_000);
    }

    @Test
    void entityReferenceWithoutDtdIsNotAccepted() {
        Verdict v = guard.check(envelope("", "<x:CancelShipmentRequest><x:shipmentRef>&foo;</x:shipmentRef></x:CancelShipmentRequest>"));
        assertThat(v.ok()).isFalse();
    }

    @Test
    void depthIsLimitedTo64Levels() {
        // Envelope + Body = 2 levels
        assertThat(guard.check(envelope("", "<x:a>".repeat(62) + "</x:a>".repeat(62))).outcome()).isEqualTo(Outcome.OK);
        Verdict deep = guard.check(envelope("", "<x:a>".repeat(63) + "</x:a>".repeat(63)));
        assertThat(deep.outcome()).isEqualTo(Outcome.FORBIDDEN_CONSTRUCT);
        assertThat(deep.detail()).contains("64");
    }

    @Test
    void attributesPerElementAreLimited() {
        SoapXmlGuard small = new SoapXmlGuard(64, 3);
        assertThat(small.check(envelope("", "<x:a b=\"1\" c=\"2\" d=\"3\"/>")).outcome()).isEqualTo(Outcome.OK);
        assertThat(small.check(envelope("", "<x:a b=\"1\" c=\"2\" d=\"3\" e=\"4\"/>")).outcome())
                .isEqualTo(Outcome.FORBIDDEN_CONSTRUCT);
        StringBuilder many = new StringBuilder("<x:a");
        for (int i = 0; i <= SoapXmlGuard.MAX_ATTRIBUTES; i++) {
            many.append(" a").append(i).append("=\"\"");
        }
        assertThat(guard.check(envelope("", many + "/>")).outcome()).isEqualTo(Outcome.FORBIDDEN_CONSTRUCT);
    }

    @Test
    void nonSoapDocumentElementIsVersionMismatch() {
        byte[] wrongNs = "<soap:Envelope xmlns:soap=\"http://example.com/not-soap\"><soap:Body/></soap:Envelope>"
                .getBytes(StandardCharsets.UTF_8);
        assertThat(guard.check(wrongNs).outcome()).isEqualTo(Outcome.VERSION_MISMATCH);
        assertThat(guard.check("<shipment/>".getBytes(StandardCharsets.UTF_8)).outcome()).isEqualTo(Outcome.VERSION_MISMATCH);
    }

    @Test
    void malformedXmlIsReportedWithItsPosition() {
        Verdict v = guard.check(envelope("", "<x:a>").clone());
        assertThat(v.outcome()).isEqualTo(Outcome.MALFORMED);
        assertThat(v.detail()).contains("line 1");
        assertThat(guard.check(new byte[0]).outcome()).isEqualTo(Outcome.MALFORMED);
    }
}
