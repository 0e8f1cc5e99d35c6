package io.switchboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import org.junit.jupiter.api.Test;

/** Reading Retry-After from SnapCall or a webhook receiver, however absurd: never an overflow, never a throw. */
class RetryAfterTest {

    static final Instant NOW = Instant.parse("2026-11-28T10:00:00Z");

    @Test
    void secondsAreReadAsTheyAre() {
        assertEquals(Optional.of(Duration.ofSeconds(7)), RetryAfter.parse("7", NOW));
        assertEquals(Optional.of(Duration.ofSeconds(120)), RetryAfter.parse(" 120 ", NOW));
        assertEquals(Optional.of(Duration.ZERO), RetryAfter.parse("0", NOW));
    }

    @Test
    void hugeNumbersStopAtTheCeilingAndCanBeAddedToAnyInstant() {
        for (String absurd : new String[] { "9223372036854775807", "99999999999999999999999999", "999999999999999999" }) {
            Duration wait = RetryAfter.parse(absurd, NOW).orElseThrow();
            assertEquals(RetryAfter.CEILING, wait, absurd);
            assertTrue(NOW.plus(wait).isAfter(NOW), "adding it does not overflow");
        }
    }

    @Test
    void anHttpDateIsTheWaitUntilThenAndAPastOneMeansNow() {
        assertEquals(Optional.of(Duration.ofSeconds(30)), RetryAfter.parse("Sat, 28 Nov 2026 10:00:30 GMT", NOW));
        assertEquals(Optional.of(Duration.ZERO), RetryAfter.parse("Thu, 01 Jan 1970 00:00:00 GMT", NOW));
        assertEquals(Optional.of(RetryAfter.CEILING), RetryAfter.parse("Fri, 31 Dec 9999 23:59:59 GMT", NOW),
                "a date centuries away is capped like a huge number");
    }

    @Test
    void negativeFractionalAndGarbageValuesGiveNoAdvice() {
        for (String garbage : new String[] { "-5", "1.5", "soon", "", "   ", "5s", "+5", "Thu, 32 Jan 1970 00:00:00 GMT",
                "٣" /* an Arabic-Indic digit */ }) {
            assertEquals(Optional.empty(), RetryAfter.parse(garbage, NOW), "'" + garbage + "'");
        }
        assertEquals(Optional.empty(), RetryAfter.parse(null, NOW));
    }
}
