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

import org.junit.jupiter.api.Test;

/** The intake's bound (work is refused by size before it can fill the heap) and how batches form. */
class GroupCommitTest {

    @Test
    void deliveriesPastTheByteBoundAreRefusedAndAcceptedAgainOnceWritten() {
        GroupCommit<String, String> writer = new GroupCommit<>("test", 10, 1_000, 1, item -> item.length(),
                List::copyOf);
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
        GroupCommit<String, String> writer = new GroupCommit<String, String>("test", 10, 1_000, 1, String::length,
                List::copyOf).linger(Duration.ofSeconds(1));
        writer.offer("first");
        CompletableFuture<List<String>> batch = CompletableFuture.supplyAsync(() -> items(writer));
        Thread.sleep(50);
        writer.offer("second");

        assertEquals(List.of("first", "second"), batch.get(10, TimeUnit.SECONDS),
                "the second item came within the first's linger: one commit carries both");
    }

    @Test
    void aFullBatchStopsTheLingerAndTheRestWaitsForTheNext() throws Exception {
        GroupCommit<String, String> writer = new GroupCommit<String, String>("test", 2, 1_000, 1, String::length,
                List::copyOf).linger(Duration.ofHours(1));
        List.of("a", "b", "c").forEach(writer::offer);

        long started = System.nanoTime();
        assertEquals(List.of("a", "b"), items(writer), "a batch holds max-batch items");
        assertTrue(System.nanoTime() - started < TimeUnit.SECONDS.toNanos(30),
                "a full batch goes at once: it does not wait out the hour-long linger");
    }

    @Test
    void anInterruptDuringTheLingerKeepsWhatWasTakenForTheWriterToWrite() throws Exception {
        GroupCommit<String, String> writer = new GroupCommit<String, String>("test", 10, 1_000, 1, String::length,
                List::copyOf).linger(Duration.ofHours(1));
        writer.offer("taken");
        List<GroupCommit.Pending<String, String>> batch = new ArrayList<>();
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
        GroupCommit<String, String> writer = new GroupCommit<>("test", 10, 1_000, 1, String::length, List::copyOf);
        writer.offer("only");

        assertEquals(List.of("only"), items(writer));
    }

    private static List<String> items(GroupCommit<String, String> writer) {
        try {
            List<GroupCommit.Pending<String, String>> batch = new ArrayList<>();
            writer.take(batch);
            return batch.stream().map(GroupCommit.Pending::item).toList();
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
