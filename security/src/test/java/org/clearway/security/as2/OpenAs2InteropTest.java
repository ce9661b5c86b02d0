package org.clearway.security.as2;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;

import org.clearway.security.KeyMaterial;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A second independent peer, OpenAS2 2.10.1 (net.sf.openas2:openas2-server), for a few cells in
 * both directions: its BCCryptoHelper secures messages Clearway opens, and opens messages Clearway
 * secures; payload bytes, layers and MICs are compared. OpenAS2 runs in a child JVM
 * ({@link OpenAs2Peer}) on the jars the build copies to {@code target/openas2}, because its
 * javax.mail S/MIME stack cannot share a classpath with as2-lib's jakarta one.
 */
class OpenAs2InteropTest {
    @RegisterExtension
    static final InteropMatrix MATRIX = new InteropMatrix("as2-interop-matrix.md",
            "Security core: Clearway <-> OpenAS2 2.10.1 (BCCryptoHelper, child JVM)");

    private static final Logger LOG = LoggerFactory.getLogger(OpenAs2InteropTest.class);
    private static final Path RUNTIME = Path.of("target", "openas2");

    @TempDir
    static Path dir;

    /** One cell: OpenAS2 digest name (null: unsigned), cipher name (null: unencrypted), compression, payload. */
    record Cell(String digest, String cipher, boolean compress, String contentType, String syntax) {
        @Override
        public String toString() {
            return (digest == null ? "unsigned" : "signed " + digest) + " / " + (cipher == null ? "unencrypted" : cipher)
                    + (compress ? " / zlib before signing" : "") + " / " + syntax + " as " + contentType;
        }

        MicAlgorithm micAlgorithm() {
            return digest != null && digest.equals("sha512") ? MicAlgorithm.SHA512 : MicAlgorithm.SHA256;
        }

        EncryptionAlgorithm encryption() {
            return cipher == null ? null : cipher.equals("aes128") ? EncryptionAlgorithm.AES128_CBC
                    : EncryptionAlgorithm.AES256_CBC;
        }

        byte[] payload() {
            return syntax.equals("UNOY") ? As2LibInteropTest.unoy() : As2LibInteropTest.unoc();
        }
    }

    static Stream<Arguments> cells() {
        List<Arguments> cells = new ArrayList<>();
        cells.add(Arguments.of(new Cell("sha256", "aes128", false, "application/EDIFACT", "UNOC")));
        cells.add(Arguments.of(new Cell("sha512", "aes256", false, "application/EDIFACT", "UNOC")));
        cells.add(Arguments.of(new Cell("sha256", "aes256", true, "application/EDIFACT", "UNOY")));
        cells.add(Arguments.of(new Cell(null, "aes256", false, "application/EDI-consent", "UNOY")));
        return cells.stream();
    }

    @BeforeAll
    static void keys() throws Exception {
        assertThat(RUNTIME.resolve("openas2-server-2.10.1.jar"))
                .as("OpenAS2 runtime copied by the build (maven-dependency-plugin, generate-test-resources)").exists();
        writeKeyStore(As2TestKeys.PARTNER, dir.resolve("partner.p12"));
        writeKeyStore(As2TestKeys.GATEWAY, dir.resolve("gateway.p12"));
        Files.write(dir.resolve("partner.cer"), As2TestKeys.PARTNER.signerCertificate().getEncoded());
        Files.write(dir.resolve("gateway.cer"), As2TestKeys.GATEWAY.signerCertificate().getEncoded());
    }

    @ParameterizedTest(name = "OpenAS2 -> Clearway: {0}")
    @MethodSource("cells")
    void clearwayOpensWhatOpenAs2Sends(Cell cell) throws Exception {
        byte[] payload = cell.payload();
        Path in = Files.write(dir.resolve("payload-" + System.nanoTime()), payload);
        Path mime = dir.resolve("secured-" + System.nanoTime());
        Path result = dir.resolve("secure-" + System.nanoTime() + ".properties");
        peer("secure", in.toString(), cell.contentType(), dash(cell.digest()), dash(cell.cipher()),
                cell.compress() ? "zlib" : "-", dir.resolve("partner.p12").toString(), dir.resolve("gateway.cer").toString(),
                mime.toString(), result.toString());
        Properties sent = properties(result);

        As2Inbound inbound = new As2MessageReader(List.of(As2TestKeys.GATEWAY), As2TestKeys.CLOCK).read(
                entity(Files.readAllBytes(mime)),
                As2TestKeys.partnerPolicy().withRequirements(cell.digest() != null, cell.cipher() != null),
                DispositionNotificationOptions.signed(cell.micAlgorithm()).headerValue());

        assertThat(inbound.payload()).as("byte for byte").isEqualTo(payload);
        assertThat(inbound.payloadContentType()).isEqualTo(cell.contentType());
        assertThat(inbound.signed()).isEqualTo(cell.digest() != null);
        assertThat(inbound.encrypted()).isEqualTo(cell.cipher() != null);
        assertThat(inbound.compressed()).isEqualTo(cell.compress());
        assertSameMic(inbound.mic(), sent.getProperty("mic"));
    }

    @ParameterizedTest(name = "Clearway -> OpenAS2: {0}")
    @MethodSource("cells")
    void openAs2OpensWhatClearwaySends(Cell cell) throws Exception {
        byte[] payload = cell.payload();
        String filename = "GW0000000042.CUSRSP.edi";
        As2Outbound sent = new As2MessageBuilder(As2TestKeys.GATEWAY, As2TestKeys.CLOCK).build(payload, cell.contentType(),
                filename, new As2Protection(cell.digest() == null ? null : cell.micAlgorithm(),
                        cell.compress() ? As2Protection.Compression.BEFORE_SIGNING : As2Protection.Compression.NONE,
                        cell.encryption(), cell.micAlgorithm()), As2TestKeys.partnerPolicy());
        Path mime = Files.write(dir.resolve("clearway-" + System.nanoTime()), sent.entity().asMimeEntity());
        Path out = dir.resolve("opened-" + System.nanoTime());
        Path result = dir.resolve("open-" + System.nanoTime() + ".properties");
        peer("open", mime.toString(), dir.resolve("partner.p12").toString(), dir.resolve("gateway.cer").toString(),
                cell.micAlgorithm() == MicAlgorithm.SHA512 ? "sha512" : "sha256", out.toString(), result.toString());
        Properties opened = properties(result);

        assertThat(Files.readAllBytes(out)).as("byte for byte").isEqualTo(payload);
        assertThat(opened.getProperty("contentType")).isEqualTo(cell.contentType());
        assertThat(opened.getProperty("signed")).isEqualTo(Boolean.toString(cell.digest() != null));
        assertThat(opened.getProperty("compressed")).isEqualTo(Boolean.toString(cell.compress()));
        assertThat(opened.getProperty("filename")).as("the name OpenAS2 stores the payload under").isEqualTo(filename);
        assertSameMic(sent.mic(), opened.getProperty("mic"));
    }

    /**
     * Same digest, same algorithm. OpenAS2 spells the algorithm {@code sha256} (RFC 3851) where
     * Clearway writes {@code sha-256} (RFC 5751); both compare the parsed algorithm and digest
     * (OpenAS2's AS2Util ignores the hyphen, Clearway's MicAlgorithm.fromName reads both).
     */
    private static void assertSameMic(Mic clearway, String openAs2) {
        Mic parsed = Mic.parse(openAs2).orElseThrow(() -> new AssertionError("OpenAS2 MIC not readable: " + openAs2));
        assertThat(parsed.matches(clearway)).as("OpenAS2 %s, Clearway %s", openAs2, clearway.headerValue()).isTrue();
        if (!openAs2.equals(clearway.headerValue())) {
            InteropMatrix.note("MIC digests equal; algorithm spelled '" + openAs2.substring(openAs2.lastIndexOf(',') + 1)
                    .trim() + "' by OpenAS2, '" + clearway.algorithm().micalg() + "' by Clearway (both read either)");
        }
    }

    private static String dash(String value) {
        return value == null ? "-" : value;
    }

    /** Runs {@link OpenAs2Peer} in a JVM on the OpenAS2 runtime and this module's test classes. */
    private static void peer(String... args) throws Exception {
        long started = System.nanoTime();
        OpenAs2Process.run(RUNTIME, Path.of("target", "test-classes"), dir.resolve("peer-" + System.nanoTime() + ".log"), args);
        LOG.debug("OpenAS2 peer {} took {} ms", args[0], (System.nanoTime() - started) / 1_000_000);
    }

    private static Properties properties(Path file) throws IOException {
        return OpenAs2Process.results(file);
    }

    /** What goes over HTTP for an OpenAS2 part: its Content-Type (and CTE) as headers, its body. */
    private static As2Entity entity(byte[] mime) {
        Mime.Entity parsed = Mime.parseEntity(mime);
        byte[] body = java.util.Arrays.copyOfRange(mime, parsed.bodyOffset(), mime.length);
        return new As2Entity(parsed.header("Content-Type"), parsed.header("Content-Transfer-Encoding"), body);
    }

    private static void writeKeyStore(KeyMaterial key, Path file) throws Exception {
        OpenAs2Process.writeKeyStore(key, file);
    }
}
