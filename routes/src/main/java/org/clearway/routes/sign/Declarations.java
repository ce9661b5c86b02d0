package org.clearway.routes.sign;

import java.time.Instant;
import java.util.UUID;
import org.clearway.mappings.canonical.Declaration;
import org.clearway.mappings.canonical.FunctionCode;

/** Copies of an immutable canonical declaration with gateway-assigned envelope values. */
public final class Declarations {
    private Declarations() {
    }

    /** The revision's envelope (CANONICAL-MODEL §5.1): revision, purpose and creation time. */
    public static Declaration withRevision(Declaration d, int revision, FunctionCode functionCode, Instant createdAt) {
        return new Declaration(d.specVersion(), d.declarationId(), revision, functionCode, d.declarationKind(),
                d.gatewayMessageId(), createdAt, d.destinationCustoms(), d.sources(), d.provenance(),
                d.correlation(), d.parties(), d.consignment(), d.items(), d.payment(), d.exchangeRates(),
                d.dataQuality(), d.rulePack(), d.dutyEstimate());
    }

    /** A new emission id: every signed emission gets its own {@code gatewayMessageId}. */
    public static Declaration withGatewayMessageId(Declaration d, UUID gatewayMessageId) {
        return new Declaration(d.specVersion(), d.declarationId(), d.revision(), d.functionCode(),
                d.declarationKind(), gatewayMessageId, d.createdAt(), d.destinationCustoms(), d.sources(),
                d.provenance(), d.correlation(), d.parties(), d.consignment(), d.items(), d.payment(),
                d.exchangeRates(), d.dataQuality(), d.rulePack(), d.dutyEstimate());
    }
}
