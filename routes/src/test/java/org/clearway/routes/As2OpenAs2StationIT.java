package org.clearway.routes;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.clearway.routes.TestInterchanges.Item;
import org.clearway.security.as2.InteropMatrix;
import org.clearway.security.as2.OpenAs2Process;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * OpenAS2 2.10.1 as the sending station (issue 11 item 8): its S/MIME code secures a CUSITM for
 * the gateway and its own HTTP client (HTTPUtil.execRequest, what its AS2SenderModule posts with)
 * sends it, asking for an async MDN. OpenAS2's sender takes any 200/201/202/204/206 for a sent
 * message and then waits for the async MDN, ignoring the body; so a refused return URL must come
 * back as another status, or OpenAS2 waits forever and never resends. Runs in a child JVM on the
 * jars the security module's build copies to {@code security/target/openas2}.
 */
class As2OpenAs2StationIT extends As2StationTestBase {
    @RegisterExtension
    static final InteropMatrix MATRIX = new InteropMatrix("as2-station-matrix.md",
            "Station: OpenAS2 2.10.1 (HTTPUtil.execRequest, child JVM) -> Clearway POST /as2, async MDN requests");

    static final Path SECURITY = Path.of("..", "security", "target");

    @TempDir
    static Path dir;

    @BeforeAll
    static void keys() throws Exception {
        assertThat(SECURITY.resolve("openas2").resolve("openas2-server-2.10.1.jar"))
                .as("OpenAS2 runtime copied by the security module's build (build with -pl routes -am)").exists();
        OpenAs2Process.writeKeyStore(As2Peer.POST, dir.resolve("post.p12"));
        Files.write(dir.resolve("gateway.cer"), As2Peer.GATEWAY.signerCertificate().getEncoded());
    }

    @Test
    void refusedAsyncReturnUrlFailsOpenAs2sSend() throws Exception {
        Item item = Item.valid();
        long before = interchanges("AS2-POST");

        Properties answer = openAs2Sends(item, "http://mdn.attacker.example/collect");

        assertThat(answer.getProperty("status")).isEqualTo("400");
        assertThat(answer.getProperty("senderSucceeds")).as("OpenAS2's sender fails (and resends) the message")
                .isEqualTo("false");
        assertThat(answer.getProperty("contentType")).as("the negative MDN, for whoever reads it")
                .startsWith("multipart/signed");
        assertNothingQueued(before, item);
    }

    @Test
    void allowedAsyncReturnUrlIsASuccessfulSendAndTheMdnFollows() throws Exception {
        CompletableFuture<String> mdn = new CompletableFuture<>();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/mdn", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            String type = exchange.getRequestHeaders().getFirst("Content-Type");
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
            try {
                mdn.complete(As2Peer.verifiedDisposition(type, body));
            } catch (Exception e) {
                mdn.completeExceptionally(e);
            }
        });
        server.start();
        try {
            Item item = Item.valid();
            Properties answer = openAs2Sends(item, "http://127.0.0.1:" + server.getAddress().getPort() + "/mdn");

            assertThat(answer.getProperty("status")).isEqualTo("200");
            assertThat(answer.getProperty("senderSucceeds")).isEqualTo("true");
            assertThat(mdn.get(20, TimeUnit.SECONDS)).endsWith("processed");
            assertDeclared(POST_KEY, item);
        } finally {
            server.stop(0);
        }
    }

    /** OpenAS2 signs (SHA-256) and encrypts (AES-256) the item's CUSITM as AS2-POST and posts it. */
    private Properties openAs2Sends(Item item, String receiptUrl) throws Exception {
        String run = UUID.randomUUID().toString();
        Path payload = Files.write(dir.resolve("payload-" + run), As2IngressIT.interchange("AS2POST", item));
        Path secured = dir.resolve("secured-" + run);
        OpenAs2Process.run(SECURITY.resolve("openas2"), SECURITY.resolve("test-classes"), dir.resolve("secure-" + run + ".log"),
                "secure", payload.toString(), "application/EDIFACT", "sha256", "aes256", "-",
                dir.resolve("post.p12").toString(), dir.resolve("gateway.cer").toString(), secured.toString(),
                dir.resolve("secure-" + run + ".properties").toString());
        Path result = dir.resolve("post-" + run + ".properties");
        long started = System.nanoTime();
        OpenAs2Process.run(SECURITY.resolve("openas2"), SECURITY.resolve("test-classes"), dir.resolve("post-" + run + ".log"),
                "post", "http://127.0.0.1:" + port + "/as2", secured.toString(), "AS2-POST", As2Peer.GATEWAY_AS2_ID,
                "<openas2-" + run + "@it>", receiptUrl, result.toString());
        Properties answer = OpenAs2Process.results(result);
        InteropMatrix.note("Receipt-Delivery-Option " + receiptUrl + ": HTTP " + answer.getProperty("status")
                + ", child JVM run " + (System.nanoTime() - started) / 1_000_000 + " ms");
        return answer;
    }
}
