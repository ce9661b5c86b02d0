package org.clearway.routes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.citrusframework.actions.ReceiveMessageAction.Builder.receive;
import static org.citrusframework.actions.ReceiveTimeoutAction.Builder.expectTimeout;
import static org.citrusframework.dsl.JsonPathSupport.jsonPath;
import static org.citrusframework.http.actions.HttpActionBuilder.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.jms.ConnectionFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Base64;
import org.citrusframework.TestCaseRunner;
import org.citrusframework.annotations.CitrusResource;
import org.citrusframework.annotations.CitrusTest;
import org.citrusframework.http.client.HttpClient;
import org.citrusframework.http.endpoint.builder.HttpEndpoints;
import org.citrusframework.jms.endpoint.JmsEndpoint;
import org.citrusframework.jms.endpoint.JmsEndpointBuilder;
import org.citrusframework.junit.jupiter.CitrusSupport;
import org.citrusframework.message.MessageType;
import org.clearway.mappings.canonical.CanonicalJson;
import org.clearway.mappings.canonical.DataQuality;
import org.clearway.mappings.canonical.Declaration;
import org.clearway.mappings.canonical.DutyEstimate;
import org.clearway.mappings.canonical.FlagCode;
import org.clearway.mappings.canonical.FunctionCode;
import org.clearway.mappings.canonical.Money;
import org.clearway.routes.rules.RuleReevaluation;
import org.clearway.routes.store.TraceLog;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.http.HttpStatus;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Rule packs applied end to end, with the gateway's clock moved across 1 November 2026 (issue 15):
 * an express shipment declared on 31 October 2026 reaches customs signed with rulePack EU-2026-07
 * and the EU flat duty per item; when the clock passes midnight in Brussels the re-evaluation
 * amends it exactly once (EU-2026-11: handling fee, product identifiers; RULE_PACK_CHANGED naming
 * both packs), while a shipment customs already released is not amended; an operator's
 * correction of the handling fee, reloaded, amends it once more. Its own small gateway
 * (rules applied, a movable clock, own broker and H2 database): the shared ITs' context leaves
 * the packs off.
 */
@CitrusSupport
@Import(RuleReevaluationIT.MovedClock.class)
// closed after the class: the shared ITs' gateway is the one kept for the rest of the run
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
@SpringBootTest(classes = ClearwayApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
                "spring.config.additional-location=optional:file:../config/",
                "server.address=127.0.0.1",
                "camel.main.shutdown-timeout=5",
                "clearway.pipeline.maximum-redeliveries=1",
                "clearway.pipeline.redelivery-delay=50ms",
                "clearway.partners.DEMO-EXPRESS.hold-window=0s",
                "clearway.gateway.admin-api-key=it-reeval-admin-key",
                "clearway.rules.apply=true",
                "clearway.rules.reevaluate=true",
                // the test runs the job itself, at the instants it chooses
                "clearway.rules.reevaluation-interval=1h"
        })
class RuleReevaluationIT {
    private static final Path DATA_DIR;

    static {
        try {
            DATA_DIR = Files.createTempDirectory("clearway-reeval-it-");
        } catch (IOException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** The gateway's clock: real time shifted to the instant the test chooses, so time still passes. */
    static final class ShiftedClock extends Clock {
        private volatile Duration offset = Duration.ZERO;

        void startAt(Instant at) {
            offset = Duration.between(Instant.now(), at);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return Instant.now().plus(offset);
        }
    }

    static final ShiftedClock CLOCK = new ShiftedClock();

    @TestConfiguration(proxyBeanMethods = false)
    static class MovedClock {
        @Bean
        @Primary
        Clock movedClock() {
            return CLOCK;
        }
    }

    @DynamicPropertySource
    static void dataDir(DynamicPropertyRegistry registry) throws IOException {
        registry.add("clearway.data-dir", DATA_DIR::toString);
        Path rules = Files.createDirectories(DATA_DIR.resolve("rules"));
        for (String f : new String[] {"eu.yml", "us.yml"}) {
            Files.copy(Path.of("../config/rules").resolve(f), rules.resolve(f),
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        registry.add("clearway.rules.directory", rules::toString);
    }

    @LocalServerPort
    int port;

    @Autowired
    ConnectionFactory connectionFactory;

    @Autowired
    RuleReevaluation reevaluation;

    @Autowired
    TraceLog trace;

    HttpClient gateway;
    JmsEndpoint customsQueue;

    @BeforeEach
    void endpoints() {
        gateway = HttpEndpoints.http().client().requestUrl("http://127.0.0.1:" + port).timeout(30_000).build();
        customsQueue = new JmsEndpointBuilder().connectionFactory(connectionFactory)
                .destination("customs.declarations").timeout(20_000).build();
    }

    /** The demo sample in euros with specific descriptions, no platform hint and a house waybill of its own. */
    private static ObjectNode shipment() {
        ObjectNode s = ExpressFixtures.sample("express-shipment-eu-ioss.json");
        s.put("houseWaybill", "RV" + ExpressFixtures.uniqueHouseWaybill());
        s.put("shipmentId", "RV-SHP-" + s.get("houseWaybill").asText());
        s.remove("platform");
        ObjectNode first = (ObjectNode) s.get("lineItems").get(0);
        first.put("description", "Cotton T-shirt");
        ObjectNode second = (ObjectNode) s.get("lineItems").get(1);
        ((ObjectNode) second.get("value")).put("currency", "EUR");
        return s;
    }

    private void declare(TestCaseRunner runner, ObjectNode shipment, String idVariable, String messageName) {
        runner.$(http().client(gateway).send().post("/v1/express/shipments").message()
                .header("Authorization", "Bearer demo-express-key")
                .header("Idempotency-Key", "it-reeval-" + shipment.get("houseWaybill").asText())
                .contentType("application/json").body(shipment.toString()));
        runner.$(http().client(gateway).receive().response(HttpStatus.ACCEPTED).message().type(MessageType.JSON)
                .extract(jsonPath().expression("$.declarationId", idVariable)));
        runner.$(receive(customsQueue).selector("clearway_declaration_id = '${" + idVariable + "}'").message()
                .name(messageName).header("clearway_revision", 1));
    }

    @Test
    @CitrusTest
    void declaredOn31OctoberAmendedOnceAfterTheNovemberBoundaryDecidedOneKept(@CitrusResource TestCaseRunner runner) {
        CLOCK.startAt(Instant.parse("2026-10-31T10:00:00Z"));
        ObjectNode open = shipment();
        ObjectNode released = shipment();
        declare(runner, open, "openId", "open-original");
        declare(runner, released, "releasedId", "released-original");

        // the signed declaration carries the pack in force on 31 October and its flat duty per item
        runner.$(ctx -> {
            byte[] wire = ctx.getMessageStore().getMessage("open-original").getPayload(byte[].class);
            Declaration d = CanonicalJson.readDeclaration(wire);
            assertThat(d.specVersion()).isEqualTo("1.1");
            assertThat(d.rulePack().id()).isEqualTo("EU-2026-07");
            assertThat(d.rulePack().version()).isEqualTo(1);
            assertThat(d.rulePack().date()).hasToString("2026-10-31");
            DutyEstimate e = d.dutyEstimate();
            assertThat(e.items()).isEqualTo(2); // a T-shirt and a phone case
            assertThat(e.lines()).singleElement().satisfies(l -> {
                assertThat(l.rule()).isEqualTo("EU-2026-07/duty");
                assertThat(l.rate()).isEqualTo(Money.of("3.00", "EUR"));
                assertThat(l.count()).isEqualTo(2);
            });
            assertThat(e.total()).isEqualTo(Money.of("6.00", "EUR"));
            assertThat(flags(d, FlagCode.PRODUCT_ID_MISSING)).isEmpty();
            String sig = String.valueOf(ctx.getMessageStore().getMessage("open-original").getHeader("clearway_sig"));
            String pem = Http.get(port, "/v1/customs/certificates", "demo-customs-key").body();
            assertThat(Openssl.verifyDetached(wire, Base64.getDecoder().decode(sig), pem))
                    .as("openssl cms -verify of the declaration carrying rulePack").isZero();
        });

        // customs releases the second shipment: a final decision
        runner.$(http().client(gateway).send().post("/v1/customs/decisions").message()
                .header("Authorization", "Bearer demo-customs-key").contentType("application/json")
                .body("{\"schema\":\"urn:clearway:customs-decision-submission:1\",\"specVersion\":\"1.0\","
                        + "\"backendDecisionRef\":\"REL-" + released.get("houseWaybill").asText() + "\","
                        + "\"correlation\":{\"houseWaybill\":\"" + released.get("houseWaybill").asText() + "\"},"
                        + "\"kind\":\"DECISION\",\"status\":\"RELEASED\",\"track\":\"CLEARANCE\",\"final\":true,"
                        + "\"customsAuthority\":{\"country\":\"DE\",\"officeRef\":\"DE004851\"},"
                        + "\"decidedAt\":\"2026-10-31T10:05:00.000Z\"}"));
        runner.$(http().client(gateway).receive().response(HttpStatus.ACCEPTED));

        // still 31 October in Brussels (23:59): nothing to re-evaluate
        runner.$(ctx -> {
            CLOCK.startAt(Instant.parse("2026-10-31T22:59:00Z"));
            assertThat(reevaluation.run("it")).isEqualTo(new RuleReevaluation.Result(0, 0, 0));
        });

        // 1 November 2026: the open declaration is amended, the released one is not
        runner.$(ctx -> {
            CLOCK.startAt(Instant.parse("2026-11-01T10:00:00Z"));
            assertThat(reevaluation.run("it")).isEqualTo(new RuleReevaluation.Result(1, 0, 1));
        });
        runner.$(receive(customsQueue).selector("clearway_declaration_id = '${openId}'").message()
                .name("open-amendment").header("clearway_revision", 2));
        runner.$(ctx -> {
            Declaration d = CanonicalJson.readDeclaration(
                    ctx.getMessageStore().getMessage("open-amendment").getPayload(byte[].class));
            assertThat(d.functionCode()).isEqualTo(FunctionCode.AMENDMENT);
            assertThat(d.revision()).isEqualTo(2);
            assertThat(d.correlation().houseWaybill()).isEqualTo(open.get("houseWaybill").asText());
            assertThat(d.rulePack().id()).isEqualTo("EU-2026-11");
            assertThat(d.rulePack().date()).hasToString("2026-11-01");
            assertThat(d.dutyEstimate().total()).isEqualTo(Money.of("10.00", "EUR")); // + EUR 2 handling fee per item
            assertThat(d.dataQuality().flags()).filteredOn(f -> f.code() == FlagCode.RULE_PACK_CHANGED).singleElement()
                    .satisfies(f -> {
                        assertThat(f.path()).isEqualTo("/rulePack");
                        assertThat(f.detail()).isEqualTo("EU-2026-07 v1 -> EU-2026-11 v1 (presentation date 2026-11-01)");
                    });
            assertThat(flags(d, FlagCode.PRODUCT_ID_MISSING)).contains("/items/0/gtin", "/items/1/manufacturerProductId");
            assertThat(trace.forDeclaration(ctx.getVariable("releasedId"))).anySatisfy(e -> {
                assertThat(e.event()).isEqualTo("rule-pack-not-amended");
                assertThat(e.detail()).isEqualTo("EU-2026-07 v1 -> EU-2026-11 v1; final customs decision");
            });
            assertThat(trace.forDeclaration(ctx.getVariable("openId"))).anySatisfy(e -> {
                assertThat(e.event()).isEqualTo("rule-pack-amended");
                assertThat(e.detail()).startsWith("EU-2026-07 v1 -> EU-2026-11 v1 (presentation date 2026-11-01)");
            });
            // exactly once: a second run (later that day, or another instance) finds nothing to do
            CLOCK.startAt(Instant.parse("2026-11-01T14:00:00Z"));
            assertThat(reevaluation.run("it")).isEqualTo(new RuleReevaluation.Result(0, 0, 0));
        });
        runner.$(expectTimeout(customsQueue).selector("clearway_declaration_id = '${openId}'").timeout(3000));
        runner.$(expectTimeout(customsQueue).selector("clearway_declaration_id = '${releasedId}'").timeout(1000));

        // the operator corrects the EU handling fee (EUR 2.50) as EU-2026-11 v2 and reloads: the reload
        // re-evaluates, and the open declaration is amended again, once
        runner.$(ctx -> correctHandlingFee());
        runner.$(ctx -> {
            java.net.http.HttpResponse<String> reload = Http.send(java.net.http.HttpRequest.newBuilder(
                            java.net.URI.create("http://127.0.0.1:" + port + "/v1/admin/rule-packs:reload"))
                    .header("Authorization", "Bearer it-reeval-admin-key")
                    .POST(java.net.http.HttpRequest.BodyPublishers.noBody()).build());
            assertThat(reload.statusCode()).as(reload.body()).isEqualTo(200);
            assertThat(reload.body()).contains("EU-2026-11 v2 from 2026-11-01");
        });
        runner.$(receive(customsQueue).selector("clearway_declaration_id = '${openId}'").message()
                .name("open-correction").header("clearway_revision", 3));
        runner.$(ctx -> {
            Declaration d = CanonicalJson.readDeclaration(
                    ctx.getMessageStore().getMessage("open-correction").getPayload(byte[].class));
            assertThat(d.functionCode()).isEqualTo(FunctionCode.AMENDMENT);
            assertThat(d.rulePack().id()).isEqualTo("EU-2026-11");
            assertThat(d.rulePack().version()).isEqualTo(2);
            assertThat(d.dutyEstimate().total()).isEqualTo(Money.of("11.00", "EUR")); // 2 x 3.00 + 2 x 2.50
            assertThat(d.dataQuality().flags()).filteredOn(f -> f.code() == FlagCode.RULE_PACK_CHANGED).singleElement()
                    .satisfies(f -> assertThat(f.detail())
                            .startsWith("EU-2026-11 v1 -> EU-2026-11 v2 (presentation date 2026-11-01"));
        });
        runner.$(expectTimeout(customsQueue).selector("clearway_declaration_id = '${openId}'").timeout(3000));
        runner.$(expectTimeout(customsQueue).selector("clearway_declaration_id = '${releasedId}'").timeout(1000));
    }

    /** EU-2026-11 v2: the EU handling fee corrected to EUR 2.50 per item. */
    private static void correctHandlingFee() {
        try {
            Path eu = DATA_DIR.resolve("rules/eu.yml");
            String yml = Files.readString(eu);
            String v1 = "id: EU-2026-11\n    version: 1";
            int pack = yml.indexOf(v1);
            int fee = yml.indexOf("amount: \"2.00\"", yml.indexOf("id: EU-HANDLING-FEE", pack));
            assertThat(pack).isPositive();
            Files.writeString(eu, yml.substring(0, pack) + "id: EU-2026-11\n    version: 2"
                    + yml.substring(pack + v1.length(), fee) + "amount: \"2.50\""
                    + yml.substring(fee + "amount: \"2.00\"".length()));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static java.util.List<String> flags(Declaration d, FlagCode code) {
        return d.dataQuality() == null ? java.util.List.of() : d.dataQuality().flags().stream()
                .filter(f -> f.code() == code).map(DataQuality.Flag::path).toList();
    }
}
