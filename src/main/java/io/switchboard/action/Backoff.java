package io.switchboard.action;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/** Exponential backoff with ±20% jitter, so retries of many actions do not arrive together. */
public final class Backoff {

    private Backoff() {
    }

    /** Delay before try number {@code attempt + 1}, after {@code attempt} failed tries (from 1). */
    public static Duration delay(Duration base, Duration max, int attempt) {
        long exponent = Math.min(Math.max(attempt - 1, 0), 20);
        long millis = Math.min(max.toMillis(), base.toMillis() * (1L << exponent));
        double jitter = 0.8 + ThreadLocalRandom.current().nextDouble() * 0.4;
        return Duration.ofMillis(Math.max(1, Math.min(max.toMillis(), (long) (millis * jitter))));
    }
}
