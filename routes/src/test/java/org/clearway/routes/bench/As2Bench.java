package org.clearway.routes.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.helger.as2lib.crypto.ECryptoAlgorithmCrypt;
import com.helger.as2lib.crypto.ECryptoAlgorithmSign;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.clearway.routes.As2Peer;
import org.clearway.routes.ClearwayApplication;
import org.clearway.routes.TestInterchangesAccess;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * AS2 ingress throughput (run with {@code mvn -B -Pbench verify -pl routes -Dit.test=As2Bench}
 * after {@code mvn -B install -DskipTests}): phax as2-lib sends signed (SHA-256) and encrypted
 * (AES-256-CBC) CUSITM to {@code POST /as2} asking for a signed sync MDN; prints AS2 messages/s
 * for ~1 KB payloads ({@code -Dbench.as2.small}, default 200, 4 in flight) and ~1 MB payloads
 * ({@code -Dbench.as2.large}, default 10, 2 in flight), and the per-request latency. A message
 * counts when its positive MDN has been verified by as2-lib, i.e. after its declarations were
 * durably staged; the pipeline behind {@code gw.parse} keeps working meanwhile on the same cores.
 */
@SpringBootTest(classes = ClearwayApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
                "spring.config.additional-location=optional:file:../config/",
                // config/application.yml names config/rules relative to the repository root
                "clearway.rules.directory=../config/rules",
                "logging.level.org.clearway=WARN",
                "logging.level.com.helger=WARN",
                "logging.level.org.apache.camel=ERROR",
                "logging.level.org.clearway.routes.bench=INFO",
                "clearway.partners.AS2-BENCH.role=POSTAL",
                "clearway.partners.AS2-BENCH.api-keys[0]=as2-bench-key-1234",
                "clearway.partners.AS2-BENCH.edifact.sender-id=AS2BENCH",
                "clearway.partners.AS2-BENCH.drop-directory=false",
                "clearway.partners.AS2-BENCH.as2.as2-id=AS2-BENCH",
                "clearway.as2.as2-id=" + As2Peer.GATEWAY_AS2_ID,
                "clearway.as2.keystore-password=" + As2Peer.KEYSTORE_PASSWORD
        })
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class As2Bench {
    private static final Logger log = LoggerFactory.getLogger(As2Bench.class);
    private static final Path DATA_DIR = BenchSupport.dataDir("clearway-as2-bench-");

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws Exception {
        registry.add("clearway.data-dir", DATA_DIR::toString);
        Path keystore = As2Peer.writeGatewayKeystore(DATA_DIR);
        Path certificate = As2Peer.writeCertificate(DATA_DIR, "as2-bench", As2Peer.POST);
        registry.add("clearway.as2.keystore", keystore::toString);
        registry.add("clearway.partners.AS2-BENCH.as2.certificates[0]", certificate::toString);
    }

    @LocalServerPort
    int port;

    @Test
    @Order(1)
    void smallPayloads() throws Exception {
        run("1 KB", Integer.getInteger("bench.as2.small", 200), 4, 1);
    }

    @Test
    @Order(2)
    void largePayloads() throws Exception {
        run("1 MB", Integer.getInteger("bench.as2.large", 10), 2, 1700);
    }

    private void run(String label, int n, int inFlight, int messagesPerInterchange) throws Exception {
        List<byte[]> payloads = new ArrayList<>();
        for (int i = 0; i < n + 2; i++) {
            payloads.add(interchange(messagesPerInterchange));
        }
        // warm-up: two messages outside the measurement
        for (int i = 0; i < 2; i++) {
            assertThat(send(payloads.get(i)).processed()).isTrue();
        }
        ExecutorService executor = Executors.newFixedThreadPool(inFlight);
        long[] latencies = new long[n];
        long started = System.nanoTime();
        try {
            List<Future<As2Peer.Result>> results = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                byte[] payload = payloads.get(i + 2);
                results.add(executor.submit(() -> send(payload)));
            }
            for (int i = 0; i < n; i++) {
                As2Peer.Result result = results.get(i).get();
                assertThat(result.processed()).as(result.disposition() + " " + result.exception()).isTrue();
                assertThat(result.micMatched()).isTrue();
                assertThat(result.mdnSigner()).isEqualTo(As2Peer.GATEWAY.signerCertificate());
                latencies[i] = result.millis();
            }
        } finally {
            executor.shutdownNow();
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        Arrays.sort(latencies);
        log.info("BENCH AS2 {} signed+encrypted, signed sync MDN: {} messages ({} bytes each) in {} s = {} messages/s, "
                        + "{} in flight; latency median {} ms, p90 {} ms, max {} ms",
                label, n, payloads.get(2).length, String.format("%.2f", seconds), String.format("%.1f", n / seconds),
                inFlight, latencies[n / 2], latencies[(int) (n * 0.9)], latencies[n - 1]);
    }

    private As2Peer.Result send(byte[] payload) throws Exception {
        // as2-lib's default Message-ID is the second plus 4 random digits: at this rate two messages of one
        // second collide now and then, and the gateway rightly refuses a reused Message-ID with other content
        return As2Peer.send(port, As2Peer.Send.strict("AS2-BENCH", As2Peer.POST).withSecurity(
                ECryptoAlgorithmSign.DIGEST_SHA_256, ECryptoAlgorithmCrypt.CRYPT_AES256_CBC, false)
                .withMessageId("bench-" + java.util.UUID.randomUUID() + "@AS2-BENCH"), payload);
    }

    private static byte[] interchange(int messages) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        TestInterchangesAccess.write(out, TestInterchangesAccess.reference("AS2B"), messages, 1);
        return out.toString(StandardCharsets.ISO_8859_1).replace("+DEPOSTGW:ZZZ+", "+AS2BENCH:ZZZ+")
                .getBytes(StandardCharsets.ISO_8859_1);
    }
}
