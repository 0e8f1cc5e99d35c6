package io.switchboard;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * The one reading of a {@code Retry-After} header, for SnapCall and webhook receivers alike:
 * delay-seconds or an HTTP date. What it answers can always be added to an instant — however
 * absurd the header — and each caller then cuts it to its own longest wait.
 *
 * <ul>
 * <li>Digits: that many seconds; more than {@link #CEILING} (or too many digits for a long) is
 * the ceiling, never an overflow.</li>
 * <li>An HTTP date: the wait until then (also capped); a date already past (a 1970 date, a
 * server with a wrong clock) means "now", as RFC 9110 reads it — the caller still bounds its
 * tries.</li>
 * <li>A negative number, a fraction, anything else: not a {@code Retry-After} at all, so no
 * advice — the caller's own backoff applies.</li>
 * </ul>
 */
public final class RetryAfter {

    /** Longer than any sensible backoff, short enough that {@code Instant.plus} can never overflow. */
    public static final Duration CEILING = Duration.ofDays(36_500);

    private RetryAfter() {
    }

    public static Optional<Duration> parse(String header, Instant now) {
        if (header == null || header.isBlank()) {
            return Optional.empty();
        }
        String value = header.trim();
        if (value.chars().allMatch(c -> c >= '0' && c <= '9')) {
            // 19 digits may already overflow a long; anything that long is "a very long time" anyway.
            Duration asked = value.length() > 18 ? CEILING : Duration.ofSeconds(Long.parseLong(value));
            return Optional.of(min(asked, CEILING));
        }
        try {
            Instant at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            Duration wait = Duration.between(now, at);
            return Optional.of(wait.isNegative() ? Duration.ZERO : min(wait, CEILING));
        } catch (DateTimeParseException | ArithmeticException unreadable) {
            return Optional.empty();
        }
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
