package io.switchboard;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
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
 * per item, at a fraction of the cost. A batch that fails is written again one item at a time,
 * so one bad item never fails the others; an item that still fails is retried after a pause, up
 * to {@code maxTries} (then its future fails), or forever when {@code maxTries} is 0.
 *
 * <p>Bounded in bytes, not items: {@link #offer} refuses work once {@code maxBytes} wait.
 * The writer loop runs on a managed executor (see the owners' start methods).
 */
public final class GroupCommit<T, R> {

    private static final Logger LOG = Logger.getLogger(GroupCommit.class);

    /** Refused: too much is waiting to be written. */
    public static final class Full extends RuntimeException {
        Full(String name) {
            super(name + ": too much waiting to be stored; send it again shortly");
        }
    }

    record Pending<T, R>(T item, long bytes, CompletableFuture<R> done) {
    }

    private final String name;
    private final int maxBatch;
    private final long maxBytes;
    private final int maxTries;
    private final ToLongFunction<T> weight;
    private final Function<List<T>, List<R>> write;
    private final BlockingQueue<Pending<T, R>> queue = new LinkedBlockingQueue<>();
    private final AtomicLong queuedBytes = new AtomicLong();
    private volatile boolean running = true;
    private volatile IntConsumer onCommit = size -> { };
    private volatile long lingerNanos;
    private volatile boolean answerFirst;

    /** {@code write} runs inside a new transaction and answers one result per item, in order. */
    public GroupCommit(String name, int maxBatch, long maxBytes, int maxTries, ToLongFunction<T> weight,
            Function<List<T>, List<R>> write) {
        this.name = name;
        this.maxBatch = maxBatch;
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
    public CompletableFuture<R> offer(T item, long bytes) {
        CompletableFuture<R> done = new CompletableFuture<>();
        if (queuedBytes.addAndGet(bytes) > maxBytes && bytes < maxBytes) {
            queuedBytes.addAndGet(-bytes);
            done.completeExceptionally(new Full(name));
            return done;
        }
        queue.add(new Pending<>(item, bytes, done));
        return done;
    }

    /** Told the size of every batch committed (a metric). */
    public GroupCommit<T, R> observe(IntConsumer sizes) {
        this.onCommit = sizes;
        return this;
    }

    /**
     * Waits up to {@code linger}, from when the writer takes a batch, for more items: on a busy machine one
     * commit then carries several times the items, and each item costs less CPU (a commit writes
     * every B-tree page it touched, however few rows changed). Costs a lone item that wait.
     */
    public GroupCommit<T, R> linger(Duration linger) {
        this.lingerNanos = linger.toNanos();
        return this;
    }

    /**
     * Completes a batch's futures before its transaction's hand-offs run ({@link AfterCommit#handOffAfter}):
     * they still run on the writer, in order, before its next batch.
     */
    public GroupCommit<T, R> answerBeforeHandOffs() {
        this.answerFirst = true;
        return this;
    }

    public long queuedBytes() {
        return queuedBytes.get();
    }

    public void stop() {
        running = false;
    }

    /** The writer loop: returns when stopped or interrupted. */
    public void run() {
        while (running) {
            List<Pending<T, R>> batch = new ArrayList<>();
            boolean interrupted = false;
            try {
                take(batch);
            } catch (InterruptedException e) {
                interrupted = true; // what was taken is written first, with the flag clear (H2's file would not take it)
            }
            try {
                if (answerFirst) {
                    AfterCommit.handOffAfter(() -> commit(batch));
                } else {
                    commit(batch);
                }
            } catch (RuntimeException | Error e) {
                // commit() answers every item itself; only an Error gets here: fail what it left unanswered
                LOG.errorf(e, "%s: the writer failed a round", name);
                batch.forEach(p -> p.done().completeExceptionally(e));
            } finally {
                batch.forEach(p -> queuedBytes.addAndGet(-p.bytes()));
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /**
     * Adds the next batch to {@code batch}: what waits when the writer takes it, plus what
     * arrives within the linger from then (nothing if nothing came for 200 ms). The linger stops
     * early once the batch is full; an interrupt ends it with the items taken so far in {@code batch}.
     */
    void take(List<Pending<T, R>> batch) throws InterruptedException {
        Pending<T, R> first = queue.poll(200, TimeUnit.MILLISECONDS);
        if (first == null) {
            return;
        }
        batch.add(first);
        queue.drainTo(batch, maxBatch - 1);
        long deadline = System.nanoTime() + lingerNanos;
        while (batch.size() < maxBatch) {
            long left = deadline - System.nanoTime();
            Pending<T, R> more = left > 0 ? queue.poll(left, TimeUnit.NANOSECONDS) : null;
            if (more == null) {
                return;
            }
            batch.add(more);
            queue.drainTo(batch, maxBatch - batch.size());
        }
    }

    private void commit(List<Pending<T, R>> batch) {
        if (batch.isEmpty()) {
            return;
        }
        try {
            List<R> results = QuarkusTransaction.requiringNew()
                    .call(() -> write.apply(batch.stream().map(Pending::item).toList()));
            onCommit.accept(batch.size());
            for (int i = 0; i < batch.size(); i++) {
                batch.get(i).done().complete(results.get(i));
            }
            return;
        } catch (RuntimeException batchFailed) {
            if (batch.size() == 1) {
                retry(batch.get(0), batchFailed);
                return;
            }
            // One bad item (or a race with another replica on a unique key) must not fail the others.
            LOG.debugf(batchFailed, "%s: a batch of %d failed; writing them one by one", name, batch.size());
        }
        for (Pending<T, R> one : batch) {
            try {
                R result = QuarkusTransaction.requiringNew().call(() -> write.apply(List.of(one.item())).get(0));
                one.done().complete(result);
            } catch (RuntimeException failed) {
                retry(one, failed);
            }
        }
    }

    private void retry(Pending<T, R> one, RuntimeException firstFailure) {
        RuntimeException failure = firstFailure;
        for (int attempt = 2; maxTries == 0 || attempt <= maxTries; attempt++) {
            LOG.infof("%s: writing failed (try %d), trying again: %s", name, attempt - 1, failure.toString());
            LockSupport.parkNanos(Duration.ofMillis(Math.min(5_000, 50L * attempt)).toNanos());
            if (!running) {
                break;
            }
            try {
                R result = QuarkusTransaction.requiringNew().call(() -> write.apply(List.of(one.item())).get(0));
                one.done().complete(result);
                return;
            } catch (RuntimeException again) {
                failure = again;
            }
        }
        LOG.warnf(failure, "%s: an item could not be written", name);
        one.done().completeExceptionally(failure);
    }
}
