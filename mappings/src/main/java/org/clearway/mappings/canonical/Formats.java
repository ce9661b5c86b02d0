package org.clearway.mappings.canonical;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.regex.Pattern;

/** Scalar formats of CANONICAL-MODEL §4 shared by the JSON and XML forms. */
final class Formats {
    static final Pattern DECIMAL = Pattern.compile("-?(0|[1-9][0-9]{0,14})(\\.[0-9]{1,6})?");
    static final Pattern TIMESTAMP = Pattern.compile(
            "[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\\.[0-9]{3}Z");
    static final Pattern DATE = Pattern.compile("[0-9]{4}-[0-9]{2}-[0-9]{2}");
    static final Pattern UUID_TEXT = Pattern.compile(
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    static final Pattern COUNTRY = Pattern.compile("[A-Z]{2}");
    static final Pattern CURRENCY = Pattern.compile("[A-Z]{3}");
    static final Pattern CODE = Pattern.compile("[A-Z0-9_]{1,40}");
    static final Pattern HEX64 = Pattern.compile("[0-9a-f]{64}");
    static final Pattern PARTY_REF = Pattern.compile("P[0-9]{1,4}");

    // Timestamp: UTC, 'Z', exactly 3 fraction digits (§4)
    private static final DateTimeFormatter TS = DateTimeFormatter
            .ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private Formats() {
    }

    static String timestamp(Instant instant) {
        return TS.format(instant.truncatedTo(ChronoUnit.MILLIS));
    }

    /**
     * Decimal string with the scale kept (§4 Decimal); a value that cannot be written in the §4
     * pattern (more than 6 fraction digits or 15 integer digits) is refused rather than rounded.
     */
    static String decimal(BigDecimal value) {
        String text = value.scale() < 0 ? value.setScale(0).toPlainString() : value.toPlainString();
        if (!DECIMAL.matcher(text).matches()) {
            throw new IllegalArgumentException("not a CANONICAL-MODEL §4 Decimal: " + text);
        }
        return text;
    }
}
