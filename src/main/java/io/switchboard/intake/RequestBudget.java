package io.switchboard.intake;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Iterator;

/**
 * How many requests the pollers may send, a pure function of the requests so far and the time
 * (unit-tested with a fake clock; {@link PollBudget} does the waiting).
 *
 * <p>At rate r ≥ 1 per second, a request may start while fewer than ⌊r⌋ are in flight or were
 * answered within the last second; at r &lt; 1, while none is in flight or was answered within
 * 1/r seconds. Counting answers rather than starts makes the limit hold where SnapCall counts:
 * a request arrives after it started and before it was answered, so however the network jitters,
 * SnapCall never receives more than ⌊r⌋ in any second. The price is SnapCall's latency L: a
 * second's worth of requests takes 1 s + L.
 *
 * <p>A 429 lowers the rate (additive increase, multiplicative decrease): it halves — at most once
 * a second, since 429s arriving together answer requests sent before the first one was seen;
 * never below a sixteenth of the budget — then climbs back linearly, by the budget every
 * {@link #RECOVERY}, to the configured budget. (The poller that got the 429 also waits its
 * Retry-After, see {@link PollRunner}; the others go on, more slowly.)
 */
final class RequestBudget {

    static final Duration RECOVERY = Duration.ofSeconds(60);
    /** How soon to ask again while every allowed request is still in flight. */
    static final Duration IN_FLIGHT_WAIT = Duration.ofMillis(10);
    private static final Duration SECOND = Duration.ofSeconds(1);

    private final double budget;
    private final int capacity;
    private int inFlight;
    /** When the latest requests were answered, oldest first: no more than the budget allows at once. */
    private final ArrayDeque<Instant> answered = new ArrayDeque<>();
    private double lowered;
    private Instant loweredAt;

    RequestBudget(double budget) {
        if (!(budget > 0) || Double.isInfinite(budget)) {
            throw new IllegalArgumentException("switchboard.poll.budget must be a positive number of requests per second");
        }
        this.budget = budget;
        this.capacity = Math.max(1, (int) Math.floor(budget));
    }

    double budget() {
        return budget;
    }

    /**
     * Lets a request start at {@code now} (answers zero; {@link #answered} must follow), or
     * answers how long to wait before asking again.
     */
    synchronized Duration reserve(Instant now) {
        double rate = rate(now);
        int allowed = Math.max(1, (int) Math.floor(rate));
        if (inFlight >= allowed) {
            return IN_FLIGHT_WAIT;
        }
        Duration window = rate >= 1 ? SECOND : Duration.ofNanos((long) (1e9 / rate));
        Instant since = now.minus(window);
        // The answers still in the window, newest first; the request may start once enough have left it.
        int free = allowed - inFlight;
        Iterator<Instant> latest = answered.descendingIterator();
        for (int i = 0; i < free; i++) {
            if (!latest.hasNext()) {
                break;
            }
            Instant at = latest.next();
            if (!at.isAfter(since)) {
                break;
            }
            if (i == free - 1) {
                return Duration.between(since, at);
            }
        }
        inFlight++;
        return Duration.ZERO;
    }

    /** The request {@link #reserve} let start was answered (or failed) at {@code now}. */
    synchronized void answered(Instant now) {
        inFlight = Math.max(0, inFlight - 1);
        answered.addLast(now);
        while (answered.size() > capacity) {
            answered.removeFirst();
        }
    }

    /** SnapCall answered a poller's request with 429 at {@code now}. */
    synchronized void throttled(Instant now) {
        if (loweredAt == null || !now.isBefore(loweredAt.plus(SECOND))) {
            lowered = Math.max(budget / 16, rate(now) / 2);
            loweredAt = now;
        }
    }

    /** The rate now: the budget, or less while recovering from a 429. */
    synchronized double rate(Instant now) {
        if (loweredAt == null) {
            return budget;
        }
        if (!now.isAfter(loweredAt)) {
            return lowered;
        }
        double climbed = lowered + Duration.between(loweredAt, now).toNanos() / (double) RECOVERY.toNanos() * budget;
        if (climbed >= budget) {
            loweredAt = null;
            return budget;
        }
        return climbed;
    }
}
