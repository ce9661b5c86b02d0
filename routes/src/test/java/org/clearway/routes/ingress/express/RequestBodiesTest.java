package org.clearway.routes.ingress.express;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPOutputStream;
import org.clearway.routes.support.ApiProblem;
import org.junit.jupiter.api.Test;

/** Body limits of PARTNER-APIS §1.3: counted while streaming, gzip bombs cut off before they inflate. */
class RequestBodiesTest {

    @Test
    void plainBodyWithinTheLimitIsReadWhole() throws IOException {
        byte[] body = "{\"a\":1}".getBytes(StandardCharsets.UTF_8);
        assertThat(RequestBodies.readCapped(new ByteArrayInputStream(body), 7)).isEqualTo(body);
    }

    @Test
    void plainBodyOneByteOverTheLimitIs413() {
        assertThatThrownBy(() -> RequestBodies.readCapped(new ByteArrayInputStream(new byte[8]), 7))
                .isInstanceOfSatisfying(ApiProblem.class, p -> assertThat(p.slug()).isEqualTo("payload-too-large"));
    }

    @Test
    void gzipWithinRatioAndLimitInflates() throws IOException {
        byte[] raw = "{\"houseWaybill\":\"ABC123\",\"note\":\"ordinary json compresses a few times\"}"
                .getBytes(StandardCharsets.UTF_8);
        assertThat(RequestBodies.inflate(new ByteArrayInputStream(gzip(raw)), 1000, 100)).isEqualTo(raw);
    }

    @Test
    void gzipBombIsRefusedByRatioLongBeforeItInflates() throws IOException {
        byte[] bomb = gzip(new byte[50_000_000]);
        assertThat(bomb.length).isLessThan(100_000);
        Runtime rt = Runtime.getRuntime();
        assertThatThrownBy(() -> RequestBodies.inflate(new ByteArrayInputStream(bomb), 1_000_000_000L, 100))
                .isInstanceOfSatisfying(ApiProblem.class, p -> {
                    assertThat(p.slug()).isEqualTo("payload-too-large");
                    assertThat(p.getMessage()).contains("100:1");
                });
        assertThat(rt.totalMemory()).isPositive();
    }

    @Test
    void gzipOverTheSizeLimitIs413EvenAtAModestRatio() throws IOException {
        byte[] random = new byte[200_000];
        new java.util.Random(7).nextBytes(random);
        assertThatThrownBy(() -> RequestBodies.inflate(new ByteArrayInputStream(gzip(random)), 100_000, 100))
                .isInstanceOfSatisfying(ApiProblem.class, p -> assertThat(p.getMessage()).contains("100000"));
    }

    @Test
    void truncatedGzipIs400() throws IOException {
        byte[] gz = gzip("{\"a\":\"some text to compress\"}".getBytes(StandardCharsets.UTF_8));
        byte[] cut = java.util.Arrays.copyOf(gz, gz.length / 2);
        assertThatThrownBy(() -> RequestBodies.inflate(new ByteArrayInputStream(cut), 1000, 100))
                .isInstanceOfSatisfying(ApiProblem.class, p -> assertThat(p.status().value()).isEqualTo(400));
    }

    @Test
    void invalidUtf8Is400InvalidEncoding() {
        assertThat(RequestBodies.utf8("Jürgen".getBytes(StandardCharsets.UTF_8))).isEqualTo("Jürgen");
        assertThatThrownBy(() -> RequestBodies.utf8("Jürgen".getBytes(StandardCharsets.ISO_8859_1)))
                .isInstanceOfSatisfying(ApiProblem.class, p -> assertThat(p.slug()).isEqualTo("invalid-encoding"));
    }

    private static byte[] gzip(byte[] raw) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(raw);
        }
        return out.toByteArray();
    }
}
