package org.clearway.routes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.citrusframework.actions.ReceiveMessageAction.Builder.receive;
import static org.citrusframework.ws.actions.SoapActionBuilder.soap;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import org.citrusframework.TestCaseRunner;
import org.citrusframework.annotations.CitrusResource;
import org.citrusframework.annotations.CitrusTest;
import org.citrusframework.junit.jupiter.CitrusSupport;
import org.citrusframework.ws.client.WebServiceClient;
import org.citrusframework.ws.client.WebServiceClientBuilder;
import org.clearway.mappings.canonical.CanonicalJson;
import org.clearway.mappings.canonical.Declaration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.ws.soap.saaj.SaajSoapMessageFactory;
import org.springframework.ws.transport.http.HttpUrlConnectionMessageSender;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * The express SOAP binding end to end (PARTNER-APIS §4): the §4.1 SubmitShipment becomes a signed
 * declaration at customs and answers like REST (replay included), faults carry the §4.2 problem
 * with XPath-like pointers, and the §1.3 XML limits hold against XXE, billion laughs, oversize
 * bodies and foreign envelopes before anything is parsed. Citrus plays the carrier's SOAP client;
 * raw attack bytes go over plain HTTP.
 */
@CitrusSupport
class ExpressSoapIT extends GatewayIT {
    static final String NS = "urn:clearway:express:soap:1";
    static final String SOAP11 = "http://schemas.xmlsoap.org/soap/envelope/";
    static final String SOAP12 = "http://www.w3.org/2003/05/soap-envelope";
    static final String ACTION = "urn:clearway:express:soap:1#";

    WebServiceClient soapClient;

    @BeforeEach
    void soapClient() throws Exception {
        SaajSoapMessageFactory factory = new SaajSoapMessageFactory();
        factory.afterPropertiesSet();
        HttpUrlConnectionMessageSender sender = new HttpUrlConnectionMessageSender() {
            @Override
            protected void prepareConnection(HttpURLConnection connection) throws IOException {
                super.prepareConnection(connection);
                connection.setRequestProperty("Authorization", "Bearer " + ExpressFixtures.KEY);
            }
        };
        soapClient = new WebServiceClientBuilder().defaultUri(url()).messageFactory(factory).messageSender(sender)
                .timeout(30_000).build();
    }

    private String url() {
        return "http://127.0.0.1:" + port + "/soap/express/v1";
    }

    /** The §4.1 envelope for a fresh house waybill, destination DE (GatewayIT routes AT to its HTTP push backend). */
    static String example41(String hwb, String key) {
        try (InputStream in = ExpressSoapIT.class.getResourceAsStream("/express/soap/submit-shipment-4.1.xml")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8)
                    .replace("<x:houseWaybill>1234567891</x:houseWaybill>", "<x:houseWaybill>" + hwb + "</x:houseWaybill>")
                    .replace("<x:country>DE</x:country><x:country>AT</x:country>", "<x:country>DE</x:country>")
                    .replace(">AT<", ">DE<")
                    .replace("acme-20261124-000124", key);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The Body payload of an envelope, with the {@code x} namespace declared on it. */
    static String payload(String envelope, String element) {
        String start = "<x:" + element + ">";
        String end = "</x:" + element + ">";
        String inner = envelope.substring(envelope.indexOf(start) + start.length(), envelope.indexOf(end));
        return "<x:" + element + " xmlns:x=\"" + NS + "\">" + inner + end;
    }

    static String envelope11(String key, String body) {
        return "<soap:Envelope xmlns:soap=\"" + SOAP11 + "\" xmlns:x=\"" + NS + "\">"
                + (key == null ? "" : "<soap:Header><x:IdempotencyKey>" + key + "</x:IdempotencyKey></soap:Header>")
                + "<soap:Body>" + body + "</soap:Body></soap:Envelope>";
    }

    HttpResponse<String> post(String contentType, byte[] body, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url()))
                .header("Authorization", "Bearer " + ExpressFixtures.KEY)
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        for (int i = 0; i + 1 < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return Http.send(b.build());
    }

    HttpResponse<String> post11(String action, String envelope, String... headers) {
        String[] all = new String[headers.length + 2];
        all[0] = "SOAPAction";
        all[1] = "\"" + ACTION + action + "\"";
        System.arraycopy(headers, 0, all, 2, headers.length);
        return post("text/xml; charset=utf-8", envelope.getBytes(StandardCharsets.UTF_8), all);
    }

    static Document dom(String xml) {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newDefaultInstance();
            f.setNamespaceAware(true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            return f.newDocumentBuilder().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException("not XML: " + xml, e);
        }
    }

    static String text(Document d, String ns, String local) {
        var nodes = d.getElementsByTagNameNS(ns, local);
        return nodes.getLength() == 0 ? null : nodes.item(0).getTextContent();
    }

    /** Asserts a SOAP 1.1 fault (HTTP 500) with this faultcode and problem type slug; returns the document. */
    static Document fault11(HttpResponse<String> response, String faultcode, String slug) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(500);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("text/xml");
        Document d = dom(response.body());
        assertThat(d.getDocumentElement().getNamespaceURI()).isEqualTo(SOAP11);
        Element code = (Element) d.getElementsByTagName("faultcode").item(0);
        String value = code.getTextContent().strip();
        String prefix = value.substring(0, value.indexOf(':'));
        assertThat(code.lookupNamespaceURI(prefix)).isEqualTo(SOAP11);
        assertThat(value.substring(value.indexOf(':') + 1)).isEqualTo(faultcode);
        if (slug != null) {
            assertThat(text(d, NS, "type")).isEqualTo("https://api.clearway.example/problems/" + slug);
            assertThat(text(d, NS, "traceId")).isEqualTo(response.headers().firstValue("X-Request-Id").orElseThrow());
        }
        return d;
    }

    @Test
    @CitrusTest
    void submitShipmentBecomesSignedDeclarationReplaysAndCanBeQueriedAndCancelled(@CitrusResource TestCaseRunner runner) {
        String hwb = ExpressFixtures.uniqueHouseWaybill();
        String key = "soap-it-" + hwb;
        String envelope = example41(hwb, key);

        runner.$(soap().client(soapClient).send().message()
                .soapAction(ACTION + "SubmitShipment")
                .header("<x:IdempotencyKey xmlns:x=\"" + NS + "\">" + key + "</x:IdempotencyKey>")
                .body(payload(envelope, "SubmitShipmentRequest")));
        runner.$(soap().client(soapClient).receive().message().name("submitted"));
        runner.$(ctx -> {
            Document d = dom(ctx.getMessageStore().getMessage("submitted").getPayload(String.class));
            assertThat(d.getDocumentElement().getLocalName()).isEqualTo("SubmitShipmentResponse");
            assertThat(d.getDocumentElement().getNamespaceURI()).isEqualTo(NS);
            assertThat(text(d, NS, "outcome")).isEqualTo("ACCEPTED");
            assertThat(text(d, NS, "shipmentRef")).isNotBlank();
            assertThat(text(d, NS, "revision")).isEqualTo("1");
            ctx.setVariable("ref", text(d, NS, "shipmentRef"));
            ctx.setVariable("declId", text(d, NS, "declarationId"));
        });

        runner.$(receive(customsQueue).selector("clearway_declaration_id = '${declId}'").message()
                .name("declaration").header("clearway_revision", 1));
        runner.$(ctx -> {
            Declaration d = CanonicalJson.readDeclaration(ctx.getMessageStore().getMessage("declaration").getPayload(byte[].class));
            assertThat(d.correlation().houseWaybill()).isEqualTo(hwb);
            assertThat(d.correlation().masterAirWaybill()).isEqualTo("176-12345675");
            assertThat(d.items()).singleElement().satisfies(i -> assertThat(i.description()).startsWith("Ceramic coffee mugs"));
        });

        // the same key and envelope: the original answer again, marked as a replay
        runner.$(ctx -> {
            HttpResponse<String> replay = post11("SubmitShipment", envelope);
            assertThat(replay.statusCode()).as(replay.body()).isEqualTo(200);
            assertThat(replay.headers().firstValue("Idempotent-Replayed")).hasValue("true");
            Document d = dom(replay.body());
            assertThat(text(d, NS, "shipmentRef")).isEqualTo(ctx.getVariable("ref"));
            assertThat(text(d, NS, "declarationId")).isEqualTo(ctx.getVariable("declId"));
            assertThat(text(d, NS, "outcome")).isEqualTo("ACCEPTED");
        });

        runner.$(soap().client(soapClient).send().message().soapAction(ACTION + "GetShipmentStatus")
                .body("<x:GetShipmentStatusRequest xmlns:x=\"" + NS + "\"><x:houseWaybill>" + hwb
                        + "</x:houseWaybill></x:GetShipmentStatusRequest>"));
        runner.$(soap().client(soapClient).receive().message().name("status"));
        runner.$(ctx -> {
            Document d = dom(ctx.getMessageStore().getMessage("status").getPayload(String.class));
            assertThat(d.getDocumentElement().getLocalName()).isEqualTo("GetShipmentStatusResponse");
            assertThat(text(d, NS, "shipmentRef")).isEqualTo(ctx.getVariable("ref"));
            assertThat(text(d, NS, "houseWaybill")).isEqualTo(hwb);
        });

        runner.$(soap().client(soapClient).send().message().soapAction(ACTION + "CancelShipment")
                .header("<x:IdempotencyKey xmlns:x=\"" + NS + "\">" + key + "-cancel</x:IdempotencyKey>")
                .body("<x:CancelShipmentRequest xmlns:x=\"" + NS + "\"><x:shipmentRef>${ref}</x:shipmentRef></x:CancelShipmentRequest>"));
        runner.$(soap().client(soapClient).receive().message().name("cancelled"));
        runner.$(ctx -> {
            Document d = dom(ctx.getMessageStore().getMessage("cancelled").getPayload(String.class));
            assertThat(d.getDocumentElement().getLocalName()).isEqualTo("CancelShipmentResponse");
            assertThat(text(d, NS, "revision")).isEqualTo("2");
        });
        runner.$(receive(customsQueue).selector("clearway_declaration_id = '${declId}'").message()
                .header("clearway_revision", 2));
    }

    @Test
    void batchAndManifestAnswerPerShipmentWithXPathPointers() {
        String ok = ExpressFixtures.uniqueHouseWaybill();
        String bad = ExpressFixtures.uniqueHouseWaybill();
        String first = payload(example41(ok, "unused"), "shipment").replace(" xmlns:x=\"" + NS + "\"", "");
        String second = payload(example41(bad, "unused"), "shipment").replace(" xmlns:x=\"" + NS + "\"", "")
                .replace("<x:hsCode>691200</x:hsCode>", "<x:hsCode>69AB00</x:hsCode>");
        HttpResponse<String> batch = post11("SubmitShipmentBatch", envelope11("soap-batch-" + ok,
                "<x:SubmitShipmentBatchRequest><x:shipments>" + first + second + "</x:shipments></x:SubmitShipmentBatchRequest>"));
        assertThat(batch.statusCode()).as(batch.body()).isEqualTo(200);
        Document d = dom(batch.body());
        assertThat(d.getElementsByTagNameNS(NS, "result").getLength()).isEqualTo(2);
        assertThat(text(d, NS, "accepted")).isEqualTo("1");
        assertThat(text(d, NS, "rejected")).isEqualTo("1");
        assertThat(text(d, NS, "pointer")).isEqualTo("/shipments/shipment[2]/lineItems/lineItem[1]/hsCode");

        HttpResponse<String> manifest = post11("SubmitManifest", envelope11("soap-manifest-" + ok,
                "<x:SubmitManifestRequest><x:masterAirWaybill>176-12345675</x:masterAirWaybill>"
                        + "<x:flight><x:carrier>ZZ</x:carrier><x:number>ZZ1234</x:number><x:departureAirport>PVG</x:departureAirport>"
                        + "<x:scheduledDeparture>2026-11-24T16:05:00Z</x:scheduledDeparture><x:arrivalAirport>LEJ</x:arrivalAirport>"
                        + "</x:flight><x:houseWaybills><x:houseWaybill>" + ok + "</x:houseWaybill></x:houseWaybills>"
                        + "</x:SubmitManifestRequest>"));
        assertThat(manifest.statusCode()).as(manifest.body()).isEqualTo(200);
        assertThat(dom(manifest.body()).getDocumentElement().getElementsByTagNameNS(NS, "SubmitManifestResponse").getLength())
                .isEqualTo(1);
        assertThat(manifest.body()).contains(ok);
    }

    @Test
    void soapCarrierPullsItsDecisionsWithGetDecisionsAndItsDeclarationNamesTheSoapDialect() throws Exception {
        String hwb = ExpressFixtures.uniqueHouseWaybill();
        HttpResponse<String> submitted = post11("SubmitShipment", example41(hwb, "soap-pull-" + hwb));
        assertThat(submitted.statusCode()).as(submitted.body()).isEqualTo(200);
        String declarationId = text(dom(submitted.body()), NS, "declarationId");
        try (jakarta.jms.Connection c = connectionFactory.createConnection()) {
            c.start();
            jakarta.jms.Session session = c.createSession(false, jakarta.jms.Session.AUTO_ACKNOWLEDGE);
            jakarta.jms.Message m = session.createConsumer(session.createQueue("customs.declarations"),
                    "clearway_declaration_id = '" + declarationId + "'").receive(20_000);
            assertThat(m).isNotNull();
            var declaration = org.clearway.mappings.canonical.CanonicalJson.readDeclaration(m.getBody(byte[].class));
            assertThat(declaration.sources()).singleElement()
                    .satisfies(src -> assertThat(src.dialect()).isEqualTo("CLEARWAY-EXPRESS-SOAP-1"));
        }
        HttpResponse<String> decided = Http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/customs/decisions"))
                .header("Authorization", "Bearer demo-customs-key").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("""
                        {"schema":"urn:clearway:customs-decision-submission:1","specVersion":"1.0",
                         "correlation":{"houseWaybill":"%s"},"kind":"DECISION","status":"RELEASED",
                         "track":"CLEARANCE","final":true,"customsAuthority":{"country":"DE"},
                         "decidedAt":"2026-11-24T10:02:00.000Z"}""".formatted(hwb))).build());
        assertThat(decided.statusCode()).as(decided.body()).isEqualTo(202);

        // follow the cursor from the start until this shipment's event shows up (other tests add events too)
        String found = null;
        for (int attempt = 0; attempt < 50 && found == null; attempt++) {
            String after = "";
            while (found == null) {
                HttpResponse<String> page = post11("GetDecisions", envelope11(null,
                        "<x:GetDecisionsRequest>" + after + "<x:limit>50</x:limit></x:GetDecisionsRequest>"));
                assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
                Document d = dom(page.body());
                var decisions = d.getElementsByTagNameNS(NS, "decision");
                for (int i = 0; i < decisions.getLength(); i++) {
                    Element e = (Element) decisions.item(i);
                    var hw = e.getElementsByTagNameNS(NS, "houseWaybill");
                    if (hw.getLength() > 0 && hwb.equals(hw.item(0).getTextContent())) {
                        found = e.getElementsByTagNameNS(NS, "status").item(0).getTextContent();
                    }
                }
                String next = text(d, NS, "nextCursor");
                if (!"true".equals(text(d, NS, "hasMore")) || next == null) {
                    break;
                }
                after = "<x:after>" + next + "</x:after>";
            }
            if (found == null) {
                Thread.sleep(200);
            }
        }
        assertThat(found).as("the RELEASED event of " + hwb + " through GetDecisions").isEqualTo("RELEASED");
    }

    @Test
    void validationFaultCarriesTheProblemWithXPathPointers() {
        String hwb = ExpressFixtures.uniqueHouseWaybill();
        String envelope = example41(hwb, "soap-it-invalid-" + hwb).replace("<x:hsCode>691200</x:hsCode>", "<x:hsCode>69AB00</x:hsCode>")
                .replace("<x:pieces>1</x:pieces>", "<x:pieces>one</x:pieces>");
        Document d = fault11(post11("SubmitShipment", envelope), "Client", "validation-error");
        assertThat(text(d, null, "faultstring")).isEqualTo("Request content is invalid");
        assertThat(text(d, NS, "status")).isEqualTo("422");
        var errors = d.getElementsByTagNameNS(NS, "error");
        java.util.Map<String, String> codes = new java.util.HashMap<>();
        for (int i = 0; i < errors.getLength(); i++) {
            Element e = (Element) errors.item(i);
            codes.put(e.getElementsByTagNameNS(NS, "pointer").item(0).getTextContent(),
                    e.getElementsByTagNameNS(NS, "code").item(0).getTextContent());
        }
        assertThat(codes).containsEntry("/shipment/lineItems/lineItem[1]/hsCode", "HS_FORMAT")
                .containsEntry("/shipment/pieces", "TYPE");
        assertThat(d.getElementsByTagName("detail").item(0).getFirstChild()).isNotNull();
    }

    @Test
    void idempotencyKeysInHeaderBlockAndHttpHeaderMustAgree() {
        String hwb = ExpressFixtures.uniqueHouseWaybill();
        String envelope = example41(hwb, "soap-it-both-" + hwb);
        Document d = fault11(post11("SubmitShipment", envelope, "Idempotency-Key", "another-key"), "Client", "validation-error");
        assertThat(text(d, NS, "code")).isEqualTo("INCONSISTENT");
        String noKey = envelope.replaceAll("(?s)<soap:Header>.*?</soap:Header>", "");
        fault11(post11("SubmitShipment", noKey), "Client", "idempotency-key-missing");
        HttpResponse<String> httpKeyOnly = post11("SubmitShipment", noKey, "Idempotency-Key", "soap-http-" + hwb);
        assertThat(httpKeyOnly.statusCode()).as(httpKeyOnly.body()).isEqualTo(200);
    }

    @Test
    void soap12IsAcceptedOnTheSameAddressAndFaultsInSoap12() {
        String body = "<env:Envelope xmlns:env=\"" + SOAP12 + "\" xmlns:x=\"" + NS + "\"><env:Body>"
                + "<x:GetShipmentStatusRequest><x:shipmentRef>shp_doesnotexist</x:shipmentRef></x:GetShipmentStatusRequest>"
                + "</env:Body></env:Envelope>";
        HttpResponse<String> r = post("application/soap+xml; charset=utf-8; action=\"" + ACTION + "GetShipmentStatus\"",
                body.getBytes(StandardCharsets.UTF_8));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(500);
        Document d = dom(r.body());
        assertThat(d.getDocumentElement().getNamespaceURI()).isEqualTo(SOAP12);
        assertThat(text(d, SOAP12, "Value")).endsWith(":Sender");
        assertThat(text(d, NS, "type")).endsWith("/not-found");
        assertThat(text(d, NS, "status")).isEqualTo("404");
    }

    @Test
    void doctypeIsRefusedWithoutResolvingAnything(@TempDir Path dir) throws IOException {
        AtomicInteger hits = new AtomicInteger();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            hits.incrementAndGet();
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.start();
        try {
            Path secret = Files.writeString(dir.resolve("secret.txt"), "TOP-SECRET-XXE");
            for (String target : new String[] {"http://127.0.0.1:" + server.getAddress().getPort() + "/xxe", secret.toUri().toString()}) {
                String xxe = "<?xml version=\"1.0\"?><!DOCTYPE soap:Envelope [<!ENTITY xxe SYSTEM \"" + target + "\">]>"
                        + envelope11(null, "<x:GetShipmentStatusRequest><x:shipmentRef>&xxe;</x:shipmentRef></x:GetShipmentStatusRequest>");
                HttpResponse<String> r = post11("GetShipmentStatus", xxe);
                fault11(r, "Client", "xml-forbidden-construct");
                assertThat(r.body()).doesNotContain("TOP-SECRET");
            }
            String external = "<!DOCTYPE soap:Envelope SYSTEM \"http://127.0.0.1:" + server.getAddress().getPort() + "/dtd\">"
                    + envelope11(null, "<x:GetDecisionsRequest/>");
            fault11(post11("GetDecisions", external), "Client", "xml-forbidden-construct");
            assertThat(hits).as("requests that reached the entity / DTD URLs").hasValue(0);
        } finally {
            server.stop(0);
        }
    }

    @Test
    void billionLaughsIsRefusedWithoutExpansion() {
        StringBuilder dtd = new StringBuilder("<!DOCTYPE soap:Envelope [<!ENTITY lol0 \"lol\">");
        for (int i = 1; i <= 9; i++) {
            dtd.append("<!ENTITY lol").append(i).append(" \"").append(("&lol" + (i - 1) + ";").repeat(10)).append("\">");
        }
        String bomb = dtd + "]>" + envelope11(null,
                "<x:GetShipmentStatusRequest><x:shipmentRef>&lol9;</x:shipmentRef></x:GetShipmentStatusRequest>");
        long start = System.nanoTime();
        HttpResponse<String> r = post11("GetShipmentStatus", bomb);
        fault11(r, "Client", "xml-forbidden-construct");
        assertThat((System.nanoTime() - start) / 1_000_000).as("ms").isLessThan(5_000);
        assertThat(r.body()).doesNotContain("lollol");
    }

    @Test
    void tooDeepEnvelopeIsAForbiddenConstruct() {
        String deep = envelope11(null, "<x:a>".repeat(70) + "</x:a>".repeat(70));
        Document d = fault11(post11("GetDecisions", deep), "Client", "xml-forbidden-construct");
        assertThat(text(d, NS, "detail")).contains("64");
    }

    @Test
    void attributesUpToTheSpecLimitPassAndBeyondAreForbidden() {
        // CXF alone would stop at 500 attributes; §1.3 allows 10 000 per element
        StringBuilder attributes = new StringBuilder();
        for (int i = 0; i < 600; i++) {
            attributes.append(" a").append(i).append("=\"v\"");
        }
        String many = envelope11(null, "<x:GetShipmentStatusRequest" + attributes
                + "><x:shipmentRef>shp_unknown</x:shipmentRef></x:GetShipmentStatusRequest>");
        fault11(post11("GetShipmentStatus", many), "Client", "not-found");
        for (int i = 600; i <= 10_000; i++) {
            attributes.append(" a").append(i).append("=\"v\"");
        }
        String tooMany = envelope11(null, "<x:GetShipmentStatusRequest" + attributes
                + "><x:shipmentRef>shp_unknown</x:shipmentRef></x:GetShipmentStatusRequest>");
        fault11(post11("GetShipmentStatus", tooMany), "Client", "xml-forbidden-construct");
    }

    @Test
    void faultsRaisedByCxfItselfCarryTheProblemToo() {
        String unknown = envelope11(null, "<x:TrackParcelRequest><x:shipmentRef>s</x:shipmentRef></x:TrackParcelRequest>");
        Document d = fault11(post11("GetShipmentStatus", unknown), "Client", "validation-error");
        assertThat(text(d, NS, "status")).isEqualTo("422");
    }

    @Test
    void foreignEnvelopeNamespaceIsVersionMismatch() {
        String wrong = "<soap:Envelope xmlns:soap=\"http://example.com/soap-envelope\" xmlns:x=\"" + NS + "\">"
                + "<soap:Body><x:GetDecisionsRequest/></soap:Body></soap:Envelope>";
        fault11(post11("GetDecisions", wrong), "VersionMismatch", null);
    }

    @Test
    void oversizeBodyIs413WithoutEnvelope() {
        long max = 10L * 1024 * 1024;
        byte[] big = new byte[(int) max + 1];
        java.util.Arrays.fill(big, (byte) ' ');
        byte[] start = envelope11(null, "").getBytes(StandardCharsets.UTF_8);
        System.arraycopy(start, 0, big, 0, start.length);
        HttpResponse<String> declared = post11Bytes(HttpRequest.BodyPublishers.ofByteArray(big));
        assertThat(declared.statusCode()).isEqualTo(413);
        assertThat(declared.body()).isEmpty();
        // chunked: no Content-Length, counted while read
        HttpResponse<String> chunked = post11Bytes(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big)));
        assertThat(chunked.statusCode()).isEqualTo(413);
        assertThat(chunked.body()).isEmpty();
    }

    private HttpResponse<String> post11Bytes(HttpRequest.BodyPublisher body) {
        return Http.send(HttpRequest.newBuilder(URI.create(url()))
                .version(java.net.http.HttpClient.Version.HTTP_1_1)
                .header("Authorization", "Bearer " + ExpressFixtures.KEY)
                .header("Content-Type", "text/xml; charset=utf-8")
                .header("SOAPAction", "\"" + ACTION + "GetDecisions\"")
                .POST(body).build());
    }

    @Test
    void missingOrUnknownKeyIsPlain401WrongMediaType415AndWsdlIsPublic() {
        String envelope = envelope11(null, "<x:GetDecisionsRequest/>");
        for (String auth : new String[] {null, "Bearer not-a-known-key-123"}) {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url()))
                    .header("Content-Type", "text/xml; charset=utf-8")
                    .POST(HttpRequest.BodyPublishers.ofString(envelope));
            if (auth != null) {
                b.header("Authorization", auth);
            }
            HttpResponse<String> r = Http.send(b.build());
            assertThat(r.statusCode()).isEqualTo(401);
            assertThat(r.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"clearway\"");
            assertThat(r.body()).isEmpty();
        }
        HttpResponse<String> json = post("application/json", envelope.getBytes(StandardCharsets.UTF_8));
        assertThat(json.statusCode()).isEqualTo(415);
        HttpResponse<String> wsdl = Http.send(HttpRequest.newBuilder(URI.create(url() + "?wsdl")).GET().build());
        assertThat(wsdl.statusCode()).isEqualTo(200);
        Document d = dom(wsdl.body());
        assertThat(d.getDocumentElement().getAttribute("targetNamespace")).isEqualTo(NS);
        assertThat(wsdl.body()).contains(ACTION + "SubmitShipment", ACTION + "CancelShipment", "name=\"problem\"");
    }
}
