package org.clearway.routes.dialect;

import java.util.Map;
import org.clearway.routes.pipeline.DraftMessage;
import org.clearway.routes.pipeline.ParseMessage;
import org.clearway.routes.store.PendingStore;

/**
 * One partner dialect on the inbound side (STYLE §9): reads the messages staged on
 * {@code gw.parse} under its {@link #name()} into canonical drafts for the enrich stage and answers
 * the problems it finds to the sender in the sender's own dialect. The parse stage looks a dialect up
 * by name and never branches on it. A dialect is a Spring bean; {@link Dialects} refuses two with one
 * name when the gateway starts. A dialect whose partners are also answered decisions implements
 * {@link DecisionAnswerer} as well.
 */
public interface InboundDialect {

    /** The dialect id carried on {@code gw.parse} (and recorded with a held declaration). */
    String name();

    /**
     * Reads one staged message: each accepted declaration's draft goes to {@code enrich} as soon
     * as it is mapped (in the caller's JMS transaction); rejected ones are answered to the sender
     * here. A message that cannot be read at all throws
     * {@link org.clearway.routes.support.InvalidMessageException} (dead-lettered with its reason).
     */
    ParseOutcome parse(ParseMessage message, DraftSink enrich);

    /**
     * Maps a held (PENDING) declaration again with the rates in force now: its stored properties and
     * staged input as the dialect held them.
     *
     * @return the draft's {@code gw.enrich} record
     * @throws org.clearway.mappings.rates.MissingExchangeRateException when a rate is still missing
     */
    default DraftMessage remap(PendingStore.Pending held, Map<String, Object> headers) {
        throw new UnsupportedOperationException("dialect " + name() + " does not hold declarations");
    }

    /**
     * Tells the sender that a held declaration was refused at its deadline and never went to
     * customs (in the caller's database transaction). By default nothing is sent: the partner sees
     * the refusal through the gateway's pending API.
     */
    default void refused(PendingStore.Pending held, Map<String, Object> headers) {
    }
}
