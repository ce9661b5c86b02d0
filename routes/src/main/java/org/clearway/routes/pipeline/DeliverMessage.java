package org.clearway.routes.pipeline;

import java.util.Objects;

/**
 * What {@code gw.deliver} carries: one signed emission, the exact bytes a customs backend receives
 * and their detached CMS signature (CANONICAL-MODEL §10.2, CUSTOMS-AND-POSTAL-INTERFACES §3.2).
 *
 * @param payload          the signed bytes in the backend's customs format
 * @param gatewayMessageId the emission id (also the broker duplicate id and the HTTP idempotency key)
 * @param declarationId    the declaration
 * @param revision         its revision
 * @param backendId        the customs backend it goes to
 * @param signature        base64 DER CMS signature over {@code payload}
 * @param signatureKey     the signing key id
 * @param mediaType        the media type of {@code payload} (the backend's customs format)
 * @param ingressId        the ingress the revision came from (traces and dead letters; not sent to customs)
 * @param partnerId        the partner it came from (the same)
 */
public record DeliverMessage(byte[] payload, String gatewayMessageId, String declarationId, int revision,
                             String backendId, String signature, String signatureKey, String mediaType,
                             String ingressId, String partnerId) {
    public DeliverMessage {
        Objects.requireNonNull(payload, "payload");
        Objects.requireNonNull(gatewayMessageId, "gatewayMessageId");
        Objects.requireNonNull(declarationId, "declarationId");
        Objects.requireNonNull(backendId, "backendId");
        Objects.requireNonNull(signature, "signature");
        Objects.requireNonNull(signatureKey, "signatureKey");
        Objects.requireNonNull(mediaType, "mediaType");
    }
}
