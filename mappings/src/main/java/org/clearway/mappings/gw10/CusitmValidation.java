package org.clearway.mappings.gw10;

import java.util.List;

/**
 * Result of {@link CusitmValidator#validate}: the problems of every item, in item order.
 *
 * @param message the validated message
 * @param items   one entry per item of the message, same order
 */
public record CusitmValidation(CusitmMessage message, List<ItemValidation> items) {

    public CusitmValidation {
        items = List.copyOf(items);
    }

    /** All problems of all items, in item order. */
    public List<BusinessProblem> allProblems() {
        return items.stream().flatMap(i -> i.problems().stream()).toList();
    }

    /**
     * The problems of one item.
     *
     * @param item     the item as read
     * @param problems every E and W problem found, in rule order (never only the first)
     */
    public record ItemValidation(CusitmItem item, List<BusinessProblem> problems) {

        public ItemValidation {
            problems = List.copyOf(problems);
        }

        /** Any E code: the item is answered with decision 90 (MIG §9). */
        public boolean rejected() {
            return problems.stream().anyMatch(BusinessProblem::isError);
        }

        public List<BusinessProblem> errors() {
            return problems.stream().filter(BusinessProblem::isError).toList();
        }

        public List<BusinessProblem> warnings() {
            return problems.stream().filter(BusinessProblem::isWarning).toList();
        }
    }
}
