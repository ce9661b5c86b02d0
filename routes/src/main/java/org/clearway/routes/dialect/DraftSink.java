package org.clearway.routes.dialect;

import org.clearway.routes.pipeline.DraftMessage;

/** Where drafts go: the enrich queue, in the caller's transaction. Dialects hand on records, never properties. */
@FunctionalInterface
public interface DraftSink {
    void send(DraftMessage draft);
}
