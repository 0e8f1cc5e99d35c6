package io.switchboard.intake;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Function;

import io.switchboard.snapcall.SnapCallException;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * {@code switchboard.poll.budget}, shared by every poller of this instance: each SnapCall request
 * a poller makes waits for its turn here ({@link RequestBudget} decides, on the injected clock),
 * and a 429 it gets lowers the rate for all of them. Waiting blocks the poller's own thread
 * (managed executor), never an event loop. Per instance: replicas claim poll rounds, so a round's
 * requests come from one replica, but two replicas polling different lists at the same moment
 * each spend their own budget.
 */
@ApplicationScoped
public class PollBudget {

    /** How a poller waits; tests with a fake clock advance it instead of sleeping. */
    @FunctionalInterface
    interface Sleeper {
        void sleep(Duration wait);
    }

    @Inject
    PollConfig config;

    @Inject
    Clock clock;

    Sleeper sleeper = PollBudget::sleep;

    private RequestBudget budget;

    @PostConstruct
    void init() {
        budget = new RequestBudget(config.budget());
    }

    static PollBudget of(RequestBudget budget, Clock clock, Sleeper sleeper) {
        PollBudget made = new PollBudget();
        made.budget = budget;
        made.clock = clock;
        made.sleeper = sleeper;
        return made;
    }

    /**
     * Sends one request when the budget allows; {@code request} gets the instant it was sent at
     * (what its answer is as old as). A 429 lowers the rate before it reaches the caller.
     */
    public <T> T spend(Function<Instant, T> request) {
        acquire();
        try {
            return request.apply(clock.instant());
        } catch (SnapCallException.RateLimited limited) {
            budget.throttled(clock.instant());
            throw limited;
        } finally {
            budget.answered(clock.instant());
        }
    }

    /** Requests per second the pollers may send now (the budget, or less after a 429). */
    public double rate() {
        return budget.rate(clock.instant());
    }

    public double configured() {
        return budget.budget();
    }

    private void acquire() {
        for (Duration wait = budget.reserve(clock.instant()); !wait.isZero(); wait = budget.reserve(clock.instant())) {
            sleeper.sleep(wait);
        }
    }

    private static void sleep(Duration wait) {
        try {
            Thread.sleep(Math.max(1, wait.toMillis()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the poll budget");
        }
    }
}
