package org.clearway.mappings.gw10;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;

/** Parsing of EDIFACT numbers and dates for the GW10 readers (MIG §3.4, §5.2 DTM). */
final class EdiValues {

    private static final DateTimeFormatter F102 = DateTimeFormatter.ofPattern("uuuuMMdd")
            .withResolverStyle(ResolverStyle.STRICT);
    private static final DateTimeFormatter F203 = DateTimeFormatter.ofPattern("uuuuMMddHHmm")
            .withResolverStyle(ResolverStyle.STRICT);
    private static final DateTimeFormatter F204 = DateTimeFormatter.ofPattern("uuuuMMddHHmmss")
            .withResolverStyle(ResolverStyle.STRICT);

    private EdiValues() {
    }

    /**
     * Parses a numeric element. Both {@code .} and {@code ,} are taken as the decimal mark: the
     * syntax pass already rejected the wrong mark in syntax 3 with UNA (MIG §3.4, X014).
     *
     * @return null when empty or not a number
     */
    static BigDecimal decimal(String raw) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        String s = raw.trim();
        if (!s.matches("-?[0-9]+([.,][0-9]+)?")) {
            return null;
        }
        return new BigDecimal(s.replace(',', '.'));
    }

    /** DTM value with format 203 or 204 (or 102 at midnight) as a UTC instant; null if not parseable. */
    static Instant instant(String value, String format) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        try {
            return switch (format) {
                case "203" -> LocalDateTime.parse(value, F203).toInstant(ZoneOffset.UTC);
                case "204" -> LocalDateTime.parse(value, F204).toInstant(ZoneOffset.UTC);
                case "102" -> LocalDate.parse(value, F102).atStartOfDay().toInstant(ZoneOffset.UTC);
                default -> null;
            };
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** DTM value with format 102 or 203/204 as a calendar date; null if not a real date. */
    static LocalDate date(String value, String format) {
        if (value == null || value.length() < 8) {
            return null;
        }
        try {
            return switch (format) {
                case "102" -> LocalDate.parse(value, F102);
                case "203" -> LocalDateTime.parse(value, F203).toLocalDate();
                case "204" -> LocalDateTime.parse(value, F204).toLocalDate();
                default -> null;
            };
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** Parses an integer such as CNI 1490 or LIN 1082; 0 when not a plain positive number. */
    static int sequence(String raw) {
        if (raw == null || !raw.matches("[0-9]{1,9}")) {
            return 0;
        }
        return Integer.parseInt(raw);
    }
}
