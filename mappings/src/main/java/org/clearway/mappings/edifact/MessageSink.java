package org.clearway.mappings.edifact;

/**
 * Receives each syntactically accepted message while the interchange is still being scanned
 * (MIG GW10 §7.1). Rejected messages are never passed. The final {@link ScanResult} decides: if it
 * carries an interchange error, or the message's group was rejected (X017), the caller must roll
 * back what it staged.
 */
@FunctionalInterface
public interface MessageSink {
    void accept(StagedMessage message) throws Exception;

    /** A sink that keeps nothing (syntax check only). */
    static MessageSink discard() {
        return m -> { };
    }
}
