package org.clearway.routes.ingress.express;

import jakarta.jms.BytesMessage;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSException;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.annotation.PreDestroy;
import java.time.Instant;
import org.clearway.routes.support.Headers;
import org.clearway.routes.support.Queues;
import org.springframework.jms.connection.CachingConnectionFactory;
import org.springframework.stereotype.Component;

/**
 * Puts one express shipment version on {@code gw.parse} and commits it before the caller answers
 * (nothing is acknowledged before it is durably queued). The caller runs this as the last step of
 * its database transaction, so a failed send rolls the shipment's row back too.
 */
@Component
public class ExpressStaging {
    /** {@code sources[].dialect} and the {@link Headers#DIALECT} value of express REST/SOAP shipments. */
    public static final String DIALECT = "CLEARWAY-EXPRESS-REST-1";
    public static final String STAGED_REVISION = "clearway_staged_revision";
    public static final String FUNCTION = "clearway_function";
    public static final String CONTENT_SHA256 = "clearway_express_content_sha256";
    public static final String SHIPMENT_REF = "clearway_shipment_ref";
    public static final String IDEMPOTENCY_KEY = "clearway_idempotency_key";
    /** {@code sources[].dialect} of the version: the REST or the SOAP binding. */
    public static final String SOURCE_DIALECT = "clearway_source_dialect";
    /** Set on a version re-staged because platform order data arrived after the declaration (§7.2). */
    public static final String LATE_ENRICHMENT = "clearway_late_enrichment";
    /**
     * Set (with {@link #WITHDRAWN_ORDER}) on a version re-staged because a platform order fused into
     * the declaration was cancelled: the platform partner id of that order.
     */
    public static final String WITHDRAWN_PLATFORM = "clearway_withdrawn_platform";
    /** The orderId of the cancelled order whose data the re-staged version withdraws. */
    public static final String WITHDRAWN_ORDER = "clearway_withdrawn_order";
    /** Set on revision 1 of a shipment whose hold window ended without order data (§7.2 PLATFORM_DATA_MISSING). */
    public static final String HOLD_EXPIRED = "clearway_hold_expired";
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

    private final CachingConnectionFactory connections;

    public ExpressStaging(ConnectionFactory connectionFactory) {
        // one shared connection with cached transacted sessions and producers: opening a broker
        // connection per request costs more than the request itself
        this.connections = new CachingConnectionFactory(connectionFactory);
        this.connections.setSessionCacheSize(32);
        this.connections.setCacheProducers(true);
        this.connections.setReconnectOnException(true);
    }

    @PreDestroy
    void close() {
        connections.destroy();
    }

    /** Stages one version and commits it. */
    public void stage(Staged s, byte[] shipmentJson) {
        try (Batch batch = open()) {
            batch.stage(s, shipmentJson);
            batch.commit();
        }
    }

    /** A JMS transaction for several versions (a batch), committed once; closing without commit rolls back. */
    public Batch open() {
        try {
            Connection connection = connections.createConnection();
            Session session = connection.createSession(true, Session.SESSION_TRANSACTED);
            return new Batch(session, session.createProducer(session.createQueue(Queues.PARSE)));
        } catch (JMSException e) {
            throw new IllegalStateException("cannot open a session on " + Queues.PARSE, e);
        }
    }

    /** Versions staged in one JMS transaction. */
    public static final class Batch implements AutoCloseable {
        private final Session session;
        private final MessageProducer producer;
        private boolean committed;

        private Batch(Session session, MessageProducer producer) {
            this.session = session;
            this.producer = producer;
        }

        public void stage(Staged s, byte[] shipmentJson) {
            try {
                BytesMessage m = session.createBytesMessage();
                m.writeBytes(shipmentJson);
                m.setStringProperty(Headers.DIALECT, DIALECT);
                m.setStringProperty(Headers.PARTNER_ID, s.partnerId());
                m.setStringProperty(Headers.INGRESS_ID, s.ingressId());
                m.setStringProperty(Headers.DECLARATION_ID, s.declarationId());
                m.setStringProperty(Headers.RECEIVED_AT, s.receivedAt().toString());
                m.setStringProperty(Headers.PAYLOAD_SHA256, s.payloadSha256());
                m.setStringProperty(SHIPMENT_REF, s.shipmentRef());
                m.setIntProperty(STAGED_REVISION, s.revision());
                m.setStringProperty(FUNCTION, s.function());
                m.setStringProperty(CONTENT_SHA256, s.contentSha256());
                if (s.idempotencyKey() != null) {
                    m.setStringProperty(IDEMPOTENCY_KEY, s.idempotencyKey());
                }
                m.setStringProperty(SOURCE_DIALECT, s.sourceDialect() == null ? DIALECT : s.sourceDialect());
                if (s.lateEnrichment()) {
                    m.setBooleanProperty(LATE_ENRICHMENT, true);
                }
                if (s.holdExpired()) {
                    m.setBooleanProperty(HOLD_EXPIRED, true);
                }
                if (s.withdrawnOrder() != null) {
                    m.setStringProperty(WITHDRAWN_PLATFORM, s.withdrawnPlatform());
                    m.setStringProperty(WITHDRAWN_ORDER, s.withdrawnOrder());
                }
                m.setStringProperty("JMSXGroupID", s.declarationId());
                producer.send(m);
            } catch (JMSException e) {
                throw new IllegalStateException("could not queue shipment " + s.shipmentRef() + " on " + Queues.PARSE, e);
            }
        }

        public void commit() {
            try {
                session.commit();
                committed = true;
            } catch (JMSException e) {
                throw new IllegalStateException("could not commit staged shipments on " + Queues.PARSE, e);
            }
        }

        @Override
        public void close() {
            try {
                if (!committed) {
                    session.rollback();
                }
                session.close();
            } catch (JMSException e) {
                throw new IllegalStateException("could not close the staging session", e);
            }
        }
    }
}
