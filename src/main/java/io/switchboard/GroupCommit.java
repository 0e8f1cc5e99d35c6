package io.switchboard;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import java.util.function.IntConsumer;
import java.util.function.ToLongFunction;

import org.jboss.logging.Logger;

import io.quarkus.narayana.jta.QuarkusTransaction;

/**
 * Group commit: items that arrive together are written in one transaction by one writer, and
 * each caller's future completes once that transaction committed — as durable as one commit
 * per item, at a fraction of the cost. Several kinds of work ({@link Part}s: webhook
 * deliveries, action results) share the writers, so what arrives together shares one commit
 * whatever its kind: on the embedded H2 every commit rewrites the B-tree pages it touched, and
 * results committed apart from deliveries cost a quarter of all commits. In a shared
 * transaction parts are written in rank order (lowest first), each with the items of its kind
 * in arrival order.
 *
 * <p>A batch that fails is written again one item at a time, each alone in its transaction, so
 * one bad item never fails the others; an item that still fails is retried after a pause, up to
 * its part's {@code maxTries} (then its future fails), or forever when {@code maxTries} is 0 —
 * holding that writer meanwhile, so the other writers carry on.
 *
 * <p>Bounded in bytes per part, not items: {@link Part#offer} refuses work once the part's
 * {@code maxBytes} wait. The writer loops run on a managed executor (see {@link Writers}).
 */
public final class GroupCommit {

    private static final Logger LOG = Logger.getLogger(GroupCommit.class);

    /** Refused: too much is waiting to be written. */
    public static final class Full extends RuntimeException {
        Full(String name) {
            super(name + ": too much waiting to be stored; send it again shortly");
        }
    }

    private record Pending(Part<?, ?> part, Object item, long bytes, CompletableFuture<Object> done) {
    }

    /** Runs work in a new transaction that commits when it returns (JTA here; a fake in unit tests). */
    interface Transactions {
        <V> V inNew(Callable<V> work);
    }

    private final int maxBatch;
    private final Transactions transactions;
    private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private volatile boolean running = true;

    /** At most {@code maxBatch} items of all parts in one transaction. */
    public GroupCommit(int maxBatch) {
        this(maxBatch, new Transactions() {
            @Override
            public <V> V inNew(Callable<V> work) {
                return QuarkusTransaction.requiringNew().call(work);
            }
        });
    }

    GroupCommit(int maxBatch, Transactions transactions) {
        this.maxBatch = maxBatch;
        this.transactions = transactions;
    }

    /**
     * A kind of work written by these writers: {@code write} runs inside the shared transaction
     * and answers one result per item, in order.
     */
    public <T, R> Part<T, R> part(String name, int rank, long maxBytes, int maxTries, ToLongFunction<T> weight,
            Function<List<T>, List<R>> write) {
        return new Part<>(name, rank, maxBytes, maxTries, weight, write);
    }

    /** One kind of work: its own byte bound, retry limit and write. */
    public final class Part<T, R> {
        private final String name;
        private final int rank;
        private final long maxBytes;
        private final int maxTries;
        private final ToLongFunction<T> weight;
        private final Function<List<T>, List<R>> write;
        private final AtomicLong queuedBytes = new AtomicLong();
        private volatile IntConsumer onCommit = size -> { };

        private Part(String name, int rank, long maxBytes, int maxTries, ToLongFunction<T> weight,
                Function<List<T>, List<R>> write) {
            this.name = name;
            this.rank = rank;
            this.maxBytes = maxBytes;
            this.maxTries = maxTries;
            this.weight = weight;
            this.write = write;
        }

        /** Queues an item; the future completes after the transaction that wrote it committed. */
        public CompletableFuture<R> offer(T item) {
            return offer(item, weight.applyAsLong(item));
        }

        /** Queues an item whose weight the caller already knows. */
        @SuppressWarnings("unchecked")
        public CompletableFuture<R> offer(T item, long bytes) {
            CompletableFuture<Object> done = new CompletableFuture<>();
            if (queuedBytes.addAndGet(bytes) > maxBytes && bytes < maxBytes) {
                queuedBytes.addAndGet(-bytes);
                done.completeExceptionally(new Full(name));
            } else {
                queue.add(new Pending(this, item, bytes, done));
            }
            return (CompletableFuture<R>) (CompletableFuture<?>) done;
        }

        /** Told how many of this part's items each commit wrote (a metric). */
        public Part<T, R> observe(IntConsumer sizes) {
            this.onCommit = sizes;
            return this;
        }

        public long queuedBytes() {
            return queuedBytes.get();
        }

        @SuppressWarnings("unchecked")
        private List<Object> write(List<Object> items) {
            List<R> results = write.apply((List<T>) items);
            if (results.size() != items.size()) {
                throw new IllegalStateException(name + ": " + results.size() + " results for " + items.size() + " items");
            }
            return List.copyOf(results);
        }
    }

    public void stop() {
        running = false;
    }

    /** A writer loop (run several for overlapping commits): returns when stopped. */
    public void run() {
        while (running) {
            try {
                round(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                LOG.errorf(e, "a group-commit writer failed a round");
            }
        }
    }

    /** One round: waits up to {@code waitMillis} for work, then writes all that is queued (up to the batch size). */
    void round(long waitMillis) throws InterruptedException {
        Pending first = queue.poll(waitMillis, TimeUnit.MILLISECONDS);
        if (first == null) {
            return;
        }
        List<Pending> batch = new ArrayList<>();
        batch.add(first);
        queue.drainTo(batch, maxBatch - 1);
        try {
            commit(batch);
        } finally {
            batch.forEach(p -> p.part().queuedBytes.addAndGet(-p.bytes()));
        }
    }

    private void commit(List<Pending> batch) {
        Map<Part<?, ?>, List<Pending>> byPart = new IdentityHashMap<>();
        batch.forEach(p -> byPart.computeIfAbsent(p.part(), k -> new ArrayList<>()).add(p));
        List<Part<?, ?>> parts = byPart.keySet().stream().sorted(Comparator.comparingInt(p -> p.rank)).toList();
        try {
            Map<Part<?, ?>, List<Object>> results = transactions.inNew(() -> {
                Map<Part<?, ?>, List<Object>> written = new IdentityHashMap<>();
                for (Part<?, ?> part : parts) {
                    written.put(part, part.write(byPart.get(part).stream().map(Pending::item).toList()));
                }
                return written;
            });
            for (Part<?, ?> part : parts) {
                List<Pending> items = byPart.get(part);
                part.onCommit.accept(items.size());
                for (int i = 0; i < items.size(); i++) {
                    items.get(i).done().complete(results.get(part).get(i));
                }
            }
            return;
        } catch (RuntimeException batchFailed) {
            if (batch.size() == 1) {
                retry(batch.get(0), batchFailed);
                return;
            }
            // One bad item (or a race with another replica on a unique key) must not fail the others.
            LOG.debugf(batchFailed, "a group commit of %d items failed; writing them one by one", batch.size());
        }
        for (Pending one : batch) {
            try {
                one.done().complete(writeAlone(one));
            } catch (RuntimeException failed) {
                retry(one, failed);
            }
        }
    }

    private Object writeAlone(Pending one) {
        return transactions.inNew(() -> one.part().write(List.of(one.item())).get(0));
    }

    private void retry(Pending one, RuntimeException firstFailure) {
        RuntimeException failure = firstFailure;
        int maxTries = one.part().maxTries;
        for (int attempt = 2; maxTries == 0 || attempt <= maxTries; attempt++) {
            LOG.infof("%s: writing failed (try %d), trying again: %s", one.part().name, attempt - 1, failure.toString());
            LockSupport.parkNanos(Duration.ofMillis(Math.min(5_000, 50L * attempt)).toNanos());
            if (!running) {
                break;
            }
            try {
                one.done().complete(writeAlone(one));
                return;
            } catch (RuntimeException again) {
                failure = again;
            }
        }
        LOG.warnf(failure, "%s: an item could not be written", one.part().name);
        one.done().completeExceptionally(failure);
    }
}
