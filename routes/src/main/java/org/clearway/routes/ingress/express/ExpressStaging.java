package org.clearway.routes.ingress.express;

import java.time.Instant;
import java.util.Map;
import org.clearway.routes.pipeline.InboundQueueCodec;
import org.clearway.routes.pipeline.ParseMessage;
import org.clearway.routes.pipeline.StageOutbox;
import org.clearway.routes.pipeline.StageTransactions;
import org.clearway.routes.support.Queues;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Puts express shipment versions on {@code gw.parse} through the transactional outbox
 * ({@link StageOutbox}, docs/TRANSACTIONS.md): the version's {@code gw.parse} message is an outbox
 * row written in the database transaction that records the version, relayed after that transaction
 * commits. This class knows what a version's message carries ({@link InboundQueueCodec}); the outbox
 * knows how it reaches the broker.
 */
@Component
public class ExpressStaging {
    /** {@code sources[].dialect} of express REST shipments, and the dialect that reads REST and SOAP ones on {@code gw.parse}. */
    public static final String DIALECT = "CLEARWAY-EXPRESS-REST-1";
    /** {@code sources[].dialect} of the SOAP binding (PARTNER-APIS §4). */
    public static final String SOAP_DIALECT = "CLEARWAY-EXPRESS-SOAP-1";

    /** What the parse stage needs besides the shipment JSON. */
    public record Staged(String partnerId, String ingressId, String declarationId, String shipmentRef, int revision,
                         String function, String contentSha256, String payloadSha256, String idempotencyKey,
                         Instant receivedAt, String sourceDialect, boolean lateEnrichment, boolean holdExpired,
                         String withdrawnPlatform, String withdrawnOrder) {
        public Staged(String partnerId, String ingressId, String declarationId, String shipmentRef, int revision,
                      String function, String contentSha256, String payloadSha256, String idempotencyKey,
                      Instant receivedAt, String sourceDialect, boolean lateEnrichment, boolean holdExpired) {
            this(partnerId, ingressId, declarationId, shipmentRef, revision, function, contentSha256, payloadSha256,
                    idempotencyKey, receivedAt, sourceDialect, lateEnrichment, holdExpired, null, null);
        }

        public Staged(String partnerId, String ingressId, String declarationId, String shipmentRef, int revision,
                      String function, String contentSha256, String payloadSha256, String idempotencyKey,
                      Instant receivedAt, String sourceDialect, boolean lateEnrichment) {
            this(partnerId, ingressId, declarationId, shipmentRef, revision, function, contentSha256, payloadSha256,
                    idempotencyKey, receivedAt, sourceDialect, lateEnrichment, false, null, null);
        }

        public Staged(String partnerId, String ingressId, String declarationId, String shipmentRef, int revision,
                      String function, String contentSha256, String payloadSha256, String idempotencyKey,
                      Instant receivedAt, String sourceDialect) {
            this(partnerId, ingressId, declarationId, shipmentRef, revision, function, contentSha256, payloadSha256,
                    idempotencyKey, receivedAt, sourceDialect, false, false, null, null);
        }
    }

    private final StageOutbox outbox;

    @Autowired
    public ExpressStaging(StageOutbox outbox) {
        this.outbox = outbox;
    }

    /** An express staging on an outbox of its own (tests without a Spring context). */
    public ExpressStaging(jakarta.jms.ConnectionFactory connectionFactory, JdbcClient jdbc, java.time.Clock clock,
                          StageTransactions transactions) {
        this(new StageOutbox(connectionFactory, jdbc, clock, transactions));
    }

    public StageOutbox outbox() {
        return outbox;
    }

    /** Stages one version and commits it. */
    public void stage(Staged s, byte[] shipmentJson) {
        try (Batch batch = open()) {
            batch.stage(s, shipmentJson);
            batch.commit();
        }
    }

    /** Versions staged together in the caller's database transaction; relayed after its commit. */
    public Batch open() {
        return new Batch(outbox.open());
    }

    /** Relays outbox rows left behind by a crash or a failed relay ({@link StageOutbox#relayPending}). */
    public void relayPending() {
        outbox.relayPending();
    }

    private static Map<String, Object> headers(Staged s, String previousPackId, String previousPackVersion) {
        ParseMessage.StagedVersion version = new ParseMessage.StagedVersion(s.declarationId(), s.shipmentRef(),
                s.revision(), s.function(), s.contentSha256(), s.idempotencyKey(),
                s.sourceDialect() == null ? DIALECT : s.sourceDialect(), s.lateEnrichment(), s.holdExpired(),
                s.withdrawnOrder() == null ? null : s.withdrawnPlatform(), s.withdrawnOrder(), previousPackId,
                previousPackVersion);
        // the payload travels as the outbox row's body, so the record's is left empty here
        return InboundQueueCodec.properties(ParseMessage.ofVersion(DIALECT, s.partnerId(), s.ingressId(),
                s.receivedAt(), s.payloadSha256(), version, new byte[0]));
    }

    /** Versions (and any other stage message) staged in the caller's database transaction. */
    public static final class Batch implements AutoCloseable {
        private final StageOutbox.Batch rows;

        private Batch(StageOutbox.Batch rows) {
            this.rows = rows;
        }

        public void stage(Staged s, byte[] shipmentJson) {
            rows.stage(Queues.PARSE, headers(s, null, null), shipmentJson);
        }

        /** A version amended by a rule re-evaluation: the pack (id and version) it was evaluated under before. */
        public void stage(Staged s, byte[] shipmentJson, String previousPackId, String previousPackVersion) {
            rows.stage(Queues.PARSE, headers(s, previousPackId, previousPackVersion), shipmentJson);
        }

        /** Any stage's message through the same outbox ({@link StageOutbox.Batch#stage}). */
        public void stage(String queue, Map<String, Object> headers, byte[] body) {
            rows.stage(queue, headers, body);
        }

        public void commit() {
            rows.commit();
        }

        @Override
        public void close() {
            rows.close();
        }
    }
}
