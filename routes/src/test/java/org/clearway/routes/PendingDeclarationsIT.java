package org.clearway.routes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.citrusframework.actions.ReceiveMessageAction.Builder.receive;
import static org.citrusframework.actions.ReceiveTimeoutAction.Builder.expectTimeout;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import org.citrusframework.TestCaseRunner;
import org.citrusframework.annotations.CitrusResource;
import org.citrusframework.annotations.CitrusTest;
import org.citrusframework.junit.jupiter.CitrusSupport;
import org.clearway.mappings.canonical.CanonicalJson;
import org.clearway.mappings.canonical.Declaration;
import org.clearway.mappings.gw10.CusrspInterchange;
import org.clearway.mappings.gw10.CusrspItemDecision;
import org.clearway.mappings.gw10.CusrspReader;
import org.clearway.routes.TestInterchanges.Item;
import org.junit.jupiter.api.Test;

/**
 * PENDING declarations (issue 13, CANONICAL-MODEL §4): a CUSITM item whose currency the rate table
 * does not know waits alone while the other items of its message reach customs; it is visible in
 * the item status, the trace, the metric and the admin list; an ECB rate file with the currency,
 * reloaded without a restart, releases it to customs exactly once and the post gets the customs
 * decision's CUSRSP; an item still unresolvable at its deadline ({@code clearway.pending.max-age},
 * 45 s here) is refused with a CUSRSP 90. The same for an express shipment.
 */
@CitrusSupport
class PendingDeclarationsIT extends GatewayIT {
    private static final String ADMIN = "it-admin-key-0123";
    /** ECB quotes per 1 EUR; the file quotes only currencies no other IT declares. */
    private static final Map<String, String> QUOTED = new TreeMap<>(Map.of("SEK", "11.4385"));
    private static final Map<String, String> KNOWN = Map.of("HUF", "402.35", "PLN", "4.2715", "ISK", "151.90",
            "CZK", "25.118");
    private static Path ratesFile;

    /** Writes the ECB file of the currencies quoted so far (called once by GatewayIT at start). */
    static synchronized Path writeRates(Path dir) {
        try {
            Files.createDirectories(dir);
            ratesFile = dir.resolve("eurofxref-daily.xml");
            StringBuilder cubes = new StringBuilder();
            QUOTED.forEach((c, r) -> cubes.append("\t\t\t<Cube currency='").append(c).append("' rate='").append(r)
                    .append("'/>\n"));
            Files.writeString(ratesFile, """
                    <?xml version="1.0" encoding="UTF-8"?>
                    <gesmes:Envelope xmlns:gesmes="http://www.gesmes.org/xml/2002-08-01" xmlns="http://www.ecb.int/vocabulary/2002-08-01/eurofxref">
                    \t<gesmes:subject>Reference rates</gesmes:subject>
                    \t<gesmes:Sender><gesmes:name>European Central Bank</gesmes:name></gesmes:Sender>
                    \t<Cube>
                    \t\t<Cube time='2026-11-19'>
                    """ + cubes + """
                    \t\t</Cube>
                    \t</Cube>
                    </gesmes:Envelope>
                    """, StandardCharsets.UTF_8);
            return ratesFile;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Adds a currency to the rate file (as an operator would) and reloads the rates over the admin API. */
    private JsonNode quoteAndReload(String currency) {
        synchronized (PendingDeclarationsIT.class) {
            QUOTED.put(currency, KNOWN.get(currency));
            writeRates(ratesFile.getParent());
        }
        HttpResponse<String> r = Http.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/v1/admin/exchange-rates:reload"))
                .header("Authorization", "Bearer " + ADMIN).POST(HttpRequest.BodyPublishers.noBody()).build());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return Http.json(r.body());
    }

    /** A message of the items, item {@code odd} (1-based) declared in {@code currency} instead of GBP. */
    private static byte[] interchange(String controlRef, int odd, String currency, Item... items) {
        return interchange(controlRef, TestInterchanges.reference("TEST-"), "9", odd, currency, items);
    }

    private static byte[] interchange(String controlRef, String bgmNumber, String function, int odd, String currency,
                                      Item... items) {
        List<String> segments = new ArrayList<>(TestInterchanges.message("1", bgmNumber, function, List.of(items)));
        boolean inside = false;
        for (int i = 0; i < segments.size(); i++) {
            String s = segments.get(i);
            if (s.startsWith("CNI+")) {
                inside = s.startsWith("CNI+" + odd + "+");
            }
            if (inside && s.startsWith("MOA+")) {
                segments.set(i, s.replace(":GBP", ":" + currency));
            }
        }
        return TestInterchanges.interchange(controlRef, List.of(segments));
    }

    private JsonNode submit(byte[] edi) {
        HttpResponse<String> r = ExpressFixtures.post(port, "/v1/postal/interchanges", "demo-post-key", null,
                "application/EDIFACT", edi);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        return Http.json(r.body());
    }

    private static JsonNode await(String what, java.util.function.Supplier<JsonNode> read, Predicate<JsonNode> done,
                                  Duration within) {
        Instant deadline = Instant.now().plus(within);
        JsonNode last = null;
        while (Instant.now().isBefore(deadline)) {
            last = read.get();
            if (done.test(last)) {
                return last;
            }
            Http.pause(250);
        }
        throw new AssertionError(what + " not seen within " + within + "; last: " + last);
    }

    private static double gauge(String scrape, String reason) {
        for (String line : scrape.split("\n")) {
            if (line.startsWith("clearway_pending_declarations{") && line.contains("reason=\"" + reason + "\"")) {
                return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        throw new AssertionError("no clearway_pending_declarations{reason=" + reason + "} in the scrape");
    }

    /** Sends the call and checks the answer against the served OpenAPI document {@code name}. */
    private HttpResponse<String> documented(String name, String method, String path, String key) {
        OpenApiContract contract = OpenApiContract.of(OpenApiContract.document("openapi/" + name + ".yaml"),
                "openapi/" + name + ".yaml");
        HttpResponse<String> r = Http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", "Bearer " + key)
                .method(method, HttpRequest.BodyPublishers.noBody()).build());
        Map<String, List<String>> headers = new java.util.LinkedHashMap<>();
        r.headers().map().forEach((k, v) -> headers.put(k.toLowerCase(java.util.Locale.ROOT), v));
        contract.assertAnswerConforms(new OpenApiContract.Call(method, path, Map.of("Authorization", "Bearer " + key),
                null), new OpenApiContract.Answer(r.statusCode(), headers, r.body()));
        return r;
    }

    private String trace(String s10) {
        return Http.get(port, "/v1/admin/trace?s10ItemId=" + s10, ADMIN).body();
    }

    @Test
    @CitrusTest
    void anItemWithoutARateWaitsAloneAndIsReleasedOnceByAReload(@CitrusResource TestCaseRunner runner) {
        Item first = Item.valid();
        Item odd = new Item(TestInterchanges.s10("CP", "GB"), "DE", "15000.00");
        Item last = Item.valid();
        JsonNode accepted = submit(interchange(TestInterchanges.reference("PND"), 2, "HUF", first, odd, last));
        String ingressId = accepted.get("ingressId").asText();
        JsonNode items = accepted.at("/messages/0/items");
        assertThat(items).hasSize(3);
        String oddId = items.get(1).get("declarationId").asText();
        runner.variable("firstId", items.get(0).get("declarationId").asText());
        runner.variable("lastId", items.get(2).get("declarationId").asText());
        runner.variable("oddId", oddId);

        // the items before and after the one without a rate reach customs as before
        runner.$(receive(customsQueue).selector("clearway_declaration_id = '${firstId}'").message());
        runner.$(receive(customsQueue).selector("clearway_declaration_id = '${lastId}'").message());

        // the odd one is PENDING, with its reason, in the item status, trace, metric and admin list
        JsonNode status = await("item PENDING", () -> Http.itemStatus(port, odd.s10()),
                s -> "PENDING".equals(s.at("/declarations/0/state").asText()), Duration.ofSeconds(20));
        assertThat(status.at("/declarations/0/declarationId").asText()).isEqualTo(oddId);
        assertThat(status.at("/declarations/0/pending/0/reason").asText()).isEqualTo("EXCHANGE_RATE");
        assertThat(status.at("/declarations/0/pending/0/detail").asText()).contains("HUF", "EUR");
        assertThat(status.at("/declarations/0/revisions")).isEmpty();
        assertThat(trace(odd.s10())).contains("\"pending\"", "EXCHANGE_RATE");
        assertThat(gauge(Http.get(port, "/actuator/prometheus", null).body(), "EXCHANGE_RATE")).isGreaterThanOrEqualTo(1);
        documented("clearway-postal-v1", "GET", "/v1/postal/items/" + odd.s10(), "demo-post-key");
        JsonNode listed = Http.json(documented("clearway-admin-v1", "GET",
                "/v1/admin/pending?partnerId=DEMO-POST&limit=1000", ADMIN).body());
        assertThat(listed.get("items").findValuesAsText("declarationId")).contains(oddId);
        assertThat(listed.at("/counts/EXCHANGE_RATE").asInt()).isGreaterThanOrEqualTo(1);
        assertThat(Http.get(port, "/v1/admin/pending?limit=x", ADMIN).statusCode()).isEqualTo(400);
        assertThat(Http.get(port, "/v1/admin/pending", "demo-post-key").statusCode()).isIn(401, 403);
        runner.$(expectTimeout(customsQueue).selector("clearway_declaration_id = '${oddId}'").timeout(2000));

        // the operator adds the rate to the ECB file and reloads: no restart, the item goes to customs once
        JsonNode reload = quoteAndReload("HUF");
        assertThat(reload.get("loaded").asBoolean()).isTrue();
        runner.$(receive(customsQueue).selector("clearway_declaration_id = '${oddId}'").message().name("odd"));
        runner.$(context -> {
            Declaration d = CanonicalJson.readDeclaration(
                    context.getMessageStore().getMessage("odd").getPayload(byte[].class));
            assertThat(d.correlation().s10ItemId()).isEqualTo(odd.s10());
            assertThat(d.exchangeRates()).anySatisfy(r -> {
                assertThat(r.from()).isEqualTo("HUF");
                assertThat(r.to()).isEqualTo("EUR");
                assertThat(r.source().name()).isEqualTo("ECB");
            });
        });
        runner.$(expectTimeout(customsQueue).selector("clearway_declaration_id = '${oddId}'").timeout(4000));
        JsonNode released = Http.itemStatus(port, odd.s10());
        assertThat(released.at("/declarations/0/pending/0/state").asText()).isEqualTo("RELEASED");
        assertThat(released.at("/declarations/0/revisions")).hasSize(1);
        assertThat(trace(odd.s10())).contains("\"released\"", "\"signed\"", "\"delivered\"");

        // customs decides on the released item: the post gets its CUSRSP like for any other item
        HttpResponse<String> decided = ExpressFixtures.post(port, "/v1/customs/decisions", "demo-customs-key", null,
                "application/json", ("""
                        {"schema":"urn:clearway:customs-decision-submission:1","specVersion":"1.0",
                         "backendDecisionRef":"PND-%s","declarationId":"%s",
                         "kind":"DECISION","status":"RELEASED","track":"CLEARANCE","final":true,
                         "customsAuthority":{"country":"DE"},"decidedAt":"2026-11-24T10:05:00.000Z"}""")
                        .formatted(oddId, oddId).getBytes(StandardCharsets.UTF_8));
        assertThat(decided.statusCode()).as(decided.body()).isEqualTo(202);
        CusrspInterchange cusrsp = CusrspReader.read(Http.awaitOutbox(port, "demo-post-key", "CUSRSP", ingressId));
        CusrspItemDecision answer = cusrsp.messages().get(0).items().get(0);
        assertThat(answer.s10()).isEqualTo(odd.s10());
        assertThat(answer.decisionCode()).isEqualTo("10");
    }

    @Test
    @CitrusTest
    void anItemStillWithoutARateAtItsDeadlineIsRefusedWithACusrsp(@CitrusResource TestCaseRunner runner) {
        Item fine = Item.valid();
        Item odd = new Item(TestInterchanges.s10("CP", "GB"), "DE", "6100.00");
        JsonNode accepted = submit(interchange(TestInterchanges.reference("PNR"), 2, "ISK", fine, odd));
        String ingressId = accepted.get("ingressId").asText();
        runner.variable("fineId", accepted.at("/messages/0/items/0/declarationId").asText());
        runner.variable("oddId", accepted.at("/messages/0/items/1/declarationId").asText());
        runner.$(receive(customsQueue).selector("clearway_declaration_id = '${fineId}'").message());
        await("item PENDING", () -> Http.itemStatus(port, odd.s10()),
                s -> "PENDING".equals(s.at("/declarations/0/state").asText()), Duration.ofSeconds(20));

        // nobody adds ISK: at the deadline (45 s) the item is refused and the post told so
        JsonNode refused = await("item REFUSED", () -> Http.itemStatus(port, odd.s10()),
                s -> "REFUSED".equals(s.at("/declarations/0/state").asText()), Duration.ofSeconds(90));
        assertThat(refused.at("/declarations/0/pending/0/reason").asText()).isEqualTo("EXCHANGE_RATE");
        CusrspInterchange cusrsp = CusrspReader.read(Http.awaitOutbox(port, "demo-post-key", "CUSRSP", ingressId));
        CusrspItemDecision answer = cusrsp.messages().get(0).items().get(0);
        assertThat(answer.s10()).isEqualTo(odd.s10());
        assertThat(answer.decisionCode()).isEqualTo("90");
        assertThat(answer.problems()).anySatisfy(e -> assertThat(e.code()).isEqualTo("E199"));
        assertThat(trace(odd.s10())).contains("\"refused\"");
        runner.$(expectTimeout(customsQueue).selector("clearway_declaration_id = '${oddId}'").timeout(1000));
        documented("clearway-postal-v1", "GET", "/v1/postal/items/" + odd.s10(), "demo-post-key");
        JsonNode listed = Http.json(documented("clearway-admin-v1", "GET", "/v1/admin/pending?state=REFUSED&limit=1000",
                ADMIN).body());
        assertThat(listed.get("items").findValuesAsText("itemRef")).contains(odd.s10());
    }

    @Test
    @CitrusTest
    void aReplacementOfAHeldItemSupersedesItAndCustomsGetsTheReplacementOnly(@CitrusResource TestCaseRunner runner) {
        Item odd = new Item(TestInterchanges.s10("CP", "GB"), "DE", "1100.00");
        JsonNode first = submit(interchange(TestInterchanges.reference("PNS"), 1, "CZK", odd));
        String declarationId = first.at("/messages/0/items/0/declarationId").asText();
        runner.variable("oddId", declarationId);
        await("item PENDING", () -> Http.itemStatus(port, odd.s10()),
                s -> "PENDING".equals(s.at("/declarations/0/state").asText()), Duration.ofSeconds(20));

        // the post corrects the item (BGM function 5) in a currency the table knows: it goes on at once
        Item corrected = new Item(odd.s10(), "DE", "42.50");
        JsonNode second = submit(interchange(TestInterchanges.reference("PNS"), TestInterchanges.reference("TEST-"),
                "5", 0, "GBP", corrected));
        assertThat(second.at("/messages/0/items/0/declarationId").asText()).isEqualTo(declarationId);
        runner.$(receive(customsQueue).selector("clearway_declaration_id = '${oddId}'").message().name("corrected"));
        runner.$(context -> assertThat(CanonicalJson.readDeclaration(context.getMessageStore().getMessage("corrected")
                .getPayload(byte[].class)).exchangeRates()).allSatisfy(r -> assertThat(r.from()).isEqualTo("GBP")));
        JsonNode status = Http.itemStatus(port, odd.s10());
        assertThat(status.at("/declarations/0/pending/0/state").asText()).isEqualTo("SUPERSEDED");
        assertThat(status.at("/declarations/0/state").isMissingNode()).isTrue();
        assertThat(trace(odd.s10())).contains("\"superseded\"");

        // the rate arrives later: the superseded version is not released behind the correction
        quoteAndReload("CZK");
        runner.$(expectTimeout(customsQueue).selector("clearway_declaration_id = '${oddId}'").timeout(4000));
        assertThat(Http.itemStatus(port, odd.s10()).at("/declarations/0/revisions")).hasSize(1);
    }

    @Test
    @CitrusTest
    void anExpressShipmentWithoutARateWaitsAndIsReleasedByAReload(@CitrusResource TestCaseRunner runner) {
        ObjectNode shipment = ExpressFixtures.shipment("express-shipment-eu-ioss.json");
        shipment.put("shipmentId", "PND-" + System.nanoTime());
        shipment.remove("platform");
        for (JsonNode item : shipment.get("lineItems")) {
            for (JsonNode money : item.findParents("currency")) {
                if ("USD".equals(money.get("currency").asText())) {
                    ((ObjectNode) money).put("currency", "PLN");
                }
            }
        }
        HttpResponse<String> r = ExpressFixtures.post(port, "/v1/express/shipments", "pnd-" + System.nanoTime(),
                shipment);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        JsonNode accepted = ExpressFixtures.json(r);
        String ref = accepted.get("shipmentRef").asText();
        runner.variable("declarationId", accepted.get("declarationId").asText());

        java.util.function.Supplier<JsonNode> status = () -> ExpressFixtures.json(Http.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/v1/express/shipments/" + ref))
                .header("Authorization", "Bearer " + ExpressFixtures.KEY).GET().build()));
        JsonNode pending = await("shipment PENDING", status, s -> "PENDING".equals(s.path("status").asText()),
                Duration.ofSeconds(20));
        assertThat(pending.at("/pending/reason").asText()).isEqualTo("EXCHANGE_RATE");
        assertThat(pending.at("/pending/detail").asText()).contains("PLN");
        documented("clearway-express-v1", "GET", "/v1/express/shipments/" + ref, ExpressFixtures.KEY);
        runner.$(expectTimeout(customsQueue).selector("clearway_declaration_id = '${declarationId}'").timeout(1500));

        quoteAndReload("PLN");
        runner.$(receive(customsQueue).selector("clearway_declaration_id = '${declarationId}'").message());
        runner.$(expectTimeout(customsQueue).selector("clearway_declaration_id = '${declarationId}'").timeout(3000));
        JsonNode declared = await("shipment DECLARED", status, s -> "DECLARED".equals(s.path("status").asText()),
                Duration.ofSeconds(20));
        assertThat(declared.at("/pending/state").asText()).isEqualTo("RELEASED");
    }
}
