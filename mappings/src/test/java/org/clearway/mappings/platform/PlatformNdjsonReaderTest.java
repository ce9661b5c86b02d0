package org.clearway.mappings.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** NDJSON uploads are read line by line: each line stands alone, with its physical line number in every error. */
class PlatformNdjsonReaderTest {
    private static final byte[] SAMPLE = PlatformSamples.bytes("platform-orders.ndjson");

    private static List<OrderResult> read(byte[] bytes, int maxLineBytes) throws IOException {
        List<OrderResult> out = new ArrayList<>();
        new NdjsonOrderReader(maxLineBytes).read(new ByteArrayInputStream(bytes), out::add);
        return out;
    }

    private static byte[] concat(String... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (String p : parts) {
            out.writeBytes(p.getBytes(StandardCharsets.UTF_8));
        }
        return out.toByteArray();
    }

    @Test
    void theSampleGivesTwoValidOrders() throws IOException {
        List<OrderResult> results = read(SAMPLE, 1 << 20);
        assertThat(results).extracting(OrderResult::line).containsExactly(1, 2);
        assertThat(results).allMatch(OrderResult::valid);
        assertThat(results).extracting(OrderResult::orderId).containsExactly("SV-2026-000981", "SV-2026-001502");
    }

    @Test
    void emptyLinesAreSkippedAndAFinalLineWithoutNewlineCounts() throws IOException {
        String[] lines = new String(SAMPLE, StandardCharsets.UTF_8).split("\n");
        List<OrderResult> results = read(concat("\n", lines[0], "\r\n", "   \n\n", lines[1]), 1 << 20);
        assertThat(results).extracting(OrderResult::line).containsExactly(2, 5);
        assertThat(results).allMatch(OrderResult::valid);
    }

    @Test
    void badLinesAreRejectedAloneWithTheirLineNumbers() throws IOException {
        String[] lines = new String(SAMPLE, StandardCharsets.UTF_8).split("\n");
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(concat(lines[0], "\n", "{\"orderId\": \"X\",\n"));
        body.writeBytes(new byte[] {'{', '"', 'a', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}', '\n'});
        body.writeBytes(concat("{\"orderId\":\"" + "x".repeat(300) + "\"}\n", "[1,2]\n",
                lines[1].replace("\"orderVersion\":3", "\"orderVersion\":\"3\""), "\n"));
        List<OrderResult> results = read(body.toByteArray(), 200 + lines[1].length());
        assertThat(results).extracting(OrderResult::line).containsExactly(1, 2, 3, 4, 5, 6);
        assertThat(results.get(0).valid()).isTrue();
        assertThat(results.get(1).problem()).isEqualTo("malformed-json");
        assertThat(results.get(1).errors().get(0).line()).isEqualTo(2);
        assertThat(results.get(1).errors().get(0).detail()).contains("at column");
        assertThat(results.get(2).problem()).isEqualTo("invalid-encoding");
        assertThat(results.get(3).problem()).isEqualTo("validation-error");
        assertThat(results.get(4).errors().get(0).code()).isEqualTo("TYPE");
        assertThat(results.get(5).problem()).isEqualTo("validation-error");
        assertThat(results.get(5).orderId()).isEqualTo("SV-2026-001502");
        assertThat(results.get(5).errors()).singleElement().satisfies(e -> {
            assertThat(e.pointer()).isEqualTo("/orderVersion");
            assertThat(e.code()).isEqualTo("TYPE");
            assertThat(e.line()).isEqualTo(6);
        });
    }

    @Test
    void aLineOverTheLimitIsLineTooLongAndTheNextLineIsStillRead() throws IOException {
        String[] lines = new String(SAMPLE, StandardCharsets.UTF_8).split("\n");
        List<OrderResult> results = read(concat("{\"pad\":\"" + "y".repeat(5000) + "\"}\n", lines[1], "\n"), 2000);
        assertThat(results.get(0).problem()).isEqualTo("line-too-long");
        assertThat(results.get(0).errors().get(0).code()).isEqualTo("MAX_LENGTH");
        assertThat(results.get(1).valid()).isTrue();
        assertThat(results.get(1).line()).isEqualTo(2);
    }

    @Test
    void aByteOrderMarkIsNotToleratedInNdjson() throws IOException {
        byte[] bom = concat("\uFEFF", new String(SAMPLE, StandardCharsets.UTF_8));
        List<OrderResult> results = read(bom, 1 << 20);
        assertThat(results.get(0).problem()).isEqualTo("malformed-json");
        assertThat(results.get(1).valid()).isTrue();
    }
}
