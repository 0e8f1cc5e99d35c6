package io.switchboard.intake;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.jboss.logging.Logger;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.switchboard.event.Event;
import io.switchboard.event.EventDraft;
import io.switchboard.event.EventStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.control.ActivateRequestContext;
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

    /** A delivery waiting for its commit: the answer is the stored event, or empty for a duplicate. */
    private record Pending(EventDraft draft, CompletableFuture<Optional<Event>> done) {
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

    /** Queues a delivery; completes after the transaction that stored it committed. */
    public CompletableFuture<Optional<Event>> store(EventDraft draft) {
        CompletableFuture<Optional<Event>> done = new CompletableFuture<>();
        if (!queue.offer(new Pending(draft, done))) {
            done.completeExceptionally(new IllegalStateException("too many deliveries waiting; try again"));
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

    @ActivateRequestContext
    void commit(List<Pending> batch) {
        try {
            List<Optional<Event>> stored = QuarkusTransaction.requiringNew().call(() -> {
                List<Optional<Event>> out = new ArrayList<>(batch.size());
                for (Pending pending : batch) {
                    out.add(events.append(pending.draft()));
                }
                return out;
            });
            for (int i = 0; i < batch.size(); i++) {
                batch.get(i).done().complete(stored.get(i));
            }
        } catch (RuntimeException batchFailed) {
            if (batch.size() == 1) {
                batch.get(0).done().completeExceptionally(batchFailed);
                return;
            }
            // One bad delivery (or a race with another replica) must not fail the others: one by one.
            LOG.debugf(batchFailed, "a batch of %d events failed; storing them one by one", batch.size());
            batch.forEach(pending -> commit(List.of(pending)));
        }
    }
}
