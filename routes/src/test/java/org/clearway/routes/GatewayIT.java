package org.clearway.routes;

import jakarta.jms.ConnectionFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.citrusframework.http.client.HttpClient;
import org.citrusframework.http.endpoint.builder.HttpEndpoints;
import org.citrusframework.jms.endpoint.JmsEndpoint;
import org.citrusframework.jms.endpoint.JmsEndpointBuilder;
import org.clearway.routes.store.TestDatabases;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The running gateway for the Citrus end-to-end tests: the shipped configuration from
 * {@code ../config} (demo partners) plus a second postal partner for isolation tests, two AS2 postal
 * partners (AS2-POST strict, AS2-OPEN without required security; AS2-ASYNC outbound with async MDNs) with keys from {@link As2Peer}, an embedded
 * persistent broker and database under a fresh data directory (or a fresh PostgreSQL database,
 * {@link TestDatabases#postgres()}). All ITs share this one context.
 */
@SpringBootTest(classes = ClearwayApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
                "spring.config.additional-location=optional:file:../config/",
                "server.address=127.0.0.1",
                "camel.main.shutdown-timeout=5",
                "clearway.limits.interchange-max-bytes=4000000",
                "clearway.pipeline.maximum-redeliveries=1",
                "clearway.gateway.admin-api-key=it-admin-key-0123",
                // Boot's test support turns metric exporters off; OperationsIT reads the Prometheus scrape
                "management.prometheus.metrics.export.enabled=true",
                "clearway.pipeline.redelivery-delay=50ms",
                "clearway.partners.OTHER-POST.role=POSTAL",
                "clearway.partners.OTHER-POST.api-keys[0]=other-post-key-123",
                "clearway.partners.OTHER-POST.edifact.sender-id=OTHERPOST",
                "clearway.partners.OTHER-POST.edifact.qualifier=ZZZ",
                "clearway.partners.OTHER-POST.drop-directory=false",
                "clearway.pipeline.http-retry-initial=200ms",
                "clearway.pipeline.http-retry-max=1s",
                // the HTTP push outbox looks for due jobs often (a new job wakes it at once anyway)
                "clearway.delivery.poll-interval=200ms",
                "clearway.routing.destinations.AT=PUSH-CUSTOMS",
                "clearway.partners.PUSH-CUSTOMS.role=CUSTOMS",
                "clearway.partners.PUSH-CUSTOMS.api-keys[0]=push-customs-key-123",
                "clearway.partners.PUSH-CUSTOMS.customs.backend-id=PUSH-CUSTOMS",
                "clearway.partners.PUSH-CUSTOMS.customs.country=AT",
                "clearway.partners.PUSH-CUSTOMS.customs.currency=EUR",
                "clearway.partners.PUSH-CUSTOMS.customs.channel=HTTP",
                "clearway.routing.destinations.NL=PULL-CUSTOMS",
                "clearway.partners.PULL-CUSTOMS.role=CUSTOMS",
                "clearway.partners.PULL-CUSTOMS.api-keys[0]=pull-customs-key-123",
                "clearway.partners.PULL-CUSTOMS.customs.backend-id=PULL-CUSTOMS",
                "clearway.partners.PULL-CUSTOMS.customs.country=NL",
                "clearway.partners.PULL-CUSTOMS.customs.currency=EUR",
                "clearway.partners.PULL-CUSTOMS.customs.channel=PULL",
                "clearway.routing.destinations.BE=SIGNING-CUSTOMS",
                "clearway.partners.SIGNING-CUSTOMS.role=CUSTOMS",
                "clearway.partners.SIGNING-CUSTOMS.api-keys[0]=signing-customs-key-1",
                "clearway.partners.SIGNING-CUSTOMS.customs.backend-id=SIGNING-CUSTOMS",
                "clearway.partners.SIGNING-CUSTOMS.customs.country=BE",
                "clearway.partners.SIGNING-CUSTOMS.customs.channel=PULL",
                "clearway.partners.SIGNING-CUSTOMS.customs.require-signed-decisions=true",
                // a backend that takes the canonical XML form (customs-format seam, issue 12)
                "clearway.routing.destinations.LU=XML-CUSTOMS",
                "clearway.partners.XML-CUSTOMS.role=CUSTOMS",
                "clearway.partners.XML-CUSTOMS.api-keys[0]=xml-customs-key-123",
                "clearway.partners.XML-CUSTOMS.customs.backend-id=XML-CUSTOMS",
                "clearway.partners.XML-CUSTOMS.customs.country=LU",
                "clearway.partners.XML-CUSTOMS.customs.channel=PULL",
                "clearway.partners.XML-CUSTOMS.customs.format=canonical-xml-v1",
                "clearway.partners.OTHER-EXPRESS.role=EXPRESS",
                "clearway.partners.OTHER-EXPRESS.api-keys[0]=other-express-key-1",
                "clearway.partners.OTHER-EXPRESS.drop-directory=false",
                "clearway.partners.OTHER-EXPRESS.express.carrier-codes[0]=OTHR",
                // the demo carrier declares at once in the tests; HOLD-EXPRESS has a short hold window (§7.2)
                "clearway.partners.DEMO-EXPRESS.hold-window=0s",
                "clearway.partners.HOLD-EXPRESS.role=EXPRESS",
                "clearway.partners.HOLD-EXPRESS.api-keys[0]=hold-express-key-1",
                "clearway.partners.HOLD-EXPRESS.drop-directory=false",
                "clearway.partners.HOLD-EXPRESS.hold-window=3s",
                "clearway.partners.HOLD-EXPRESS.express.carrier-codes[0]=HOLD",
                "clearway.partners.DEMO-PLATFORM.platform.linkable-carrier-codes[0]=ACME",
                "clearway.partners.DEMO-PLATFORM.platform.linkable-carrier-codes[1]=HOLD",
                "clearway.partners.DEMO-PLATFORM.platform.linkable-carrier-codes[2]=CNPOST",
                // OTHER-POST declares items of a post no platform may link (refused links, §7.1)
                "clearway.partners.OTHER-POST.postal.operator-codes[0]=XXPOST",
                "clearway.pipeline.hold-poll-interval=200ms",
                "clearway.api.webhooks.retry-schedule=1s,2s",
                "clearway.api.webhooks.poll-interval=200ms",
                "clearway.api.upload.max-bytes=3000000",
                "clearway.api.upload.max-line-bytes=65536",
                "clearway.api.upload.chunk=3",
                "clearway.partners.AS2-POST.role=POSTAL",
                "clearway.partners.AS2-POST.api-keys[0]=as2-post-key-1234",
                "clearway.partners.AS2-POST.edifact.sender-id=AS2POST",
                "clearway.partners.AS2-POST.edifact.qualifier=ZZZ",
                "clearway.partners.AS2-POST.drop-directory=false",
                "clearway.partners.AS2-POST.as2.as2-id=AS2-POST",
                "clearway.partners.AS2-POST.as2.max-request-bytes=6000000",
                "clearway.partners.AS2-POST.as2.max-decompressed-bytes=4000000",
                "clearway.partners.AS2-POST.as2.mdn.async-allowed=true",
                "clearway.partners.AS2-POST.as2.mdn.async-hosts[0]=127.0.0.1",
                "clearway.partners.AS2-OPEN.role=POSTAL",
                "clearway.partners.AS2-OPEN.api-keys[0]=as2-open-key-1234",
                "clearway.partners.AS2-OPEN.edifact.sender-id=AS2OPEN",
                "clearway.partners.AS2-OPEN.edifact.qualifier=ZZZ",
                "clearway.partners.AS2-OPEN.drop-directory=false",
                "clearway.partners.AS2-OPEN.as2.as2-id=AS2-OPEN",
                "clearway.partners.AS2-OPEN.as2.require-signature=false",
                "clearway.partners.AS2-OPEN.as2.require-encryption=false",
                // AS2-ASYNC receives its outbox by AS2 with async MDNs, a short MDN wait and two sends (As2AsyncMdnIT)
                "clearway.partners.AS2-ASYNC.role=POSTAL",
                "clearway.partners.AS2-ASYNC.api-keys[0]=as2-async-key-1234",
                "clearway.partners.AS2-ASYNC.edifact.sender-id=AS2ASYNC",
                "clearway.partners.AS2-ASYNC.edifact.qualifier=ZZZ",
                "clearway.partners.AS2-ASYNC.drop-directory=false",
                "clearway.partners.AS2-ASYNC.as2.as2-id=AS2-ASYNC",
                "clearway.partners.AS2-ASYNC.as2.mdn.outbound-mode=async",
                "clearway.partners.AS2-ASYNC.as2.mdn.async-timeout=3s",
                "clearway.partners.AS2-ASYNC.as2.mdn.max-attempts=2",
                "clearway.as2.as2-id=" + As2Peer.GATEWAY_AS2_ID,
                "clearway.as2.outbound-poll-interval=200ms",
                "clearway.as2.keystore-password=" + As2Peer.KEYSTORE_PASSWORD,
                // rule packs (issue 15) loaded from a copy of ../config/rules (RulePackAdminIT edits it) but
                // not applied: the ITs' expected flags predate them and the clock is real
                "clearway.rules.apply=false",
                // PENDING declarations (PendingDeclarationsIT): a short bound so the refusal is seen
                "clearway.pending.max-age=45s",
                "clearway.pending.poll-interval=2s",
                // the dialect seam (issue 12): a dialect of the test tree, switched on by configuration
                // only, and the express carrier that sends it (TestLineDialectIT)
                "clearway.dialects.testline.enabled=true",
                "clearway.partners.LINE-CARRIER.role=EXPRESS",
                "clearway.partners.LINE-CARRIER.api-keys[0]=line-carrier-key-1",
                "clearway.partners.LINE-CARRIER.drop-directory=false",
                "clearway.partners.LINE-CARRIER.express.carrier-codes[0]=LINE"
        })
abstract class GatewayIT {
    static final Path DATA_DIR;

    static {
        try {
            DATA_DIR = Files.createTempDirectory("clearway-it-");
        } catch (IOException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Port of the Citrus HTTP server that plays the push backend PUSH-CUSTOMS (destination AT). */
    static final int PUSH_PORT = freePort();

    /** Port of the AS2 station that plays AS2-OPEN's receiver in As2OutboundIT. */
    static final int AS2_PARTNER_PORT = freePort();

    /** Port of the AS2 station that plays AS2-ASYNC's receiver (async MDNs) in As2AsyncMdnIT. */
    static final int AS2_ASYNC_PORT = freePort();

    /** The key of the customs backend SIGNING-CUSTOMS, which signs its decisions (its certificate is trusted). */
    static final org.clearway.security.KeyMaterial BACKEND_KEY = org.clearway.security.SigningKeys.generateDevelopment(
            org.clearway.security.KeyAlgorithm.EC_P256, java.time.Clock.systemUTC());

    @DynamicPropertySource
    static void dataDir(DynamicPropertyRegistry registry) throws IOException {
        registry.add("clearway.data-dir", DATA_DIR::toString);
        Path rules = Files.createDirectories(DATA_DIR.resolve("rules"));
        for (String f : new String[] {"eu.yml", "us.yml"}) {
            Files.copy(Path.of("../config/rules").resolve(f), rules.resolve(f),
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        registry.add("clearway.rules.directory", rules::toString);
        // an ECB rate file first in the table; it quotes only currencies no other IT declares
        // (PendingDeclarationsIT adds some and reloads), the shipped exchange-rates map answers the rest
        Path rates = PendingDeclarationsIT.writeRates(DATA_DIR.resolve("rates"));
        registry.add("clearway.rates.sources[0].source", () -> "ECB");
        registry.add("clearway.rates.sources[0].file", rates::toString);
        // mvn -Ppostgres: the same tests against a fresh PostgreSQL database instead of H2
        TestDatabases.postgres().ifPresent(pg -> {
            registry.add("spring.datasource.url", pg::url);
            registry.add("spring.datasource.username", pg::user);
            registry.add("spring.datasource.password", pg::password);
        });
        Path trusted = Files.writeString(DATA_DIR.resolve("signing-customs.pem"),
                org.clearway.security.Pem.write(BACKEND_KEY.chain()));
        registry.add("clearway.partners.SIGNING-CUSTOMS.customs.trusted-certificates[0]", trusted::toString);
        try {
            Path keystore = As2Peer.writeGatewayKeystore(DATA_DIR);
            Path post = As2Peer.writeCertificate(DATA_DIR, "as2-post", As2Peer.POST);
            Path open = As2Peer.writeCertificate(DATA_DIR, "as2-open", As2Peer.OPEN);
            registry.add("clearway.as2.keystore", keystore::toString);
            registry.add("clearway.partners.AS2-POST.as2.certificates[0]", post::toString);
            registry.add("clearway.partners.AS2-OPEN.as2.certificates[0]", open::toString);
            registry.add("clearway.partners.AS2-OPEN.as2.url", () -> "http://127.0.0.1:" + AS2_PARTNER_PORT + "/as2");
            Path async = As2Peer.writeCertificate(DATA_DIR, "as2-async", As2Peer.ASYNC);
            registry.add("clearway.partners.AS2-ASYNC.as2.certificates[0]", async::toString);
            registry.add("clearway.partners.AS2-ASYNC.as2.url", () -> "http://127.0.0.1:" + AS2_ASYNC_PORT + "/as2");
        } catch (Exception e) {
            throw new IllegalStateException("AS2 test keys", e);
        }
        registry.add("clearway.partners.PUSH-CUSTOMS.customs.push-url",
                () -> "http://127.0.0.1:" + PUSH_PORT + "/declarations");
    }

    private static int freePort() {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @LocalServerPort
    int port;

    @Autowired
    ConnectionFactory connectionFactory;

    HttpClient gateway;
    JmsEndpoint customsQueue;
    JmsEndpoint customsDecisions;

    @BeforeEach
    void endpoints() {
        gateway = HttpEndpoints.http().client().requestUrl("http://127.0.0.1:" + port).timeout(30_000).build();
        customsQueue = new JmsEndpointBuilder().connectionFactory(connectionFactory)
                .destination("customs.declarations").timeout(20_000).build();
        customsDecisions = new JmsEndpointBuilder().connectionFactory(connectionFactory)
                .destination("customs.decisions").timeout(20_000).build();
    }
}
