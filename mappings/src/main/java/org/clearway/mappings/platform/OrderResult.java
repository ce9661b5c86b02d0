package org.clearway.mappings.platform;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * The outcome of one order of a bulk upload (PARTNER-APIS §6.1 {@code results[]}): {@code line} is
 * the first physical line of the order (NDJSON: its line; CSV: its first row, header = line 1) and
 * {@code lines} all its physical lines (CSV rows of one order need not be contiguous). A valid
 * order has {@code order} and its JSON form {@code json} and no {@code problem}; a rejected one has
 * the §2 problem slug ({@code validation-error}, {@code malformed-json}, {@code nesting-too-deep},
 * {@code invalid-encoding}, {@code line-too-long}) and its errors, each with {@code line} (and
 * {@code column} for CSV). {@code orderId} is given whenever it could be read.
 */
public record OrderResult(int line, List<Integer> lines, String orderId, PlatformOrder order, ObjectNode json,
                          String problem, List<LineProblem> errors, List<LineProblem> warnings) {
    public OrderResult {
        lines = List.copyOf(lines);
        errors = List.copyOf(errors);
        warnings = List.copyOf(warnings);
    }

    public boolean valid() {
        return problem == null;
    }

    /** A rejected single-line result. */
    static OrderResult rejected(int line, String orderId, String problem, List<LineProblem> errors) {
        return new OrderResult(line, List.of(line), orderId, null, null, problem, errors, List.of());
    }
}
