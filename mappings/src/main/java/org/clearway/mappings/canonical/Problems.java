package org.clearway.mappings.canonical;

import java.util.ArrayList;
import java.util.List;

/** Problem sink of the readers: fail-fast (canonical documents) or collecting (submissions, §6.4). */
final class Problems {
    private final boolean failFast;
    private final List<Problem> list = new ArrayList<>();

    Problems(boolean failFast) {
        this.failFast = failFast;
    }

    void add(String pointer, String message) {
        if (failFast) {
            throw new CanonicalFormatException(pointer, message);
        }
        list.add(new Problem(pointer, message));
    }

    int count() {
        return list.size();
    }

    List<Problem> list() {
        return List.copyOf(list);
    }

    /** RFC 6901 §3 escaping of one reference token. */
    static String escape(String token) {
        return token.replace("~", "~0").replace("/", "~1");
    }
}
