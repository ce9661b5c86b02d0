package org.clearway.routes.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.xlate.edi.stream.EDIInputFactory;
import io.xlate.edi.stream.EDIStreamEvent;
import io.xlate.edi.stream.EDIStreamReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.clearway.routes.TestInterchangesAccess;
import org.clearway.security.DetachedCmsSigner;
import org.clearway.security.KeyAlgorithm;
import org.clearway.security.SigningKeys;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The raw limits of the building blocks, measured in the same run as Clearway's figures (issue 12,
 * step 7): the persistent 5-hop Artemis chain with one message per transaction and with 100, StAEDI
 * tokenising the bench's 10,000-item interchange, and Bouncy Castle detached CMS signatures with
 * the gateway's key type (ECDSA P-256, a development key as the gateway generates it). Recorded in
 * {@link BenchTable}; the latency of the chain at Clearway's load is measured by {@link PipelineBench}.
 */
class RawLimitsBench {
    private static final Logger log = LoggerFactory.getLogger(RawLimitsBench.class);
    /** The gateway's journal buffer timeout ({@code clearway.broker.journal-buffer-timeout-ns}). */
    static final int BUFFER_TIMEOUT_NS = Integer.getInteger("bench.journal-buffer-timeout-ns", 500_000);

    @Test
    void artemisChain() throws Exception {
        int single = Integer.getInteger("bench.chain.single", 5_000);
        int batched = Integer.getInteger("bench.chain.batched", 50_000);
        try (ArtemisChain chain = new ArtemisChain(BenchSupport.dataDir("clearway-chain-"), BUFFER_TIMEOUT_NS)) {
            chain.throughput(1_000, 100); // warm-up
            double one = chain.throughput(single, 1);
            double hundred = chain.throughput(batched, 100);
            log.info("BENCH raw Artemis {}-hop chain, {} B persistent messages, journal sync on: {} msg/s at 1 msg/tx; "
                    + "{} msg/s at 100 msg/tx", ArtemisChain.HOPS, ArtemisChain.MESSAGE_BYTES, Math.round(one), Math.round(hundred));
            BenchTable.limit("chain-1", "Artemis 5-hop chain, 1 KiB, 1 msg/tx", one, "msg/s");
            BenchTable.limit("chain-100", "Artemis 5-hop chain, 1 KiB, 100 msg/tx", hundred, "msg/s");
            assertThat(one).isPositive();
        }
    }

    @Test
    void staediTokenising() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int items = 10 * 1000;
        TestInterchangesAccess.write(out, TestInterchangesAccess.reference("RAWL"), 10, 1000);
        byte[] interchange = out.toByteArray();
        EDIInputFactory factory = EDIInputFactory.newFactory();
        factory.setProperty(EDIInputFactory.EDI_VALIDATE_CONTROL_CODE_VALUES, false);
        factory.setProperty(EDIInputFactory.EDI_IGNORE_EXTRANEOUS_CHARACTERS, true);
        double best = 0;
        long segments = 0;
        for (int round = 0; round < 6; round++) {
            long started = System.nanoTime();
            segments = 0;
            try (EDIStreamReader reader = factory.createEDIStreamReader(new ByteArrayInputStream(interchange),
                    StandardCharsets.ISO_8859_1.name())) {
                while (reader.hasNext()) {
                    if (reader.next() == EDIStreamEvent.START_SEGMENT) {
                        segments++;
                    }
                }
            }
            best = Math.max(best, interchange.length / ((System.nanoTime() - started) / 1e9));
        }
        double perItem = interchange.length / (double) items;
        log.info("BENCH raw StAEDI: {} bytes, {} segments, {} items: {} MB/s = {} items/s", interchange.length, segments,
                items, String.format("%.1f", best / 1e6), Math.round(best / perItem));
        BenchTable.limit("staedi-mb", "StAEDI tokenising the 10,000-item interchange", best / 1e6, "MB/s");
        BenchTable.limit("staedi-items", "StAEDI tokenising, as items", best / perItem, "items/s");
        assertThat(segments).isGreaterThan(items);
    }

    @Test
    void cmsSignatures() throws Exception {
        Path dir = BenchSupport.dataDir("clearway-keys-");
        DetachedCmsSigner signer = new DetachedCmsSigner(
                SigningKeys.loadOrGenerateDevelopment(dir, KeyAlgorithm.EC_P256, Clock.systemUTC()));
        byte[] content = new byte[3 * 1024]; // about one signed canonical declaration
        java.util.Arrays.fill(content, (byte) '{');
        int threads = Runtime.getRuntime().availableProcessors();
        long millis = Long.getLong("bench.cms.millis", 3_000);
        for (int i = 0; i < 500; i++) {
            signer.sign(content); // warm-up
        }
        AtomicLong signed = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        long started = System.nanoTime();
        long until = started + millis * 1_000_000;
        List<Future<?>> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            workers.add(pool.submit(() -> {
                while (System.nanoTime() < until) {
                    signer.sign(content);
                    signed.incrementAndGet();
                }
            }));
        }
        for (Future<?> f : workers) {
            f.get();
        }
        pool.shutdown();
        double perSecond = signed.get() / ((System.nanoTime() - started) / 1e9);
        log.info("BENCH raw CMS: {} detached {} signatures/s on {} threads ({} B content)", Math.round(perSecond),
                signer.algorithm(), threads, content.length);
        BenchTable.limit("cms", "Bouncy Castle detached CMS, ECDSA P-256, " + threads + " threads", perSecond, "signatures/s");
        assertThat(signed.get()).isPositive();
    }
}
