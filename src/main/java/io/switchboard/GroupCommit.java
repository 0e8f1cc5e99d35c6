package io.switchboard;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import java.util.function.IntConsumer;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;

import org.jboss.logging.Logger;

import io.quarkus.narayana.jta.QuarkusTransaction;

/**
 * Group commit: items that arrive together are written in one transaction by one writer, and
 * each caller's future completes once that transaction committed — as durable as one commit
 * per item, at a fraction of the cost. Items come in {@link Kind kinds} (the intake's
 * deliveries, the sender's results), each with its own write: one transaction carries every
 * kind that is waiting, each written in the kind's {@code order} (the lock order every
 * transaction keeps), because on an embedded database the commit itself — every B-tree page
 * the transaction touched — is most of the cost, and two kinds share many of those pages.
 *
 * <p>A batch that fails is written again one item at a time, so one bad item never fails the
 * others; an item that still fails is retried after a pause, up to its kind's {@code maxTries}
 * (then its future fails), or forever when that is 0 — the writer waits on it meanwhile.
 *
 * <p>Bounded in bytes per kind, not items: {@link Kind#offer} refuses work once the kind's
 * {@code maxBytes} wait. The writer loop runs on a managed executor ({@link SharedWriter}).
 */
public final class GroupCommit {

    private static final Logger LOG = Logger.getLogger(GroupCommit.class);

    /** Refused: too much is waiting to be written. */
    public static final class Full extends RuntimeException {
        Full(String name) {
            super(name + ": too much waiting to be stored; send it again shortly");
        }
    }

    /** One kind of item: how it is weighed and written, and who is told about its commits. */
    public final class Kind<T, R> {

        private final String name;
        private final int order;
        private final long maxBytes;
        private final int maxTries;
        private final ToLongFunction<T> weight;
        private final Function<List<T>, List<R>> write;
        private final AtomicLong queuedBytes = new AtomicLong();
        private volatile IntConsumer onCommit = size -> { };
        private volatile boolean answerFirst;

        private Kind(String name, int order, long maxBytes, int maxTries, ToLongFunction<T> weight,
                Function<List<T>, List<R>> write) {
            this.name = name;
            this.order = order;
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
            queue.add(new Pending<>(this, item, bytes, done));
            return done;
        }

        /** Told how many items of this kind each commit wrote (a metric). */
        public Kind<T, R> observe(IntConsumer sizes) {
            this.onCommit = sizes;
            return this;
        }

        /**
         * Completes this kind's futures before the transaction's hand-offs run ({@link AfterCommit#handOffAfter}):
         * they still run on the writer, in order, before its next batch. Otherwise they complete after the
         * hand-offs, for callers that read what a hand-off updates (a settle's known state).
         */
        public Kind<T, R> answerBeforeHandOffs() {
            this.answerFirst = true;
            return this;
        }

        public long queuedBytes() {
            return queuedBytes.get();
        }

        /** An item of this kind was written (or failed for good): it no longer counts as waiting. */
        void release(Pending<?, ?> written) {
            queuedBytes.addAndGet(-written.bytes());
        }

        /** Writes the items (inside the caller's transaction); one result per item, in order. */
        private List<R> write(List<Pending<T, R>> items) {
            return write.apply(items.stream().map(Pending::item).toList());
        }
    }

    record Pending<T, R>(Kind<T, R> kind, T item, long bytes, CompletableFuture<R> done) {

        /** Completes now, or (for a kind answered after the hand-offs) adds the completion to {@code later}. */
        void answer(Object result, List<Runnable> later) {
            @SuppressWarnings("unchecked")
            R typed = (R) result;
            if (kind.answerFirst) {
                done.complete(typed);
            } else {
                later.add(() -> done.complete(typed));
            }
        }
    }

    private final String name;
    private final int maxBatch;
    private final Function<Supplier<Object>, Object> inTransaction;
    private final BlockingQueue<Pending<?, ?>> queue = new LinkedBlockingQueue<>();
    private final Set<Integer> orders = new HashSet<>();
    private volatile boolean running = true;
    private volatile long lingerNanos;

    /** One writer's queue: each transaction writes at most {@code maxBatch} items of all kinds. */
    public GroupCommit(String name, int maxBatch) {
        this(name, maxBatch, work -> QuarkusTransaction.requiringNew().call(work::get));
    }

    /** With another way to run a transaction ({@code inTransaction} runs the work in a new one). */
    GroupCommit(String name, int maxBatch, Function<Supplier<Object>, Object> inTransaction) {
        this.name = name;
        this.maxBatch = maxBatch;
        this.inTransaction = inTransaction;
    }

    /**
     * A kind of item this writer takes. {@code write} runs inside the batch's transaction (after
     * the kinds of lower {@code order}) and answers one result per item, in order.
     */
    public synchronized <T, R> Kind<T, R> kind(String kindName, int order, long maxBytes, int maxTries,
            ToLongFunction<T> weight, Function<List<T>, List<R>> write) {
        if (!orders.add(order)) {
            throw new IllegalArgumentException(name + ": two kinds cannot share the order " + order);
        }
        return new Kind<>(kindName, order, maxBytes, maxTries, weight, write);
    }

    /**
     * Waits up to {@code linger}, from when the writer takes a batch, for more items: on a busy machine one
     * commit then carries several times the items, and each item costs less CPU (a commit writes
     * every B-tree page it touched, however few rows changed). Costs a lone item that wait.
     */
    public GroupCommit linger(Duration linger) {
        this.lingerNanos = linger.toNanos();
        return this;
    }

    public void stop() {
        running = false;
    }

    /** The writer loop: returns when stopped or interrupted. */
    public void run() {
        while (running) {
            List<Pending<?, ?>> batch = new ArrayList<>();
            boolean interrupted = false;
            try {
                take(batch);
            } catch (InterruptedException e) {
                interrupted = true; // what was taken is written first, with the flag clear (H2's file would not take it)
            }
            List<Runnable> later = new ArrayList<>();
            try {
                AfterCommit.handOffAfter(() -> commit(batch, later));
                later.forEach(Runnable::run);
            } catch (RuntimeException | Error e) {
                // commit() answers every item itself; only an Error gets here: fail what it left unanswered
                LOG.errorf(e, "%s: the writer failed a round", name);
                batch.forEach(p -> p.done().completeExceptionally(e));
            } finally {
                batch.forEach(p -> p.kind().release(p));
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
    void take(List<Pending<?, ?>> batch) throws InterruptedException {
        Pending<?, ?> first = queue.poll(200, TimeUnit.MILLISECONDS);
        if (first == null) {
            return;
        }
        batch.add(first);
        queue.drainTo(batch, maxBatch - 1);
        long deadline = System.nanoTime() + lingerNanos;
        while (batch.size() < maxBatch) {
            long left = deadline - System.nanoTime();
            Pending<?, ?> more = left > 0 ? queue.poll(left, TimeUnit.NANOSECONDS) : null;
            if (more == null) {
                return;
            }
            batch.add(more);
            queue.drainTo(batch, maxBatch - batch.size());
        }
    }

    /** Writes the batch, kind by kind in one transaction; answers each item (or queues its answer in {@code later}). */
    void commit(List<Pending<?, ?>> batch, List<Runnable> later) {
        if (batch.isEmpty()) {
            return;
        }
        Map<Kind<?, ?>, List<Pending<?, ?>>> byKind = new TreeMap<>(Comparator.comparingInt((Kind<?, ?> k) -> k.order));
        batch.forEach(p -> byKind.computeIfAbsent(p.kind(), k -> new ArrayList<>()).add(p));
        try {
            Map<Kind<?, ?>, List<?>> results = new HashMap<>();
            inTransaction.apply(() -> {
                byKind.forEach((kind, items) -> results.put(kind, writeAll(kind, items)));
                return null;
            });
            byKind.forEach((kind, items) -> {
                kind.onCommit.accept(items.size());
                List<?> answers = results.get(kind);
                for (int i = 0; i < items.size(); i++) {
                    items.get(i).answer(answers.get(i), later);
                }
            });
            return;
        } catch (RuntimeException batchFailed) {
            if (batch.size() == 1) {
                retry(batch.get(0), batchFailed, later);
                return;
            }
            // One bad item (or a race with another replica on a unique key) must not fail the others.
            LOG.debugf(batchFailed, "%s: a batch of %d failed; writing them one by one", name, batch.size());
        }
        byKind.values().forEach(items -> items.forEach(one -> {
            try {
                one.answer(writeOne(one), later);
            } catch (RuntimeException failed) {
                retry(one, failed, later);
            }
        }));
    }

    @SuppressWarnings({ "unchecked", "rawtypes" })
    private static List<?> writeAll(Kind kind, List items) {
        return kind.write(items);
    }

    /** Writes one item in a transaction of its own. */
    private Object writeOne(Pending<?, ?> one) {
        Object result = inTransaction.apply(() -> writeAll(one.kind(), List.of(one)).get(0));
        one.kind().onCommit.accept(1);
        return result;
    }

    private void retry(Pending<?, ?> one, RuntimeException firstFailure, List<Runnable> later) {
        RuntimeException failure = firstFailure;
        int maxTries = one.kind().maxTries;
        for (int attempt = 2; maxTries == 0 || attempt <= maxTries; attempt++) {
            LOG.infof("%s: writing failed (try %d), trying again: %s", one.kind().name, attempt - 1, failure.toString());
            LockSupport.parkNanos(Duration.ofMillis(Math.min(5_000, 50L * attempt)).toNanos());
            if (!running) {
                break;
            }
            try {
                one.answer(writeOne(one), later);
                return;
            } catch (RuntimeException again) {
                failure = again;
            }
        }
        LOG.warnf(failure, "%s: an item could not be written", one.kind().name);
        one.done().completeExceptionally(failure);
    }
}
