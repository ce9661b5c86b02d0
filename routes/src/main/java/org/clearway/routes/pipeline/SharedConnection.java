package org.clearway.routes.pipeline;

import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One broker connection for all stage consumers (each has its own transacted session on it). When
 * the broker goes away, the first consumer to notice drops it and one of them builds the next: one
 * connection attempt at a time instead of one per consumer thread, which would queue up in the
 * client's connector and starve the ingress threads' own attempts (their 503 would come late).
 */
public final class SharedConnection {
    private static final Logger log = LoggerFactory.getLogger(SharedConnection.class);

    private final ConnectionFactory factory;
    private Connection current;

    public SharedConnection(ConnectionFactory factory) {
        this.factory = factory;
    }

    /** The live connection, created (and started) if there is none. */
    public synchronized Connection get() throws JMSException {
        if (current == null) {
            Connection c = factory.createConnection();
            try {
                c.setExceptionListener(e -> invalidate(c));
                c.start();
            } catch (JMSException | RuntimeException e) {
                close(c);
                throw e;
            }
            current = c;
        }
        return current;
    }

    /** Drops a connection that failed (no-op when another consumer already replaced it). */
    public void invalidate(Connection failed) {
        synchronized (this) {
            if (current != failed) {
                return;
            }
            current = null;
        }
        close(failed);
    }

    public void close() {
        Connection c;
        synchronized (this) {
            c = current;
            current = null;
        }
        close(c);
    }

    private static void close(Connection c) {
        if (c != null) {
            try {
                c.close();
            } catch (JMSException | RuntimeException e) {
                log.debug("closing the stages' broker connection: {}", e.toString());
            }
        }
    }
}
