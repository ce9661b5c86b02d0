package org.clearway.routes.dialect;

import java.util.Map;

/** Where drafts go: the enrich queue, in the caller's transaction. */
@FunctionalInterface
public interface DraftSink {
    void send(byte[] body, Map<String, Object> headers);

    default void send(Draft draft) {
        send(draft.body(), draft.headers());
    }
}
