package io.switchboard.action;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

/** What an action becomes after a try, at a fixed instant. */
class RetryPolicyTest {

    static final Instant NOW = Instant.parse("2026-11-28T10:00:00Z");
    static final RetryPolicy POLICY = new RetryPolicy(3, Duration.ofSeconds(1), Duration.ofMinutes(5));

    @Test
    void aSuccessIsFinalAndCountsItsTry() {
        var next = POLICY.after(SendResult.succeeded("PUT", "/v2/buttons/b"), 0, NOW);
        assertEquals(ActionStatus.SUCCEEDED, next.status());
        assertEquals(AttemptOutcome.SUCCEEDED, next.attempt());
        assertEquals(1, next.attempts());
    }

    @Test
    void aRefusalIsFailedAndNotRetried() {
        var next = POLICY.after(SendResult.refused("PUT", "/v2/buttons/b", 400, "active must be a boolean"), 0, NOW);
        assertEquals(ActionStatus.FAILED, next.status());
        assertEquals("active must be a boolean", next.error());
    }

    @Test
    void aTransientFailureIsRetriedWithBackoffUntilTheLastTryThenDead() {
        var first = POLICY.after(SendResult.retry("PUT", "/v2/buttons/b", 503, "unavailable", null), 0, NOW);
        assertEquals(ActionStatus.PENDING, first.status());
        assertEquals(AttemptOutcome.RETRY, first.attempt());
        assertTrue(!first.nextAttemptAt().isBefore(NOW.plusMillis(800)) && !first.nextAttemptAt().isAfter(NOW.plusMillis(1200)),
                "about 1 s ±20%: " + first.nextAttemptAt());
        var last = POLICY.after(SendResult.retry("PUT", "/v2/buttons/b", 503, "unavailable", null), 2, NOW);
        assertEquals(ActionStatus.DEAD, last.status());
        assertEquals(3, last.attempts());
    }

    @Test
    void retryAfterIsHonouredButClampedToTheMaximumBackoff() {
        var asked = POLICY.after(SendResult.retry("PUT", "/x", 429, "slow down", Duration.ofSeconds(7)), 0, NOW);
        assertEquals(NOW.plusSeconds(7), asked.nextAttemptAt());
        var absurd = POLICY.after(SendResult.retry("PUT", "/x", 429, "slow down", Duration.ofSeconds(Long.MAX_VALUE / 2)), 0, NOW);
        assertEquals(NOW.plus(Duration.ofMinutes(5)), absurd.nextAttemptAt());
        var negative = POLICY.after(SendResult.retry("PUT", "/x", 429, "slow down", Duration.ofSeconds(-5)), 0, NOW);
        assertEquals(NOW, negative.nextAttemptAt());
    }

    @Test
    void anOpenCircuitDefersWithoutSpendingATry() {
        var next = POLICY.after(SendResult.deferred("PUT", "/x", "circuit open", Duration.ofSeconds(2)), 2, NOW);
        assertEquals(ActionStatus.PENDING, next.status());
        assertNull(next.attempt());
        assertEquals(2, next.attempts());
        assertEquals(NOW.plusSeconds(2), next.nextAttemptAt());
    }
}
