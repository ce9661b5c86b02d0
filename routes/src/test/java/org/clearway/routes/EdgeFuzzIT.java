package org.clearway.routes;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * HTTP-level fuzzing of every endpoint with seeded mutations of the spec samples (issue 13): the
 * express JSON and batch, the SOAP envelope, platform orders and bulk uploads, postal EDIFACT,
 * customs decisions, query parameters and path ids, raw path spellings and header bytes. Each
 * kind runs on its own partner (per-partner rate limits) with a time budget; afterwards: no 5xx,
 * no request without an answer within 15 s, and no shipment the edge refused reached customs. The
 * counts per input kind and status are logged for the closing note.
 */
class EdgeFuzzIT extends GatewayIT {
    private static final Logger log = LoggerFactory.getLogger(EdgeFuzzIT.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.withExactBigDecimals(true);
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final long SEED = 1313L;
    /** Per kind: the time budget (all kinds run in parallel, so the whole run stays under a minute). */
    private static final Duration BUDGET = Duration.ofSeconds(45);

    private final Map<String, Map<Integer, AtomicInteger>> counts = new ConcurrentHashMap<>();
    private final List<String> failures = Collections.synchronizedList(new ArrayList<>());
    private final Set<String> refusedWaybills = ConcurrentHashMap.newKeySet();

    @Test
    void noMutatedInputGetsA5xxHangsOrReachesCustoms() throws Exception {
        String cursor = drainCustomsPull(null);
        long started = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(6);
        List<Future<?>> runs = new ArrayList<>();
        runs.add(pool.submit(() -> expressJson(new Random(SEED), 650)));
        runs.add(pool.submit(() -> soapAndBatch(new Random(SEED + 1), 550)));
        runs.add(pool.submit(() -> platform(new Random(SEED + 2), 500)));
        runs.add(pool.submit(() -> postal(new Random(SEED + 3), 200)));
        runs.add(pool.submit(() -> decisions(new Random(SEED + 4), 250)));
        runs.add(pool.submit(() -> parametersAndRaw(new Random(SEED + 5), 450)));
        for (Future<?> run : runs) {
            run.get(120, TimeUnit.SECONDS);
        }
        pool.shutdown();
        long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started);
        int total = 0;
        for (var kind : new TreeMap<>(counts).entrySet()) {
            int n = kind.getValue().values().stream().mapToInt(AtomicInteger::get).sum();
            total += n;
            log.info("fuzz HTTP {}: {} requests, by status {} (-500 = SOAP client fault, HTTP 500 by §4)", kind.getKey(), n,
                    new TreeMap<>(kind.getValue()));
        }
        log.info("fuzz HTTP total: {} requests in {} s, {} refused express waybills tracked", total, seconds,
                refusedWaybills.size());
        assertThat(failures).as("5xx or unanswered").isEmpty();
        // a few thousand on an idle machine; the pacing and budget cap it, a loaded box (load 20+ on 2 cores) managed about 1 000
        assertThat(total).isGreaterThan(500);
        assertThat(seconds).isLessThan(60);

        // give the pipeline time to deliver what was accepted, then check nothing refused reached customs
        Http.pause(4000);
        List<String> emitted = new ArrayList<>();
        drainCustomsPullInto(cursor, emitted);
        for (String body : emitted) {
            for (String hwb : refusedWaybills) {
                assertThat(body).as("refused waybill " + hwb + " reached customs").doesNotContain("\"" + hwb + "\"");
            }
        }
        log.info("fuzz HTTP customs check: {} declarations emitted to PULL-CUSTOMS during the run, none of a refused request",
                emitted.size());
    }

    // ---- kinds -----------------------------------------------------------------------------------

    private void expressJson(Random random, int max) {
        ObjectNode sample = toNl(ExpressFixtures.shipment("express-shipment-eu-ioss.json"));
        pace(max, 45, i -> {
            ObjectNode s = sample.deepCopy();
            String hwb = ExpressFixtures.uniqueHouseWaybill();
            s.put("houseWaybill", hwb);
            JsonNode mutated = mutate(s, random);
            byte[] body = random.nextInt(6) == 0 ? damage(write(mutated), random) : write(mutated);
            int status = send("express-json", HttpRequest.newBuilder(uri("/v1/express/shipments"))
                    .header("Authorization", "Bearer " + ExpressFixtures.KEY)
                    .header("Content-Type", "application/json").header("Idempotency-Key", "fz-" + hwb)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
            if (status >= 400 && status != 429 && !new String(body, StandardCharsets.UTF_8).contains(hwb + hwb)) {
                refusedWaybills.add(hwb);
            }
        });
    }

    private void soapAndBatch(Random random, int max) {
        String envelope = ExpressSoapIT.example41("1234567891", "k").replace("<x:country>DE</x:country>", "<x:country>NL</x:country>");
        ObjectNode batch = (ObjectNode) ExpressFixtures.sample("express-batch.json");
        pace(max, 45, i -> {
            if (i % 4 == 3) {
                JsonNode mutated = mutate(batch, random);
                send("express-batch", HttpRequest.newBuilder(uri("/v1/express/shipments:batch"))
                        .header("Authorization", "Bearer other-express-key-1").header("Content-Type", "application/json")
                        .header("Idempotency-Key", "fzb-" + i + "-" + SEED).POST(HttpRequest.BodyPublishers.ofByteArray(write(mutated))));
                return;
            }
            String hwb = ExpressFixtures.uniqueHouseWaybill();
            String xml = mutateXml(envelope.replace("<x:houseWaybill>1234567891</x:houseWaybill>",
                    "<x:houseWaybill>" + hwb + "</x:houseWaybill>").replace("<x:IdempotencyKey>k</x:IdempotencyKey>",
                    "<x:IdempotencyKey>fzs-" + hwb + "</x:IdempotencyKey>"), random);
            byte[] body = random.nextInt(5) == 0 ? damage(xml.getBytes(StandardCharsets.UTF_8), random)
                    : xml.getBytes(StandardCharsets.UTF_8);
            int status = send("soap", HttpRequest.newBuilder(uri(i % 7 == 0 ? "/soap;v=1/express/v1" : "/soap/express/v1"))
                    .header("Authorization", "Bearer " + ExpressFixtures.KEY)
                    .header("Content-Type", random.nextInt(8) == 0 ? "application/soap+xml; charset=utf-8" : "text/xml; charset=utf-8")
                    .header("SOAPAction", "\"urn:clearway:express:soap:1#" + (random.nextInt(10) == 0 ? "Nope" : "SubmitShipment") + "\"")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
            if (status >= 400 && status != 429 && status != 200) {
                refusedWaybills.add(hwb);
            }
        });
    }

    private void platform(Random random, int max) {
        String ndjson = JsonSamples.text("platform-orders.ndjson");
        String csv = JsonSamples.text("platform-orders.csv");
        ObjectNode order = (ObjectNode) read(ndjson.split("\n")[0]);
        pace(max, 45, i -> {
            if (i % 10 == 9) {
                boolean useCsv = random.nextBoolean();
                // order ids of their own: the sample's ids belong to the platform ITs sharing this gateway
                String ids = "FZB" + i + "-";
                String sample = (useCsv ? csv : ndjson).replace("SV-2026-", ids).replace("KB-778", ids);
                byte[] body = damage(sample.getBytes(StandardCharsets.UTF_8), random);
                send("platform-bulk", HttpRequest.newBuilder(uri("/v1/platform/orders:bulk"))
                        .header("Authorization", "Bearer demo-platform-key")
                        .header("Content-Type", useCsv ? "text/csv; charset=utf-8" : "application/x-ndjson")
                        .header("Idempotency-Key", "fzu-" + i + "-" + System.nanoTime())
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
                return;
            }
            String orderId = "FZ-" + SEED + "-" + i + "-" + System.nanoTime() % 100000;
            ObjectNode o = order.deepCopy().put("orderId", orderId);
            send("platform-order", HttpRequest.newBuilder(uri("/v1/platform/orders/" + orderId))
                    .header("Authorization", "Bearer demo-platform-key").header("Content-Type", "application/json")
                    .header("Idempotency-Key", "fzo-" + orderId)
                    .PUT(HttpRequest.BodyPublishers.ofByteArray(write(mutate(o, random)))));
        });
    }

    private void postal(Random random, int max) {
        byte[] sample = resource("/postal/04-multi-message-crlf.edi");
        String text = new String(sample, StandardCharsets.ISO_8859_1);
        pace(max, 40, i -> {
            // a fresh interchange reference each time, so a mutation is not merely a duplicate (X018)
            byte[] fresh = text.replace("DP0000000004", String.format("FZ%010d", (System.nanoTime() / 1000) % 10_000_000_000L))
                    .getBytes(StandardCharsets.ISO_8859_1);
            send("postal-edifact", HttpRequest.newBuilder(uri("/v1/postal/interchanges"))
                    .header("Authorization", "Bearer demo-post-key").header("Content-Type", "application/EDIFACT")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(damageEdifact(fresh, random))));
        });
    }

    private void decisions(Random random, int max) {
        ObjectNode submission = (ObjectNode) read("{\"schema\":\"urn:clearway:customs-decision-submission:1\",\"specVersion\":\"1.0\","
                + "\"backendDecisionRef\":\"FZ\",\"declarationId\":\"0193f1c2-7a4e-7c3b-9d2e-5b1a0c9e4f99\","
                + "\"kind\":\"DECISION\",\"status\":\"REJECTED\",\"track\":\"CLEARANCE\",\"final\":true,"
                + "\"customsAuthority\":{\"country\":\"NL\",\"officeRef\":\"NL000001\"},"
                + "\"decidedAt\":\"2026-11-24T10:03:00.000Z\",\"reason\":{\"code\":\"X\",\"text\":\"refused\"}}");
        pace(max, 45, i -> {
            ObjectNode s = submission.deepCopy().put("backendDecisionRef", "FZ-" + SEED + "-" + i);
            send("customs-decision", HttpRequest.newBuilder(uri("/v1/customs/decisions"))
                    .header("Authorization", "Bearer pull-customs-key-123").header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(random.nextInt(4) == 0
                            ? damage(write(s), random) : write(mutate(s, random)))));
        });
    }

    private void parametersAndRaw(Random random, int max) {
        String[][] endpoints = {
                {"GET", "/v1/customs/declarations?limit=%s&after=%s", "pull-customs-key-123"},
                {"GET", "/v1/admin/dead-letters/gw.parse?limit=%s", "it-admin-key-0123"},
                {"GET", "/v1/admin/trace?ingressId=%s&s10ItemId=%s", "it-admin-key-0123"},
                {"GET", "/v1/admin/pending?state=%s&after=%s&limit=%s", "it-admin-key-0123"},
                {"GET", "/v1/admin/deliveries?state=%s&after=%s&limit=%s", "it-admin-key-0123"},
                {"GET", "/v1/admin/deliveries/%s", "it-admin-key-0123"},
                {"GET", "/v1/admin/webhook-events?state=%s&partner=%s&after=%s", "it-admin-key-0123"},
                {"GET", "/v1/admin/as2-deliveries?state=%s&partner=%s&limit=%s", "it-admin-key-0123"},
                {"GET", "/v1/platform/uploads/%s?fromLine=%s&limit=%s", "demo-platform-key"},
                {"GET", "/v1/platform/orders/%s", "demo-platform-key"},
                {"DELETE", "/v1/platform/orders/%s", "demo-platform-key"},
                {"GET", "/v1/express/shipments/%s", "hold-express-key-1"},
                {"DELETE", "/v1/express/shipments/%s", "hold-express-key-1"},
                {"GET", "/v1/express/shipments?houseWaybill=%s", "hold-express-key-1"},
                {"GET", "/v1/decisions?after=%s&limit=%s&status=%s", "hold-express-key-1"},
                {"GET", "/v1/decisions/%s", "hold-express-key-1"},
                {"GET", "/v1/postal/items/%s", "demo-post-key"},
                {"GET", "/v1/postal/outbox/%s", "demo-post-key"},
                {"POST", "/v1/postal/outbox/%s/ack", "demo-post-key"},
                {"GET", "/v1/webhooks/config?x=%s", "hold-express-key-1"},
                {"GET", "/soap/express/v1?%s", null},
                {"POST", "/error?x=%s", null},
                {"GET", "/%s", null}};
        String[] prefixes = {"/soap", "/as2", "/v1/express", "/v1/platform", "/v1/customs", "/v1/postal", "/v1/decisions"};
        pace(max, 40, i -> {
            if (i % 3 == 0) {
                // raw path spellings and header bytes over a plain socket
                String prefix = prefixes[random.nextInt(prefixes.length)];
                String path = EdgeHardeningIT.spellings(prefix + "/x").get(random.nextInt(5)) + (random.nextBoolean() ? "" : "/" + token(random));
                StringBuilder head = new StringBuilder(random.nextBoolean() ? "POST " : "GET ").append(path.replace(" ", "%20"))
                        .append(" HTTP/1.1\r\nHost: x\r\nConnection: close\r\n");
                if (random.nextBoolean()) {
                    head.append("Idempotency-Key: ").append(token(random).replace("\r", "").replace("\n", "")).append("\r\n");
                }
                head.append("Content-Type: ").append(random.nextBoolean() ? "text/xml" : "application/json").append("\r\n");
                head.append("Content-Length: 2\r\n\r\n{}");
                long t0 = System.nanoTime();
                RawHttp.Response r = RawHttp.exchange(port, head.toString().getBytes(StandardCharsets.ISO_8859_1), null);
                record("raw-path-header", r.status(), "raw " + head.toString().split("\r\n")[0], t0);
                return;
            }
            String[] e = endpoints[random.nextInt(endpoints.length)];
            Object[] args = new Object[3];
            for (int a = 0; a < 3; a++) {
                args[a] = java.net.URLEncoder.encode(token(random), StandardCharsets.UTF_8);
            }
            HttpRequest.Builder b = HttpRequest.newBuilder(uri(String.format(e[0].equals("x") ? "" : e[1], args)))
                    .method(e[0], e[0].equals("GET") ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(""))
                    .header("Idempotency-Key", "fzp-" + i + "-" + SEED);
            if (e[2] != null) {
                b.header("Authorization", "Bearer " + e[2]);
            }
            send("parameters-ids", b);
        });
    }

    // ---- mutations -------------------------------------------------------------------------------

    private static final List<JsonNode> NASTY = List.of(NODES.textNode(""), NODES.textNode(" "), NODES.nullNode(),
            NODES.booleanNode(false), NODES.numberNode(0), NODES.numberNode(-1),
            NODES.numberNode(new java.math.BigDecimal("12345678901234567890.1234567")), NODES.textNode("\uD800"),
            NODES.textNode("\u0000"), NODES.textNode("x".repeat(5000)), NODES.textNode("de"), NODES.textNode("UK"),
            NODES.textNode("4111 1111 1111 1111"), NODES.arrayNode(), NODES.objectNode(),
            NODES.arrayNode().add(NODES.nullNode()), NODES.textNode("<!DOCTYPE x>"), NODES.textNode("1e3"));

    private static String token(Random random) {
        String[] tokens = {"", "abc", "-1", "0", "1.5", "99999999999999999999", "A".repeat(300), "%00", "\u00e9",
                "..", "../../etc/passwd", "'\"<>", "\uD83D\uDE00", "e:12", "ZTox", "gw.parse", "1e3", " ", "null"};
        return random.nextInt(4) == 0 ? Long.toString(random.nextLong(), 36) : tokens[random.nextInt(tokens.length)];
    }

    static JsonNode mutate(JsonNode root, Random random) {
        JsonNode copy = root.deepCopy();
        int rounds = 1 + random.nextInt(3);
        for (int r = 0; r < rounds; r++) {
            List<String> pointers = new ArrayList<>();
            collect(copy, "", pointers);
            if (pointers.isEmpty()) {
                return copy;
            }
            String pointer = pointers.get(random.nextInt(pointers.size()));
            String parentPointer = pointer.substring(0, pointer.lastIndexOf('/'));
            String last = pointer.substring(pointer.lastIndexOf('/') + 1).replace("~1", "/").replace("~0", "~");
            JsonNode parent = parentPointer.isEmpty() ? copy : copy.at(parentPointer);
            JsonNode value = random.nextInt(3) == 0 ? NODES.textNode(Long.toString(random.nextLong(), 36))
                    : NASTY.get(random.nextInt(NASTY.size()));
            boolean remove = random.nextInt(5) == 0;
            if (parent instanceof ObjectNode o) {
                if (remove) {
                    o.remove(last);
                } else {
                    o.set(last, value);
                }
            } else if (parent instanceof ArrayNode a) {
                if (remove) {
                    a.remove(Integer.parseInt(last));
                } else {
                    a.set(Integer.parseInt(last), value);
                }
            }
        }
        return copy;
    }

    private static void collect(JsonNode node, String at, List<String> out) {
        if (node.isObject()) {
            for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
                String name = it.next();
                String p = at + "/" + name.replace("~", "~0").replace("/", "~1");
                out.add(p);
                collect(node.get(name), p, out);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                out.add(at + "/" + i);
                collect(node.get(i), at + "/" + i, out);
            }
        }
    }

    static byte[] damage(byte[] in, Random random) {
        byte[] b = in.clone();
        switch (random.nextInt(5)) {
            case 0 -> b[random.nextInt(b.length)] ^= (byte) (1 + random.nextInt(255));
            case 1 -> b = java.util.Arrays.copyOf(b, random.nextInt(b.length));
            case 2 -> {
                byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
                byte[] out = new byte[b.length + 3];
                System.arraycopy(bom, 0, out, 0, 3);
                System.arraycopy(b, 0, out, 3, b.length);
                b = out;
            }
            case 3 -> {
                int at = random.nextInt(b.length);
                byte[] junk = {(byte) 0xC3, (byte) 0x28, 0, '"', '\\', '{', (byte) 0xFF};
                byte[] out = new byte[b.length + junk.length];
                System.arraycopy(b, 0, out, 0, at);
                System.arraycopy(junk, 0, out, at, junk.length);
                System.arraycopy(b, at, out, at + junk.length, b.length - at);
                b = out;
            }
            default -> {
                String s = new String(b, StandardCharsets.UTF_8);
                int q = s.indexOf("\":\"", random.nextInt(Math.max(1, s.length())));
                b = (q < 0 ? s : s.substring(0, q + 3) + "\\uDC00" + s.substring(q + 3)).getBytes(StandardCharsets.UTF_8);
            }
        }
        return b;
    }

    static String mutateXml(String xml, Random random) {
        List<int[]> texts = new ArrayList<>();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile(">([^<>]+)</").matcher(xml);
        while (m.find()) {
            texts.add(new int[] {m.start(1), m.end(1)});
        }
        int[] t = texts.get(random.nextInt(texts.size()));
        String[] values = {"", " ", "-1", "0", "12345678901234567890123", "de", "UK", "\u0000", "x".repeat(5000), "1e3",
                "<![CDATA[x]]>", "&amp;", "&#0;", "<y>1</y>", "&xxe;"};
        return switch (random.nextInt(4)) {
            case 0, 1 -> xml.substring(0, t[0]) + values[random.nextInt(values.length)] + xml.substring(t[1]);
            case 2 -> xml.replaceFirst("<soap:Header>", random.nextBoolean() ? "<soap:Header><q:U xmlns:q=\"urn:q\" "
                    + "soap:mustUnderstand=\"1\"/>" : "<soap:Header><!DOCTYPE d>");
            default -> xml.replaceFirst("<x:(lineItem|routing|receiver|shipper)>", "<x:zz>");
        };
    }

    private static byte[] damageEdifact(byte[] in, Random random) {
        String text = new String(in, StandardCharsets.ISO_8859_1);
        List<String> segments = new ArrayList<>(List.of(text.split("(?<=[^?]')")));
        int s = random.nextInt(segments.size());
        switch (random.nextInt(5)) {
            case 0 -> segments.remove(s);
            case 1 -> segments.add(s, segments.get(s));
            case 2 -> {
                String[] elements = segments.get(s).split("\\+", -1);
                String[] nasty = {"", "?", "X".repeat(300), "-1", "ÄÖ", "9999999999999999.999", "20261399", "UNB"};
                elements[random.nextInt(elements.length)] = nasty[random.nextInt(nasty.length)];
                segments.set(s, String.join("+", elements));
            }
            case 3 -> {
                return java.util.Arrays.copyOf(in, random.nextInt(in.length));
            }
            default -> {
                byte[] b = in.clone();
                b[random.nextInt(b.length)] ^= (byte) (1 + random.nextInt(255));
                return b;
            }
        }
        return String.join("", segments).getBytes(StandardCharsets.ISO_8859_1);
    }

    // ---- plumbing --------------------------------------------------------------------------------

    private interface Step {
        void run(int i) throws Exception;
    }

    /** Runs up to {@code max} steps at about {@code perSecond}, stopping at the time budget. */
    private void pace(int max, int perSecond, Step step) {
        long start = System.nanoTime();
        long deadline = start + BUDGET.toNanos();
        for (int i = 0; i < max && System.nanoTime() < deadline; i++) {
            long due = start + i * 1_000_000_000L / perSecond;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                Http.pause(wait / 1_000_000);
            }
            try {
                step.run(i);
            } catch (Exception e) {
                failures.add("step " + i + " threw " + e);
            }
        }
    }

    private int send(String kind, HttpRequest.Builder request) {
        HttpRequest r = request.timeout(Duration.ofSeconds(15)).build();
        long t0 = System.nanoTime();
        try {
            HttpResponse<String> response = CLIENT.send(r, HttpResponse.BodyHandlers.ofString());
            int status = response.statusCode();
            if (status == 500 && r.uri().getPath().contains("soap") && clientFault(response.body())) {
                // PARTNER-APIS §4: every SOAP fault travels as HTTP 500; a client fault is the right answer
                counts.computeIfAbsent(kind, k -> new ConcurrentHashMap<>()).computeIfAbsent(-500, x -> new AtomicInteger())
                        .incrementAndGet();
                return status;
            }
            record(kind, status, r.method() + " " + r.uri() + " -> " + abbreviate(response.body()), t0);
            return status;
        } catch (java.net.http.HttpTimeoutException e) {
            record(kind, -1, r.method() + " " + r.uri() + " timed out", t0);
            return -1;
        } catch (IOException e) {
            // a refused connection after a 413 and the like: the server answered or closed, it did not hang
            record(kind, 0, r.method() + " " + r.uri() + " " + e, t0);
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A SOAP fault of the sender's making: Client/Sender, MustUnderstand or VersionMismatch, never Server/Receiver. */
    private static boolean clientFault(String body) {
        return body != null && !body.contains("soap:Server") && !body.contains("Receiver")
                && (body.contains("soap:Client") || body.contains("MustUnderstand") || body.contains("VersionMismatch")
                        || body.contains("Sender"));
    }

    private void record(String kind, int status, String what, long t0) {
        counts.computeIfAbsent(kind, k -> new ConcurrentHashMap<>()).computeIfAbsent(status, s -> new AtomicInteger())
                .incrementAndGet();
        if (status >= 500 || status < 0) {
            failures.add(kind + " " + status + " after " + (System.nanoTime() - t0) / 1_000_000 + " ms: " + what);
        }
    }

    private static String abbreviate(String s) {
        return s == null ? "" : s.length() > 300 ? s.substring(0, 300) + "..." : s;
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    private static ObjectNode toNl(ObjectNode s) {
        ((ObjectNode) s.at("/route")).put("destinationCountry", "NL");
        ((ObjectNode) s.at("/receiver/address")).put("country", "NL").put("postcode", "1011AB").put("city", "Amsterdam");
        if (s.has("vat")) {
            s.remove("vat");
        }
        return s;
    }

    private static byte[] write(JsonNode n) {
        try {
            return JSON.writeValueAsBytes(n);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode read(String s) {
        try {
            return JSON.readTree(s);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] resource(String name) {
        try (InputStream in = EdgeFuzzIT.class.getResourceAsStream(name)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Pages the PULL-CUSTOMS cursor to its end; returns the last cursor. */
    private String drainCustomsPull(String after) {
        return drainCustomsPullInto(after, new ArrayList<>());
    }

    private String drainCustomsPullInto(String after, List<String> bodies) {
        String cursor = after;
        for (int page = 0; page < 1000; page++) {
            JsonNode p = Http.json(Http.get(port, "/v1/customs/declarations?limit=1000"
                    + (cursor == null ? "" : "&after=" + cursor), "pull-customs-key-123").body());
            for (JsonNode item : p.get("items")) {
                bodies.add(new String(Base64.getDecoder().decode(item.get("body").asText()), StandardCharsets.UTF_8));
            }
            String next = p.get("nextCursor").asText();
            if (p.get("items").isEmpty() || next.equals(cursor)) {
                return next;
            }
            cursor = next;
        }
        return cursor;
    }
}
