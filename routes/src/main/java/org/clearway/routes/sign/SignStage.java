package org.clearway.routes.sign;

import java.time.Clock;
import java.time.Instant;
import java.util.UUID;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.clearway.mappings.canonical.CanonicalFormatException;
import org.clearway.mappings.canonical.CanonicalJson;
import org.clearway.mappings.canonical.Declaration;
import org.clearway.mappings.canonical.Ids;
import org.clearway.routes.store.DeclarationStore;
import org.clearway.routes.store.TraceLog;
import org.clearway.routes.support.Headers;
import org.clearway.routes.support.InvalidMessageException;
import org.clearway.security.DetachedCmsSigner;
import org.springframework.stereotype.Component;

/**
 * Gives a declaration revision its emission id, serialises it to the exact canonical bytes (JCS,
 * CANONICAL-MODEL §10.1) and signs those bytes with a detached CMS signature (§10.2). The bytes
 * and the signature are stored as an emission (for pull delivery and decision matching).
 */
@Component
public class SignStage {
    public static final String MEDIA_TYPE = "application/vnd.clearway.declaration+json;v=1";

    private final DetachedCmsSigner signer;
    private final DeclarationStore store;
    private final TraceLog trace;
    private final Clock clock;

    public SignStage(DetachedCmsSigner signer, DeclarationStore store, TraceLog trace, Clock clock) {
        this.signer = signer;
        this.store = store;
        this.trace = trace;
        this.clock = clock;
    }

    public void sign(Exchange exchange) {
        Message in = exchange.getIn();
        Declaration draft;
        try {
            draft = CanonicalJson.readDeclaration(in.getBody(byte[].class));
        } catch (CanonicalFormatException e) {
            throw new InvalidMessageException("not a canonical declaration: " + e.getMessage(), e);
        }
        UUID gatewayMessageId = Ids.uuidV7();
        Declaration declaration = Declarations.withGatewayMessageId(draft, gatewayMessageId);
        byte[] bytes = CanonicalJson.write(declaration);
        byte[] signature = signer.sign(bytes);
        Instant now = clock.instant();
        String declarationId = declaration.declarationId().toString();
        String backendId = declaration.destinationCustoms().backendId();
        store.insertEmission(new DeclarationStore.Emission(0, gatewayMessageId.toString(), declarationId,
                declaration.revision(), backendId, MEDIA_TYPE, bytes, signature, signer.signerKeyId(), now));
        store.markSigned(declarationId, declaration.revision(), gatewayMessageId.toString(), now);
        trace.record(in.getHeader(Headers.INGRESS_ID, String.class), declarationId, "sign", "signed",
                "revision " + declaration.revision() + " gatewayMessageId " + gatewayMessageId);

        in.setBody(bytes);
        in.setHeader(Headers.GATEWAY_MESSAGE_ID, gatewayMessageId.toString());
        in.setHeader(Headers.DECLARATION_ID, declarationId);
        in.setHeader(Headers.REVISION, declaration.revision());
        in.setHeader(Headers.BACKEND_ID, backendId);
        in.setHeader(Headers.SIGNATURE, java.util.Base64.getEncoder().encodeToString(signature));
        in.setHeader(Headers.SIGNATURE_KEY, signer.signerKeyId());
        in.setHeader("JMSXGroupID", declarationId);
    }
}
