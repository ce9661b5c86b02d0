package org.clearway.routes.pending;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.doReturn;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.spy;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.clearway.mappings.canonical.CanonicalJson;
import org.clearway.mappings.canonical.Declaration;
import org.clearway.mappings.gw10.BusinessProblem;
import org.clearway.mappings.gw10.CusitmItem;
import org.clearway.mappings.gw10.CusitmMessage;
import org.clearway.mappings.rates.MissingExchangeRateException;
import org.clearway.routes.dialect.Dialects;
import org.clearway.routes.dialect.gw10.CusitmDialect;
import org.clearway.routes.ingress.express.ExpressStaging;
import org.clearway.routes.ops.StageEvents;
import org.clearway.routes.parse.DeclarationRouting;
import org.clearway.routes.pipeline.HeldDraft;
import org.clearway.routes.pipeline.StageSender;
import org.clearway.routes.pipeline.StageTransactions;
import org.clearway.routes.response.PostalResponder;
import org.clearway.routes.store.PendingStore;
import org.clearway.routes.store.TestDatabases;
import org.clearway.routes.store.TraceLog;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * Release and refusal of a held CUSITM item (MIG sample 2, item 2 in USD) against a real database:
 * a release that maps writes the draft as one {@code stage_outbox} row for {@code gw.enrich} in the
 * transaction that marks the item RELEASED (the broker is down here, so the row stays for the
 * sweeper), and never twice; a release that still misses the rate only counts an attempt; at the
 * deadline the item is refused with a CUSRSP 90 E199 on the item's MOA.
 */
class PendingReleaseTest {
    private final DriverManagerDataSource ds = new DriverManagerDataSource(
            TestDatabases.h2("release-" + UUID.randomUUID()).url(), "sa", "");
    private final JdbcClient jdbc = JdbcClient.create(ds);
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-24T10:00:00Z"));
    private final PendingStore store = new PendingStore(jdbc);
    private final TraceLog trace = new TraceLog(new org.springframework.jdbc.core.JdbcTemplate(ds), clock, new StageEvents(new SimpleMeterRegistry()), new org.clearway.routes.support.TraceProperties(true));
    private final PendingDeclarations pending = new PendingDeclarations(store, trace,
            new PendingProperties(Duration.ofHours(72), Duration.ofMinutes(1)), new ObjectMapper(), clock);
    private final PostalResponder responder = mock(PostalResponder.class);
    /** The real postal dialect (its refusal answer is under test) with the remap stubbed per test. */
    private final CusitmDialect postal = spy(new CusitmDialect(null, responder, trace, null, null, new ObjectMapper(),
            clock, null, null, null));
    private final PendingRelease release;
    private final String declarationId = UUID.randomUUID().toString();
    private final byte[] message;

    PendingReleaseTest() throws Exception {
        Flyway.configure().dataSource(ds).load().migrate();
        ConnectionFactory brokerDown = mock(ConnectionFactory.class);
        when(brokerDown.createConnection()).thenThrow(new JMSException("broker down"));
        ExpressStaging staging = new ExpressStaging(brokerDown, jdbc, clock,
                new StageTransactions(new DataSourceTransactionManager(ds)));
        StageSender sender = new StageSender(staging.outbox(), brokerDown);
        release = new PendingRelease(store, pending, new Dialects(List.of(postal), List.of()), sender, trace,
                mock(DeclarationRouting.class), new StageTransactions(new DataSourceTransactionManager(ds)), clock);
        try (InputStream in = getClass().getResourceAsStream("/postal/02-two-items-three-pieces.edi")) {
            message = in.readAllBytes();
        }
        // what the parse stage holds, as rows written before HeldDraft existed hold it (the names are
        // unchanged): the enrich properties of the item plus its staged message and its place there
        Map<String, Object> headers = new HashMap<>();
        headers.put("clearway_ingress_id", "ing-1");
        headers.put("clearway_content_sha256", "c".repeat(64));
        headers.put("clearway_warnings", "[]");
        headers.put("clearway_partner_id", "DEMO-POST");
        headers.put("clearway_declaration_id", declarationId);
        headers.put("clearway_requested_function", "ORIGINAL");
        headers.put("clearway_received_at", "2026-07-14T08:00:00Z");
        headers.put("clearway_payload_sha256", "d".repeat(64));
        headers.put("clearway_pending_cni", "2");
        assertThat(pending.hold(new PendingDeclarations.Held(declarationId, "ing-1", "DEMO-POST",
                CusitmDialect.NAME, "LX204812345US", PendingReason.EXCHANGE_RATE,
                "no exchange rate USD -> EUR", headers, message))).isTrue();
    }

    /** The remapped item: a canonical draft of the held declaration. */
    private byte[] draft() throws Exception {
        try (InputStream in = getClass().getResourceAsStream("/rules/declaration-example.json")) {
            Declaration d = CanonicalJson.readDeclaration(in.readAllBytes());
            return CanonicalJson.write(new Declaration(d.specVersion(), UUID.fromString(declarationId), d.revision(),
                    d.functionCode(), d.declarationKind(), d.gatewayMessageId(), d.createdAt(), d.destinationCustoms(),
                    d.sources(), d.provenance(), d.correlation(), d.parties(), d.consignment(), d.items(), d.payment(),
                    d.exchangeRates(), d.dataQuality(), d.rulePack(), d.dutyEstimate()));
        }
    }

    private long outboxRows() {
        return jdbc.sql("select count(*) from stage_outbox where headers_json like ?")
                .param("%" + declarationId + "%").query(Long.class).single();
    }

    private PendingStore.Pending held() {
        return store.find(declarationId, "ing-1").orElseThrow();
    }

    @Test
    void aReleaseThatStillMissesTheRateOnlyCountsAnAttempt() {
        doThrow(new MissingExchangeRateException("USD", "EUR", "value at /items/0/value"))
                .when(postal).remap(eq(declarationId), any(HeldDraft.class), any(byte[].class));
        PendingRelease.Pass pass = release.releaseAll();
        assertThat(pass.released()).isZero();
        assertThat(pass.stillPending()).isGreaterThanOrEqualTo(1);
        assertThat(held().state()).isEqualTo(PendingStore.PENDING);
        assertThat(held().attempts()).isEqualTo(1);
        assertThat(outboxRows()).isZero();
        assertThat(release.refuseExpired()).as("before the deadline").isZero();
    }

    @Test
    void aReleaseWritesTheDraftOnceToTheOutboxForEnrich() throws Exception {
        byte[] draft = draft();
        doReturn(draft)
                .when(postal).remap(eq(declarationId), any(HeldDraft.class), any(byte[].class));
        assertThat(release.releaseAll().released()).isEqualTo(1);
        assertThat(held().state()).isEqualTo(PendingStore.RELEASED);
        var row = jdbc.sql("select queue_name, headers_json, body from stage_outbox where headers_json like ?")
                .param("%" + declarationId + "%")
                .query((rs, n) -> List.of(rs.getString(1), rs.getString(2),
                        new String(rs.getBytes(3), StandardCharsets.UTF_8)))
                .single();
        assertThat(row.get(0)).isEqualTo("gw.enrich");
        // the enrich record of the item as it was held (a row of the old stored form), less its place
        assertThat(row.get(1)).contains("clearway_requested_function", "c".repeat(64), "ing-1", "DEMO-POST")
                .doesNotContain("clearway_pending_cni", "clearway_received_at");
        assertThat(row.get(2)).isEqualTo(new String(draft, StandardCharsets.UTF_8));
        assertThat(trace.forDeclaration(declarationId)).extracting(TraceLog.Event::event)
                .containsExactly("pending", "released");

        assertThat(release.releaseAll().released()).as("a second pass").isZero();
        clock.set(clock.instant().plus(Duration.ofHours(73)));
        assertThat(release.refuseExpired()).as("a released item is not refused").isZero();
        assertThat(outboxRows()).isEqualTo(1);
        verify(responder, never()).rejectItems(any(), any(), any(), any());
    }

    @Test
    void aRemappedDraftThatIsNoCanonicalDeclarationIsNotReleased() {
        doReturn("{\"schema\":\"urn:clearway:customs-canonical:1\"}".getBytes(StandardCharsets.UTF_8))
                .when(postal).remap(eq(declarationId), any(HeldDraft.class), any(byte[].class));
        assertThat(release.releaseAll().released()).isZero();
        assertThat(held().state()).isEqualTo(PendingStore.PENDING);
        assertThat(held().attempts()).isEqualTo(1);
        assertThat(held().reasonDetail()).startsWith("release failed: not a canonical declaration");
        assertThat(outboxRows()).isZero();
    }

    @Test
    @SuppressWarnings("unchecked")
    void atTheDeadlineTheItemIsRefusedWithACusrsp90() {
        doThrow(new MissingExchangeRateException("USD", "EUR", "value at /items/0/value"))
                .when(postal).remap(eq(declarationId), any(HeldDraft.class), any(byte[].class));
        clock.set(clock.instant().plus(Duration.ofHours(72)).plusSeconds(1));
        assertThat(release.refuseExpired()).isEqualTo(1);
        assertThat(held().state()).isEqualTo(PendingStore.REFUSED);
        assertThat(held().resolution()).contains("no exchange rate USD -> EUR");
        ArgumentCaptor<CusitmMessage> msg = ArgumentCaptor.forClass(CusitmMessage.class);
        ArgumentCaptor<Map<CusitmItem, List<BusinessProblem>>> items = ArgumentCaptor.forClass(Map.class);
        verify(responder).rejectItems(eq("DEMO-POST"), eq("ing-1"), msg.capture(), items.capture());
        assertThat(items.getValue()).hasSize(1);
        Map.Entry<CusitmItem, List<BusinessProblem>> e = items.getValue().entrySet().iterator().next();
        assertThat(e.getKey().s10()).isEqualTo("LX204812345US");
        assertThat(e.getValue()).singleElement().satisfies(p -> {
            assertThat(p.code()).isEqualTo("E199");
            assertThat(p.isError()).isTrue();
            assertThat(p.segmentTag()).isEqualTo("MOA");
            assertThat(p.erpPointer()).isEqualTo("2:2");
            assertThat(p.text()).contains("NO EXCHANGE RATE");
        });
        assertThat(release.refuseExpired()).as("refused once").isZero();
        assertThat(release.releaseAll().released()).isZero();
        assertThat(trace.forDeclaration(declarationId)).extracting(TraceLog.Event::event).contains("refused");
    }

    /** A clock the test moves forward. */
    private static final class MutableClock extends Clock {
        private volatile Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        void set(Instant instant) {
            now = instant;
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
