package org.clearway.mappings.postal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import org.clearway.mappings.canonical.CanonicalJson;
import org.clearway.mappings.canonical.Declaration;
import org.clearway.mappings.edifact.InterchangeScanner;
import org.clearway.mappings.edifact.ScanOptions;
import org.clearway.mappings.edifact.ScanResult;
import org.clearway.mappings.edifact.StagedMessage;
import org.clearway.mappings.gw10.CusitmMessage;
import org.clearway.mappings.gw10.CusitmReader;
import org.clearway.mappings.gw10.CusitmValidation;
import org.clearway.mappings.gw10.CusitmValidator;
import org.clearway.mappings.gw10.EdifactReadException;
import org.clearway.mappings.gw10.ValidationSettings;
import org.clearway.mappings.rates.MissingExchangeRateException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Property-based fuzzing of the EDIFACT path (gw10 CUSITM, edifact scanner) as the parse stage
 * runs it: a damaged interchange is answered by the scanner (CONTRL material) or the reader
 * ({@link EdifactReadException}) and never by another exception; an item the validator lets through
 * maps to a canonical declaration that reads back (nothing accepted dies later).
 */
class EdifactReaderProperties {
    private static final Logger LOG = LoggerFactory.getLogger(EdifactReaderProperties.class);
    private static final Map<String, AtomicInteger> COUNTS = new ConcurrentHashMap<>();
    private static final String[] SAMPLES = {"01-minimal-item.edi", "02-two-items-three-pieces.edi",
            "04-multi-message-crlf.edi", "05-una-custom-separators.edi", "06-release-characters.edi",
            "08-unoy-utf8-v4.edi"};
    private static final String[] NASTY = {"", "?", "'", "+", ":", "X".repeat(400), "-1", "0", "9999999999999999.999",
            "ÄÖÜ", "\u0000", "UNB", "UNH+1+CUSITM:D:96B:UN'", "1,5", "20261324", "??'"};

    /** A mutation of an interchange: segment dropped / doubled, element replaced, bytes flipped or cut. */
    record EdiMutation(int sample, int kind, int position, int nasty, byte value) {
    }

    @Provide
    Arbitrary<EdiMutation> mutations() {
        return Combinators.combine(Arbitraries.integers().between(0, SAMPLES.length - 1),
                Arbitraries.integers().between(0, 5), Arbitraries.integers().between(0, 1_000_000),
                Arbitraries.integers().between(0, NASTY.length - 1), Arbitraries.bytes()).as(EdiMutation::new);
    }

    @Property(tries = 800, seed = "1315")
    void damagedInterchangesAreAnsweredNotThrown(@ForAll("mutations") EdiMutation m) {
        byte[] input = mutate(PostalSamples.bytes(SAMPLES[m.sample()]), m);
        List<byte[]> staged = new ArrayList<>();
        ScanResult result = new InterchangeScanner(ScanOptions.permissive()).scan(input, s -> staged.add(s.standaloneInterchange()));
        assertThat(result).isNotNull();
        if (staged.isEmpty()) {
            count("scanner-refused");
            return;
        }
        for (byte[] message : staged) {
            List<CusitmMessage> messages;
            try {
                messages = CusitmReader.readAll(message);
            } catch (EdifactReadException e) {
                count("reader-refused");
                continue;
            }
            for (CusitmMessage cusitm : messages) {
                CusitmValidation v = CusitmValidator.validate(cusitm, new ValidationSettings(Set.of()));
                for (CusitmValidation.ItemValidation iv : v.items()) {
                    if (iv.rejected()) {
                        count("item-rejected");
                        continue;
                    }
                    Declaration d;
                    try {
                        d = CusitmToCanonical.map(cusitm, iv.item(), PostalSamples.context());
                    } catch (MissingExchangeRateException e) {
                        count("item-no-rate");
                        continue;
                    }
                    Declaration back = CanonicalJson.readDeclaration(CanonicalJson.write(d));
                    assertThat(back.declarationId()).isEqualTo(d.declarationId());
                    count("item-accepted");
                }
            }
        }
    }

    static byte[] mutate(byte[] in, EdiMutation m) {
        String text = new String(in, StandardCharsets.ISO_8859_1);
        List<String> segments = new ArrayList<>(List.of(text.split("(?<=[^?]')")));
        int s = m.position() % segments.size();
        switch (m.kind()) {
            case 0 -> segments.remove(s);
            case 1 -> segments.add(s, segments.get(s));
            case 2 -> {
                String[] elements = segments.get(s).split("\\+", -1);
                int e = m.position() % elements.length;
                elements[e] = NASTY[m.nasty()];
                segments.set(s, String.join("+", elements));
            }
            case 3 -> {
                byte[] b = in.clone();
                b[m.position() % b.length] ^= (byte) (m.value() == 0 ? 0x41 : m.value());
                return b;
            }
            case 4 -> {
                return java.util.Arrays.copyOf(in, m.position() % in.length);
            }
            default -> {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                int at = m.position() % in.length;
                out.write(in, 0, at);
                out.writeBytes(NASTY[m.nasty()].getBytes(StandardCharsets.UTF_8));
                out.write(in, at, in.length - at);
                return out.toByteArray();
            }
        }
        return String.join("", segments).getBytes(StandardCharsets.ISO_8859_1);
    }

    private static void count(String outcome) {
        COUNTS.computeIfAbsent(outcome, k -> new AtomicInteger()).incrementAndGet();
    }

    @AfterContainer
    static void report() {
        new java.util.TreeMap<>(COUNTS).forEach((k, v) -> LOG.info("fuzz EDIFACT reader: {} = {}", k, v.get()));
    }
}
