package org.clearway.routes.pipeline;

import java.time.Instant;
import java.util.Objects;

/**
 * What {@code gw.parse} carries: one staged partner message and the ingress facts the dialect needs
 * to read it. {@code dialect} names the {@link org.clearway.routes.dialect.InboundDialect} that
 * reads it. Postal interchanges carry their position in the received interchange; versions whose
 * declaration id and revision were fixed at ingress (the express API answers them in its 202) carry
 * a {@link StagedVersion}. {@link InboundQueueCodec} alone maps it to and from a JMS message.
 */
public record ParseMessage(String dialect, String partnerId, String ingressId, Instant receivedAt,
                           String payloadSha256, Integer messageIndex, String messageRef, StagedVersion version,
                           byte[] payload) {
    public ParseMessage {
        Objects.requireNonNull(payload, "payload");
    }

    /** A message of a received interchange (postal EDIFACT): its index and UNH reference there. */
    public static ParseMessage ofInterchange(String dialect, String partnerId, String ingressId, Instant receivedAt,
                                             String payloadSha256, int messageIndex, String messageRef,
                                             byte[] payload) {
        return new ParseMessage(dialect, partnerId, ingressId, receivedAt, payloadSha256, messageIndex, messageRef,
                null, payload);
    }

    /** A version whose declaration and revision were fixed at ingress. */
    public static ParseMessage ofVersion(String dialect, String partnerId, String ingressId, Instant receivedAt,
                                         String payloadSha256, StagedVersion version, byte[] payload) {
        return new ParseMessage(dialect, partnerId, ingressId, receivedAt, payloadSha256, null, null, version,
                payload);
    }

    /**
     * A declaration version fixed at ingress: the declaration, its revision and function, the hash
     * of its content, and why it was staged again when it was (late platform data, a hold window that
     * ended, a withdrawn order, a rule pack change).
     *
     * @param sourceDialect the binding the partner used ({@code sources[].dialect}), may differ from the
     *                      parse dialect (the express SOAP binding is read by the express dialect)
     */
    public record StagedVersion(String declarationId, String shipmentRef, int revision, String function,
                                String contentSha256, String idempotencyKey, String sourceDialect,
                                boolean lateEnrichment, boolean holdExpired, String withdrawnPlatform,
                                String withdrawnOrder, String rulePackPreviousId, String rulePackPreviousVersion) {
        public StagedVersion {
            Objects.requireNonNull(declarationId, "declarationId");
            Objects.requireNonNull(function, "function");
        }
    }
}
