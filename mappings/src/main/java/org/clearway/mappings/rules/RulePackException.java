package org.clearway.mappings.rules;

import java.util.List;

/** Rule files that cannot be used; {@link #problems()} lists every problem found, with file and pack. */
public class RulePackException extends RuntimeException {

    private final List<String> problems;

    public RulePackException(List<String> problems) {
        super(String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
