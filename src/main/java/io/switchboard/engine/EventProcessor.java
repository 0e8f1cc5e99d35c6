package io.switchboard.engine;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

import org.jboss.logging.Logger;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import io.switchboard.Tick;
import io.switchboard.event.Event;
import io.switchboard.event.EventStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.control.ActivateRequestContext;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;

/**
 * The engine's two timers. Due {@code for} timers (an indexed lookup by due time) are settled
 * each in its own transaction. And the recovery scan: events are decided in the transaction
 * that stores them, so an unprocessed event is only one an older version stored before it
 * could decide it — looked for once, after start, never as the normal path.
 */
@ApplicationScoped
public class EventProcessor {

    private static final Logger LOG = Logger.getLogger(EventProcessor.class);
    static final int BATCH = 100;
    static final int ALONE_TRIES = 3;

    @Inject
    EventStore events;

    @Inject
    Engine engine;

    @Inject
    Clock clock;

    @Inject
    SubjectLocks locks;

    private final AtomicBoolean recovering = new AtomicBoolean();

    @Tick
    @Scheduled(every = "${switchboard.engine.tick:1s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    @ActivateRequestContext
    void tick() {
        settleDueHolds();
    }

    /** Once, shortly after start: nothing this version stores is left undecided. */
    @Tick
    @Scheduled(every = "${switchboard.engine.recovery-every:1000d}", delayed = "2s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    @ActivateRequestContext
    void recoveryTick() {
        recover();
    }

    /** Decides events left unprocessed, a batch per transaction, until none is left. */
    public void recover() {
        if (!recovering.compareAndSet(false, true)) {
            return;
        }
        try {
            int done;
            do {
                done = recoverBatch();
            } while (done > 0);
        } finally {
            recovering.set(false);
        }
    }

    private int recoverBatch() {
        try {
            return QuarkusTransaction.requiringNew().call(() -> {
                List<Event> batch = events.claimUnprocessed(BATCH);
                engine.decide(batch);
                return batch.size();
            });
        } catch (RuntimeException batchFailed) {
            LOG.warnf(batchFailed, "a recovered event batch failed; deciding its events one by one");
            return recoverOneByOne();
        }
    }

    /** Isolates a poison event: each is locked again and decided alone; see {@link #decideAlone}. */
    private int recoverOneByOne() {
        List<Long> ids = QuarkusTransaction.requiringNew().call(() -> events.claimUnprocessed(BATCH).stream()
                .map(e -> e.id).toList());
        ids.forEach(this::decideAlone);
        return ids.size();
    }

    /**
     * Decides one event in its own transaction, locked and checked unprocessed first (so never
     * twice). A failure may be passing — a lock wait that timed out, a deadlock victim, a lost
     * connection — so it is tried again after a pause; an event that fails {@link #ALONE_TRIES}
     * times is marked processed without traces, so that it cannot stop the scan.
     */
    private void decideAlone(long id) {
        RuntimeException failure = null;
        for (int attempt = 1; attempt <= ALONE_TRIES; attempt++) {
            try {
                QuarkusTransaction.requiringNew().run(() -> {
                    Event event = Event.findById(id, LockModeType.PESSIMISTIC_WRITE);
                    if (event != null && event.processedAt == null) {
                        engine.decide(List.of(event));
                    }
                });
                return;
            } catch (RuntimeException e) {
                failure = e;
                if (attempt < ALONE_TRIES) {
                    LockSupport.parkNanos(Duration.ofMillis(100L * attempt).toNanos());
                }
            }
        }
        LOG.errorf(failure, "event %d cannot be decided (%d tries); marked processed without traces", id, ALONE_TRIES);
        QuarkusTransaction.requiringNew().run(() -> {
            Event event = Event.findById(id, LockModeType.PESSIMISTIC_WRITE);
            if (event != null && event.processedAt == null) {
                event.processedAt = clock.instant();
            }
        });
    }

    /**
     * Due {@code for} timers, each in its own transaction: its (rule, subject) lock first, as the
     * engine takes it, then the timer's row (locked: replicas settle each once).
     */
    public void settleDueHolds() {
        List<Cooldown.Key> due = QuarkusTransaction.requiringNew().call(() -> Hold.<Hold> list("dueAt <= ?1", clock.instant())
                .stream().map(h -> new Cooldown.Key(h.ruleId, h.subject)).toList());
        for (Cooldown.Key key : due) {
            QuarkusTransaction.requiringNew().run(() -> {
                locks.lock(List.of(key));
                Hold hold = Hold.<Hold> find("ruleId = ?1 and subject = ?2", key.ruleId, key.subject)
                        .withLock(LockModeType.PESSIMISTIC_WRITE).firstResult();
                if (hold != null && !hold.dueAt.isAfter(clock.instant())) {
                    engine.settleHold(hold);
                }
            });
        }
    }
}
