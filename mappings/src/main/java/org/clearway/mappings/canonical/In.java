package org.clearway.mappings.canonical;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Typed access to one object of a parsed tree (JSON via Jackson, or XML via {@link XmlForm}),
 * reporting problems with JSON Pointers. From XML every scalar is a string, so integers and
 * booleans are parsed from text there; from JSON they must be JSON numbers / booleans (§9.1).
 * {@link #finish()} reports members that were never asked for (unknown members).
 */
final class In {
    /** Marker for a JSON {@code null}, which §9.1 never allows. */
    static final Object NULL = new Object();

    final Map<String, Object> map;
    final String pointer;
    final Ctx ctx;
    private final Set<String> seen = new HashSet<>();

    /** Shared reading context: problem sink, source syntax, timestamp strictness. */
    record Ctx(Problems problems, boolean xml, boolean lenientTimestamps) {
    }

    In(Map<String, Object> map, String pointer, Ctx ctx) {
        this.map = map;
        this.pointer = pointer;
        this.ctx = ctx;
    }

    String at(String key) {
        return pointer + "/" + Problems.escape(key);
    }

    void problem(String key, String message) {
        ctx.problems().add(key == null ? pointer : at(key), message);
    }

    boolean has(String key) {
        return map.containsKey(key);
    }

    /** Raw value, or null when absent; reports missing required members and JSON nulls. */
    Object raw(String key, boolean required) {
        seen.add(key);
        Object v = map.get(key);
        if (v == NULL) {
            ctx.problems().add(at(key), "null is not allowed; omit the member (CANONICAL-MODEL §9.1)");
            return null;
        }
        if (v == null && required) {
            ctx.problems().add(at(key), "required member missing");
        }
        return v;
    }

    String str(String key, boolean required) {
        return str(key, required, 0, null);
    }

    String str(String key, boolean required, int maxLength, Pattern pattern) {
        Object v = raw(key, required);
        if (v == null) {
            return null;
        }
        if (!(v instanceof String s)) {
            ctx.problems().add(at(key), "must be a string");
            return null;
        }
        return checkString(at(key), s, maxLength, pattern);
    }

    String checkString(String ptr, String s, int maxLength, Pattern pattern) {
        if (s.isEmpty()) {
            ctx.problems().add(ptr, "empty string not allowed; omit the member (CANONICAL-MODEL §9.1)");
            return null;
        }
        if (org.clearway.mappings.json.JsonFieldChecks.hasLoneSurrogate(s)) {
            // RFC 8785 / UTF-8 have no form for it: the value could be neither signed nor stored
            ctx.problems().add(ptr, "holds an unpaired UTF-16 surrogate escape");
            return null;
        }
        if (maxLength > 0 && s.codePointCount(0, s.length()) > maxLength) {
            ctx.problems().add(ptr, "longer than " + maxLength + " characters");
            return null;
        }
        if (pattern != null && !pattern.matcher(s).matches()) {
            ctx.problems().add(ptr, "does not match " + pattern.pattern());
            return null;
        }
        return s;
    }

    Integer integer(String key, boolean required, int min, int max) {
        Object v = raw(key, required);
        if (v == null) {
            return null;
        }
        BigInteger n = null;
        if (v instanceof BigInteger b) {
            n = b;
        } else if (ctx.xml() && v instanceof String s && s.matches("-?(0|[1-9][0-9]*)")) {
            n = new BigInteger(s);
        }
        if (n == null) {
            ctx.problems().add(at(key), "must be an integer");
            return null;
        }
        if (n.compareTo(BigInteger.valueOf(min)) < 0 || n.compareTo(BigInteger.valueOf(max)) > 0) {
            ctx.problems().add(at(key), "must be between " + min + " and " + max);
            return null;
        }
        return n.intValue();
    }

    Boolean bool(String key, boolean required) {
        Object v = raw(key, required);
        if (v == null) {
            return null;
        }
        if (v instanceof Boolean b) {
            return b;
        }
        if (ctx.xml() && ("true".equals(v) || "false".equals(v))) {
            return Boolean.valueOf((String) v);
        }
        ctx.problems().add(at(key), "must be a boolean");
        return null;
    }

    <E extends Enum<E>> E enumValue(String key, Class<E> type, boolean required) {
        String s = str(key, required);
        return s == null ? null : parseEnum(at(key), s, type);
    }

    <E extends Enum<E>> E parseEnum(String ptr, String s, Class<E> type) {
        for (E e : type.getEnumConstants()) {
            if (e.name().equals(s)) {
                return e;
            }
        }
        ctx.problems().add(ptr, "unknown " + type.getSimpleName() + " value '" + s + "'");
        return null;
    }

    UUID uuid(String key, boolean required) {
        String s = str(key, required, 0, Formats.UUID_TEXT);
        return s == null ? null : UUID.fromString(s);
    }

    Instant timestamp(String key, boolean required) {
        String s = str(key, required);
        return s == null ? null : parseTimestamp(at(key), s);
    }

    /**
     * §4 Timestamp. Canonical documents: exactly {@code yyyy-MM-ddTHH:mm:ss.SSSZ}. Submissions
     * (lenient): any RFC 3339 date-time with an offset, converted to UTC and truncated to
     * milliseconds; a value without offset is rejected (§4 "rejected at the API edge").
     */
    Instant parseTimestamp(String ptr, String s) {
        try {
            if (ctx.lenientTimestamps()) {
                return OffsetDateTime.parse(s, DateTimeFormatter.ISO_OFFSET_DATE_TIME)
                        .toInstant().truncatedTo(ChronoUnit.MILLIS);
            }
            if (Formats.TIMESTAMP.matcher(s).matches()) {
                return Instant.parse(s);
            }
        } catch (DateTimeException e) {
            // reported below
        }
        ctx.problems().add(ptr, "not a valid timestamp '" + s + "' (RFC 3339 "
                + (ctx.lenientTimestamps() ? "with offset" : "UTC with 3 fraction digits") + ", CANONICAL-MODEL §4)");
        return null;
    }

    LocalDate date(String key, boolean required) {
        String s = str(key, required, 0, null);
        if (s == null) {
            return null;
        }
        try {
            if (Formats.DATE.matcher(s).matches()) {
                return LocalDate.parse(s);
            }
        } catch (DateTimeException e) {
            // reported below
        }
        ctx.problems().add(at(key), "not a valid date YYYY-MM-DD '" + s + "'");
        return null;
    }

    BigDecimal decimal(String key, boolean required) {
        String s = str(key, required, 0, null);
        if (s == null) {
            return null;
        }
        if (!Formats.DECIMAL.matcher(s).matches()) {
            ctx.problems().add(at(key), "not a Decimal string '" + s + "' (CANONICAL-MODEL §4)");
            return null;
        }
        return new BigDecimal(s);
    }

    In obj(String key, boolean required) {
        Object v = raw(key, required);
        if (v == null) {
            return null;
        }
        return asObj(at(key), v);
    }

    @SuppressWarnings("unchecked")
    In asObj(String ptr, Object v) {
        if (v instanceof Map<?, ?> m) {
            return new In((Map<String, Object>) m, ptr, ctx);
        }
        if (ctx.xml() && v instanceof String s && s.isBlank()) {
            return new In(Map.of(), ptr, ctx);
        }
        ctx.problems().add(ptr, "must be an object");
        return null;
    }

    /** Array entries mapped by {@code f} (which receives the entry pointer and value); nulls dropped. */
    <T> List<T> list(String key, boolean required, Function<Entry, T> f) {
        Object v = raw(key, required);
        List<T> out = new ArrayList<>();
        if (v == null) {
            return out;
        }
        List<?> l;
        if (v instanceof List<?> list) {
            l = list;
        } else if (ctx.xml() && v instanceof String s && s.isBlank()) {
            l = List.of();
        } else {
            ctx.problems().add(at(key), "must be an array");
            return out;
        }
        if (l.isEmpty()) {
            ctx.problems().add(at(key), "empty array not allowed; omit the member (CANONICAL-MODEL §9.1)");
        }
        for (int i = 0; i < l.size(); i++) {
            Object e = l.get(i);
            String ptr = at(key) + "/" + i;
            if (e == NULL) {
                ctx.problems().add(ptr, "null is not allowed");
                continue;
            }
            T t = f.apply(new Entry(ptr, e, this));
            if (t != null) {
                out.add(t);
            }
        }
        return out;
    }

    <T> List<T> objects(String key, boolean required, Function<In, T> f) {
        return list(key, required, e -> CanonicalReader.build(asObj(e.pointer(), e.value()), f));
    }

    List<String> strings(String key, int maxLength, Pattern pattern) {
        return list(key, false, e -> {
            if (!(e.value() instanceof String s)) {
                ctx.problems().add(e.pointer(), "must be a string");
                return null;
            }
            return checkString(e.pointer(), s, maxLength, pattern);
        });
    }

    /** One array entry being read. */
    record Entry(String pointer, Object value, In parent) {
    }

    /** Reports unknown members (anything not read). */
    void finish() {
        for (String key : map.keySet()) {
            if (!seen.contains(key)) {
                ctx.problems().add(at(key), "unknown member");
            }
        }
    }

    /** Counts problems so a mapper can tell whether its part was read cleanly. */
    int problemCount() {
        return ctx.problems().count();
    }
}
