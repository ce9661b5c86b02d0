package org.clearway.routes.pending;

/**
 * Why an item is PENDING: each is a cause an operator can fix without the sender sending again.
 * The codes are stored, listed and used as the metric's tag.
 */
public enum PendingReason {
    /** No exchange rate for the item's currency and date (CANONICAL-MODEL §4, §5.7); fixed by a rate reload. */
    EXCHANGE_RATE,
    /** No rule pack in force for the destination and date (issue 15); reserved, fixed by a rule-pack reload. */
    RULE_PACK
}
