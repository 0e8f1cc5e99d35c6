package io.switchboard.snapcall.model;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.TemporalAccessor;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;

/**
 * A date in a SnapCall answer, read in every form an API commonly uses — the reference documents
 * no answer, so none can be ruled out:
 * <ul>
 * <li>ISO-8601 with an offset or a zone ({@code 2026-11-28T02:11:16Z}, {@code …+01:00},
 * {@code …+01:00[Europe/Paris]});</li>
 * <li>ISO-8601 without one, or {@code YYYY-MM-DD HH:mm:ss} (fractions allowed): taken as
 * <b>UTC</b> — the reference's samples are UTC and a server's local zone cannot be known;</li>
 * <li>a bare date {@code YYYY-MM-DD}: midnight UTC;</li>
 * <li>epoch seconds or milliseconds, as a number or a string: below 10<sup>11</sup> it is seconds
 * (10<sup>11</sup> s is the year 5138, 10<sup>11</sup> ms is 1973), otherwise milliseconds.</li>
 * </ul>
 * Anything else is unreadable: {@link #parse} throws, and the tolerant reader makes that field
 * null and says so.
 */
public final class SnapCallTime {

    private static final Pattern NUMBER = Pattern.compile("-?\\d+(\\.\\d+)?");
    private static final Pattern SPACED = Pattern.compile("^\\d{4}-\\d{2}-\\d{2} \\d.*");
    private static final BigDecimal SECONDS_BELOW = BigDecimal.valueOf(100_000_000_000L);
    private static final BigDecimal THOUSAND = BigDecimal.valueOf(1000);

    private SnapCallTime() {
    }

    /** The instant a JSON value names; null for null, a missing value or a blank string. */
    public static Instant parse(JsonNode value) {
        if (value == null || value.isNull() || value.isMissingNode()) {
            return null;
        }
        if (value.isNumber()) {
            return epoch(value.decimalValue());
        }
        if (!value.isTextual()) {
            throw new IllegalArgumentException("not a date: " + value.getNodeType().name().toLowerCase());
        }
        return parse(value.asText());
    }

    public static Instant parse(String value) {
        String text = value == null ? "" : value.trim();
        if (text.isEmpty()) {
            return null;
        }
        if (NUMBER.matcher(text).matches()) {
            return epoch(new BigDecimal(text));
        }
        if (SPACED.matcher(text).matches()) {
            text = text.replaceFirst(" ", "T");
        }
        try {
            TemporalAccessor parsed = DateTimeFormatter.ISO_DATE_TIME.parseBest(text, ZonedDateTime::from,
                    LocalDateTime::from);
            return parsed instanceof ZonedDateTime zoned ? zoned.toInstant()
                    : ((LocalDateTime) parsed).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException notDateTime) {
            try {
                return LocalDate.parse(text).atStartOfDay().toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException notDate) {
                throw new IllegalArgumentException("not a date: " + text);
            }
        }
    }

    private static Instant epoch(BigDecimal number) {
        try {
            BigDecimal seconds = number.abs().compareTo(SECONDS_BELOW) < 0 ? number : number.divide(THOUSAND);
            long whole = seconds.setScale(0, RoundingMode.FLOOR).longValueExact();
            long nanos = seconds.subtract(BigDecimal.valueOf(whole)).movePointRight(9).longValue();
            return Instant.ofEpochSecond(whole, nanos);
        } catch (ArithmeticException | DateTimeException outOfRange) {
            throw new IllegalArgumentException("not a date: " + number);
        }
    }

    /** For model fields: {@code @JsonDeserialize(using = SnapCallTime.Reader.class)}. */
    public static final class Reader extends StdDeserializer<Instant> {

        public Reader() {
            super(Instant.class);
        }

        @Override
        public Instant deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            JsonNode value = parser.readValueAsTree();
            try {
                return parse(value);
            } catch (IllegalArgumentException unreadable) {
                throw InvalidFormatException.from(parser, unreadable.getMessage(), value, Instant.class);
            }
        }

        @Override
        public Instant getNullValue(DeserializationContext context) {
            return null;
        }
    }
}
