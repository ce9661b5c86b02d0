package org.clearway.routes.console;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.springframework.stereotype.Component;

/** Formatting helpers for the console templates ({@code ${@consoleFormat.time(x)}}); times in UTC. */
@Component
public class ConsoleFormat {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'").withZone(ZoneOffset.UTC);
    private final Clock clock;

    public ConsoleFormat(Clock clock) {
        this.clock = clock;
    }

    public String time(Instant t) {
        return t == null ? "" : TIME.format(t);
    }

    /** An ISO-8601 instant held as text (JMS properties), to the second; other text as it is. */
    public String time(String iso) {
        if (iso == null) {
            return "";
        }
        try {
            return time(Instant.parse(iso));
        } catch (java.time.format.DateTimeParseException e) {
            return iso;
        }
    }

    /** "3 min ago", "2 d ago"; empty for null. */
    public String ago(Instant t) {
        if (t == null) {
            return "never";
        }
        long s = Duration.between(t, clock.instant()).getSeconds();
        if (s < 60) {
            return Math.max(s, 0) + " s ago";
        }
        if (s < 3600) {
            return s / 60 + " min ago";
        }
        if (s < 86_400) {
            return s / 3600 + " h ago";
        }
        return s / 86_400 + " d ago";
    }

    public String millis(long ms) {
        return ms < 1000 ? ms + " ms" : String.format("%.1f s", ms / 1000.0);
    }

    public String bytes(long n) {
        return n < 1024 ? n + " B" : n < 1024 * 1024 ? (n / 1024) + " KiB" : (n / (1024 * 1024)) + " MiB";
    }
}
