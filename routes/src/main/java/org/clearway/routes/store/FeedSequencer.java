package org.clearway.routes.store;

import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Gives the committed rows of a cursor-read table their feed positions (issue 13: a feed never
 * skips). Rows get their identity when inserted by concurrent transactions, so identity order is not
 * commit order, and a reader's {@code seq > cursor} would miss a row committed after a higher one was
 * read. A sequencer numbers only rows it can see (committed), in identity order, after the highest
 * number given so far; the row lock on {@code feed_sequencer} makes sequencers (threads, gateway
 * instances) take turns, and each turn commits before the next reads the last number. Readers page by
 * the feed position. Must run in a transaction.
 */
public final class FeedSequencer {
    /** The sequenced feeds: table and which of its rows belong to the feed (fixed SQL, never input). */
    public enum Feed {
        EMISSION("emission", "emission", "body is not null"),
        PARTNER_EVENT("partner_event", "partner_event", "1 = 1");

        private final String name;
        private final String table;
        private final String member;

        Feed(String name, String table, String member) {
            this.name = name;
            this.table = table;
            this.member = member;
        }
    }

    private FeedSequencer() {
    }

    /** Numbers up to {@code max} unnumbered committed rows of {@code feed}; how many were numbered. */
    public static int sequence(JdbcClient jdbc, Feed feed, int max) {
        long last = jdbc.sql("select last_seq from feed_sequencer where feed = ? for update")
                .param(feed.name).query(Long.class).single();
        List<Long> pending = jdbc.sql("select seq from " + feed.table + " where feed_seq is null and " + feed.member
                        + " order by seq limit ?")
                .param(max).query(Long.class).list();
        if (pending.isEmpty()) {
            return 0;
        }
        for (Long seq : pending) {
            jdbc.sql("update " + feed.table + " set feed_seq = ? where seq = ?").params(++last, seq).update();
        }
        jdbc.sql("update feed_sequencer set last_seq = ? where feed = ?").params(last, feed.name).update();
        return pending.size();
    }
}
