package org.clearway.mappings.rates;

import org.clearway.mappings.postal.PostalMappingException;

/**
 * No rate for a conversion the declaration needs (CANONICAL-MODEL §4 {@code Currency}, §5.7):
 * the caller keeps the declaration {@code PENDING} until the rate table has an entry.
 */
public final class MissingExchangeRateException extends PostalMappingException {

    private final String from;
    private final String to;

    public MissingExchangeRateException(String from, String to, String why) {
        super("no exchange rate " + from + " -> " + to + " (" + why + "); declaration stays PENDING");
        this.from = from;
        this.to = to;
    }

    /** Source currency of the missing rate. */
    public String from() {
        return from;
    }

    /** Target currency (normally the declaration currency). */
    public String to() {
        return to;
    }
}
