package org.clearway.routes.dialect;

import java.util.List;

/**
 * What reading one staged message came to: how many drafts went on to {@code gw.enrich}, and the
 * problems answered to the sender (codes or short texts, for the log; the answer itself is the
 * dialect's own message).
 */
public record ParseOutcome(int drafts, List<String> problems) {
    public ParseOutcome {
        problems = List.copyOf(problems);
    }

    public static ParseOutcome drafts(int drafts) {
        return new ParseOutcome(drafts, List.of());
    }
}
