package org.clearway.routes.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSException;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sql.DataSource;
import org.clearway.mappings.canonical.CanonicalJson;
import org.clearway.mappings.canonical.Declaration;
import org.clearway.mappings.canonical.RulePackRef;
import org.clearway.routes.pipeline.StageQueueCodec;
import org.clearway.routes.pipeline.StageSender;
import org.clearway.routes.pipeline.StageTransactions;
import org.clearway.routes.ingress.express.ExpressStaging;
import org.clearway.routes.pipeline.InboundQueueCodec;
import org.clearway.routes.pipeline.ParseMessage;
import org.clearway.routes.ops.StageEvents;
import org.clearway.routes.parse.DeclarationRouting;
import org.clearway.routes.store.DecisionStore;
import org.clearway.routes.store.DeclarationStore;
import org.clearway.routes.store.ExpressStore;
import org.clearway.routes.store.RuleEvaluationStore;
import org.clearway.routes.store.TraceLog;
import org.clearway.routes.support.GatewayProperties;
import org.clearway.routes.support.Partners;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * Which declarations the re-evaluation amends at the 1 November 2026 boundary, against the
 * gateway's migrations in H2: an undecided one whose result changes gets exactly one AMENDMENT
 * (an outbox row: the broker is down here, so the row stays, as after a crash before the relay);
 * a decided one, one with a newer revision in flight and one whose result does not change do not;
 * a second run and a second instance add nothing.
 */
class RuleReevaluationTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path rulesDir;

    private JdbcClient jdbc;
    private DataSourceTransactionManager transactions;
    private final MovableClock clock = new MovableClock(Instant.parse("2026-10-30T10:00:00Z"));
    private RulePackRegistry registry;
    private RuleApplier applier;
    private RuleEvaluationStore evaluations;
    private DeclarationStore declarations;
    private DecisionStore decisions;
    private ExpressStore shipments;
    private TraceLog trace;
    private ExpressStaging staging;
    private ConnectionFactory down;

    @BeforeEach
    void database() throws Exception {
        open("h2");
    }

    /** A fresh database: H2 in memory, or a schema of its own in this JVM's PostgreSQL test database. */
    private void open(String kind) throws Exception {
        DataSource ds;
        if ("postgresql".equals(kind)) {
            java.util.Optional<org.clearway.routes.store.TestDatabases.Database> pg =
                    org.clearway.routes.store.TestDatabases.postgres();
            Assumptions.assumeTrue(pg.isPresent(), org.clearway.routes.store.TestDatabases::postgresUnavailable);
            String schema = "reeval_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
            String url = pg.get().url() + (pg.get().url().contains("?") ? "&" : "?") + "currentSchema=" + schema;
            ds = new DriverManagerDataSource(url, pg.get().user(), pg.get().password());
            Flyway.configure().dataSource(ds).schemas(schema).load().migrate();
        } else {
            ds = new DriverManagerDataSource("jdbc:h2:mem:reeval-" + UUID.randomUUID()
                    + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1", "sa", "");
            Flyway.configure().dataSource(ds).load().migrate();
        }
        jdbc = JdbcClient.create(ds);
        transactions = new DataSourceTransactionManager(ds);
        Files.copy(RulePackRegistryTest.shipped().resolve("eu.yml"), rulesDir.resolve("eu.yml"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Files.copy(RulePackRegistryTest.shipped().resolve("us.yml"), rulesDir.resolve("us.yml"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        registry = new RulePackRegistry(new RulePackProperties(rulesDir.toString(), Duration.ofSeconds(30), true));
        GatewayProperties props = properties();
        applier = new RuleApplier(registry, new DeclarationRouting(mock(Partners.class), props,
                org.clearway.routes.support.RatesProperties.none(), registry, clock), clock, props);
        evaluations = new RuleEvaluationStore(jdbc);
        declarations = new DeclarationStore(jdbc);
        decisions = new DecisionStore(jdbc);
        shipments = new ExpressStore(jdbc);
        trace = new TraceLog(new org.springframework.jdbc.core.JdbcTemplate(ds), clock, new StageEvents(new SimpleMeterRegistry()), new org.clearway.routes.support.TraceProperties(true));
        down = mock(ConnectionFactory.class);
        when(down.createConnection()).thenThrow(new JMSException("broker down (test)"));
        staging = new ExpressStaging(down, jdbc, clock, new StageTransactions(transactions));
    }

    private RuleReevaluation job() {
        return new RuleReevaluation(registry, new RulePackProperties(rulesDir.toString(), Duration.ofSeconds(30), true),
                applier, evaluations, declarations, decisions, shipments, staging,
                new StageSender(staging.outbox(), down), trace, clock,
                new StageTransactions(transactions));
    }

    @Test
    void beforeTheBoundaryNothingIsStale() throws IOException {
        RuleReevaluation job = job();
        String id = signedExpress(1);
        clock.set("2026-10-31T22:59:00Z"); // 23:59 in Brussels: still EU-2026-07
        assertThat(job.run("test")).isEqualTo(new RuleReevaluation.Result(0, 0, 0));
        assertThat(outbox()).isEmpty();
        assertThat(evaluations.find(id).orElseThrow().checkedPackId()).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void afterTheBoundaryOnlyTheUndecidedChangedDeclarationIsAmendedOnce(String kind) throws Exception {
        open(kind);
        RuleReevaluation job = job();
        String open = signedExpress(1);
        String decided = signedExpress(1);
        decide(decided, true);
        String onlyAcknowledged = signedExpress(1);
        decide(onlyAcknowledged, false);

        clock.set("2026-10-31T23:00:00Z"); // midnight in Brussels: 1 November, EU-2026-11
        assertThat(job.run("test")).isEqualTo(new RuleReevaluation.Result(2, 0, 1));

        List<Outbox> rows = outbox();
        assertThat(rows).extracting(Outbox::declarationId).containsExactlyInAnyOrder(open, onlyAcknowledged);
        Outbox amendment = rows.stream().filter(r -> r.declarationId().equals(open)).findFirst().orElseThrow();
        assertThat(amendment.queue()).isEqualTo("gw.parse");
        // the outbox row is the gw.parse message as the parse stage will read it
        ParseMessage staged = InboundQueueCodec.readParse(new byte[0], JSON.convertValue(amendment.headers(),
                new com.fasterxml.jackson.core.type.TypeReference<java.util.Map<String, Object>>() { }));
        assertThat(staged.dialect()).isEqualTo(ExpressStaging.DIALECT);
        assertThat(staged.version().declarationId()).isEqualTo(open);
        assertThat(staged.version().function()).isEqualTo("AMENDMENT");
        assertThat(staged.version().revision()).isEqualTo(2);
        assertThat(staged.version().rulePackPreviousId()).isEqualTo("EU-2026-07");
        assertThat(staged.version().rulePackPreviousVersion()).isEqualTo("1");
        assertThat(shipments.byDeclarationId(open).orElseThrow().revisions()).isEqualTo(2);
        assertThat(events(open)).containsExactly("rule-pack-amended: EU-2026-07 v1 -> EU-2026-11 v1 "
                + "(presentation date 2026-11-01): result changed, AMENDMENT revision 2 (test)");

        assertThat(shipments.byDeclarationId(decided).orElseThrow().revisions()).isEqualTo(1);
        assertThat(events(decided)).containsExactly("rule-pack-not-amended: EU-2026-07 v1 -> EU-2026-11 v1; "
                + "final customs decision");

        // run again, and later the same day: nothing more
        assertThat(job.run("test")).isEqualTo(new RuleReevaluation.Result(0, 0, 0));
        clock.set("2026-11-01T15:00:00Z");
        assertThat(job.run("test")).isEqualTo(new RuleReevaluation.Result(0, 0, 0));
        assertThat(outbox()).hasSize(2);
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void twoInstancesAmendEachDeclarationOnce(String kind) throws Exception {
        open(kind);
        List<String> ids = new java.util.ArrayList<>();
        for (int i = 0; i < 12; i++) {
            ids.add(signedExpress(1));
        }
        RuleReevaluation a = job();
        RuleReevaluation b = job();
        clock.set("2026-11-02T08:00:00Z");
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<RuleReevaluation.Result>> runs = pool.invokeAll(List.<Callable<RuleReevaluation.Result>>of(
                    () -> a.run("a"), () -> b.run("b")));
            int amended = 0;
            for (Future<RuleReevaluation.Result> f : runs) {
                amended += f.get().amended();
            }
            assertThat(amended).isEqualTo(12);
        } finally {
            pool.shutdownNow();
        }
        assertThat(outbox()).extracting(Outbox::declarationId).containsExactlyInAnyOrderElementsOf(ids);
        for (String id : ids) {
            assertThat(shipments.byDeclarationId(id).orElseThrow().revisions()).isEqualTo(2);
        }
    }

    @Test
    void packsNotAppliedMeansNoReevaluation() throws IOException {
        String id = signedExpress(1);
        RulePackRegistry off = new RulePackRegistry(new RulePackProperties(rulesDir.toString(), Duration.ofSeconds(30), false));
        RuleReevaluation job = new RuleReevaluation(off, new RulePackProperties(rulesDir.toString(), Duration.ofSeconds(30),
                false), applier, evaluations, declarations, decisions, shipments, staging,
                new StageSender(staging.outbox(), down), trace, clock,
                new StageTransactions(transactions));
        clock.set("2026-11-01T08:00:00Z");
        assertThat(job.run("test")).isEqualTo(new RuleReevaluation.Result(0, 0, 0));
        assertThat(outbox()).isEmpty();
        assertThat(evaluations.find(id).orElseThrow().checkedPackId()).isNull();
    }

    @Test
    void aNewerRevisionInFlightIsLeftToTheSignStage() throws IOException {
        RuleReevaluation job = job();
        String id = signedExpress(1);
        // the carrier amended meanwhile: revision 2 staged, not signed yet
        ExpressStore.Shipment s = shipments.byDeclarationId(id).orElseThrow();
        shipments.updateContent(s.shipmentRef(), s.shipmentId(), s.masterAwb(), s.contentSha256(), s.shipmentJson(), 2,
                clock.instant());
        clock.set("2026-11-01T08:00:00Z");
        assertThat(job.run("test")).isEqualTo(new RuleReevaluation.Result(0, 0, 0));
        assertThat(outbox()).isEmpty();
        assertThat(evaluations.find(id).orElseThrow().checkedPackId()).isNull(); // still to check
    }

    @Test
    void aCorrectedVersionWithTheSameResultIsCheckedNotAmended() throws IOException {
        RuleReevaluation job = job();
        String id = signedExpress(1);
        // an operator corrects a note of EU-2026-07 and bumps its version; this declaration's result is the same
        Path eu = rulesDir.resolve("eu.yml");
        Files.writeString(eu, Files.readString(eu).replaceFirst("id: EU-2026-07\n    version: 1",
                "id: EU-2026-07\n    version: 2"));
        assertThat(registry.reload().loaded()).isTrue(); // the reload runs the job

        assertThat(outbox()).isEmpty();
        assertThat(events(id)).singleElement().asString().startsWith(
                "rule-pack-checked: EU-2026-07 v1 -> EU-2026-07 v2 (presentation date 2026-10-30): result unchanged");
        RuleEvaluationStore.Evaluated row = evaluations.find(id).orElseThrow();
        assertThat(row.checkedPackId()).isEqualTo("EU-2026-07");
        assertThat(row.checkedPackVersion()).isEqualTo(2);
        assertThat(job.run("test")).isEqualTo(new RuleReevaluation.Result(0, 0, 0));
    }

    @Test
    void aCancelledShipmentIsNotAmended() throws IOException {
        RuleReevaluation job = job();
        String id = signedExpress(1);
        ExpressStore.Shipment s = shipments.byDeclarationId(id).orElseThrow();
        shipments.markCancelled(s.shipmentRef(), 1, clock.instant());
        clock.set("2026-11-01T08:00:00Z");
        assertThat(job.run("test")).isEqualTo(new RuleReevaluation.Result(0, 0, 1));
        assertThat(outbox()).isEmpty();
    }

    @Test
    void aRevisionSignedUnderTheNewPackReplacesTheRecordAndIsNotStale() throws IOException {
        RuleReevaluation job = job();
        String id = signedExpress(1);
        clock.set("2026-11-01T08:00:00Z");
        Declaration d = CanonicalJson.readDeclaration(evaluations.find(id).orElseThrow().declarationJson()
                .getBytes(java.nio.charset.StandardCharsets.UTF_8));
        Declaration now = applier.apply(d, clock.instant());
        RulePackRef p = now.rulePack();
        evaluations.record(id, 2, p.regime(), p.id(), p.version(), p.dateBasis(), p.date(),
                new String(CanonicalJson.write(now), java.nio.charset.StandardCharsets.UTF_8), clock.instant());
        // a late redelivery of revision 1 never replaces revision 2
        evaluations.record(id, 1, "EU", "EU-2026-07", 1, "PRESENTATION", java.time.LocalDate.parse("2026-10-30"),
                "{}", clock.instant());
        assertThat(evaluations.find(id).orElseThrow().revision()).isEqualTo(2);
        assertThat(job.run("test")).isEqualTo(new RuleReevaluation.Result(0, 0, 0));
    }

    @Test
    void aPostalItemIsAmendedFromItsTransportDraftThroughEnrich() throws IOException {
        RuleReevaluation job = job();
        Declaration d = example();
        Instant at = clock.instant();
        String id = declarations.postalItem("DEMO-POST", "RR" + System.nanoTime() % 1_000_000_000L + "DE",
                () -> UUID.randomUUID(), u -> "LRN" + u.toString().replace("-", "").substring(0, 18), at).declarationId();
        d = withId(d, UUID.fromString(id));
        DeclarationStore.PostalRefs refs = new DeclarationStore.PostalRefs("ICR1", "MSG1", "BGM1", "261030", "CNPOST",
                "DE004851", "1", "RR123456785CN", "UNOC", "3");
        declarations.insertRevision(new DeclarationStore.Revision(id, 1, "ORIGINAL", "ENRICHED", "DEMO-POST",
                UUID.randomUUID().toString(), "sha-postal", at, null, "DEMO-CUSTOMS", refs, "[\"W1\"]", false));
        declarations.markDelivered(id, 1, at);
        declarations.saveTransportDraft(id, "DEMO-POST", 1,
                new String(CanonicalJson.write(d), java.nio.charset.StandardCharsets.UTF_8), at);
        Declaration signed = applier.apply(d, at);
        RulePackRef p = signed.rulePack();
        evaluations.record(id, 1, p.regime(), p.id(), p.version(), p.dateBasis(), p.date(),
                new String(CanonicalJson.write(signed), java.nio.charset.StandardCharsets.UTF_8), at);

        clock.set("2026-11-01T08:00:00Z");
        assertThat(job.run("test")).isEqualTo(new RuleReevaluation.Result(1, 0, 0));
        Outbox row = outbox().stream().filter(r -> r.declarationId().equals(id)).findFirst().orElseThrow();
        assertThat(row.queue()).isEqualTo("gw.enrich");
        assertThat(row.headers().get("clearway_requested_function").asText()).isEqualTo("AMENDMENT");
        assertThat(row.headers().get("clearway_content_sha256").asText()).isEqualTo("sha-postal");
        assertThat(row.headers().get("clearway_warnings").asText()).isEqualTo("[\"W1\"]");
        assertThat(JSON.readTree(row.headers().get("clearway_postal_refs").asText()).get("bgmNumber").asText())
                .isEqualTo("BGM1");
        assertThat(row.headers().get(StageQueueCodec.RULE_PACK_PREVIOUS_ID).asText()).isEqualTo("EU-2026-07");
        assertThat(events(id)).singleElement().asString().contains("AMENDMENT revision 2");
        assertThat(job.run("test")).isEqualTo(new RuleReevaluation.Result(0, 0, 0));
    }

    @Test
    void retentionRemovesEvaluationsSignedBeforeThePeriod(@TempDir Path dataDir) throws IOException {
        String old = signedExpress(1);
        clock.set("2026-12-15T08:00:00Z");
        String recent = signedExpress(1);
        new org.clearway.routes.admin.RetentionJob(properties(dataDir), jdbc, clock)
                .purge(Instant.parse("2026-12-01T00:00:00Z"));
        assertThat(evaluations.find(old)).isEmpty();
        assertThat(evaluations.find(recent)).isPresent();
    }

    // --- fixtures

    /** An express declaration (the CANONICAL-MODEL example, DE) signed now, as the sign stage records it. */
    private String signedExpress(int revisions) throws IOException {
        Declaration d = withId(example(), UUID.randomUUID());
        String id = d.declarationId().toString();
        Instant at = clock.instant();
        String hwb = "RE" + id.substring(0, 8);
        shipments.insert(new ExpressStore.Shipment("shp_" + id.replace("-", "").substring(0, 16), "DEMO-EXPRESS", hwb,
                id, "LRN" + id.replace("-", "").substring(0, 18), "SHP-" + hwb, null, "sha-" + hwb,
                "{\"houseWaybill\":\"" + hwb + "\"}", revisions, null, at, at, null));
        declarations.insertRevision(new DeclarationStore.Revision(id, revisions, revisions == 1 ? "ORIGINAL" : "AMENDMENT",
                "ENRICHED", "DEMO-EXPRESS", UUID.randomUUID().toString(), "sha-" + hwb, at, null, "DEMO-CUSTOMS", null,
                "[]", false));
        declarations.markDelivered(id, revisions, at);
        Declaration signed = applier.apply(d, at);
        RulePackRef p = signed.rulePack();
        evaluations.record(id, revisions, p.regime(), p.id(), p.version(), p.dateBasis(), p.date(),
                new String(CanonicalJson.write(signed), java.nio.charset.StandardCharsets.UTF_8), at);
        return id;
    }

    private void decide(String declarationId, boolean isFinal) {
        decisions.insert(new DecisionStore.StoredDecision(UUID.randomUUID().toString(), declarationId, 1,
                decisions.nextSequence(declarationId), "DEMO-CUSTOMS", "REF-" + UUID.randomUUID(),
                isFinal ? "DECISION" : "ACKNOWLEDGEMENT", isFinal ? "RELEASED" : "ACCEPTED", isFinal, clock.instant(),
                clock.instant(), "{}", "{}", null));
    }

    private record Outbox(String queue, JsonNode headers, String declarationId) {
    }

    private List<Outbox> outbox() {
        return jdbc.sql("select queue_name, headers_json from stage_outbox order by id").query((rs, n) -> {
            try {
                JsonNode h = JSON.readTree(rs.getString(2));
                return new Outbox(rs.getString(1), h, h.get(StageQueueCodec.DECLARATION_ID).asText());
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }).list();
    }

    private List<String> events(String declarationId) {
        return trace.forDeclaration(declarationId).stream().filter(e -> e.stage().equals("rules"))
                .map(e -> e.event() + ": " + e.detail()).toList();
    }

    private static Declaration example() throws IOException {
        try (InputStream in = RuleReevaluationTest.class.getResourceAsStream("/rules/declaration-example.json")) {
            return CanonicalJson.readDeclaration(in.readAllBytes());
        }
    }

    private static Declaration withId(Declaration d, UUID id) {
        return new Declaration(d.specVersion(), id, d.revision(), d.functionCode(), d.declarationKind(),
                d.gatewayMessageId(), d.createdAt(), d.destinationCustoms(), d.sources(), d.provenance(),
                d.correlation(), d.parties(), d.consignment(), d.items(), d.payment(), d.exchangeRates(),
                d.dataQuality(), d.rulePack(), d.dutyEstimate());
    }

    private static GatewayProperties properties() {
        return properties(Path.of("data"));
    }

    private static GatewayProperties properties(Path dataDir) {
        return new GatewayProperties(dataDir, new GatewayProperties.Gateway("DECUSTGW", "ZZZ", ""),
                new GatewayProperties.Limits(1000, Duration.ofDays(30), Duration.ofDays(90)),
                new GatewayProperties.Signing(null, "", "a", "", List.of()),
                new GatewayProperties.Pipeline(1, 1, Duration.ZERO, Duration.ZERO, Duration.ZERO),
                new GatewayProperties.Routing("DEMO-CUSTOMS", Map.of(), new BigDecimal("150.00"),
                        new BigDecimal("150.00"), new BigDecimal("800.00")), GatewayProperties.Api.defaults(),
                Map.of(), List.of(), Map.of("USD-EUR", new BigDecimal("0.924000")));
    }

    /** A clock the test sets. */
    static final class MovableClock extends Clock {
        private volatile Instant now;

        MovableClock(Instant now) {
            this.now = now;
        }

        void set(String instant) {
            now = Instant.parse(instant);
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
            return now;
        }
    }
}
