package io.switchboard.console;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.qute.TemplateExtension;

/** How the console's templates write times, durations and JSON: short, UTC, readable. */
@TemplateExtension
public final class Formats {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
            .withZone(ZoneOffset.UTC);

    private Formats() {
    }

    static String time(Instant instant) {
        return instant == null ? "—" : TIME.format(instant);
    }

    /** For {@code datetime-local} inputs (UTC). */
    static String local(Instant instant) {
        return instant == null ? "" : DateTimeFormatter.ISO_LOCAL_DATE_TIME.withZone(ZoneOffset.UTC).format(instant)
                .substring(0, 16);
    }

    static String pretty(JsonNode json) {
        return json == null ? "" : json.toPrettyString();
    }

    /** "42 s", "5 min", "3 h", "2 d". */
    public static String age(Duration age) {
        long s = Math.max(0, age.toSeconds());
        if (s < 120) {
            return s + " s";
        }
        if (s < 7200) {
            return s / 60 + " min";
        }
        if (s < 172800) {
            return s / 3600 + " h";
        }
        return s / 86400 + " d";
    }
}
