package io.switchboard.intake;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

import org.jboss.logging.Logger;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.switchboard.action.Backoff;
import io.switchboard.snapcall.SnapCallException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Runs pollers safely: never one poller twice at once, a failed read changes nothing but the
 * poller's error and backoff (exponential, or SnapCall's Retry-After), and a successful one
 * stores its events, state and cursor together.
 */
@ApplicationScoped
public class PollRunner {

    private static final Logger LOG = Logger.getLogger(PollRunner.class);

    @Inject
    PollConfig config;

    private final Map<String, AtomicBoolean> running = new ConcurrentHashMap<>();

    /** Runs the poller now unless it is running or backing off; true when it read and stored. */
    public boolean run(Poller poller) {
        return run(poller, false);
    }

    /** {@code force}: run even while backing off (an operator's "poll now"). */
    public boolean run(Poller poller, boolean force) {
        AtomicBoolean busy = running.computeIfAbsent(poller.name(), n -> new AtomicBoolean());
        if (!busy.compareAndSet(false, true)) {
            return false;
        }
        try {
            Instant now = Instant.now();
            PollCursor cursor = QuarkusTransaction.requiringNew().call(() -> cursor(poller.name()));
            if (!force && cursor.nextRunAt != null && now.isBefore(cursor.nextRunAt)) {
                return false;
            }
            Poller.Result result;
            try {
                result = poller.fetch(cursor.cursorValue, now);
            } catch (SnapCallException e) {
                failed(poller, e, now);
                return false;
            }
            QuarkusTransaction.requiringNew().run(() -> {
                result.apply().run();
                PollCursor row = PollCursor.findById(poller.name(), jakarta.persistence.LockModeType.PESSIMISTIC_WRITE);
                row.cursorValue = result.cursor();
                row.lastRunAt = now;
                row.lastSuccessAt = now;
                row.failures = 0;
                row.nextRunAt = null;
                row.lastError = null;
            });
            return true;
        } finally {
            busy.set(false);
        }
    }

    private void failed(Poller poller, SnapCallException e, Instant now) {
        QuarkusTransaction.requiringNew().run(() -> {
            PollCursor row = PollCursor.findById(poller.name(), jakarta.persistence.LockModeType.PESSIMISTIC_WRITE);
            row.failures++;
            row.lastRunAt = now;
            row.lastError = e.getMessage();
            Duration wait = e instanceof SnapCallException.RateLimited limited && limited.retryAfter().isPresent()
                    ? limited.retryAfter().get()
                    : Backoff.delay(poller.interval(), config.maxBackoff(), row.failures);
            row.nextRunAt = now.plus(wait);
            LOG.warnf("poller %s failed (%d in a row), next try after %s: %s", poller.name(), row.failures,
                    row.nextRunAt, e.getMessage());
        });
    }

    private static PollCursor cursor(String name) {
        PollCursor cursor = PollCursor.findById(name);
        if (cursor == null) {
            cursor = new PollCursor();
            cursor.poller = name;
            cursor.failures = 0;
            cursor.persist();
        }
        return cursor;
    }
}
