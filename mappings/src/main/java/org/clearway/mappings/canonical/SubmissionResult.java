package org.clearway.mappings.canonical;

import java.util.List;

/**
 * Outcome of parsing a decision submission (CANONICAL-MODEL §6.4): either a {@code submission}
 * and no problems, or {@code submission == null} and every problem found (for the 422
 * problem+json answer, or the dead-letter reason on JMS).
 */
public record SubmissionResult(DecisionSubmission submission, List<Problem> problems) {
    public SubmissionResult {
        problems = List.copyOf(problems);
        if ((submission == null) == problems.isEmpty()) {
            throw new IllegalArgumentException("exactly one of submission and problems must be given");
        }
    }

    public boolean isValid() {
        return submission != null;
    }
}
