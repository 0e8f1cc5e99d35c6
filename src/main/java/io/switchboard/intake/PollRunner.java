package io.switchboard.intake;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

import org.jboss.logging.Logger;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.switchboard.Metrics;
import io.switchboard.Tick;
import io.switchboard.action.Backoff;
import io.switchboard.engine.Engine;
import io.switchboard.event.EventStore;
import io.switchboard.snapcall.SnapCallException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.control.ActivateRequestContext;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;

/**
 * Runs pollers safely: never one poller twice at once; a successful read stores its events,
 * state and cursor together; and every way a poll can fail — SnapCall's errors, an answer that
 * cannot be read, a list that cannot be trusted, a failed store — changes nothing but the
 * poller's error and backoff (exponential, or SnapCall's Retry-After kept between 2 s and
 * {@code switchboard.poll.max-backoff}, so an absurd one neither throws nor stalls the poller).
 * {@code next_run_at} says when it is due again.
 */
@ApplicationScoped
public class PollRunner {

    private static final Logger LOG = Logger.getLogger(PollRunner.class);
    static final Duration FIRST_RETRY = Duration.ofSeconds(2);
    static final int MAX_TEXT = 2000;

    @Inject
    PollConfig config;

    @Inject
    Metrics metrics;

    @Inject
    EventStore events;

    @Inject
    Engine engine;

    @Inject
    Clock clock;

    private final Map<String, AtomicBoolean> running = new ConcurrentHashMap<>();

    /** Runs the poller if its time has come (interval elapsed, or backoff over); true when it read and stored. */
    @ActivateRequestContext
    @Tick
    public boolean runIfDue(Poller poller) {
        return run(poller, false);
    }

    public boolean isRunning(Poller poller) {
        AtomicBoolean busy = running.get(poller.name());
        return busy != null && busy.get();
    }

    /** {@code force}: run now even if not due, e.g. while backing off (an operator's "poll now"). */
    public boolean run(Poller poller, boolean force) {
        AtomicBoolean busy = running.computeIfAbsent(poller.name(), n -> new AtomicBoolean());
        if (!busy.compareAndSet(false, true)) {
            return false;
        }
        try {
            // As the database keeps it (microseconds): a round knows its claim in the row by equality.
            Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
            Claim claim = claim(poller, now, force);
            if (claim == null) {
                return false;
            }
            RuntimeException failure;
            try {
                Poller.Result result = poller.fetch(claim.cursor(), now);
                store(poller, result, now);
                failure = result.stoppedBy();
            } catch (RuntimeException e) {
                failure = e;
            }
            if (failure != null) {
                failed(poller, failure, now);
            }
            metrics.poll(poller.name(), failure == null);
            return failure == null;
        } finally {
            busy.set(false);
        }
    }

    /** The cursor to read from, when this instance may poll now. */
    private record Claim(String cursor) {
    }

    /**
     * Takes this poll round, across replicas: under the cursor row's lock, a poller that is due
     * gets its horizon moved two cycles ahead (a cycle: its interval, or its last round's length
     * when that was longer), so the other replicas see it as taken; a successful end makes the
     * next round due a cycle after this claim, a failure sets the backoff. A replica that dies
     * mid-poll lets the round lapse at the horizon. Forced or not, no round starts beside another
     * replica's round that is underway and has not lapsed: the older round could store its
     * reading after the newer one, over a result recorded in between. (A round slower than two
     * cycles can still meet the next one: the horizon is what lets a dead replica's round go.)
     */
    private Claim claim(Poller poller, Instant now, boolean force) {
        try {
            return QuarkusTransaction.requiringNew().call(() -> {
                PollCursor row = PollCursor.findById(poller.name(), LockModeType.PESSIMISTIC_WRITE);
                if (row == null) {
                    row = new PollCursor();
                    row.poller = poller.name();
                    row.failures = 0;
                    row.persist();
                }
                boolean beforeHorizon = row.nextRunAt != null && now.isBefore(row.nextRunAt);
                if (beforeHorizon && (!force || row.roundUnderway())) {
                    return null;
                }
                row.lastRunAt = now;
                // Held for two cycles while it runs, so a round slower than the last one is not met by another
                // replica's next round; a dead replica's round lapses then. Its end sets the next one (store()).
                row.nextRunAt = now.plus(row.effectiveInterval(poller.interval()).multipliedBy(2));
                return new Claim(row.cursorValue);
            });
        } catch (RuntimeException lostRace) {
            // another replica created the cursor row at the same moment: it polls this round
            return null;
        }
    }

    /** What the read saw, its events (decided on commit) and the cursor, in one transaction. */
    private void store(Poller poller, Poller.Result result, Instant now) {
        long took = Duration.between(now, clock.instant()).toMillis();
        QuarkusTransaction.requiringNew().run(() -> {
            engine.decide(events.appendAll(result.apply().get()).stream()
                    .flatMap(a -> a.stored().stream()).toList());
            PollCursor row = PollCursor.findById(poller.name(), LockModeType.PESSIMISTIC_WRITE);
            row.cursorValue = result.cursor();
            row.lastProblems = summary(result.problems());
            row.roundMillis = took;
            // A round that outlasted its horizon and met a newer one leaves that one's record alone.
            if (result.stoppedBy() == null && now.equals(row.lastRunAt)) {
                row.lastSuccessAt = now;
                row.endedRunAt = now;
                // Due one cycle after this claim: the interval, or this round's length when that was longer.
                row.nextRunAt = now.plus(row.effectiveInterval(poller.interval()));
                row.failures = 0;
                row.lastError = null;
            }
        });
        if (!result.problems().isEmpty()) {
            LOG.warnf("poller %s read %d item(s) in part or not at all: %s", poller.name(), result.problems().size(),
                    summary(result.problems()));
        }
    }

    /** Records the failure and when to try again; never throws, whatever failed. */
    private void failed(Poller poller, RuntimeException e, Instant now) {
        String message = describe(e);
        Duration asked = e instanceof SnapCallException.RateLimited limited ? limited.retryAfter().orElse(null) : null;
        try {
            QuarkusTransaction.requiringNew().run(() -> {
                PollCursor row = PollCursor.findById(poller.name(), LockModeType.PESSIMISTIC_WRITE);
                if (row == null) {
                    return;
                }
                if (!now.equals(row.lastRunAt)) {
                    // A newer round was claimed since (this one outlasted its horizon): its claim, horizon and end stand.
                    LOG.warnf("poller %s: a round that outlasted its horizon failed after a newer one began: %s",
                            poller.name(), message);
                    return;
                }
                row.failures++;
                row.endedRunAt = now;
                row.lastError = message;
                // From the failure, not the claim: a Retry-After at the end of a long round still holds.
                row.nextRunAt = clock.instant().plus(retryIn(asked, row.failures));
                LOG.warnf("poller %s failed (%d in a row), next try after %s: %s", poller.name(), row.failures,
                        row.nextRunAt, message);
            });
        } catch (RuntimeException unrecorded) {
            LOG.errorf("poller %s failed (%s) and the failure could not be recorded: %s", poller.name(), message,
                    describe(unrecorded));
        }
    }

    /** SnapCall's Retry-After when it sent one, else exponential; in both cases at most the poll max-backoff. */
    Duration retryIn(Duration retryAfter, int failures) {
        return retryAfter == null ? Backoff.delay(FIRST_RETRY, config.maxBackoff(), failures)
                : clamp(retryAfter, FIRST_RETRY, config.maxBackoff());
    }

    /**
     * A wait SnapCall asked for, kept between {@code min} and {@code max} whatever it said
     * (9223372036854775807 seconds, a negative number, a date in 1970 read as "now").
     */
    static Duration clamp(Duration asked, Duration min, Duration max) {
        if (asked == null || asked.compareTo(min) < 0) {
            return min;
        }
        return asked.compareTo(max) > 0 ? max : asked;
    }

    static String describe(RuntimeException e) {
        String text = e instanceof SnapCallException || e instanceof UntrustedListing
                ? e.getMessage()
                : e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
        return truncate(text == null ? e.getClass().getSimpleName() : text);
    }

    static String summary(List<String> problems) {
        if (problems.isEmpty()) {
            return null;
        }
        return truncate(problems.size() + (problems.size() == 1 ? " problem: " : " problems: ") + String.join("; ", problems));
    }

    private static String truncate(String text) {
        return text.length() <= MAX_TEXT ? text : text.substring(0, MAX_TEXT - 1) + "…";
    }
}
