package io.switchboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;

/** The intake's bound (work is refused by size before it can fill the heap), how batches form and are written. */
class GroupCommitTest {

    @Test
    void deliveriesPastTheByteBoundAreRefusedAndAcceptedAgainOnceWritten() {
        GroupCommit.Kind<String, String> writer = new GroupCommit("test", 10).kind("test", 1, 1_000, 1,
                item -> item.length(), List::copyOf);
        List<CompletableFuture<String>> accepted = List.of(writer.offer("a".repeat(400)), writer.offer("b".repeat(400)));
        CompletableFuture<String> refused = writer.offer("c".repeat(400));

        assertTrue(refused.isCompletedExceptionally(), "over 1,000 bytes waiting: refused at once");
        ExecutionException why = assertThrows(ExecutionException.class, refused::get);
        assertInstanceOf(GroupCommit.Full.class, why.getCause());
        assertEquals(800, writer.queuedBytes(), "a refused delivery takes no room");
        accepted.forEach(f -> assertFalse(f.isDone(), "accepted deliveries wait for their commit"));
    }

    @Test
    void itemsArrivingWithinTheLingerShareTheFirstOnesBatch() throws Exception {
        GroupCommit writer = new GroupCommit("test", 10).linger(Duration.ofSeconds(1));
        GroupCommit.Kind<String, String> strings = strings(writer);
        strings.offer("first");
        CompletableFuture<List<Object>> batch = CompletableFuture.supplyAsync(() -> items(writer));
        Thread.sleep(50);
        strings.offer("second");

        assertEquals(List.of("first", "second"), batch.get(10, TimeUnit.SECONDS),
                "the second item came within the first's linger: one commit carries both");
    }

    @Test
    void aFullBatchStopsTheLingerAndTheRestWaitsForTheNext() throws Exception {
        GroupCommit writer = new GroupCommit("test", 2).linger(Duration.ofHours(1));
        List.of("a", "b", "c").forEach(strings(writer)::offer);

        long started = System.nanoTime();
        assertEquals(List.of("a", "b"), items(writer), "a batch holds max-batch items");
        assertTrue(System.nanoTime() - started < TimeUnit.SECONDS.toNanos(30),
                "a full batch goes at once: it does not wait out the hour-long linger");
    }

    @Test
    void anInterruptDuringTheLingerKeepsWhatWasTakenForTheWriterToWrite() throws Exception {
        GroupCommit writer = new GroupCommit("test", 10).linger(Duration.ofHours(1));
        strings(writer).offer("taken");
        List<GroupCommit.Pending<?, ?>> batch = new ArrayList<>();
        CompletableFuture<Boolean> interrupted = new CompletableFuture<>();
        Thread taker = new Thread(() -> {
            try {
                writer.take(batch);
                interrupted.complete(false);
            } catch (InterruptedException e) {
                interrupted.complete(true);
            }
        });
        taker.start();
        Thread.sleep(100);
        taker.interrupt();

        assertTrue(interrupted.get(10, TimeUnit.SECONDS), "the interrupt ends the hour-long linger");
        taker.join();
        assertEquals(List.of("taken"), batch.stream().map(GroupCommit.Pending::item).toList(),
                "the item already taken from the queue is not dropped");
    }

    @Test
    void withoutALingerWhatWaitsGoesAtOnce() {
        GroupCommit writer = new GroupCommit("test", 10);
        strings(writer).offer("only");

        assertEquals(List.of("only"), items(writer));
    }

    @Test
    void kindsWaitingTogetherShareOneTransactionEachWrittenInItsOrder() throws Exception {
        Transactions transactions = new Transactions();
        GroupCommit writer = new GroupCommit("test", 10, transactions::run);
        GroupCommit.Kind<String, String> deliveries = transactions.kind(writer, "deliveries", 2).answerBeforeHandOffs();
        GroupCommit.Kind<String, String> results = transactions.kind(writer, "results", 1);
        CompletableFuture<String> delivery = deliveries.offer("d1");
        CompletableFuture<String> result = results.offer("r1");

        List<Runnable> later = round(writer);

        assertEquals(List.of(List.of("results:r1", "deliveries:d1")), transactions.committed,
                "one commit carries both kinds, results first (the lock order polls keep) though they came second");
        assertEquals("stored d1", delivery.getNow(null), "a delivery is answered as soon as its commit is done");
        assertFalse(result.isDone(), "a result is answered only after the commit's hand-offs ran");
        later.forEach(Runnable::run);
        assertEquals("stored r1", result.getNow(null));
        assertEquals(0, deliveries.queuedBytes() + results.queuedBytes(), "what was written no longer counts as waiting");
    }

    @Test
    void anItemThatCannotBeWrittenFailsAloneAndTheOtherKindsItemsAreStillWritten() {
        Transactions transactions = new Transactions();
        GroupCommit writer = new GroupCommit("test", 10, transactions::run);
        GroupCommit.Kind<String, String> deliveries = transactions.kind(writer, "deliveries", 2).answerBeforeHandOffs();
        GroupCommit.Kind<String, String> results = transactions.kind(writer, "results", 1).answerBeforeHandOffs();
        CompletableFuture<String> good = deliveries.offer("good");
        CompletableFuture<String> bad = deliveries.offer("bad");
        CompletableFuture<String> result = results.offer("r1");

        round(writer);

        assertEquals(List.of(List.of("results:r1"), List.of("deliveries:good")), transactions.committed,
                "the batch with the bad item rolled back; the others were written again one by one");
        assertEquals("stored good", good.getNow(null));
        assertEquals("stored r1", result.getNow(null));
        assertTrue(bad.isCompletedExceptionally(), "the deliveries' kind allows one try: the bad one fails");
    }

    @Test
    void twoKindsCannotShareAnOrder() {
        GroupCommit writer = new GroupCommit("test", 10);
        strings(writer);
        assertThrows(IllegalArgumentException.class, () -> strings(writer),
                "with one order for two kinds, which locks first would be left to chance");
    }

    /** Stands in for the database: a transaction's writes count once it returns, and "bad" fails it. */
    private static final class Transactions {
        final List<List<String>> committed = new ArrayList<>();
        private List<String> open;

        Object run(Supplier<Object> work) {
            open = new ArrayList<>();
            Object result = work.get();
            committed.add(open);
            return result;
        }

        GroupCommit.Kind<String, String> kind(GroupCommit writer, String name, int order) {
            return writer.kind(name, order, 1_000, 1, String::length, items -> items.stream().map(item -> {
                if (item.equals("bad")) {
                    throw new IllegalStateException("cannot be written");
                }
                open.add(name + ":" + item);
                return "stored " + item;
            }).toList());
        }
    }

    /** One writer round, as {@link GroupCommit#run} does it; answers the caller runs after the hand-offs. */
    private static List<Runnable> round(GroupCommit writer) {
        List<GroupCommit.Pending<?, ?>> batch = new ArrayList<>();
        try {
            writer.take(batch);
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
        List<Runnable> later = new ArrayList<>();
        writer.commit(batch, later);
        batch.forEach(p -> p.kind().release(p));
        return later;
    }

    private static GroupCommit.Kind<String, String> strings(GroupCommit writer) {
        return writer.kind("strings", 1, 1_000, 1, String::length, List::copyOf);
    }

    private static List<Object> items(GroupCommit writer) {
        try {
            List<GroupCommit.Pending<?, ?>> batch = new ArrayList<>();
            writer.take(batch);
            return batch.stream().map(p -> (Object) p.item()).toList();
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
