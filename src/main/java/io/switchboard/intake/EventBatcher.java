package io.switchboard.intake;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import org.jboss.logging.Logger;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.switchboard.event.Event;
import io.switchboard.event.EventDraft;
import io.switchboard.event.EventStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/**
 * Group commit for inbound events: deliveries that arrive together are stored in one
 * transaction, and each caller is answered once that commit is done — as durable as one
 * commit per delivery, at a fraction of the cost. One writer thread; a batch closes when it
 * holds {@link #MAX_BATCH} deliveries or when no more is waiting.
 */
@ApplicationScoped
public class EventBatcher {

    private static final Logger LOG = Logger.getLogger(EventBatcher.class);
    static final int MAX_BATCH = 500;

    /** What storing a delivery did: the event it made, or the one an earlier delivery with the same key made. */
    public record Stored(Long eventId, boolean duplicate) {
    }

    /** A delivery waiting for its commit. */
    private record Pending(EventDraft draft, CompletableFuture<Stored> done) {
    }

    @Inject
    EventStore events;

    private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>(100_000);
    private volatile boolean running = true;
    private Thread writer;

    void start(@Observes StartupEvent start) {
        writer = new Thread(this::loop, "event-batcher");
        writer.setDaemon(true);
        writer.start();
    }

    void stop(@Observes ShutdownEvent stop) {
        running = false;
        if (writer != null) {
            writer.interrupt();
        }
    }

    /** The delivery was not stored: the sender should send it again (its Idempotency-Key keeps that safe). */
    public static final class Unavailable extends RuntimeException {
        Unavailable(Throwable cause) {
            super("the event could not be stored now; send it again", cause);
        }
    }

    /** Queues a delivery; completes after the transaction that stored it committed. */
    public CompletableFuture<Stored> store(EventDraft draft) {
        CompletableFuture<Stored> done = new CompletableFuture<>();
        if (!queue.offer(new Pending(draft, done))) {
            done.completeExceptionally(new Unavailable(new IllegalStateException("too many deliveries waiting")));
        }
        return done;
    }

    private void loop() {
        while (running) {
            try {
                Pending first = queue.poll(1, TimeUnit.SECONDS);
                if (first == null) {
                    continue;
                }
                List<Pending> batch = new ArrayList<>();
                batch.add(first);
                queue.drainTo(batch, MAX_BATCH - 1);
                commit(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    void commit(List<Pending> batch) {
        commit(batch, 1);
    }

    private void commit(List<Pending> batch, int attempt) {
        try {
            // Everything the answer needs is read here, in the transaction: callers may continue on an IO thread.
            List<Stored> stored = QuarkusTransaction.requiringNew().call(() -> {
                List<Stored> out = new ArrayList<>(batch.size());
                for (Pending pending : batch) {
                    Optional<Event> event = events.append(pending.draft());
                    out.add(event.isPresent() ? new Stored(event.get().id, false)
                            : new Stored(Event.<Event> find("dedupeKey", pending.draft().dedupeKey())
                                    .firstResultOptional().map(e -> e.id).orElse(null), true));
                }
                return out;
            });
            for (int i = 0; i < batch.size(); i++) {
                batch.get(i).done().complete(stored.get(i));
            }
        } catch (RuntimeException batchFailed) {
            if (batch.size() > 1) {
                // One bad delivery (or a race with another replica) must not fail the others: one by one.
                LOG.debugf(batchFailed, "a batch of %d events failed; storing them one by one", batch.size());
                batch.forEach(pending -> commit(List.of(pending), 1));
            } else if (attempt < 5) {
                // A lock timeout or a replica's concurrent insert of the same key: the next try settles it.
                LOG.infof("storing event %s failed (try %d), trying again: %s", batch.get(0).draft().dedupeKey(),
                        attempt, batchFailed.toString());
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50L * attempt));
                commit(batch, attempt + 1);
            } else {
                LOG.warnf(batchFailed, "an event could not be stored (%s); the sender is asked to retry",
                        batch.get(0).draft().dedupeKey());
                batch.get(0).done().completeExceptionally(new Unavailable(batchFailed));
            }
        }
    }
}
