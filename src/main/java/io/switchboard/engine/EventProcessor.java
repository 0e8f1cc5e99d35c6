package io.switchboard.engine;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import org.jboss.logging.Logger;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import io.switchboard.event.Event;
import io.switchboard.event.EventStore;
import io.switchboard.event.EventsStored;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.control.ActivateRequestContext;
import jakarta.enterprise.event.ObservesAsync;
import jakarta.inject.Inject;

/**
 * Feeds stored events to the engine in batches, one transaction per batch (claim, evaluate,
 * trace, queue, mark processed). Woken as soon as events are stored; a tick catches the rest,
 * and {@code for} timers that came due.
 */
@ApplicationScoped
public class EventProcessor {

    private static final Logger LOG = Logger.getLogger(EventProcessor.class);
    static final int BATCH = 100;

    @Inject
    EventStore events;

    @Inject
    Engine engine;

    private final AtomicBoolean running = new AtomicBoolean();

    @Scheduled(every = "${switchboard.engine.tick:1s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    @ActivateRequestContext
    void tick() {
        drain();
        settleDueHolds();
    }

    @ActivateRequestContext
    void onStored(@ObservesAsync EventsStored stored) {
        drain();
    }

    /** Processes stored events until none is left. */
    public void drain() {
        if (!running.compareAndSet(false, true)) {
            return;
        }
        try {
            int done;
            do {
                done = processBatch();
            } while (done > 0);
        } finally {
            running.set(false);
        }
    }

    private int processBatch() {
        try {
            return QuarkusTransaction.requiringNew().call(() -> {
                List<Event> batch = events.claimUnprocessed(BATCH);
                Instant now = Instant.now();
                engine.process(batch, now);
                return batch.size();
            });
        } catch (RuntimeException batchFailed) {
            LOG.warnf(batchFailed, "an event batch failed; processing its events one by one");
            return processOneByOne();
        }
    }

    /** Isolates a poison event: it is marked processed (and stays visible in /api/events) instead of blocking the rest. */
    private int processOneByOne() {
        List<Long> ids = QuarkusTransaction.requiringNew().call(() -> events.claimUnprocessed(BATCH).stream()
                .map(e -> e.id).toList());
        for (Long id : ids) {
            try {
                QuarkusTransaction.requiringNew().run(() -> engine.process(List.of(Event.<Event> findById(id)), Instant.now()));
            } catch (RuntimeException e) {
                LOG.errorf(e, "event %d cannot be evaluated; marked processed without traces", id);
                QuarkusTransaction.requiringNew().run(() -> {
                    Event event = Event.findById(id);
                    event.processedAt = Instant.now();
                });
            }
        }
        return ids.size();
    }

    /** Due {@code for} timers, each in its own transaction. */
    public void settleDueHolds() {
        List<Long> due = QuarkusTransaction.requiringNew().call(() -> Hold.<Hold> list("dueAt <= ?1", Instant.now())
                .stream().map(h -> h.id).toList());
        for (Long id : due) {
            QuarkusTransaction.requiringNew().run(() -> {
                Hold hold = Hold.findById(id, jakarta.persistence.LockModeType.PESSIMISTIC_WRITE);
                if (hold != null) {
                    engine.settleHold(hold, Instant.now());
                }
            });
        }
    }
}
