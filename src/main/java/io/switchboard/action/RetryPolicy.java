package io.switchboard.action;

import java.time.Duration;
import java.time.Instant;

/**
 * What an action becomes after a try — a pure function of the try's result, the tries so far
 * and the time, so every branch is unit-tested without SnapCall or a database.
 */
public record RetryPolicy(int maxAttempts, Duration backoff, Duration maxBackoff) {

    static RetryPolicy of(ActionConfig config) {
        return new RetryPolicy(config.maxAttempts(), config.backoff(), config.maxBackoff());
    }

    /**
     * The action's next state. {@code attempt} is null when nothing was tried (SnapCall's
     * circuit was open): no try is counted then.
     */
    public record Next(ActionStatus status, AttemptOutcome attempt, int attempts, Instant nextAttemptAt, String error) {
        public boolean isFinal() {
            return status != ActionStatus.PENDING;
        }
    }

    public Next after(SendResult result, int attemptsBefore, Instant now) {
        int tried = attemptsBefore + 1;
        return switch (result.outcome()) {
            case SUCCEEDED -> new Next(ActionStatus.SUCCEEDED, AttemptOutcome.SUCCEEDED, tried, now, null);
            case NO_CHANGE -> new Next(ActionStatus.NO_CHANGE, AttemptOutcome.NO_CHANGE, tried, now, null);
            case REFUSED -> new Next(ActionStatus.FAILED, AttemptOutcome.FAILED, tried, now, result.error());
            case DEFERRED -> new Next(ActionStatus.PENDING, null, attemptsBefore, now.plus(clamp(result.retryAfter())),
                    result.error());
            case RETRY -> tried >= maxAttempts
                    ? new Next(ActionStatus.DEAD, AttemptOutcome.DEAD, tried, now, result.error())
                    : new Next(ActionStatus.PENDING, AttemptOutcome.RETRY, tried, now.plus(result.retryAfter() != null
                            ? clamp(result.retryAfter()) : Backoff.delay(backoff, maxBackoff, tried)), result.error());
        };
    }

    /** A wait SnapCall or a receiver asked for, kept between nothing and {@code maxBackoff}. */
    Duration clamp(Duration wait) {
        if (wait == null || wait.isNegative()) {
            return Duration.ZERO;
        }
        return wait.compareTo(maxBackoff) > 0 ? maxBackoff : wait;
    }
}
