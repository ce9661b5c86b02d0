package org.clearway.routes.ingress;

/**
 * What the ingress pass decided about one interchange (CUSTOMS-AND-POSTAL-INTERFACES §2.2), for
 * the channel to translate into its own answer (HTTP status, drop directory move, MDN).
 */
public sealed interface IngressOutcome {
    String ingressId();

    /** Messages staged (or none, all rejected); the file holding the 202 body (JSON). */
    record Accepted(String ingressId, java.nio.file.Path response) implements IngressOutcome {
    }

    /** Byte-identical resubmission of an accepted interchange: the file of the original 202 body. */
    record Replayed(String ingressId, java.nio.file.Path response) implements IngressOutcome {
    }

    /** Interchange-level syntax error: nothing queued; the CONTRL to return (also in the outbox). */
    record Rejected(String ingressId, String code, String reason, byte[] contrl) implements IngressOutcome {
    }

    /** Not EDIFACT at all (X001): nothing queued, no CONTRL. */
    record NotEdifact(String ingressId, String reason) implements IngressOutcome {
    }

    /** Over the configured size limit (X019). */
    record TooLarge(String ingressId, long limit) implements IngressOutcome {
    }
}
