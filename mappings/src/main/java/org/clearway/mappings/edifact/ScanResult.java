package org.clearway.mappings.edifact;

import java.util.List;
import java.util.Optional;

/**
 * Outcome of the ingress syntax pass over one interchange (CUSTOMS-AND-POSTAL-INTERFACES §2.2,
 * MIG GW10 §7.1).
 *
 * @param header            the UNB, when it could be read
 * @param interchangeError  an interchange-level error (X002-X006, X012 mixing, X019, X021, X022, X003 in
 *                          UNB): every message is rejected, whatever {@link MessageResult#accepted()} says
 * @param messages          every message seen, in order
 * @param notEdifact        X001: not EDIFACT at all, no CONTRL is possible
 * @param groups            functional groups (empty without UNG)
 * @param bytesRead         bytes consumed from the input
 */
public record ScanResult(Optional<InterchangeHeader> header, Optional<SyntaxProblem> interchangeError,
                         List<MessageResult> messages, boolean notEdifact, List<GroupResult> groups,
                         long bytesRead) {
    public ScanResult {
        messages = List.copyOf(messages);
        groups = List.copyOf(groups);
    }

    public ScanResult(Optional<InterchangeHeader> header, Optional<SyntaxProblem> interchangeError,
                      List<MessageResult> messages, boolean notEdifact) {
        this(header, interchangeError, messages, notEdifact, List.of(), 0);
    }

    /** True when the whole interchange is rejected (X001 or an interchange-level error). */
    public boolean interchangeRejected() {
        return notEdifact || interchangeError.isPresent();
    }

    /** The messages that may be released for processing: none if the interchange or their group is rejected. */
    public List<MessageResult> releasableMessages() {
        if (interchangeRejected()) {
            return List.of();
        }
        return messages.stream()
                .filter(MessageResult::accepted)
                .filter(m -> m.groupRef() == null || groups.stream()
                        .noneMatch(g -> g.groupRef().equals(m.groupRef()) && !g.accepted()))
                .toList();
    }

    /** Whether any message or group was rejected (then a negative CONTRL is due). */
    public boolean hasMessageErrors() {
        return messages.stream().anyMatch(m -> !m.accepted()) || groups.stream().anyMatch(g -> !g.accepted());
    }
}
