package io.switchboard.intake;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

import org.jboss.logging.Logger;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.switchboard.action.Backoff;
import io.switchboard.engine.Engine;
import io.switchboard.event.EventStore;
import io.switchboard.snapcall.SnapCallException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.control.ActivateRequestContext;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;

/**
 * Runs pollers safely: never one poller twice at once, a failed read changes nothing but the
 * poller's error and backoff (exponential, or SnapCall's Retry-After), and a successful one
 * stores its events, state and cursor together. {@code next_run_at} says when it is due again.
 */
@ApplicationScoped
public class PollRunner {

    private static final Logger LOG = Logger.getLogger(PollRunner.class);
    static final Duration FIRST_RETRY = Duration.ofSeconds(2);

    @Inject
    PollConfig config;

    @Inject
    io.switchboard.Metrics metrics;

    @Inject
    EventStore events;

    @Inject
    Engine engine;

    private final Map<String, AtomicBoolean> running = new ConcurrentHashMap<>();

    /** Runs the poller if its time has come (interval elapsed, or backoff over); true when it read and stored. */
    @ActivateRequestContext
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
            Instant now = Instant.now();
            Claim claim = claim(poller, now, force);
            if (claim == null) {
                return false;
            }
            Poller.Result result;
            try {
                result = poller.fetch(claim.cursor(), now);
            } catch (SnapCallException e) {
                failed(poller, e, now);
                metrics.poll(poller.name(), false);
                return false;
            }
            QuarkusTransaction.requiringNew().run(() -> {
                // Decide on commit: the events this read saw are stored and decided with the cursor move.
                engine.decide(events.appendAll(result.apply().get()).stream()
                        .flatMap(a -> a.stored().stream()).toList());
                PollCursor row = PollCursor.findById(poller.name(), LockModeType.PESSIMISTIC_WRITE);
                row.cursorValue = result.cursor();
                row.lastSuccessAt = now;
                row.failures = 0;
                row.lastError = null;
            });
            metrics.poll(poller.name(), true);
            return true;
        } finally {
            busy.set(false);
        }
    }

    /** The cursor to read from, when this instance may poll now. */
    private record Claim(String cursor) {
    }

    /**
     * Takes this poll round, across replicas: under the cursor row's lock, a poller that is due
     * gets its next due time moved ahead by its interval, so the other replicas see it as done.
     * A replica that dies mid-poll just lets the round lapse until then.
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
                if (!force && row.nextRunAt != null && now.isBefore(row.nextRunAt)) {
                    return null;
                }
                row.lastRunAt = now;
                row.nextRunAt = now.plus(poller.interval());
                return new Claim(row.cursorValue);
            });
        } catch (RuntimeException lostRace) {
            // another replica created the cursor row at the same moment: it polls this round
            return null;
        }
    }

    private void failed(Poller poller, SnapCallException e, Instant now) {
        QuarkusTransaction.requiringNew().run(() -> {
            PollCursor row = PollCursor.findById(poller.name(), LockModeType.PESSIMISTIC_WRITE);
            row.failures++;
            row.lastRunAt = now;
            row.lastError = e.getMessage();
            Duration wait = e instanceof SnapCallException.RateLimited limited && limited.retryAfter().isPresent()
                    ? limited.retryAfter().get()
                    : Backoff.delay(FIRST_RETRY, config.maxBackoff(), row.failures);
            row.nextRunAt = now.plus(wait);
            LOG.warnf("poller %s failed (%d in a row), next try after %s: %s", poller.name(), row.failures,
                    row.nextRunAt, e.getMessage());
        });
    }

}
