package org.clearway.routes.store;

/**
 * H2 refuses at once (error 90131) an insert whose key another open transaction has just inserted,
 * where PostgreSQL waits for that transaction. Callers that allocate a key under concurrency (postal
 * declaration ids, decision numbers) recognise the refusal, wait a moment and look again.
 */
final class H2Inserts {
    private static final int CONCURRENT_UPDATE = 90131;

    private H2Inserts() {
    }

    /** Whether {@code e} is H2's refusal of a key inserted by another open transaction. */
    static boolean concurrentInsert(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.sql.SQLException sql && sql.getErrorCode() == CONCURRENT_UPDATE) {
                return true;
            }
        }
        return false;
    }

    /** A short wait before looking again; {@code what} names the work for an interruption. */
    static void pause(String what) {
        try {
            Thread.sleep(5);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while " + what, e);
        }
    }
}
