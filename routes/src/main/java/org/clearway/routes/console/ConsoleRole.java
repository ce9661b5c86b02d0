package org.clearway.routes.console;

/**
 * Console roles, each including the ones before it: a viewer reads every page and may verify a
 * signature; an operator also replays dead letters; an admin also discards dead letters for good.
 */
public enum ConsoleRole {
    VIEWER, OPERATOR, ADMIN;

    public boolean includes(ConsoleRole needed) {
        return ordinal() >= needed.ordinal();
    }
}
